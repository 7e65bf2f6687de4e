"""The brief of a plan as plain values: what a ministry reads, in every format.

`brief_view.brief_view(plan, kb)` builds a `Brief`; the HTML, Markdown and Word renderers only lay it out. Every
text here is plain text meant for people (no markup, not yet escaped: each renderer escapes it for its format) and
free of ids, rule names, snake_case values, command-line options and hashes: those live in the `Annex` (present
with ``detail="full"``) and in the plan's JSON.

The values are frozen dataclasses of strings, numbers and tuples, so a brief compares by value and the same plan
gives the same brief.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The charts a brief can show, by their names in `cpss_advisor.render.charts`.
CHART_NAMES = ("phases", "timeline", "dependencies")


@dataclass(frozen=True)
class Cover:
    """The first lines: whose plan, as of when, over what horizon, in what setting."""

    title: str                       # "Child protection systems strengthening plan"
    country: str                     # as the assessment gives it
    as_of: str                       # ISO date, as the assessment gives it
    date: str                        # the same date in words: "30 June 2026"
    horizon: str                     # "Two years, in four periods of six months"
    setting: str                     # "A protracted crisis"
    contexts: tuple[str, ...]        # the context flags by their titles
    rated: str                       # "All 19 subdomains rated" / "12 of 19 subdomains rated (not rated: ...)"
    note: str | None = None          # a supportive plan, say so


@dataclass(frozen=True)
class Work:
    """An intervention as a card shows it: its title, and its description (the first ones only)."""

    title: str
    description: str | None = None


@dataclass(frozen=True)
class Card:
    """One step or action of the plan, in plan order: about 80-120 words."""

    number: int                      # 1, 2, ... in plan order
    kind: str                        # "Step" / "Response action" / "Restore" / ...
    title: str                       # "3.3 Case management and referral: System Building to System Enhancement"
    start_month: int
    end_month: int
    months: str                      # "Months 0-12 (12 months)"
    lead: str                        # the lead actor's title
    first: tuple[Work, ...]          # the first interventions, with their descriptions
    then: tuple[str, ...]            # the interventions after them, by title
    more: int                        # interventions (and checklist actions) not named on the card
    why: str                         # the one or two deciding reasons, and when it starts, in plain words
    unlocks: str | None = None       # what reaching it opens
    interim: str | None = None       # the stopgap it starts with
    check: str | None = None         # a rating to verify before committing
    summary: str | None = None       # an action's description from the catalogue
    notes: tuple[int, ...] = ()      # footnote numbers
    response: bool = False           # runs on the response track


@dataclass(frozen=True)
class Waiting:
    """Steps that do not start within the horizon, grouped by one reason in words."""

    steps: tuple[str, ...]           # "1.2 Legislation and structures: System Enhancement to System Integration"
    reason: str


@dataclass(frozen=True)
class Note:
    """A footnote: a section of a document."""

    number: int
    section: str                     # the citation's place in the document, as the knowledge base names it
    inferred: bool = False           # the project's reading beyond the text


@dataclass(frozen=True)
class SourceDocument:
    """A document of the bibliography and the footnotes that cite it."""

    title: str
    publisher: str
    year: int | None
    notes: tuple[Note, ...]
    undated: str = "no date"           # the words for a document without a year, in the brief's language

    @property
    def reference(self) -> str:
        """"UNICEF (2021). Title." / "Publisher (no date). Title."."""
        year = str(self.year) if self.year else self.undated
        return f"{self.publisher} ({year}). {self.title.rstrip('.')}."


@dataclass(frozen=True)
class Chart:
    """A chart to show, by its name in `cpss_advisor.render.charts`, with the words that stand for it."""

    name: str
    heading: str
    caption: str


@dataclass(frozen=True)
class AnnexStep:
    """Everything behind one step or action, ids and rule names included (the annex of ``detail="full"``)."""

    id: str
    title: str
    facts: tuple[tuple[str, str], ...]           # (label, value): rank, period, months, score, track, lead
    score_terms: tuple[str, ...]                 # "+2 label [rule]"
    reasons: tuple[str, ...]                     # "text [rule; source]; facts: ..."
    edges: tuple[str, ...]                       # "text: rationale [source]"
    interventions: tuple[str, ...]               # "months a-b: title [id]; lead; duration"
    criteria: tuple[str, ...]                    # "Now, phase: summary", "Next, ...", each criterion


@dataclass(frozen=True)
class Annex:
    """The full record: every rule that fired with its facts, the edges, the criteria, ids and hashes."""

    provenance: tuple[tuple[str, str], ...]      # (what, value): tool version and the three sha256 hashes
    steps: tuple[AnnexStep, ...]
    deferred: tuple[str, ...]                    # "id: reason (code)"
    warnings: tuple[str, ...]
    advice: tuple[str, ...]
    ties: tuple[str, ...]
    firings: int                                 # rule firings in the plan's trace


@dataclass(frozen=True)
class Brief:
    """The brief: cover, key messages, charts, one card per step, what waits, the bibliography (and the annex)."""

    cover: Cover
    messages: tuple[str, ...]                    # 3-5 key messages
    charts: tuple[Chart, ...]
    cards: tuple[Card, ...]
    waiting: tuple[Waiting, ...]
    waiting_summary: str | None                  # one sentence over what waits, or None when nothing does
    documents: tuple[SourceDocument, ...]              # the bibliography, each document with its footnotes
    footer: str                                  # what made it, in words
    detail: str = "brief"                        # "brief" or "full"
    annex: Annex | None = None
    language: str = "en"                         # the language of its words (its knowledge base's)

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every footnote, by number."""
        return tuple(sorted((n for d in self.documents for n in d.notes), key=lambda n: n.number))
