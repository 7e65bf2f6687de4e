"""What `cpss rules list/show/run` display: data for JSON, and text for people (auditors above all)."""

from __future__ import annotations

from collections import Counter

from ..core.escape import terminal
from ..core.i18n import N_, translator
from ..engine.evaluation import AssessmentEvaluation
from ..kb.knowledge_base import KnowledgeBase
from ..engine.rulebook import Condition, Derivation, Names, Ref, Rulebook, Template
from .text_table import table, wrap


def _cond(c: Condition) -> str:
    ops = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
    if c.op == "in":
        return f"{c.field} in [{', '.join(map(str, c.value))}]"
    value = str(c.value) if isinstance(c.value, Ref) else repr(c.value)
    return f"{c.field} {ops[c.op]} {value}"


def _derive(d: Derivation) -> str:
    parts = []
    for name, v in d.fields:
        shown = str(v) if isinstance(v, Ref) else (f'"{v.text}"' if isinstance(v, Template) else repr(v))
        parts.append(f"{name}: {shown}")
    return f"{d.fact} {{{', '.join(parts)}}}"


def rule_list_view(book: Rulebook) -> list[dict]:
    """Every rule with its concern, layer, title and where it is written, in firing order."""
    return [{"id": r.id, "concern": r.concern, "layer": r.layer, "title": r.title, "file": r.file, "line": r.line}
            for r in book.ordered()]


#: the shipped rule files' concerns and the rules' layers, in words (a concern of another rule set is shown as
#: written); `tests/test_french_everywhere.py` reads the French list of the shipped rules
CONCERNS = (N_("Case management checklist"), N_("Case management numbers"), N_("Confidence in the ratings"),
            N_("Cross-cutting qualifiers"), N_("Dependencies between subdomains"), N_("Gaps and next steps"),
            N_("Humanitarian shocks and their stage"), N_("Importance"), N_("Lagging areas"), N_("Opportunities"),
            N_("The office's own preconditions, and government capacity"))
LAYERS = (N_("advice"), N_("context"), N_("dependencies"), N_("goals"), N_("priorities"), N_("qualifiers"),
          N_("steps"))


def render_rule_list(view: list[dict], kb: KnowledgeBase | None = None) -> str:
    _ = _gettext(kb)
    rows = [[r["id"], _(r["concern"]), _(r["layer"]), r["title"]]
            for r in sorted(view, key=lambda r: (r["file"], r["line"] or 0))]
    return table([_("rule"), _("concern"), _("layer"), _("title")], rows) + "\n\n" + \
        _("%(n)s rules") % {"n": len(rows)} + "\n"


def rule_view(book: Rulebook, rule_id: str) -> dict:
    r = book.rules[rule_id]
    return {
        "id": r.id,
        "title": r.title,
        "concern": r.concern,
        "layer": r.layer,
        "file": f"{r.file}:{r.line}" if r.line else r.file,
        "when": [{"fact": p.fact, "as": p.alias, "where": [_cond(c) for c in p.conditions]} for p in r.patterns],
        "derive": [_derive(d) for d in r.derivations],
        "rationale": " ".join(r.rationale.text.split()),
        "source": r.source.label(),
        "also": [c.label() for c in r.also],
        "cases": [{"name": c.name, "expect": c.expect, "given": list(c.given), "derives": list(c.derives),
                   "at": f"{c.file}:{c.line}"} for c in book.cases_for(rule_id)],
    }


def render_rule(view: dict, kb: KnowledgeBase | None = None) -> str:
    _ = _gettext(kb)
    out = [terminal(f"{view['id']}: {view['title']}"),
           terminal(_("concern: %(concern)s; layer: %(layer)s; %(file)s") % view), ""]
    out.append(_("When"))
    for p in view["when"]:
        args = {"fact": p["fact"], "as": p["as"], "where": ", ".join(p["where"])}
        line = _("a %(fact)s fact (as %(as)s) where %(where)s") if p["where"] else _("a %(fact)s fact (as %(as)s)")
        out.append(terminal("  " + line % args))
    out.append(_("Then derive"))
    for d in view["derive"]:
        out.append(wrap(d, indent="  ", hang="    "))
    out.append(_("Why"))
    out.append(wrap(view["rationale"], indent="  "))
    out.append(terminal(_("Source: %(source)s") % {"source": view["source"]}))
    for a in view["also"]:
        out.append(terminal(_("Also: %(source)s") % {"source": a}))
    out.append("")
    out.append(_("Cases (%(n)s)") % {"n": len(view["cases"])})
    expect = {"fires": N_("fires"), "does_not_fire": N_("does not fire")}
    for c in view["cases"]:
        said = _(expect.get(c["expect"], c["expect"].replace("_", " ")))
        out.append(terminal(f"  - {c['name']}: {said}  [{c['at']}]"))
        for f in c["given"]:
            out.append(wrap(_("given %(fact)s") % {"fact": _fact_text(f)}, indent="      ", hang="  "))
        for f in c["derives"]:
            out.append(wrap(_("derives %(fact)s") % {"fact": _fact_text(f)}, indent="      ", hang="  "))
    return "\n".join(out) + "\n"


def _gettext(kb: KnowledgeBase | None):
    return translator(getattr(kb, "language", None) or "en").gettext


def _fact_text(f: dict) -> str:
    return f"{f['type']} " + ", ".join(f"{k}={v}" for k, v in f.items() if k != "type")


def run_view(ev: AssessmentEvaluation, kb: KnowledgeBase, book: Rulebook) -> dict:
    names = Names.of(kb)
    trace = []
    for firing in ev.result.trace:
        rule = book.rules[firing.rule]
        trace.append({"rule": firing.rule, "facts": firing.facts, "derived": list(firing.derived),
                      "rationale": " ".join(rule.rationale.render(firing.facts, names).split())})
    a = ev.assessment
    return {
        "schema_version": 1,
        "country": a.country,
        "as_of": a.as_of.isoformat(),
        "provenance": ev.provenance.as_dict(),
        "targets": [{"subdomain": t.subdomain, "phase": t.phase, "explicit": t.explicit} for t in ev.targets.values()],
        "input_facts": len(ev.facts),
        "derived": ev.result.derived,
        "trace": trace,
    }


def render_run(view: dict, kb: KnowledgeBase | None = None) -> str:
    _ = _gettext(kb)
    out = [_("%(country)s, as of %(date)s: %(input)s input facts, %(firings)s rule firings, %(derived)s derived "
             "facts") % {"country": terminal(view["country"]), "date": view["as_of"], "input": view["input_facts"],
                         "firings": len(view["trace"]), "derived": len(view["derived"])}, ""]
    counts = Counter(f["type"] for f in view["derived"])
    out.append(_("Derived: %(counts)s") % {"counts": ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))})
    for kind in ("candidate", "block", "response", "restore", "policy", "check", "advice", "warning"):
        items = [f for f in view["derived"] if f["type"] == kind]
        if not items:
            continue
        out.append("")
        out.append(f"{kind}:")
        for f in items:
            out.append(wrap(_fact_text(f), indent="  ", hang="    "))
    out.append("")
    out.append(_("Trace (rules in firing order, with the reason each gives)"))
    for i, t in enumerate(view["trace"], 1):
        out.append(wrap(f"{i:>3}. {t['rule']}: {t['rationale']}", indent="", hang="       "))
    p = view["provenance"]
    out.append("")
    out.append(f"input sha256 {p['input_sha256']}")
    out.append(f"knowledge sha256 {p['knowledge_sha256']}")
    out.append(f"rules sha256 {p['rules_sha256']}")
    return "\n".join(out) + "\n"
