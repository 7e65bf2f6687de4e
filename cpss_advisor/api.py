"""The Python API: what the command line does, as functions (see docs/api.md).

Every function takes the assessment as any source `load_assessment` accepts (a path to .yaml, .json or .xlsx,
bytes with `name=`, or a mapping) and, optionally, `knowledge=` and `rules=`: a directory, an object already
loaded, or None for the installed ones. Results are the typed `Plan` (`plan.model_dump()` gives its JSON data) or
plain data; `render_report(report, data, fmt)` writes any of them in the formats of `cpss_advisor.render.registry`.

Bad input raises `cpss_advisor.core.errors.InputError` (its `.problems` say where and what), an invalid knowledge
base or rule set `KnowledgeError`: the same problems the command line prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .analysis import portfolio as _portfolio
from .analysis import robustness as _robustness
from .analysis import whatif as _whatif
from .analysis.scenario import Scenario, from_command_line, load_scenarios
from .analysis.summary import summary_view
from .engine.rule_loader import load_rulebook
from .engine.rulebook import Rulebook
from .intake import load as _load
from .intake.assessment import Assessment
from .kb.knowledge_base import KnowledgeBase
from .kb.loader import load_knowledge
from .planning.pipeline import Advisor, PlanOptions
from .planning.plan_model import Plan
from .render import registry

KnowledgeArg = KnowledgeBase | str | Path | None
RulesArg = Rulebook | str | Path | None


def knowledge_base(source: KnowledgeArg = None) -> KnowledgeBase:
    """The knowledge base: loaded and checked from a directory (None: the installed one), or as given."""
    return source if isinstance(source, KnowledgeBase) else load_knowledge(source)


def advisor(knowledge: KnowledgeArg = None, rules: RulesArg = None) -> Advisor:
    """The knowledge base and rule set of a run, checked and ready to plan (the same content loads once)."""
    kb = knowledge_base(knowledge)
    book = rules if isinstance(rules, Rulebook) else load_rulebook(kb, rules)
    return Advisor(kb, book)


def read_assessment(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None,
                    today: _dt.date | None = None) -> _load.Intake:
    """An assessment and the content it was read from (see `cpss_advisor.intake.load`)."""
    return _load.read_assessment(source, knowledge_base(knowledge), name=name, today=today)


def load_assessment(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None,
                    today: _dt.date | None = None) -> Assessment:
    """Read and check an assessment; `InputError` lists every problem, located."""
    return read_assessment(source, knowledge=knowledge, name=name, today=today).assessment


def recommend(source: _load.Source | Assessment, *, horizon_years: int | None = None, capacity: int | None = None,
              per_lead: int | None = None, knowledge: KnowledgeArg = None, rules: RulesArg = None,
              name: str | None = None) -> Plan:
    """The plan for an assessment, as `cpss recommend` makes it."""
    adv = advisor(knowledge, rules)
    return adv.plan(_assessment(source, adv.kb, name), PlanOptions(horizon_years, capacity, per_lead))


def validate(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None) -> dict:
    """The summary `cpss validate` shows of a valid assessment (ratings, outcomes, context, figures, warnings)."""
    kb = knowledge_base(knowledge)
    return summary_view(load_assessment(source, knowledge=kb, name=name), kb)


def scenarios(*, knowledge: KnowledgeArg = None, sets: Sequence[str] = (), contexts: Sequence[str] = (),
              shocks: Sequence[str] = (), file: str | Path | None = None) -> list[Scenario]:
    """What-if scenarios: one from changes written as on the command line (``"5.1=3"``, ``"+armed_conflict"``,
    a shock preset id), and those of a scenarios file."""
    kb = knowledge_base(knowledge)
    out = [from_command_line(kb, tuple(sets), tuple(contexts), tuple(shocks))] if (sets or contexts or shocks) else []
    if file is not None:
        out.extend(load_scenarios(file, kb))
    return out


def whatif(source: _load.Source | Assessment, scenarios: Sequence[Scenario], *, horizon_years: int | None = None,
           capacity: int | None = None, per_lead: int | None = None, jobs: int = 1, knowledge: KnowledgeArg = None,
           rules: RulesArg = None) -> dict:
    """The base plan against each scenario's: the steps added, removed, moved or re-ranked, and why."""
    adv = advisor(knowledge, rules)
    return _whatif.whatif(adv, _assessment(source, adv.kb), list(scenarios),
                          PlanOptions(horizon_years, capacity, per_lead), jobs=jobs, dirs=_dirs(adv))


def sensitivity(source: _load.Source | Assessment, *, top: int = 5, horizon_years: int | None = None,
                capacity: int | None = None, per_lead: int | None = None, jobs: int = 1,
                knowledge: KnowledgeArg = None, rules: RulesArg = None) -> dict:
    """Each rated subdomain one phase up and one down, alone: how the top of the plan changes."""
    adv = advisor(knowledge, rules)
    return _robustness.sensitivity(adv, _assessment(source, adv.kb), PlanOptions(horizon_years, capacity, per_lead),
                                   top=top, jobs=jobs, dirs=_dirs(adv))


def robustness(source: _load.Source | Assessment, *, samples: int = 200, seed: int = 1,
               horizon_years: int | None = None, capacity: int | None = None, per_lead: int | None = None,
               jobs: int = 1, knowledge: KnowledgeArg = None, rules: RulesArg = None) -> dict:
    """Plausible ratings sampled from each rating's confidence: how often each step stays in the first wave."""
    adv = advisor(knowledge, rules)
    return _robustness.robustness(adv, _assessment(source, adv.kb), PlanOptions(horizon_years, capacity, per_lead),
                                  samples=samples, seed=seed, jobs=jobs, dirs=_dirs(adv))


def portfolio(paths: Iterable[str | Path], *, horizon_years: int | None = None, capacity: int | None = None,
              per_lead: int | None = None, jobs: int | None = None, knowledge: KnowledgeArg = None,
              rules: RulesArg = None, skipped: list | None = None) -> dict:
    """Many countries side by side: files and directories of assessments (see `cpss portfolio`), with the regional
    analysis (milestones, regional investments, profiles). `jobs` worker processes read and plan the files (None:
    one per core, for 100 files or more per worker). `skipped`, when given, receives the (path, reason) of files
    left out."""
    adv = advisor(knowledge, rules)
    return _portfolio.build_portfolio(paths, adv, PlanOptions(horizon_years, capacity, per_lead), jobs=jobs,
                                      skipped=skipped, **_dirs(adv))


def workplan(plan: Plan, *, previous: str | Path | None = None, knowledge: KnowledgeArg = None,
             notify: Callable[[str], None] | None = None, inputs: Iterable[str | Path] = ()):
    """The plan as a workplan to write over the file `previous` (`render_report("plan", workplan, "xlsx")`): the
    values people filled in there (Owner, Budget, Status, Notes) go to the same intervention of the same step, and
    those whose intervention is no longer in the plan to its 'Carried over' sheet; `notify` is told what was
    carried over. Raises `OutputError` when that file is open in another program or is not a workplan. A
    `previous` that is one of the run's `inputs` is not read (writing over an input is refused)."""
    from .core.escape import terminal
    from .intake.workplan_edits import read_previous
    from .render.plan_workbook import Workplan

    if previous is not None and any(_same_file(previous, i) for i in inputs):
        previous = None
    work = Workplan(plan, read_previous(previous) if previous is not None else None)
    if work.previous is not None and work.previous.edits and notify is not None:
        carry = work.carry(knowledge_base(knowledge))
        shown = terminal(previous)

        def rows(n: int) -> str:
            return f"{n} row{'' if n == 1 else 's'}"

        if carry.placed:
            notify(f"carried over what was filled in on {rows(len(carry.placed))} of {shown}")
        if carry.kept:
            notify(f"what was filled in on {rows(len(carry.kept))} of {shown} has no place in the new plan: it is "
                   "kept on the 'Carried over' sheet")
    return work


def render_report(report: str, data: Any, fmt: str | None = None, *, knowledge: KnowledgeArg = None,
                  detail: str | None = None) -> str | bytes:
    """A report (``"plan"``, ``"portfolio"``, ``"whatif"``, ...: `cpss_advisor.render.registry.REPORTS`) in one of
    its formats (default: its first, text). A plan in html, markdown or docx is the brief by default;
    ``detail="full"`` adds the annex (every rule, fact, edge, criterion, id and hash). `detail` is refused for a
    format that does not take it."""
    return registry.render(report, fmt or registry.default_format(report), data, knowledge_base(knowledge),
                           detail=detail)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return Path(a).resolve() == Path(b).resolve()


def _assessment(source: Any, kb: KnowledgeBase, name: str | None = None) -> Assessment:
    return source if isinstance(source, Assessment) else _load.load_assessment(source, kb, name=name)


def _dirs(adv: Advisor) -> dict:
    """Where worker processes load their own copies of the knowledge base and rules from."""
    return {"knowledge_dir": adv.kb.directory, "rules_dir": adv.book.directory}
