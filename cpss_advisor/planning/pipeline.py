"""The whole job for one assessment (targets, rules, plan, plan data), and the same for many in a process pool.

`Advisor` holds what every evaluation shares (the knowledge base, the rule set, the engine) and turns an
assessment into plan data. `run_batch` spreads many assessments over worker processes, one `Advisor` (and so one
durable-rules engine) per worker: the engine is not thread-safe and holds the GIL, so processes are the way to
use several cores.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.messages import quiet
from ..intake.assessment import Assessment
from ..engine.evaluation import evaluate_assessment
from ..kb.knowledge_base import KnowledgeBase
from ..kb.loader import load_knowledge
from .plan_model import Plan
from .plan_build import build_plan
from .planner import Schedule, make_plan, setting_for
from ..engine.rulebook import Rulebook
from ..engine.rule_loader import load_rulebook


@dataclass(frozen=True)
class PlanOptions:
    """How to plan. None takes the default: the horizon of the assessment's setting, the capacities of
    knowledge/planning.yaml."""

    horizon_years: int | None = None
    capacity: int | None = None
    per_lead: int | None = None
    #: False leaves out what only a reader of one plan needs (each step's interventions, edges and phase
    #: criteria): batches that compare or summarise plans do not read them.
    detail: bool = True

    def as_dict(self) -> dict:
        return {"horizon_years": self.horizon_years, "capacity": self.capacity, "per_lead": self.per_lead}

    def lean(self) -> "PlanOptions":
        return dataclasses.replace(self, detail=False)


class Advisor:
    def __init__(self, kb: KnowledgeBase, book: Rulebook):
        self.kb = kb
        self.book = book

    @classmethod
    def load(cls, knowledge_dir: str | Path | None = None, rules_dir: str | Path | None = None) -> "Advisor":
        kb = load_knowledge(knowledge_dir)
        return cls(kb, load_rulebook(kb, rules_dir))

    def horizon(self, a: Assessment, options: PlanOptions) -> int:
        """The horizon in years: the option, or the default of the assessment's setting."""
        return options.horizon_years or setting_for(self.kb, a.context).horizon_years

    def schedule(self, a: Assessment, options: PlanOptions = PlanOptions()) -> Schedule:
        """What the planner decided (steps, periods, what waits), before the plan's reasons and texts are built."""
        ev = evaluate_assessment(a, self.kb, self.book, horizon_years=self.horizon(a, options))
        return make_plan(ev, self.kb, horizon_years=options.horizon_years, capacity=options.capacity,
                         per_lead=options.per_lead)

    def plan(self, a: Assessment, options: PlanOptions = PlanOptions()) -> Plan:
        return build_plan(self.schedule(a, options), self.kb, self.book, detail=options.detail)


# --- batches -----------------------------------------------------------------------------------------------------

class Summary:
    """A reducer: what a batch caller needs of each plan, computed where the plan is made, so that workers send
    back a few ids instead of whole plans. Subclasses must be picklable (they travel to the workers once)."""

    def __call__(self, plan: Plan):
        return {"first_wave": first_wave(plan), "planned": planned(plan)}


class WholePlan(Summary):
    def __call__(self, plan: Plan):
        return plan


_WORKER: Advisor | None = None
_REDUCE: Summary | None = None


def _init_worker(knowledge_dir: str | None, rules_dir: str | None, reduce: Summary) -> None:
    global _WORKER, _REDUCE
    _WORKER = Advisor.load(knowledge_dir, rules_dir)
    _REDUCE = reduce


def _work(item: tuple[Assessment, PlanOptions]):
    a, options = item
    return _REDUCE(_WORKER.plan(a, options))


class Progress:
    """A one-line progress count on stderr, shown only on a terminal and only once a batch takes a moment."""

    def __init__(self, total: int, label: str, stream=None, delay: float = 0.5):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False
        self.enabled = (hasattr(self.stream, "isatty") and self.stream.isatty() and not os.environ.get("NO_PROGRESS")
                        and not quiet())

    def update(self, done: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        width = 30
        filled = int(width * done / max(1, self.total))
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_batch(advisor: Advisor, items: Sequence[tuple[Assessment, PlanOptions]], *, jobs: int = 1,
              knowledge_dir: str | Path | None = None, rules_dir: str | Path | None = None,
              label: str = "evaluating", reduce: Summary | None = None) -> list:
    """`reduce(plan)` for each item (the whole plan data by default), in item order. `jobs > 1` uses that many
    worker processes, each with its own knowledge base, rule set and engine."""
    reduce = reduce if reduce is not None else WholePlan()
    progress = Progress(len(items), label)
    results: list = []
    try:
        if jobs <= 1 or len(items) < 2:
            for i, item in enumerate(items):
                results.append(reduce(advisor.plan(*item)))
                progress.update(i + 1)
            return results
        chunk = max(1, min(64, len(items) // (jobs * 4) or 1))
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                 initargs=(_str(knowledge_dir), _str(rules_dir), reduce)) as pool:
            for i, result in enumerate(pool.map(_work, items, chunksize=chunk)):
                results.append(result)
                progress.update(i + 1)
        return results
    finally:
        progress.close()


def _str(p: str | Path | None) -> str | None:
    return None if p is None else str(p)


def first_wave(plan: Plan) -> list[str]:
    """The phase steps that start in the first period (the response track and enabling actions run beside them)."""
    return [r.id for r in plan.recommendations if r.wave == 1 and r.kind in ("climb", "restore")]


def planned(plan: Plan) -> list[str]:
    return [r.id for r in plan.recommendations]
