"""The plan as a workplan a planning workshop fills in (`cpss recommend FILE -o plan.xlsx`).

Sheets: Actions (one row per intervention, with Owner, Budget, Status and Notes to fill in), Carried over (only
when edits of the workplan it replaced have no row any more), Steps (each step with its reasons), Roadmap (a
timeline by track), Phases (current and target phase, with a chart), Waiting (the steps that wait, and why) and
About (the plan's setting, its advice and warnings, and how to use the workplan).

Everything people read is in words (the knowledge base's titles; ids only in hidden key columns). Every sheet
prints on A4 landscape, fitted to the page's width, with its header rows on every page and the country, the
sheet's name and "Page N of M" in the page header and footer. No cell holds more text than its column and row
show. Regenerating a workplan over one people have filled in carries their edits over (`Workplan`), whichever
language each was written in.

The workplan is written in the knowledge base's language (`kb.language`): its titles and texts, and the sheets'
names, headers, drop-downs, notes and page header and footer (the words marked here for translation)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ..core.i18n import SOURCE_LANGUAGE, N_, format_date, translator
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

WAITING_HEADERS = [N_("Step"), N_("Subdomain"), N_("Why it waits"), N_("Needs first")]
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
        words = Words(self.plan, kb)
        slots = [r.slot() for r in action_rows(self.plan, kb, words)]
        other = self.previous.country
        reason = (words._("The workplan it came from was made for {other}, not {country}.").format(
            other=other, country=self.plan.country) if other is not None and other != self.plan.country else None)
        return place(self.previous.edits, slots, reason_all=reason)


def plan_workbook(data, kb: KnowledgeBase) -> bytes:
    """The plan (a `plan_model.Plan`, or a `Workplan`: a plan with the edits it carries over) as a workplan."""
    work = data if isinstance(data, Workplan) else Workplan(data)
    plan, carry = work.plan, work.carry(kb)
    words = Words(plan, kb)
    _ = words._
    country, title = header_text(plan.country), header_text(_("CPSS workplan"))
    book = Book(_("CPSS workplan for {country}").format(country=plan.country),
                header=f"&L&B{country}&B&C&A&R{title}",
                footer="&L{}&R{}".format(
                    header_text(_("Assessment as of {date}").format(date=_date(plan.as_of, kb.language)), 60),
                    _("Page {page} of {pages}").format(page="&P", pages="&N")),
                language=kb.language)
    actions_sheet(book, action_rows(plan, kb, words), carry)
    if carry.kept:
        carried_sheet(book, carry)
    steps_sheet(book, plan, words)
    roadmap_sheet(book, plan, words)
    phases_sheet(book, plan, kb, words)
    _waiting_sheet(book, plan, words)
    _about_sheet(book, plan, kb, words, carry)
    return book.close()


def _date(value, language: str):
    """The assessment's date as the page footer gives it: as written in English (2026-03-31), in words in another
    language (31 mars 2026)."""
    if language == SOURCE_LANGUAGE:
        return value
    try:
        return format_date(value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value)), language)
    except ValueError:
        return value


def _waiting_sheet(book: Book, plan, words: Words) -> None:
    _ = words._
    sheet = book.sheet(_("Waiting"), _WAITING_WIDTHS)
    sheet.header([_(h) for h in WAITING_HEADERS])
    for n, d in enumerate(plan.deferred, 1):
        sheet.put_row(n, [words.step(d.id), words.subdomain(d.subdomain), words.text(d.reason),
                          words.steps(d.requires)], "wrap")
    if not plan.deferred:
        sheet.put(1, 0, _("Nothing waits: every step toward the targets is in the plan."), "wrap")
    sheet.ws.freeze_panes(1, 0)
    sheet.fit_rows()
    sheet.protect()


def _about_sheet(book: Book, plan, kb: KnowledgeBase, words: Words, carry: Carry) -> None:
    _ = words._
    sheet = book.sheet(_(SHEET_ABOUT), _ABOUT_WIDTHS)
    sheet.header([_("About this workplan"), ""])
    row = 1
    for label, value in _about_rows(plan, kb, words, carry):
        sheet.put(row, 0, label and _(label), "bold", "wrap")
        sheet.put(row, 1, value, "wrap", *(["text"] if label == COUNTRY_LABEL else []))
        row += 1
    sheet.fit_rows()
    sheet.protect()


def _about_rows(plan, kb: KnowledgeBase, words: Words, carry: Carry) -> list[tuple[str | None, Any]]:
    """(label, value) rows of the About sheet; the labels are English, translated where they are written."""
    _, ngettext = words._, translator(words.language).ngettext
    steps = [r for r in plan.recommendations if r.kind in ("climb", "restore")]
    periods = ", ".join(w.months for w in plan.waves)
    rated = len(plan.ratings)
    years = ngettext("{n} year", "{n} years", plan.horizon_years).format(n=plan.horizon_years)
    rows: list[tuple[str | None, Any]] = [
        (COUNTRY_LABEL, plan.country),
        (N_("Assessment as of"), plan.as_of),
        (N_("Setting"), plan.setting.title),
        (N_("Context"), _("; ").join(words.context(c) for c in plan.context) or _("None given")),
        (N_("Horizon"), _("{years} (months 0-{end}), in {n} periods: months {periods}").format(
            years=years, end=plan.horizon_months, n=len(plan.waves), periods=periods)),
        (N_("Work at once"), _("Up to {n} steps of the system track at the same time, and up to {lead} led by one "
                               "actor").format(n=plan.capacity, lead=plan.per_lead_capacity)),
        (N_("In the plan"), _("{steps} steps and {actions} actions, with {interventions} interventions (the Actions "
                              "sheet)").format(steps=len(steps), actions=len(plan.recommendations) - len(steps),
                                               interventions=sum(len(r.interventions)
                                                                 for r in plan.recommendations))),
        (N_("Waiting"), _("{n} steps (the Waiting sheet)").format(n=len(plan.deferred))),
        (N_("Subdomains rated"), _("{n} of {total}").format(n=rated, total=rated + len(plan.unrated))),
    ]
    rows += [(N_("Advice") if i == 0 else None, words.text(a.get("text"))) for i, a in enumerate(plan.advice)]
    rows += [(N_("Policy") if i == 0 else None, words.text(p.reason)) for i, p in enumerate(plan.policies)]
    rows += [(N_("To check") if i == 0 else None, words.text(w.get("text"))) for i, w in enumerate(plan.warnings)]
    rows += [(N_("How to use it") if i == 0 else None, text) for i, text in enumerate(_how_to(carry, words))]
    rows.append((N_("Made with"), _("cpss-advisor {version}, from the CPSS benchmarks and the sources in its "
                                    "knowledge base").format(version=__version__)))
    return rows


def _how_to(carry: Carry, words: Words) -> list[str]:
    _, ngettext = words._, translator(words.language).ngettext
    edit = [_(c) for c in EDIT_COLUMNS]
    columns = _("{first} and {last}").format(first=", ".join(edit[:-1]), last=edit[-1])
    carried = _(SHEET_CARRIED)
    out = [
        _("On the Actions sheet, fill in the yellow columns ({columns}) for each intervention; Status has a "
          "drop-down. The other cells are protected (without a password) so that the plan stays as it was "
          "made.").format(columns=columns),
        _("Made again from a changed assessment or horizon into this same file, the workplan keeps what was filled "
          "in: each row's values move with their intervention. Values whose intervention is no longer in the plan "
          "are kept on a '{sheet}' sheet.").format(sheet=carried),
        _("The Steps sheet gives the reasons for each step, the Roadmap sheet its months, the Waiting sheet what "
          "waits and why."),
    ]
    if carry.kept:
        out.append(ngettext("This workbook carried over the values of {n} row of the workplan it replaced; {kept} "
                            "are on the '{sheet}' sheet.",
                            "This workbook carried over the values of {n} rows of the workplan it replaced; {kept} "
                            "are on the '{sheet}' sheet.", len(carry.placed)).format(
            n=len(carry.placed), kept=len(carry.kept), sheet=carried))
    elif carry.placed:
        out.append(ngettext("This workbook carried over the values of {n} row of the workplan it replaced.",
                            "This workbook carried over the values of {n} rows of the workplan it replaced.",
                            len(carry.placed)).format(n=len(carry.placed)))
    return out
