"""What `cpss rules list/show/run` display: data for JSON, and text for people (auditors above all)."""

from __future__ import annotations

from collections import Counter

from ..core.escape import terminal
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


def render_rule_list(view: list[dict], kb: KnowledgeBase | None = None) -> str:
    rows = [[r["id"], r["concern"], r["layer"], r["title"]]
            for r in sorted(view, key=lambda r: (r["file"], r["line"] or 0))]
    return table(["rule", "concern", "layer", "title"], rows) + f"\n\n{len(rows)} rules\n"


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
    out = [terminal(f"{view['id']}: {view['title']}"),
           terminal(f"concern: {view['concern']}; layer: {view['layer']}; {view['file']}"), ""]
    out.append("When")
    for p in view["when"]:
        cond = f" where {', '.join(p['where'])}" if p["where"] else ""
        out.append(terminal(f"  a {p['fact']} fact (as {p['as']}){cond}"))
    out.append("Then derive")
    for d in view["derive"]:
        out.append(wrap(d, indent="  ", hang="    "))
    out.append("Why")
    out.append(wrap(view["rationale"], indent="  "))
    out.append(terminal(f"Source: {view['source']}"))
    for a in view["also"]:
        out.append(terminal(f"Also: {a}"))
    out.append("")
    out.append(f"Cases ({len(view['cases'])})")
    for c in view["cases"]:
        out.append(terminal(f"  - {c['name']}: {c['expect'].replace('_', ' ')}  [{c['at']}]"))
        for f in c["given"]:
            out.append(wrap("given " + _fact_text(f), indent="      ", hang="  "))
        for f in c["derives"]:
            out.append(wrap("derives " + _fact_text(f), indent="      ", hang="  "))
    return "\n".join(out) + "\n"


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
    out = [f"{terminal(view['country'])}, as of {view['as_of']}: {view['input_facts']} input facts, "
           f"{len(view['trace'])} rule firings, {len(view['derived'])} derived facts", ""]
    counts = Counter(f["type"] for f in view["derived"])
    out.append("Derived: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items())))
    for kind in ("candidate", "block", "response", "restore", "policy", "check", "advice", "warning"):
        items = [f for f in view["derived"] if f["type"] == kind]
        if not items:
            continue
        out.append("")
        out.append(f"{kind}:")
        for f in items:
            out.append(wrap(_fact_text(f), indent="  ", hang="    "))
    out.append("")
    out.append("Trace (rules in firing order, with the reason each gives)")
    for i, t in enumerate(view["trace"], 1):
        out.append(wrap(f"{i:>3}. {t['rule']}: {t['rationale']}", indent="", hang="       "))
    p = view["provenance"]
    out.append("")
    out.append(f"input sha256 {p['input_sha256']}")
    out.append(f"knowledge sha256 {p['knowledge_sha256']}")
    out.append(f"rules sha256 {p['rules_sha256']}")
    return "\n".join(out) + "\n"
