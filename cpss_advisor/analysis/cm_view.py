"""The case management benchmarks checklist applied to a done list, as data (`cpss cm`; `--format json` prints it,
`cpss_advisor.render.cm_text` writes it for people): the level of every dimension and unit, their next actions,
the actions done out of order, and the case management figures against the standards (the check `cpss validate`
makes, with each standard's dimension added). The rules of the levels are in `cpss_advisor.kb.checklist`."""

from __future__ import annotations

from ..intake.cm_assessment import CaseManagementAssessment
from ..kb.checklist import TOP_LEVEL, UnitLevel
from ..kb.knowledge_base import KnowledgeBase
from .summary import figure_checks

SCHEMA_VERSION = 1


def cm_view(cma: CaseManagementAssessment, kb: KnowledgeBase) -> dict:
    """Levels, next actions, out-of-order notes and the standards check, as data (the `--format json` output)."""
    names = kb.checklist.level_names
    index = kb.checklist.actions
    dims = kb.instrument_levels(cma.done)
    standards = kb.standards()

    def action(aid: str) -> dict:
        a = index[aid]
        return {"id": aid, "text": a.text, "unit": a.unit, "from_level": a.from_level, "source": a.source.label()}

    def unit(u: UnitLevel) -> dict:
        nxt = u.level + 1 if u.level < TOP_LEVEL else None
        return {"id": u.id, "title": u.title, "level": u.level, "level_name": names.get(u.level),
                "done": len(u.done), "actions": u.total, "next_level": nxt, "next_level_name": names.get(nxt),
                "next_actions": [action(a) for a in u.next_actions],
                "out_of_order": [action(a) for a in u.out_of_order]}

    return {
        "schema_version": SCHEMA_VERSION,
        "file": cma.source,
        "input_kind": cma.input_kind,
        "input_sha256": cma.sha256,
        "country": cma.country,
        "as_of": cma.as_of.isoformat(),
        "levels": [{"level": n, "name": names[n]} for n in sorted(names)],
        "done": sum(1 for a in cma.done if a in index),
        "actions": len(index),
        "dimensions": [
            {"id": d.id, "title": d.title, "action_type": d.action_type, "maps_to": list(d.maps_to),
             "level": d.level, "level_name": names.get(d.level), "done": d.done, "actions": d.total,
             "next_actions": list(d.next_actions), "out_of_order": list(d.out_of_order),
             "units": [unit(u) for u in d.units]}
            for d in dims
        ],
        "figures": [{**f, "dimension": standards[f["metric"]].dimension} for f in figure_checks(cma.figures, kb)],
        "notes": cma.notes,
        "warnings": [p.as_dict() for p in cma.warnings],
    }
