"""`cpss assess`: find the phases with the benchmarking questionnaire, interactively or from an answer sheet."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import click

from cpss_advisor.core.errors import OutputError, Problem
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.messages import notice
from cpss_advisor.core.translatable import M_
from cpss_advisor.core.output import write_atomic
from cpss_advisor.intake.answer_sheet import (
    AnswerSheet,
    checked_assessment_text,
    load_sheet,
    problem,
    ratings_view,
    save_sheet,
)
from cpss_advisor.intake.questionnaire import normalise_answer, rate_all, unanswered_subdomains
from cpss_advisor.render.text_table import wrap

from .translated import N_, command, tr
from .options import emit_report, pass_kb


class Stop(Exception):
    """The person stopped the session (q, end of input, or Ctrl-C)."""


def _ask(text: str) -> str:
    try:
        value = click.prompt(text, default="", show_default=False, prompt_suffix=" ")
    except (click.exceptions.Abort, EOFError, KeyboardInterrupt):
        raise Stop() from None
    return value.strip()


class Progress:
    """What the session has written to the answer sheet so far."""

    def __init__(self) -> None:
        self.saved = False

    def save(self, path: Path, sheet: AnswerSheet, kb) -> None:
        save_sheet(path, sheet, kb)
        self.saved = True  # only once the write succeeded


def _interview(sheet: AnswerSheet, kb, path: Path, progress: Progress) -> None:
    if not sheet.country:
        sheet.country = _ask(tr(N_("Country:"))) or None
    while sheet.as_of is None:
        raw = _ask(tr(N_("Date of the assessment (YYYY-MM-DD, empty for today):")))
        try:
            sheet.as_of = _dt.date.fromisoformat(raw) if raw else _dt.date.today()
        except ValueError:
            click.echo("  " + tr(N_("write the date as YYYY-MM-DD")))
    progress.save(path, sheet, kb)
    todo = unanswered_subdomains(kb, sheet.answers)
    total = len(kb.questions)
    done = total - len(todo)
    if done:
        click.echo(tr(M_("Resuming: %(done)s of %(total)s subdomains already answered in %(file)s.", done=done,
                         total=total, file=terminal(path))))
    for sid in todo:
        done += 1
        sd = kb.subdomains[sid]
        click.echo("")
        click.echo(f"[{done}/{total}] {sid} {terminal(sd.title)}")
        for n in sorted(kb.phases):
            c = kb.criteria.get((sid, n))
            if c is not None:
                click.echo(wrap(tr(M_("%(n)s %(phase)s: %(summary)s", n=n, phase=kb.phases[n].name,
                                          summary=c.summary)), indent="    ", hang="  "))
        pending = {}
        for q in kb.questions[sid]:
            if q.id in sheet.answers:
                continue
            click.echo(wrap(tr(M_("(phase %(n)s) %(text)s", n=q.phase, text=q.text)), indent="  ", hang="  "))
            if q.help:
                click.echo(wrap(q.help, indent="    "))
            while True:
                a = _ask("  " + tr(N_("[y]es / [p]artly / [n]o / [u]nknown, q to stop:")))
                if a.lower() == "q":
                    raise Stop()
                answer = normalise_answer(a)
                if answer is not None:
                    pending[q.id] = answer
                    break
                click.echo("  " + tr(N_("answer y, p, n or u")))
        sheet.answers.update(pending)
        progress.save(path, sheet, kb)  # nothing of a finished subdomain is lost


def _stopped_message(path: Path, sheet: AnswerSheet, kb, progress: Progress) -> str:
    """What a stopped session kept: said to be saved only when this session wrote the sheet."""
    total = len(kb.questions)
    left = len(unanswered_subdomains(kb, sheet.answers))
    if progress.saved:
        return tr(M_("stopped: answers saved in %(file)s (%(done)s of %(total)s subdomains answered; %(left)s to go); "
                     "run the same command to continue", file=str(path), done=total - left, total=total, left=left))
    if path.exists():
        return tr(M_("stopped: nothing new saved; %(file)s is as it was (%(done)s of %(total)s subdomains answered); "
                     "run the same command to continue", file=str(path), done=total - left, total=total))
    return tr(N_("stopped: nothing saved (no answer sheet was written); run the same command to start again"))


@command(help=N_("Find each subdomain's phase from evidence questions, and write an assessment file.\n"
                 "\n"
                 "ANSWERS is the answer sheet: the file the interactive session saves to (created if missing), or a sheet filled\n"
                 "in by hand. A subdomain's phase is the highest phase whose questions, and those of every phase below it, are\n"
                 "answered mostly yes (yes 1, partly 1/2, no 0, unknown left out; more than 1/2 on average).\n"
                 "\n"
                 "Example: cpss assess answers.yaml -o assessment.yaml --explain"))
@click.argument("answers", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Write the assessment made from the answers to this file."))
@click.option("--interactive/--no-interactive", default=None,
              help=N_("Ask the questions in the terminal (default when the input is a terminal); "
                      "answers are saved to ANSWERS after every subdomain, and a new session resumes from there."))
@click.option("--explain", is_flag=True, help=N_("Show, for each subdomain, the answers that decided its phase and "
                                                 "those that contradict it."))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output format of the ratings shown."))
@pass_kb
def assess(base, answers: Path, output: Path | None, interactive: bool | None, explain: bool, fmt: str) -> None:
    if interactive is None:
        interactive = sys.stdin.isatty()
    if output is not None and output.exists() and answers.exists() and output.resolve() == answers.resolve():
        raise OutputError(Problem(str(output), None, None, "output-is-input",
                                  M_("the assessment would replace the answer sheet"),
                                  M_("give the assessment its own file")))
    if answers.exists():
        sheet = load_sheet(answers, base)
    elif interactive:
        sheet = AnswerSheet()
    else:
        raise problem(answers, M_("no such answer sheet"),
                      M_("run 'cpss assess FILE --interactive' to answer the questions, or give an existing sheet"))
    if interactive:
        progress = Progress()
        try:
            _interview(sheet, base, answers, progress)
        except Stop:
            click.echo("", err=True)
            click.echo(terminal(_stopped_message(answers, sheet, base, progress)), err=True)
            raise SystemExit(130) from None
    ratings = rate_all(base, sheet.answers)
    if output is not None and not ratings:  # an assessment rates at least one subdomain
        raise problem(answers, M_("no subdomain can be rated from these answers: every answer is unknown or missing"),
                      M_("answer at least one subdomain's questions yes, partly or no"))
    if output is not None:
        # checked before writing: an existing file is never lost to a bad one
        text = checked_assessment_text(sheet, ratings, base, answers, output)
        write_atomic(output, text, inputs=[answers])
        notice(tr(M_("wrote %(file)s", file=terminal(output))))
    emit_report("questionnaire", ratings_view(sheet, ratings, base, explained=explain), base, fmt, None)
