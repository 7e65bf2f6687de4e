"""The plan as a workplan a planning workshop fills in (`cpss recommend FILE -o plan.xlsx`).

Sheets: Actions (one row per intervention, with Owner, Budget, Status and Notes to fill in), Carried over (only
when edits of the workplan it replaced have no row any more), Steps (each step with its reasons), Roadmap (a
timeline by track), Phases (current and target phase, with a chart), Waiting (the steps that wait, and why) and
About (the plan's setting, its advice and warnings, and how to use the workplan).

Everything people read is in words (the knowledge base's titles; ids only in hidden key columns). Every sheet
prints on A4 landscape, fitted to the page's width, with its header rows on every page and the country, the
sheet's name and "Page N of M" in the page header and footer. No cell holds more text than its column and row
show. Regenerating a workplan over one people have filled in carries their edits over (`Workplan`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.version import __version__
from ..intake.workplan_edits import (
    COUNTRY_LABEL,
    EDIT_COLUMNS,
    SHEET_ABOUT,
    SHEET_CARRIED,
    Carry,
    PreviousWorkplan,
    place,
)
from ..kb.knowledge_base import KnowledgeBase
from .workplan_actions import action_rows, actions_sheet, carried_sheet, steps_sheet
from .workplan_phases import phases_sheet
from .workplan_roadmap import roadmap_sheet
from .workplan_words import Words
from .xlsx_book import Book, header_text

WAITING_HEADERS = ["Step", "Subdomain", "Why it waits", "Needs first"]
_WAITING_WIDTHS = [32, 28, 80, 36]
_ABOUT_WIDTHS = [28, 110]


@dataclass(frozen=True)
class Workplan:
    """A plan to write as a workplan, with the workplan it replaces (None: a new one)."""

    plan: Any
    previous: PreviousWorkplan | None = None

    def carry(self, kb: KnowledgeBase) -> Carry:
        """Where the edits of the previous workplan go in this one."""
        if self.previous is None:
            return Carry()
        slots = [r.slot() for r in action_rows(self.plan, kb, Words(self.plan, kb))]
        other = self.previous.country
        reason = (f"The workplan it came from was made for {other}, not {self.plan.country}."
                  if other is not None and other != self.plan.country else None)
        return place(self.previous.edits, slots, reason_all=reason)


def plan_workbook(data, kb: KnowledgeBase) -> bytes:
    """The plan (a `plan_model.Plan`, or a `Workplan`: a plan with the edits it carries over) as a workplan."""
    work = data if isinstance(data, Workplan) else Workplan(data)
    plan, carry = work.plan, work.carry(kb)
    words = Words(plan, kb)
    country = header_text(plan.country)
    book = Book(f"CPSS workplan for {plan.country}",
                header=f"&L&B{country}&B&C&A&R{header_text('CPSS workplan')}",
                footer=f"&LAssessment as of {header_text(plan.as_of, 20)}&RPage &P of &N")
    actions_sheet(book, action_rows(plan, kb, words), carry)
    if carry.kept:
        carried_sheet(book, carry)
    steps_sheet(book, plan, words)
    roadmap_sheet(book, plan, words)
    phases_sheet(book, plan, kb, words)
    _waiting_sheet(book, plan, words)
    _about_sheet(book, plan, kb, words, carry)
    return book.close()


def _waiting_sheet(book: Book, plan, words: Words) -> None:
    sheet = book.sheet("Waiting", _WAITING_WIDTHS)
    sheet.header(WAITING_HEADERS)
    for n, d in enumerate(plan.deferred, 1):
        sheet.put_row(n, [words.step(d.id), words.subdomain(d.subdomain), words.text(d.reason),
                          words.steps(d.requires)], "wrap")
    if not plan.deferred:
        sheet.put(1, 0, "Nothing waits: every step toward the targets is in the plan.", "wrap")
    sheet.ws.freeze_panes(1, 0)
    sheet.fit_rows()
    sheet.protect()


def _about_sheet(book: Book, plan, kb: KnowledgeBase, words: Words, carry: Carry) -> None:
    sheet = book.sheet(SHEET_ABOUT, _ABOUT_WIDTHS)
    sheet.header(["About this workplan", ""])
    row = 1
    for label, value in _about_rows(plan, kb, words, carry):
        sheet.put(row, 0, label, "bold", "wrap")
        sheet.put(row, 1, value, "wrap", *(["text"] if label == COUNTRY_LABEL else []))
        row += 1
    sheet.fit_rows()
    sheet.protect()


def _about_rows(plan, kb: KnowledgeBase, words: Words, carry: Carry) -> list[tuple[str | None, Any]]:
    steps = [r for r in plan.recommendations if r.kind in ("climb", "restore")]
    periods = ", ".join(w.months for w in plan.waves)
    rated = len(plan.ratings)
    rows: list[tuple[str | None, Any]] = [
        (COUNTRY_LABEL, plan.country),
        ("Assessment as of", plan.as_of),
        ("Setting", plan.setting.title),
        ("Context", "; ".join(words.context(c) for c in plan.context) or "None given"),
        ("Horizon", f"{plan.horizon_years} year{'s' if plan.horizon_years != 1 else ''} (months 0-"
                    f"{plan.horizon_months}), in {len(plan.waves)} periods: months {periods}"),
        ("Work at once", f"Up to {plan.capacity} steps of the system track at the same time, and up to "
                         f"{plan.per_lead_capacity} led by one actor"),
        ("In the plan", f"{len(steps)} steps and {len(plan.recommendations) - len(steps)} actions, with "
                        f"{sum(len(r.interventions) for r in plan.recommendations)} interventions (the Actions "
                        "sheet)"),
        ("Waiting", f"{len(plan.deferred)} steps (the Waiting sheet)"),
        ("Subdomains rated", f"{rated} of {rated + len(plan.unrated)}"),
    ]
    rows += [("Advice" if i == 0 else None, words.text(a.get("text"))) for i, a in enumerate(plan.advice)]
    rows += [("Policy" if i == 0 else None, words.text(p.reason)) for i, p in enumerate(plan.policies)]
    rows += [("To check" if i == 0 else None, words.text(w.get("text"))) for i, w in enumerate(plan.warnings)]
    rows += [("How to use it" if i == 0 else None, text) for i, text in enumerate(_how_to(carry))]
    rows.append(("Made with", f"cpss-advisor {__version__}, from the CPSS benchmarks and the sources in its "
                              "knowledge base"))
    return rows


def _how_to(carry: Carry) -> list[str]:
    columns = ", ".join(EDIT_COLUMNS[:-1]) + " and " + EDIT_COLUMNS[-1]
    out = [
        f"On the Actions sheet, fill in the yellow columns ({columns}) for each intervention; Status has a "
        "drop-down. The other cells are protected (without a password) so that the plan stays as it was made.",
        "Made again from a changed assessment or horizon into this same file, the workplan keeps what was filled "
        "in: each row's values move with their intervention. Values whose intervention is no longer in the plan "
        f"are kept on a '{SHEET_CARRIED}' sheet.",
        "The Steps sheet gives the reasons for each step, the Roadmap sheet its months, the Waiting sheet what "
        "waits and why.",
    ]
    if carry.placed or carry.kept:
        out.append(f"This workbook carried over the values of {len(carry.placed)} rows of the workplan it replaced"
                   + (f"; {len(carry.kept)} are on the '{SHEET_CARRIED}' sheet." if carry.kept else "."))
    return out
