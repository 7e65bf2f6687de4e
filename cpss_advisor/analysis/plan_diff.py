"""The difference between two plans (both full or both lean, as `cpss_advisor.planning.pipeline.PlanOptions` makes them):
steps and actions added, removed, moved to another start month, re-ranked, re-scored, or kept in place for
different reasons; and for each, the rules whose firing changed.

A step's firings are the rationale entries of the step (a rule with the facts it matched). A difference names the
firings present in one plan and not in the other: the rules whose firing changed. A step can also move without a
change of its own (steps ahead of it came or went); the difference then says so.
"""

from __future__ import annotations

import json

from ..planning.plan_model import Plan


def _firings(step) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for x in (step.rationale if step is not None else []):
        # Lean plans carry each firing's identity; full plans are compared by their facts.
        ident = x.get("key") or json.dumps(x["facts"], sort_keys=True)
        out.setdefault(x["rule"], set()).add(ident)
    return out


def _rules_changed(before, after) -> list[dict]:
    b, a = _firings(before), _firings(after)
    out = []
    for rule in sorted(set(b) | set(a)):
        if rule not in a:
            out.append({"rule": rule, "change": "no longer fires"})
        elif rule not in b:
            out.append({"rule": rule, "change": "now fires"})
        elif a[rule] != b[rule]:
            out.append({"rule": rule, "change": "fires on different facts"})
    return out


def _where(step, status: str) -> dict | None:
    if step is None:
        return None
    if status == "planned":
        return {"status": "planned", "wave": step.wave, "start_month": step.start_month, "rank": step.rank,
                "score": step.score}
    return {"status": "deferred", "score": step.score, "reason": step.reason}


def diff_plans(base: Plan, other: Plan) -> dict:
    """Changes from `base` to `other`, in the order of the other plan, then removed steps."""
    bp = {r.id: r for r in base.recommendations}
    op = {r.id: r for r in other.recommendations}
    bd = {d.id: d for d in base.deferred}
    od = {d.id: d for d in other.deferred}
    changes = []

    def add(step_id: str, kind: str, before, bstatus, after, ostatus, rules_before, rules_after) -> None:
        rules = _rules_changed(rules_before, rules_after)
        changes.append({"step": step_id, "change": kind, "base": _where(before, bstatus),
                        "scenario": _where(after, ostatus), "rules_changed": rules,
                        "note": None if rules else "no rule changed for this step: steps around it came, went or moved"})

    for r in other.recommendations:
        sid = r.id
        if sid not in bp:
            add(sid, "added" if sid not in bd else "brought forward from deferred", bd.get(sid),
                "deferred" if sid in bd else None, r, "planned", None, r)
        elif bp[sid].start_month != r.start_month:
            add(sid, "moved", bp[sid], "planned", r, "planned", bp[sid], r)
        elif bp[sid].rank != r.rank:
            add(sid, "rank", bp[sid], "planned", r, "planned", bp[sid], r)
        elif bp[sid].score != r.score:
            add(sid, "score", bp[sid], "planned", r, "planned", bp[sid], r)
        elif _rules_changed(bp[sid], r) or bp[sid].requires != r.requires:
            add(sid, "reasons", bp[sid], "planned", r, "planned", bp[sid], r)
    for r in base.recommendations:
        sid = r.id
        if sid not in op:
            add(sid, "removed" if sid not in od else "deferred", r, "planned", od.get(sid),
                "deferred" if sid in od else None, r, None)
    for d in other.deferred:
        if d.id not in bp and d.id not in bd:
            add(d.id, "added as deferred", None, None, d, "deferred", None, None)
    for d in base.deferred:
        if d.id not in op and d.id not in od:
            add(d.id, "removed from deferred", d, "deferred", None, None, None, None)

    def texts(p: Plan, key: str) -> list[str]:
        return [x["text"] for x in getattr(p, key)]

    return {
        "changes": changes,
        "advice_added": sorted(set(texts(other, "advice")) - set(texts(base, "advice"))),
        "advice_removed": sorted(set(texts(base, "advice")) - set(texts(other, "advice"))),
        "warnings_added": sorted(set(texts(other, "warnings")) - set(texts(base, "warnings"))),
        "warnings_removed": sorted(set(texts(base, "warnings")) - set(texts(other, "warnings"))),
    }


def is_empty(diff: dict) -> bool:
    return not any(diff[k] for k in ("changes", "advice_added", "advice_removed", "warnings_added", "warnings_removed"))
