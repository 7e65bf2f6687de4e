"""The case management benchmarks checklist (seed 003), walked once: its units, its actions, and levels.

The checklist of `knowledge/case_management.yaml` has dimensions; a dimension has transitions of its own (its
general actions), sub-dimensions with transitions, or both. An **assessable unit** is a dimension with transitions
of its own, or a sub-dimension. Every transition lists the actions that move its unit from one level to the next.

- `Checklist` is that walk, built once when the knowledge base is loaded (`KnowledgeBase.checklist`): the units in
  checklist order, every action with where it sits, and the level names. Every reader of the checklist (the
  intake of done lists, the workbook, the facts, the limits of the rule engine, the views) uses it.
- `instrument_levels` rates a done list:
  - a unit is at level 1 + the number of consecutive transitions, from level 1 upwards, whose actions are all
    done (a unit with its first transition done and a gap in its second is at level 2, whatever else is done);
  - a dimension is at the lowest level of its units (a dimension is as good as its weakest part);
  - a unit's next actions are the actions not done of the transition from its level; a dimension's next actions
    are those of its units at the dimension's level: exactly what lifts it one level;
  - actions done in a transition above the next one are done out of order: they count for nothing until the
    transitions below are complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .knowledge_schema import CaseManagementFile, Citation, CMTransition

#: Good practice: the top level, which has no next transition.
TOP_LEVEL = 4


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


@dataclass(frozen=True)
class Unit:
    """An assessable unit: a dimension's own transitions ("general actions" when it also has sub-dimensions), or a
    sub-dimension. Transitions in level order."""

    id: str
    dimension: str
    title: str
    transitions: tuple[CMTransition, ...]

    @property
    def action_ids(self) -> tuple[str, ...]:
        return tuple(a.id for t in self.transitions for a in t.actions)


@dataclass(frozen=True)
class Checklist:
    units: tuple[Unit, ...]                 # in checklist order
    actions: dict[str, ActionInfo]          # by id, in checklist order
    level_names: dict[int, str]

    def units_of(self, dimension: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.dimension == dimension)


EMPTY = Checklist((), {}, {})


def build_checklist(cm: CaseManagementFile | None) -> Checklist:
    """The walk of a checklist that passed its schema (its ids need not be unique yet: the integrity checks say
    so; the first of two actions with one id is indexed)."""
    if cm is None:
        return EMPTY
    units: list[Unit] = []
    for d in cm.dimensions:
        if d.transitions:
            title = "general actions" if d.sub_dimensions else d.title
            units.append(Unit(d.id, d.id, title, _ordered(d.transitions)))
        units.extend(Unit(s.id, d.id, s.title, _ordered(s.transitions)) for s in d.sub_dimensions)
    actions: dict[str, ActionInfo] = {}
    for u in units:
        for t in u.transitions:
            for a in t.actions:
                actions.setdefault(a.id, ActionInfo(a.id, a.text, u.dimension, u.id, t.from_level, len(actions),
                                                    a.source))
    return Checklist(tuple(units), actions, {lv.level: lv.name for lv in cm.levels})


def _ordered(transitions: Iterable[CMTransition]) -> tuple[CMTransition, ...]:
    return tuple(sorted(transitions, key=lambda t: t.from_level))


# --- levels of a done list -------------------------------------------------------------------------------------

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


def instrument_levels(cm: CaseManagementFile | None, checklist: Checklist,
                      done: Iterable[str]) -> list[DimensionLevel]:
    """The level of every dimension and unit for a done list (ids the checklist does not have are ignored here:
    they are refused when the done list is read)."""
    done_set = set(done)
    out = []
    for d in (cm.dimensions if cm else []):
        units = []
        for u in checklist.units_of(d.id):
            level = unit_level(u.transitions, done_set)
            units.append(UnitLevel(
                id=u.id, title=u.title, level=level,
                done=tuple(a for a in u.action_ids if a in done_set),
                total=len(u.action_ids),
                next_actions=tuple(a.id for t in u.transitions if t.from_level == level for a in t.actions
                                   if a.id not in done_set),
                out_of_order=tuple(a.id for t in u.transitions if t.from_level > level for a in t.actions
                                   if a.id in done_set)))
        out.append(DimensionLevel(d.id, d.title, d.action_type, tuple(d.maps_to),
                                  min((u.level for u in units), default=1), tuple(units)))
    return out
