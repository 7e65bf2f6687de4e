"""Time: planning periods, and placing work in them under capacity.

The scheduler knows nothing about child protection; `cpss_advisor.planning.planner` turns an evaluation into `Item`s and
reads the result back.

- **Periods.** The horizon (in months) is cut into periods by the setting: the first periods have the given
  lengths, every later one lasts `then` months, and the last ends at the horizon. Work starts at the beginning of
  a period.
- **Items.** An item is a step or an action. It has work (interventions), each starting at the item's start or at
  its own hold month, whichever is later, and lasting its months; the item ends when its last work ends.
- **Beside the steps.** Items that do not `count` (response-track and enabling actions) start in the first period
  they may start, whatever the capacity: once their hold has passed and every item they `require` has ended.
- **Steps.** Period after period, the steps that may start are taken in priority order: a step may start once
  every item it `requires` has ended (finish-to-start) and its own hold has passed; co-requisite steps start
  together or not at all. A step starts only if the steps already running leave room: at most `capacity` at once,
  and at most `per_lead` (or the lead's own limit) carried by its lead actor. A step that cannot start within the
  horizon is deferred, with the reason.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field

#: the scheduler's words in English (its callers pass the translations of their language)
_ENGLISH = gettext.NullTranslations()


@dataclass
class Work:
    id: str
    months: int | None            # None: runs alongside the item (checklist actions)
    not_before: int = 0           # absolute month before which it may not start
    hold: dict | None = None      # {code, reason, rule, until_month}
    handover: bool = False
    start: int | None = None
    end: int | None = None


@dataclass
class Item:
    id: str
    sort_key: tuple               # lower first
    counts: bool                  # counts against capacity
    lead: str | None
    work: list[Work]
    requires: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    not_before: int = 0
    holds: list[dict] = field(default_factory=list)
    #: set when the item cannot be scheduled at all (e.g. all its work is handed over)
    blocked: tuple[str, str] | None = None
    start: int | None = None
    end: int | None = None
    placement: dict | None = None
    deferred: tuple[str, str] | None = None      # (code, text)
    waits: list[str] = field(default_factory=list)
    capacity_misses: list[tuple[int, str]] = field(default_factory=list)


def periods(first: list[int], then: int, horizon_months: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start, lengths = 0, list(first)
    while start < horizon_months:
        length = lengths.pop(0) if lengths else then
        end = min(start + length, horizon_months)
        out.append((start, end))
        start = end
    return out


def _place(item: Item, start: int) -> None:
    item.start = start
    end = start
    for w in item.work:
        if w.months is None:
            continue
        w.start = max(start, w.not_before)
        w.end = w.start + w.months
        end = max(end, w.end)
    if end == start:  # nothing with a duration: the item takes its first period's shortest unit, a month
        end = start + 1
    item.end = end
    for w in item.work:
        if w.months is None:
            w.start, w.end = start, end


def schedule(items: dict[str, Item], spans: list[tuple[int, int]], *, capacity: int, per_lead: int,
             lead_limits: dict[str, int], describe, tr: gettext.NullTranslations = _ENGLISH) -> list[str]:
    """Place every item; return the ids of the scheduled ones in placement order. `describe(id)` names an item
    in reasons; `tr` gives the reasons' words (`cpss_advisor.core.i18n.translator`)."""
    starts = [s for s, _ in spans]
    steps = {i.id: i for i in items.values() if i.counts}
    groups = _co_requisite_groups(steps)
    beside = sorted((i for i in items.values() if not i.counts and not i.blocked), key=lambda i: i.sort_key)
    placed: list[str] = []
    running: list[Item] = []
    for month in starts:
        running = [x for x in running if x.end > month]
        for it in beside:
            if it.start is None:
                ok, it.waits = _ready(items, it, month)
                if ok:
                    _place(it, month)
                    placed.append(it.id)
        for g in groups:
            members = [steps[x] for x in g]
            if _may_start(items, members, month, running, capacity, lambda lead: lead_limits.get(lead, per_lead), tr):
                for m in members:
                    _place(m, month)
                    running.append(m)
                    placed.append(m.id)
    for it in items.values():
        if it.start is None:
            it.deferred = it.blocked or _deferral(it, items, starts[-1], describe, tr)
        elif it.counts:
            it.placement = _placement(it, items, starts, describe, tr)
        else:
            p = _placement(it, items, starts, describe, tr)
            text = (tr.gettext("runs beside the phase steps, from the first period it may start")
                    if not p["waited_for"] else tr.gettext("runs beside the phase steps, {placement}").format(
                        placement=p["text"]))
            it.placement = {"code": "beside", "text": text, "waited_for": p["waited_for"]}
    return placed


def _co_requisite_groups(steps: dict[str, Item]) -> list[tuple[str, ...]]:
    """The steps that start together (connected by co-requisites), each group in id order, the groups by the
    priority of their first member."""
    group_of: dict[str, tuple[str, ...]] = {}
    for sid in sorted(steps):
        if sid in group_of:
            continue
        comp, todo = set(), [sid]
        while todo:
            x = todo.pop()
            if x in comp or x not in steps:
                continue
            comp.add(x)
            todo.extend(steps[x].co)
            todo.extend(o for o, it in steps.items() if x in it.co)
        g = tuple(sorted(comp))
        for x in g:
            group_of[x] = g
    return sorted(set(group_of.values()), key=lambda g: min(steps[x].sort_key for x in g))


def _ready(items: dict[str, Item], it: Item, month: int) -> tuple[bool, list[str]]:
    """Whether an item may start at `month` (every item it requires has ended, its hold has passed), and what it
    waits for."""
    why = []
    for r in it.requires:
        req = items.get(r)
        if req is None or req.end is None or req.end > month:
            why.append(r)
    if it.not_before > month:
        why.append(f"hold:{it.not_before}")
    return not why, why


def _may_start(items: dict[str, Item], members: list[Item], month: int, running: list[Item], capacity: int,
               lead_limit, tr: gettext.NullTranslations = _ENGLISH) -> bool:
    """Whether a group of steps starts at `month`: all ready, room for all of them, and no lead actor over its
    limit; else what held them is noted on each."""
    if any(m.start is not None or m.blocked for m in members):
        return False
    checks = [_ready(items, m, month) for m in members]
    if not all(ok for ok, _ in checks):
        for m, (_ok, why) in zip(members, checks):
            m.waits = why
        return False
    if len(running) + len(members) > capacity:
        text = tr.ngettext("the plan already runs {n} of the {capacity} steps it can carry at once",
                           "the plan already runs {n} of the {capacity} steps it can carry at once",
                           len(running)).format(n=len(running), capacity=capacity)
        if len(members) > 1:
            text = tr.ngettext("{text}, and this step starts together with {n} other",
                               "{text}, and this step starts together with {n} other",
                               len(members) - 1).format(text=text, n=len(members) - 1)
        for m in members:
            m.capacity_misses.append((month, text))
        return False
    loads: dict[str, int] = {}
    for x in running:
        if x.lead:
            loads[x.lead] = loads.get(x.lead, 0) + 1
    over = None
    for m in members:
        if m.lead:
            loads[m.lead] = loads.get(m.lead, 0) + 1
            if loads[m.lead] > lead_limit(m.lead):
                over = m.lead
    if over is not None:
        for m in members:
            m.capacity_misses.append((month, f"lead:{over}"))
        return False
    return True


def _placement(it: Item, items: dict[str, Item], starts: list[int], describe,
               tr: gettext.NullTranslations = _ENGLISH) -> dict:
    """What held an item where it is: the prerequisites it waited for, a hold, or no room earlier."""
    _ = tr.gettext
    if it.start == starts[0]:
        return {"code": "first-period", "text": _("starts in the first period"), "waited_for": []}
    waited_for = [r for r in it.requires if items[r].end is not None and items[r].end > starts[0]]
    latest = max((items[r].end for r in waited_for), default=None)
    misses = [(m, why) for m, why in it.capacity_misses if m < it.start]
    reasons = []
    if waited_for:
        reasons.append(_("waits for {steps}").format(steps=", ".join(
            _("{step} (month {month})").format(step=describe(r), month=items[r].end) for r in waited_for)))
    if it.not_before > starts[0]:
        reasons.append(_("held until month {month}").format(month=it.not_before))
    if misses:
        reasons.append(_("no room earlier ({why})").format(why=_miss_text(misses[-1][1], describe, tr)))
    if misses:
        code = "capacity"
    elif waited_for and latest is not None and (latest >= it.not_before):
        code = "prerequisite"
    elif it.not_before > starts[0]:
        code = "held"
    else:
        code = "period"
    text = (_("starts at month {month}: {reasons}").format(month=it.start, reasons="; ".join(reasons)) if reasons
            else _("starts at month {month}").format(month=it.start))
    return {"code": code, "text": text, "waited_for": waited_for}


def _miss_text(why: str, describe, tr: gettext.NullTranslations = _ENGLISH) -> str:
    if why.startswith("lead:"):
        return tr.gettext("{lead} already carries as many steps at once as it can").format(
            lead=describe("lead:" + why[5:]))
    return why


def _deferral(it: Item, items: dict[str, Item], last_start: int, describe,
              tr: gettext.NullTranslations = _ENGLISH) -> tuple[str, str]:
    _ = tr.gettext
    for r in it.requires:
        req = items.get(r)
        if req is None:
            return ("prerequisite-not-planned", _("waits for {step}, which is not in the plan").format(step=describe(r)))
        if req.end is None:
            return ("prerequisite-deferred",
                    _("waits for {step}, which does not start within the horizon").format(step=describe(r)))
        if req.end > last_start:
            return ("prerequisite-late", _("waits for {step}, expected at month {month}, after the last period "
                                           "starts").format(step=describe(r), month=req.end))
    if it.not_before > last_start:
        return ("held", _("held until month {month}, after the last period starts").format(month=it.not_before))
    if it.capacity_misses:
        why = list(dict.fromkeys(_miss_text(w, describe, tr) for _m, w in it.capacity_misses))
        months = ", ".join(str(m) for m, _w in it.capacity_misses)
        return ("capacity", tr.ngettext("no room when it could start (month {months}): {why}, with steps of higher "
                                        "priority",
                                        "no room when it could start (months {months}): {why}, with steps of higher "
                                        "priority", len(it.capacity_misses)).format(months=months, why="; ".join(why)))
    if it.waits:
        return ("prerequisite-late", _("waits for {steps}").format(
            steps=", ".join(describe(w) for w in it.waits if not w.startswith("hold:"))))
    return ("capacity", _("no room within the horizon"))
