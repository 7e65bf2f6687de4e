"""Rule sets as data, compiled to a neutral form: rules, their patterns and derivations, their cases.

A rule file (`rules/*.yaml`, kind `rules`) groups rules by concern. Each rule says `when` (patterns over facts of
`cpss_advisor.engine.fact_schema`), what it `derive`s, a `rationale` template and a citation. Beside each rule file,
`<name>.cases.yaml` (kind `rule_cases`) holds the cases that show when each rule fires and when it does not.

Everything is checked before anything runs: unknown fact types or fields, references to aliases that do not
exist yet, values of the wrong kind, unknown subdomain or context ids, duplicate ids, rules without a firing and a
non-firing case. Problems carry file, line and column. The compiled `Rule` objects are executed by
`cpss_advisor.engine.rule_engine` (durable-rules); the test suite runs the same objects through a plain interpreter.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Citation
from .fact_schema import FACT_TYPES, PRIORITY_RULE_FIELD

#: Layers fix the firing order (durable-rules `pri`): lower first. Results do not depend on it; traces do.
LAYERS = {"goals": 10, "steps": 20, "dependencies": 30, "context": 40, "priorities": 50, "qualifiers": 60,
          "advice": 70}
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in")


# --- the compiled, neutral form ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """A reference to a field of a fact matched by an earlier pattern: `$alias.field`."""

    alias: str
    field: str

    def __str__(self) -> str:
        return f"${self.alias}.{self.field}"


@dataclass(frozen=True)
class Template:
    """Text with `{alias.field}` placeholders, filled from the matched facts."""

    text: str
    fields: tuple[tuple[str, str], ...]

    def render(self, matched: dict[str, dict], names: "Names | None" = None) -> str:
        return render_template(self.text, matched, names)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any  # a constant, a tuple of constants (for `in`), or a Ref


@dataclass(frozen=True)
class Pattern:
    alias: str
    fact: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Derivation:
    fact: str
    fields: tuple[tuple[str, Any], ...]  # value: constant, Ref or Template

    def build(self, matched: dict[str, dict], rule_id: str, names: "Names | None" = None) -> dict:
        out: dict[str, Any] = {"type": self.fact}
        for name, value in self.fields:
            if isinstance(value, Ref):
                out[name] = matched[value.alias][value.field]
            elif isinstance(value, Template):
                out[name] = value.render(matched, names)
            else:
                out[name] = value
        ft = FACT_TYPES[self.fact]
        for name in ft.fields:
            if name not in out:
                out[name] = ft.default(name)
        if self.fact == "priority":
            out[PRIORITY_RULE_FIELD] = rule_id
        return out


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    concern: str
    layer: str
    patterns: tuple[Pattern, ...]
    derivations: tuple[Derivation, ...]
    rationale: Template
    source: Citation
    also: tuple[Citation, ...]
    file: str
    line: int | None

    @property
    def pri(self) -> int:
        return LAYERS[self.layer]


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    given: tuple[dict, ...]
    expect: str
    derives: tuple[dict, ...]
    file: str
    line: int | None


@dataclass
class Rulebook:
    directory: str
    sha256: str
    rules: dict[str, Rule] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    concerns: dict[str, str] = field(default_factory=dict)  # file -> concern
    #: the language of the texts people read (titles, rationales, derived labels, warnings and advice): "en" as
    #: written, another one from `cpss_advisor.engine.rule_texts.localise_rulebook`; `sha256` is the files' always
    language: str = "en"

    def __repr__(self) -> str:
        lang = "" if self.language == "en" else f", {self.language}"
        return f"Rulebook({self.directory!r}, {len(self.rules)} rules{lang}, sha256={self.sha256[:12]}...)"

    def _repr_pretty_(self, printer, cycle) -> None:
        """The short form in IPython, notebooks and test reports too (their pretty printers list every field)."""
        printer.text(repr(self))

    def ordered(self) -> list[Rule]:
        """Rules in firing-priority order: by layer, then file order."""
        return sorted(self.rules.values(), key=lambda r: (r.pri, r.file, r.line or 0))

    def cases_for(self, rule_id: str) -> list[Case]:
        return [c for c in self.cases if c.rule == rule_id]


# --- names for templates -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Names:
    """Readable names for ids, used by template filters: {r.subdomain|name}, {r.phase|phase},
    {k.context|context}, {o.intervention|intervention}, {o.action|action}."""

    subdomains: dict[str, str]
    phases: dict[int, str]
    contexts: dict[str, str]
    interventions: dict[str, str]
    actions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> "Names":
        return kb.derived("names", lambda k: cls(
            subdomains={s: f"{s} {sd.short}" for s, sd in k.subdomains.items()},
            phases={n: p.name for n, p in k.phases.items()},
            contexts={c: ctx.title for c, ctx in k.contexts.items()},
            interventions={i: iv.title for i, iv in k.interventions.items()},
            actions={a: ra.title for a, ra in k.response_actions.items()},
        ))


FILTERS = ("name", "phase", "context", "intervention", "action")
_FORMATTER = string.Formatter()


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    """(alias, field, filter) for each {alias.field|filter} in text; raises ValueError on malformed ones."""
    out = []
    for _lit, name, spec, conv in _FORMATTER.parse(text):
        if name is None:
            continue
        if spec or conv:
            raise ValueError(f"'{{{name}}}' uses a format spec; write {{alias.field}} or {{alias.field|filter}}")
        m = re.fullmatch(r"([a-z][a-z0-9_]*)\.([a-z_]+)(?:\|([a-z]+))?", name)
        if not m:
            raise ValueError(f"'{{{name}}}' is not of the form {{alias.field}} or {{alias.field|filter}}")
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def render_template(text: str, matched: dict[str, dict], names: Names | None = None) -> str:
    def value(alias: str, fld: str, flt: str | None) -> str:
        v = matched[alias][fld]
        if flt and names is not None:
            if flt == "name":
                return names.subdomains.get(v, str(v))
            if flt == "phase":
                return f"{v} {names.phases.get(v, '')}".strip()
            if flt == "context":
                return names.contexts.get(v, str(v))
            if flt == "intervention":
                return f"'{names.interventions.get(v, str(v))}'"
            if flt == "action":
                return f"'{names.actions.get(v, str(v))}'"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, bool):
            return "yes" if v else "no"
        return str(v)

    out = []
    for lit, ref in _segments(text):
        out.append(lit)
        if ref is not None:
            out.append(value(*ref))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _segments(text: str) -> tuple[tuple[str, tuple[str, str, str | None] | None], ...]:
    """A template cut into (literal, (alias, field, filter) or None) once: templates are rendered many times."""
    out = []
    for lit, name, _spec, _conv in _FORMATTER.parse(text):
        ref = None
        if name is not None:
            m = re.fullmatch(r"([a-z][a-z0-9_]*)\.([a-z_]+)(?:\|([a-z]+))?", name)
            ref = (m.group(1), m.group(2), m.group(3))
        out.append((lit, ref))
    return tuple(out)
