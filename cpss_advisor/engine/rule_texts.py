"""The texts of a rule set people read, keyed like the knowledge base's (`cpss_advisor.kb.localisation`).

``rule.<id>`` holds the rule's `title`, its `rationale` template and every text it derives for people, named
``<fact>.<field>`` (``advice.text``, ``policy.reason``; ``<fact>.<field>.<n>`` when a rule derives the same fact
more than once). Their translations live beside the knowledge base (``i18n/<language>/rules.yaml``) and must keep
every ``{placeholder}`` of the English template.
"""

from __future__ import annotations

from .rulebook import Rulebook, Template

#: the derived fields people read (others, such as codes, policy names and step ids, are data)
TEXT_FIELDS = ("label", "text", "reason")


def rule_texts(rulebook: Rulebook) -> dict[str, dict[str, str]]:
    """rule.<id> -> field -> English text, sorted by key."""
    out: dict[str, dict[str, str]] = {}
    for rid, rule in sorted(rulebook.rules.items()):
        texts = {"title": rule.title, "rationale": rule.rationale.text}
        for d in rule.derivations:
            for name, value in d.fields:
                if name in TEXT_FIELDS and isinstance(value, (str, Template)):
                    key = f"{d.fact}.{name}"
                    n = 2
                    while key in texts:
                        key, n = f"{d.fact}.{name}.{n}", n + 1
                    texts[key] = value.text if isinstance(value, Template) else value
        out[f"rule.{rid}"] = texts
    return out
