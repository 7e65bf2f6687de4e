"""The shapes of the knowledge-base files (pydantic v2, strict, unknown fields forbidden).

Only shape lives here: whether references resolve, ids are unique or the dependency graph is acyclic is checked
by `cpss_advisor.kb.integrity`, after every file has been read. docs/knowledge.md describes each kind for authors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1

SubdomainId = Annotated[str, StringConstraints(pattern=r"^[1-9]\.[1-9]$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]
PhaseNumber = Annotated[int, Field(ge=1, le=4)]
StepNumber = Annotated[int, Field(ge=1, le=3)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(Model):
    """Where an entry comes from. `inferred` marks the project's own judgement beyond the source."""

    seed: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
    at: Text
    lines: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)] | None = None
    inferred: bool = False
    reason: Text | None = None

    @model_validator(mode="after")
    def _reason_with_inference(self):
        if self.inferred and not self.reason:
            raise ValueError("an inferred entry needs a 'reason' saying why and what it extrapolates from")
        if not self.inferred and self.reason:
            raise ValueError("'reason' is only for inferred entries; set 'inferred: true' or remove it")
        if self.lines is not None and self.lines[0] > self.lines[1]:
            raise ValueError(f"lines {list(self.lines)} run backwards; give [first, last]")
        return self

    def label(self) -> str:
        """Short human form, e.g. 'seed 000, Table 1, 3.3, System Enhancement (line 162)'."""
        text = f"seed {self.seed}, {self.at}"
        if self.lines:
            a, b = self.lines
            text += f" (line {a})" if a == b else f" (lines {a}-{b})"
        if self.inferred:
            text += " [inferred]"
        return text


class KnowledgeFile(Model):
    kind: str
    schema_version: Literal[1]


# --- sources -------------------------------------------------------------------------------------------------

class Source(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
    file: Text
    title: Text
    publisher: Text
    year: int | None = None
    scope: Text


class SourcesFile(KnowledgeFile):
    kind: Literal["sources"]
    sources: list[Source]


# --- framework -----------------------------------------------------------------------------------------------

class PhaseInfo(Model):
    number: PhaseNumber
    id: Slug
    name: Text
    description: Text
    source: Citation


class SubdomainEntry(Model):
    id: SubdomainId
    title: Text
    short: Annotated[str, StringConstraints(min_length=1, max_length=40)]


class Outcome(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9]$")]
    title: Text
    source: Citation
    subdomains: list[SubdomainEntry] = Field(min_length=1)


class FrameworkFile(KnowledgeFile):
    kind: Literal["framework"]
    phases: list[PhaseInfo]
    outcomes: list[Outcome]


# --- vocabulary ----------------------------------------------------------------------------------------------

class ActionType(Model):
    id: Slug
    title: Text
    description: Text


class Actor(Model):
    id: Slug
    title: Text


class DurationBand(Model):
    id: Slug
    title: Text
    months_min: Annotated[int, Field(ge=0)]
    months_max: Annotated[int, Field(ge=1)]
    #: the months the scheduler counts for work of this band (a planning estimate within min..max)
    months: Annotated[int, Field(ge=1, le=120)]

    @model_validator(mode="after")
    def _within(self):
        if not self.months_min <= self.months <= self.months_max:
            raise ValueError(f"months {self.months} lies outside the band {self.months_min}-{self.months_max}")
        return self


class VocabularyFile(KnowledgeFile):
    kind: Literal["vocabulary"]
    action_types: list[ActionType] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    duration_bands: list[DurationBand] = Field(min_length=1)


# --- phase criteria ------------------------------------------------------------------------------------------

class PhaseCriteria(Model):
    subdomain: SubdomainId
    phase: PhaseNumber
    summary: Text
    criteria: list[Text] = Field(min_length=1, max_length=8)
    source: Citation


class CriteriaFile(KnowledgeFile):
    kind: Literal["phase_criteria"]
    criteria: list[PhaseCriteria]


# --- interventions -------------------------------------------------------------------------------------------

class Intervention(Model):
    id: Slug
    title: Text
    description: Text
    action_type: Slug
    lead_actors: list[Slug] = Field(min_length=1)
    duration: Slug
    subdomains: list[SubdomainId] = Field(min_length=1)
    steps: list[StepNumber] = Field(min_length=1)
    contexts: list[Slug] = Field(default_factory=list)
    #: where the intervention is used: `step` (work of a phase step, the default), `interim` (the stopgap of an
    #: interim-satisfiable dependency), `response` (part of a response action), `restore` (brings back a function
    #: that a shock set back)
    use: Literal["step", "interim", "response", "restore"] = "step"
    source: Citation
    also: list[Citation] = Field(default_factory=list)

    @property
    def general(self) -> bool:
        """Work of a phase step whatever the context (no context tag)."""
        return self.use == "step" and not self.contexts


class InterventionsFile(KnowledgeFile):
    kind: Literal["interventions"]
    interventions: list[Intervention]


# --- dependencies --------------------------------------------------------------------------------------------

EdgeType = Literal["finish_to_start", "co_requisite", "interim", "soft"]

#: How each dependency type reads in a sentence.
EDGE_TYPE_WORDS = {
    "finish_to_start": "must be reached first",
    "co_requisite": "built together, in the same period",
    "interim": "covered for now by an interim measure",
    "soft": "helps, does not hold back",
}


class DependencyEdge(Model):
    """Subdomain `subdomain` reaching `to_phase` depends on `needs` being at `min_phase` or above.

    The type says how: `finish_to_start` (the prerequisite's milestone is reached before the step starts),
    `co_requisite` (one workstream: the two steps start in the same period), `interim` (the step may start with the
    named interim measure, an intervention of use `interim`, while the prerequisite is built), `soft` (the
    prerequisite only raises its own priority)."""

    subdomain: SubdomainId
    to_phase: Annotated[int, Field(ge=2, le=4)]
    needs: SubdomainId
    min_phase: Annotated[int, Field(ge=2, le=4)]
    type: EdgeType
    interim: Slug | None = None
    rationale: Text
    source: Citation
    also: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _interim_named(self):
        if self.type == "interim" and not self.interim:
            raise ValueError("an 'interim' dependency names its interim measure: 'interim: <intervention id>'")
        if self.type != "interim" and self.interim:
            raise ValueError("'interim' names the stopgap of an interim dependency; set 'type: interim' or remove it")
        return self

    @property
    def id(self) -> str:
        return f"{self.subdomain}@{self.to_phase}<-{self.needs}@{self.min_phase}"

    @property
    def blocking(self) -> bool:
        """A finish-to-start dependency holds the step back until the prerequisite's milestone is reached."""
        return self.type == "finish_to_start"

    @property
    def strength(self) -> str:
        """`hard` for a dependency that shapes the schedule (every type but soft), `soft` otherwise."""
        return "soft" if self.type == "soft" else "hard"

    def describe(self) -> str:
        return (f"{self.subdomain} needs {self.needs} at phase {self.min_phase} or above "
                f"to reach phase {self.to_phase} ({self.type.replace('_', '-')})")


class DependenciesFile(KnowledgeFile):
    kind: Literal["dependencies"]
    edges: list[DependencyEdge]


# --- contexts ------------------------------------------------------------------------------------------------

#: The categories of context flags, in the order forms and views list them, with their labels.
CONTEXT_CATEGORIES = {
    "shock": "Shock",
    "stage": "Stage of the response (one at most, with a shock)",
    "capacity": "Government capacity",
    "office": "The office's own preconditions",
    "opportunity": "Opportunity",
}
ContextCategory = Literal[tuple(CONTEXT_CATEGORIES)]


class Context(Model):
    id: Slug
    category: ContextCategory
    title: Text
    description: Text
    affects: list[SubdomainId] = Field(default_factory=list)
    source: Citation


class ContextConstraint(Model):
    id: Slug
    rule: Literal["at_most_one", "requires_any", "recommends_any"]
    members: list[Slug] = Field(min_length=1)
    any_of: list[Slug] = Field(default_factory=list)
    reason: Text

    @model_validator(mode="after")
    def _shape(self):
        if self.rule == "at_most_one" and len(self.members) < 2:
            raise ValueError("an 'at_most_one' constraint needs at least two members")
        if self.rule == "at_most_one" and self.any_of:
            raise ValueError("'any_of' belongs to 'requires_any' and 'recommends_any' constraints only")
        if self.rule in {"requires_any", "recommends_any"} and not self.any_of:
            raise ValueError(f"a '{self.rule}' constraint needs 'any_of'")
        return self


class ContextsFile(KnowledgeFile):
    kind: Literal["contexts"]
    contexts: list[Context]
    constraints: list[ContextConstraint] = Field(default_factory=list)


# --- case management instrument ------------------------------------------------------------------------------

class CMLevel(Model):
    level: PhaseNumber
    id: Slug
    name: Text
    source: Citation | None = None


class CMAction(Model):
    id: Slug
    text: Text
    source: Citation


class CMTransition(Model):
    from_level: StepNumber
    actions: list[CMAction]


class CMSubDimension(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9][a-z]$")]
    title: Text
    source: Citation | None = None
    transitions: list[CMTransition]


class CMDimension(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9]$")]
    title: Text
    #: the kind of work the dimension's actions are when they join a plan step (an action type of vocabulary.yaml)
    action_type: Slug
    maps_to: list[SubdomainId] = Field(min_length=1)
    mapping_note: Text
    source: Citation
    transitions: list[CMTransition] = Field(default_factory=list)
    sub_dimensions: list[CMSubDimension] = Field(default_factory=list)


class CMStandard(Model):
    id: Slug
    metric: Slug
    comparison: Literal["max", "min"]
    limit: int | float
    unit: Text
    text: Text
    dimension: Annotated[str, StringConstraints(pattern=r"^[1-9][a-z]?$")]
    #: `minimum`: the checklist asks it to reach Meets minimum levels; `good_practice`: to reach Good practice
    level: Literal["minimum", "good_practice"]
    #: the one subdomain whose step a missed standard weighs on (one finding, one step)
    subdomain: SubdomainId
    source: Citation

    def met_by(self, value: float) -> bool:
        return value <= self.limit if self.comparison == "max" else value >= self.limit


class CaseManagementFile(KnowledgeFile):
    kind: Literal["case_management_instrument"]
    levels: list[CMLevel]
    dimensions: list[CMDimension]
    standards: list[CMStandard] = Field(default_factory=list)


# --- shock presets --------------------------------------------------------------------------------------------

class Setback(Model):
    subdomain: SubdomainId
    phases: Annotated[int, Field(ge=1, le=3)]


class ShockPreset(Model):
    """A what-if: a shock that sets some subdomains back and brings its context flags."""

    id: Slug
    title: Text
    description: Text
    context: list[Slug] = Field(min_length=1)
    setbacks: list[Setback] = Field(min_length=1)
    source: Citation
    also: list[Citation] = Field(default_factory=list)


class ShockPresetsFile(KnowledgeFile):
    kind: Literal["shock_presets"]
    presets: list[ShockPreset]


# --- benchmarking questionnaire -----------------------------------------------------------------------------

class Question(Model):
    """An evidence question: answered yes, partly, no or unknown, it counts towards the phase it evidences."""

    id: Slug
    phase: Annotated[int, Field(ge=2, le=4)]
    text: Text
    help: Text | None = None
    source: Citation


class SubdomainQuestions(Model):
    subdomain: SubdomainId
    questions: list[Question] = Field(min_length=3, max_length=12)


class QuestionnaireFile(KnowledgeFile):
    kind: Literal["questionnaire"]
    subdomains: list[SubdomainQuestions]


# --- response actions ----------------------------------------------------------------------------------------

class ResponseTriggers(Model):
    """When a response action applies: one of `stages` is present (or none is listed) and one of `contexts` is
    present (or none is listed)."""

    stages: list[Slug] = Field(default_factory=list)
    contexts: list[Slug] = Field(default_factory=list)


class ResponseAction(Model):
    """An action that is not a phase climb: respond to keep children safe now, protect or restore a function after
    a shock, surge capacity for a time, or enable the office's own work. Its interventions are listed in the order
    they start; an intervention tagged with contexts joins only when one of them is present."""

    id: Slug
    kind: Literal["respond", "protect", "restore", "surge", "enable"]
    track: Literal["response", "system"]
    subdomain: SubdomainId
    title: Text
    description: Text
    triggers: ResponseTriggers = Field(default_factory=ResponseTriggers)
    interventions: list[Slug] = Field(min_length=1)
    source: Citation
    also: list[Citation] = Field(default_factory=list)


class ResponseActionsFile(KnowledgeFile):
    kind: Literal["response_actions"]
    actions: list[ResponseAction]


# --- planning defaults ---------------------------------------------------------------------------------------

class PlanningSetting(Model):
    """The planning periods and default horizon of one setting, chosen by the assessment's stage context
    (`context: null` is the stable setting, used when no stage is given)."""

    id: Slug
    title: Text
    context: Slug | None = None
    #: months of the first periods, in order; every later period lasts `then` months
    periods: list[Annotated[int, Field(ge=1, le=24)]] = Field(min_length=1)
    then: Annotated[int, Field(ge=1, le=24)]
    horizon_years: Annotated[int, Field(ge=1, le=10)]
    source: Citation


class CapacityDefaults(Model):
    #: steps of the system track running at the same time
    concurrent: Annotated[int, Field(ge=1, le=50)]
    #: steps one lead actor carries at the same time
    per_lead: Annotated[int, Field(ge=1, le=50)]
    source: Citation


class ReformHold(Model):
    """At acute onset, which system-track work waits until the first period has passed."""

    action_types: list[Slug] = Field(min_length=1)
    durations: list[Slug] = Field(default_factory=list)
    source: Citation


class CoreFunction(Model):
    """A function that matters more than its place in the dependency graph shows."""

    subdomain: SubdomainId
    weight: Annotated[int, Field(ge=1, le=5)]
    #: `always`, or `shock`: only while a shock is present
    when: Literal["always", "shock"] = "always"
    label: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    source: Citation


class PlanningFile(KnowledgeFile):
    kind: Literal["planning"]
    settings: list[PlanningSetting] = Field(min_length=1)
    capacity: CapacityDefaults
    reforms_wait_at_acute_onset: ReformHold
    core_functions: list[CoreFunction] = Field(default_factory=list)


#: kind -> model of the whole file
FILE_KINDS: dict[str, type[KnowledgeFile]] = {
    "sources": SourcesFile,
    "framework": FrameworkFile,
    "vocabulary": VocabularyFile,
    "phase_criteria": CriteriaFile,
    "interventions": InterventionsFile,
    "dependencies": DependenciesFile,
    "contexts": ContextsFile,
    "case_management_instrument": CaseManagementFile,
    "shock_presets": ShockPresetsFile,
    "questionnaire": QuestionnaireFile,
    "response_actions": ResponseActionsFile,
    "planning": PlanningFile,
}
