"""The plan as a typed value: what the planner decided, for every output to read.

`Plan` is frozen and forbids unknown fields. `Plan.model_dump(mode="json")` is the JSON contract (schema 2): every
name of schema 1 is kept (`recommendations[].{id, rank, wave, subdomain, from_phase, to_phase, score,
interventions, requires, unblocks, rationale}`, `waves[].{wave, months}`, `advice`, `deferred`, `warnings`, `trace`,
`provenance`) and each recommendation adds `start_month`, `end_month`, `track` (`response` or `system`) and `kind`
(`climb` for a phase step; `respond`, `protect`, `restore`, `surge` or `enable` for the other actions). `wave` is
the period a recommendation starts in. Text, Markdown, HTML, workbooks, decision records, `explain` and plan
differences all read this model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2

Track = Literal["response", "system"]
Kind = Literal["climb", "respond", "protect", "restore", "surge", "enable"]


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Value):
    """A planning period: steps start at its beginning. `wave` numbers it from 1."""

    wave: int
    months: str
    start_month: int
    end_month: int


class Setting(_Value):
    id: str
    title: str
    #: the stage context that chose it (none for the stable setting)
    context: str | None
    #: months of the first periods; every later period lasts `then` months
    periods: list[int]
    then: int


class ScoreTerm(_Value):
    """One named contribution to a score. A term with a `dependant` counts only while that step is planned."""

    rule: str
    weight: float
    label: str
    dependant: str | None = None


class UnpaidTerm(_Value):
    """A dependency term that did not count: the step it would serve is not in the plan."""

    rule: str
    weight: float
    label: str
    dependant: str
    reason: str


class Hold(_Value):
    """Something that held work back: a plan-wide policy (reforms wait, partner first) or a dependency."""

    code: str
    reason: str
    until_month: int
    rule: str | None = None


class PlannedIntervention(_Value):
    """An intervention as the plan schedules it. `months` is what its duration band counts; `held` says why it
    starts later than its step; `handover` marks long work handed to a partner that can carry it."""

    id: str
    title: str
    description: str | None = None
    action_type: str
    lead_actors: list[str]
    duration: str | None = None
    months: int | None = None
    start_month: int | None = None
    end_month: int | None = None
    added_by: str | None = None
    contexts: list[str] = []
    source: str
    held: Hold | None = None
    handover: bool = False
    #: the case management checklist action fields (checklist actions join a step's interventions)
    checklist: bool = False
    dimension: str | None = None
    unit: str | None = None
    from_level: int | None = None
    to_level: int | None = None
    to_level_name: str | None = None


class Placement(_Value):
    """Why a recommendation starts when it does (what the scheduler recorded)."""

    code: str
    text: str
    waited_for: list[str] = []


class Check(_Value):
    """A rating held with low confidence that decides the step: verify it first."""

    rated: str
    phase: int
    text: str
    rule: str | None = None


class Recommendation(_Value):
    id: str
    rank: int
    wave: int
    start_month: int
    end_month: int
    track: Track
    kind: Kind
    title: str
    #: for an action: what it is, in the catalogue's words, and the citations behind it
    description: str | None = None
    sources: list[str] = []
    subdomain: str
    subdomain_title: str
    outcome: str
    from_phase: int
    to_phase: int
    score: float
    score_terms: list[ScoreTerm]
    unpaid_terms: list[UnpaidTerm] = []
    lead: str | None = None
    interventions: list[PlannedIntervention]
    requires: list[str]
    co_requisites: list[str] = []
    unblocks: list[str]
    holds: list[Hold] = []
    placement: Placement
    qualifiers: list[str] = []
    checks: list[Check] = []
    rationale: list[dict[str, Any]]
    edges: list[dict[str, Any]] = []
    criteria: dict[str, Any] = {}


class Deferred(_Value):
    id: str
    track: Track = "system"
    kind: Kind = "climb"
    subdomain: str
    from_phase: int
    to_phase: int
    score: float
    score_terms: list[ScoreTerm]
    unpaid_terms: list[UnpaidTerm] = []
    requires: list[str]
    holds: list[Hold] = []
    reason: str
    reason_code: str
    rationale: list[dict[str, Any]]


class Tie(_Value):
    """Two steps with the same score, and the stated rule that put one first."""

    first: str
    second: str
    score: float
    broken_by: str
    text: str


class Policy(_Value):
    policy: str
    reason: str
    rule: str | None = None


class TargetEntry(_Value):
    subdomain: str
    phase: int
    explicit: bool


class RatingEntry(_Value):
    subdomain: str
    phase: int
    confidence: str | None = None
    prior_phase: int | None = None


class Plan(_Value):
    #: the language of the plan's texts (not in its JSON, whose keys never change with the language; a decision
    #: record keeps it)
    language: str = Field(default="en", exclude=True)
    schema_version: int = SCHEMA_VERSION
    country: str
    as_of: str
    provenance: dict[str, str]
    horizon_years: int
    horizon_months: int
    setting: Setting
    capacity: int
    per_lead_capacity: int
    #: which of horizon, capacity and per-lead capacity took their defaults
    defaults: list[str]
    #: `full`, or `supportive` when the office cannot resource a long-term response
    plan_kind: Literal["full", "supportive"] = "full"
    policies: list[Policy] = []
    waves: list[Period]
    targets: list[TargetEntry]
    kept: list[str] = []
    ratings: list[RatingEntry]
    unrated: list[str]
    context: list[str]
    advice: list[dict[str, Any]]
    recommendations: list[Recommendation]
    deferred: list[Deferred]
    warnings: list[dict[str, Any]]
    ties: list[Tie] = []
    trace: list[dict[str, Any]]

    def recommendation(self, rid: str) -> Recommendation | None:
        return next((r for r in self.recommendations if r.id == rid), None)
