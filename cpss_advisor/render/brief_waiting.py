"""What waits and why: the plan's deferred steps in words, grouped by their reason."""

from __future__ import annotations

from ..planning.plan_model import Deferred, Plan
from .brief_model import Waiting
from .brief_words import Words, count, listing, number, sentence

_ROOM = "already carries as many steps at once as it can"
_PLAN_FULL = "the plan already runs"


def waiting_view(plan: Plan, words: Words) -> tuple[tuple[Waiting, ...], str | None]:
    """The deferred steps grouped by their reason in words (in plan order), and one sentence over them all."""
    groups: dict[str, list[str]] = {}
    for d in plan.deferred:
        groups.setdefault(reason(d, plan, words), []).append(deferred_title(d, words))
    waiting = tuple(Waiting(tuple(steps), why) for why, steps in groups.items())
    return waiting, _summary(plan)


def deferred_title(d: Deferred, words: Words) -> str:
    if d.kind in ("climb", "restore"):
        return words.climb(d.subdomain, d.from_phase, d.to_phase, restore=d.kind == "restore")
    return words.step(d.id)


def reason(d: Deferred, plan: Plan, words: Words) -> str:
    """Why one step waits, in words."""
    if d.reason_code != "capacity":
        return sentence(words.plain(d.reason))
    full, leads = [], []
    for segment in d.reason.split(": ", 1)[-1].split(", with steps of higher priority")[0].split("; "):
        if segment.endswith(_ROOM):
            leads.append(f"{segment[:-len(_ROOM)].strip()} {_ROOM}")
        elif segment.startswith(_PLAN_FULL):
            full = [f"the plan already runs the {number(plan.capacity)} steps it can carry at once"]
    parts = full + sorted(leads)
    if not parts:
        return sentence(words.plain(d.reason))
    return sentence(f"no room within the horizon: {listing(parts)}, with steps of higher priority")


def _summary(plan: Plan) -> str | None:
    n = len(plan.deferred)
    if not n:
        return None
    verb = "does" if n == 1 else "do"
    out = f"{count(n, 'step').capitalize()} of the system track {verb} not start within the horizon."
    if any(d.reason_code == "capacity" for d in plan.deferred):
        out += " More steps at once, a longer horizon or more hands for the busiest lead would bring them in."
    stretched = [p.reason for p in plan.policies if p.policy == "lead_ministry_stretched"]
    if stretched:
        out += " " + sentence(stretched[0])
    return out
