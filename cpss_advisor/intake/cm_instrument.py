"""The case management benchmarks checklist (seed 003) used as an assessment: levels and next actions.

An assessment records which checklist actions are done, either in a CPSS assessment's `case_management:` section
or in a standalone file (``kind: case_management_assessment``). From that done list:

- Each **assessable unit** (a dimension with transitions of its own, and each sub-dimension) is at level
  1 + the number of consecutive transitions, from level 1 upwards, whose actions are all done. A unit with every
  action of its first transition done and a gap in its second is at level 2, Requires improvement, whatever else
  is done above.
- A **dimension** is at the lowest level of its units (dimension 2 has general actions and sub-dimensions a-f;
  dimension 5 has only sub-dimensions): a dimension is as good as its weakest part.
- A unit's **next actions** are the actions of its next transition (the one starting from its level) that are
  not done; a unit at Good practice has none. A dimension's next actions are those of its units at the
  dimension's level: exactly what lifts the dimension one level.
- Actions done in a transition **above** the next one are done out of order: they count for nothing until the
  transitions below are complete, and are listed as a note.

The numeric standards check (figures against the standards) is the one `cpss validate` makes
(`cpss_advisor.analysis.summary.figure_checks`), with each standard's dimension added.

`cpss_advisor.engine.facts` states the levels and next actions as input facts for the rules (`cm_level`, `cm_next`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal

from pydantic import Field, StringConstraints, field_validator

from .assessment import (
    CM_ASSESSMENT_KIND,
    CaseManagementSection,
    FigureValue,
    assessment_from_document,
    check_cm_done,
    check_figure_names,
    parse_date,
    unique_done,
)
from ..core.document import Document, load_document
from ..core.errors import InputError, Problem
from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Citation, CMTransition
from ..core.output import to_json
from ..analysis.summary import figure_checks, render_figure_checks, render_warnings
from ..render.text_table import table, wrap

SCHEMA_VERSION = 1
#: Good practice: the top level, which has no next transition.
TOP_LEVEL = 4


# --- the checklist, indexed -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionInfo:
    """One checklist action and where it sits: its dimension, its unit (the dimension itself or a sub-dimension)
    and the level its transition starts from."""

    id: str
    text: str
    dimension: str
    unit: str
    from_level: int
    order: int          # position in the checklist, for a stable order
    source: Citation


def action_index(kb: KnowledgeBase) -> dict[str, ActionInfo]:
    """Every checklist action by id (computed once per knowledge base)."""
    return kb.derived("cm_action_index", _index)


def _index(kb: KnowledgeBase) -> dict[str, ActionInfo]:
    out: dict[str, ActionInfo] = {}
    for d in (kb.case_management.dimensions if kb.case_management else []):
        for unit_id, _title, transitions in _units(d):
            for t in sorted(transitions, key=lambda x: x.from_level):
                for a in t.actions:
                    out[a.id] = ActionInfo(a.id, a.text, d.id, unit_id, t.from_level, len(out), a.source)
    return out


def _units(d) -> list[tuple[str, str, list[CMTransition]]]:
    """The assessable units of a dimension: itself when it has transitions of its own, then its sub-dimensions."""
    units = [(d.id, "general actions" if d.sub_dimensions else d.title, list(d.transitions))] if d.transitions else []
    return units + [(s.id, s.title, list(s.transitions)) for s in d.sub_dimensions]


def level_names(kb: KnowledgeBase) -> dict[int, str]:
    return {lv.level: lv.name for lv in kb.case_management.levels} if kb.case_management else {}


# --- levels -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitLevel:
    """An assessable unit at its level: which of its actions are done, what to do next, what was done early."""

    id: str
    title: str
    level: int
    done: tuple[str, ...]           # done actions of the unit, in checklist order
    total: int                      # actions of the unit
    next_actions: tuple[str, ...]   # not done in the transition from `level`; empty at Good practice
    out_of_order: tuple[str, ...]   # done in a transition above the one from `level`


@dataclass(frozen=True)
class DimensionLevel:
    """A dimension at the lowest level of its units."""

    id: str
    title: str
    action_type: str
    maps_to: tuple[str, ...]
    level: int
    units: tuple[UnitLevel, ...]

    @property
    def next_actions(self) -> tuple[str, ...]:
        """What lifts the dimension one level: the next actions of its units at the dimension's level."""
        return tuple(a for u in self.units if u.level == self.level for a in u.next_actions)

    @property
    def out_of_order(self) -> tuple[str, ...]:
        return tuple(a for u in self.units for a in u.out_of_order)

    @property
    def done(self) -> int:
        return sum(len(u.done) for u in self.units)

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)


def unit_level(transitions: Iterable[CMTransition], done: set[str]) -> int:
    """1 + the number of consecutive transitions, from level 1 upwards, whose actions are all done."""
    level = 1
    by_level = {t.from_level: t for t in transitions}
    while level < TOP_LEVEL and level in by_level and all(a.id in done for a in by_level[level].actions):
        level += 1
    return level


def instrument_levels(kb: KnowledgeBase, done: Iterable[str]) -> list[DimensionLevel]:
    """The level of every dimension and unit for a done list (ids the checklist does not have are ignored here:
    they are refused when the done list is read)."""
    done_set = set(done)
    out = []
    for d in (kb.case_management.dimensions if kb.case_management else []):
        units = []
        for unit_id, title, transitions in _units(d):
            level = unit_level(transitions, done_set)
            ordered = sorted(transitions, key=lambda t: t.from_level)
            units.append(UnitLevel(
                id=unit_id, title=title, level=level,
                done=tuple(a.id for t in ordered for a in t.actions if a.id in done_set),
                total=sum(len(t.actions) for t in ordered),
                next_actions=tuple(a.id for t in ordered if t.from_level == level for a in t.actions
                                   if a.id not in done_set),
                out_of_order=tuple(a.id for t in ordered if t.from_level > level for a in t.actions
                                   if a.id in done_set)))
        out.append(DimensionLevel(d.id, d.title, d.action_type, tuple(d.maps_to),
                                  min((u.level for u in units), default=1), tuple(units)))
    return out


# --- reading a case management assessment -------------------------------------------------------------------------

class CaseManagementAssessmentFile(CaseManagementSection):
    """A standalone case management assessment (schema_version 1): the `case_management:` section of a CPSS
    assessment as a file of its own, with the country, the date, and optionally the case management figures."""

    kind: Literal["case_management_assessment"]
    schema_version: Literal[1]
    country: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    as_of: _dt.date
    figures: dict[str, FigureValue] = Field(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return parse_date(v)

    @field_validator("figures", mode="before")
    @classmethod
    def _empty_mapping(cls, v: Any) -> Any:
        return {} if v is None else v


@dataclass(frozen=True)
class CaseManagementAssessment:
    """A validated done list with what it is about, from either kind of file."""

    source: str
    input_kind: str                 # "assessment" (a CPSS assessment's section) or "case_management_assessment"
    country: str
    as_of: _dt.date
    done: tuple[str, ...]
    notes: str | None
    figures: dict[str, float]
    warnings: tuple[Problem, ...] = ()
    sha256: str = ""


def load_case_management(path: str | Path, kb: KnowledgeBase) -> CaseManagementAssessment:
    """Read a standalone case management assessment, or a CPSS assessment with a `case_management:` section;
    raise `InputError` with every problem (located, with hints)."""
    return case_management_from_document(load_document(path), kb)


def case_management_from_document(doc: Document, kb: KnowledgeBase) -> CaseManagementAssessment:
    digest = doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    if "kind" in doc.data:  # CPSS assessments have no kind: a kind says this is (meant to be) a standalone file
        from ..core.validation import validate_document

        parsed, problems = validate_document(doc, CaseManagementAssessmentFile)
        if problems:
            raise InputError(problems)
        errors, warnings = check_cm_done(doc, ("done",), parsed.done, kb)
        errors += check_figure_names(doc, parsed.figures, kb)
        if errors:
            raise InputError(errors)
        return CaseManagementAssessment(doc.path, CM_ASSESSMENT_KIND, parsed.country, parsed.as_of,
                                        unique_done(parsed.done), parsed.notes, dict(sorted(parsed.figures.items())),
                                        tuple(warnings), digest)
    a = assessment_from_document(doc, kb)
    if a.case_management is None:
        raise InputError(Problem(doc.path, None, None, "no-case-management",
                                 "the assessment has no 'case_management:' section",
                                 "add one listing the checklist actions that are done, e.g. "
                                 "case_management: {done: [cm-1-1-external-context-assessment]}"))
    return CaseManagementAssessment(doc.path, "assessment", a.country, a.as_of, a.case_management.done,
                                    a.case_management.notes, dict(a.figures), a.warnings, a.sha256)


# --- the view: data, then text ------------------------------------------------------------------------------------

def cm_view(cma: CaseManagementAssessment, kb: KnowledgeBase) -> dict:
    """Levels, next actions, out-of-order notes and the standards check, as data (the `--format json` output)."""
    names = level_names(kb)
    index = action_index(kb)
    dims = instrument_levels(kb, cma.done)
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


def cm_json(view: dict) -> str:
    return to_json(view)


def render_cm_text(view: dict) -> str:
    """The view for a person: a table of dimensions and sub-dimensions with their levels, then the next actions of
    every unit below Good practice, the actions done out of order, and the figures against the standards."""
    out = [f"Case management benchmarks for {terminal(view['country'])} (as of {view['as_of']})",
           f"{terminal(view['file'])}: {view['done']} of {view['actions']} checklist actions done", ""]
    rows = []
    for d in view["dimensions"]:
        rows.append([f"{d['id']} {d['title']}", f"{d['level']} {d['level_name']}", f"{d['done']}/{d['actions']}",
                     len(d["next_actions"]), ", ".join(d["maps_to"])])
        if len(d["units"]) > 1 or d["units"][0]["id"] != d["id"]:
            for u in d["units"]:
                rows.append([f"  {u['id']} {u['title']}", f"{u['level']} {u['level_name']}",
                             f"{u['done']}/{u['actions']}", len(u["next_actions"]), ""])
    out.append(table(["dimension", "level", "done", "next", "informs"], rows, indent="  "))
    out.append("")
    out.append("Next actions (what lifts each dimension or sub-dimension one level)")
    pending = [(d, u) for d in view["dimensions"] for u in d["units"] if u["next_actions"]]
    if not pending:
        out.append("  None: every dimension is at Good practice.")
    for d, u in pending:
        label = f"{u['id']} {u['title']}" if u["id"] != d["id"] else \
            f"{d['id']} {d['title']}" + (" (general actions)" if len(d["units"]) > 1 else "")
        holds = " (holds the dimension back)" if u["level"] == d["level"] and len(d["units"]) > 1 else ""
        out.append(terminal(f"  {label}: {u['level']} {u['level_name']} -> {u['next_level']} {u['next_level_name']}")
                   + holds)
        for a in u["next_actions"]:
            out.append(wrap(f"- {a['text']} [{a['id']}]", indent="    ", hang="  "))
    late = [(u, a) for d in view["dimensions"] for u in d["units"] for a in u["out_of_order"]]
    if late:
        out.append("")
        out.append("Done out of order (they count once the transitions below them are complete)")
        names = {lv["level"]: lv["name"] for lv in view["levels"]}
        for u, a in late:
            out.append(wrap(f"- {a['id']}: {names.get(a['from_level'])} -> {names.get(a['from_level'] + 1)}, "
                            f"but {u['id']} {u['title']} is at {u['level']} {u['level_name']}", indent="  ", hang="  "))
    if view["figures"]:
        out.append("")
        out.append("Case management figures against the standards")
        out.append(render_figure_checks(view["figures"], [("dimension", "dimension")]))
    if view["notes"]:
        out.append("")
        out.append(wrap("Notes: " + view["notes"], indent="  ", hang="  "))
    out.extend(render_warnings(view["warnings"]))
    return "\n".join(out) + "\n"
