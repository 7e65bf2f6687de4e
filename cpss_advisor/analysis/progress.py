"""Progress over time: two assessments of one country compared, and what became of the earlier plan.

Country offices re-assess every year or two. `compare(old, new, kb)` puts the two assessments side by side:

- **phase changes**, subdomain by subdomain: up, unchanged or down (by how many phases), with the evidence each
  assessment gives; a subdomain rated in only one of them is not compared, and says so;
- **regressions**: every fall is flagged, with the benchmarks' own note that shocks and humanitarian situations can
  set subdomains back (`SETBACK_NOTE`, seed 000);
- **context flags** added and removed.

With the decision record of the earlier plan (`cpss recommend OLD --record r.json`), `compare(..., record=...)`
also says what became of that plan (`plan_progress`):

- each planned phase step (a climb or a restore) is **achieved** when the subdomain is at the step's phase or
  above in the new assessment; else **slipped** when it was due, **not yet due** when it was not, or **not rated**
  when the new assessment does not rate the subdomain. A step is *due* when the month its work was planned to end
  has come by the new assessment's date; the plan's month 0 is taken to be the earlier assessment's date (the
  assumption: work started when the plan was made; `DUE_RULE` states it in the output);
- **moves that were not planned**: a subdomain that climbed past every step the plan had for it (noting when the
  plan had deferred its step beyond the horizon);
- **percentage to target**, as OWASP SAMM users read it: for each subdomain, the phases gained towards its target
  over the phases the plan set out to gain (target minus the earlier phase), a gain beyond the target counted up to
  it and a fall counted as no gain (falls are flagged apart); overall, the sum of the phases gained over the sum of
  the phases planned, over the subdomains rated in both assessments that had a phase to gain (`PERCENT_RULE`).

The record must be of the earlier assessment (its input hash): one of another file is refused, naming both.

`trajectories(assessments, kb)` turns several assessments of one country (as a portfolio holds them) into a
trajectory in date order, with the change from each assessment to the next.

Everything is sorted (subdomains by number, steps in plan order), so the same inputs give the same data.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Iterable, Sequence

from ..core.errors import InputError, Problem
from ..core.i18n import N_
from ..core.version import __version__
from ..intake.assessment import Assessment
from ..kb.knowledge_base import KnowledgeBase

SCHEMA_VERSION = 1
KIND = "comparison"

#: The benchmarks' note on set-backs, stated in the project's words, with the passage it rests on.
SETBACK_NOTE = {
    "text": N_("The benchmarks expect that a subdomain can move back to a lower phase: a crisis or an abrupt shock may "
               "undo part or all of what strengthening had achieved. "
               "A fall is a finding to explain (a shock, lost funding or staff, or a stricter reading of the "
               "evidence), not an error in the assessment."),
    "source": {"seed": "000", "at": "Section 1.1, Phases of CPSS: the considerations for reading the phases",
               "line": 112},
}

#: What "due" means, stated in every comparison with a record.
DUE_RULE = N_("A planned step is due when the month its work was planned to end has come by the date of the later "
              "assessment. Month 0 of the plan is taken to be the date of the earlier assessment (assumption: the "
              "work started when the plan was made). A step is achieved when the subdomain is at the step's phase or "
              "above in the later assessment, whether it was due or not.")

#: How the percentage to target is counted, stated in every comparison with a record.
PERCENT_RULE = N_("Percentage to target = phases gained / phases planned to target. For each subdomain the phases "
                  "planned are its target in the earlier plan minus its earlier phase; the phases gained are how far "
                  "it rose, counted up to its target (a fall counts as no gain and is flagged as a regression). The "
                  "overall figure adds up both over the subdomains rated in both assessments that had a phase to gain.")

#: The phase steps of a plan (the other recommendations are actions that do not change a phase).
PHASE_STEPS = ("climb", "restore")


# --- dates -------------------------------------------------------------------------------------------------------

def add_months(day: _dt.date, months: int) -> _dt.date:
    """The day `months` calendar months after `day` (the last day of the month when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: _dt.date, later: _dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (negative when `later` is earlier)."""
    if later < earlier:
        return -months_between(later, earlier)
    n = (later.year - earlier.year) * 12 + later.month - earlier.month
    return n if add_months(earlier, n) <= later else n - 1


# --- the two assessments -----------------------------------------------------------------------------------------

def same_country(a: str, b: str) -> bool:
    """Whether two country names name the same country (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _located(a: Assessment, key: str, code: str, message: str, hint: str | None = None) -> Problem:
    """A problem at `key` (country, as_of) of an assessment's file, where the file says where it is."""
    line, column, cell = getattr(a, "anchors", {}).get(key, (None, None, None))
    return Problem(a.source, line, column, code, message, hint, cell=cell)


def check_pair(old: Assessment, new: Assessment) -> list[dict]:
    """Refuse two assessments of different countries (an `InputError` located at the later file's country); the
    warnings of the pair: the later assessment is not dated after the earlier one."""
    if not same_country(old.country, new.country):
        raise InputError(_located(
            new, "country", "different-country",
            f"this assessment is of {new.country}, and {old.source} is of {old.country}: only two assessments of "
            "one country can be compared",
            f"give two assessments of the same country; to put countries side by side, use 'cpss portfolio "
            f"{old.source} {new.source}'"))
    if new.as_of > old.as_of:
        return []
    when = "on the same day as" if new.as_of == old.as_of else "before"
    warning = _located(new, "as_of", "not-later",
                       f"The second assessment ({new.source}, as of {new.as_of.isoformat()}) is dated {when} the "
                       f"first ({old.source}, as of {old.as_of.isoformat()}). The first file given is read as the "
                       "earlier assessment and the second as the later one; if the dates are right, give them the "
                       "other way round.")
    return [{"code": warning.code, "text": warning.message}]


def phase_changes(old: Assessment, new: Assessment, kb: KnowledgeBase) -> list[dict]:
    """Every subdomain of the knowledge base: its phase in each assessment, the change, and the evidence of both."""
    out = []
    for sid in sorted(kb.subdomains):
        o, n = old.ratings.get(sid), new.ratings.get(sid)
        if o is not None and n is not None:
            change = "up" if n.phase > o.phase else "down" if n.phase < o.phase else "unchanged"
        else:
            change = "newly-rated" if n is not None else "no-longer-rated" if o is not None else "unrated"
        out.append({
            "subdomain": sid,
            "title": kb.subdomains[sid].short,
            "outcome": kb.subdomains[sid].outcome,
            "old_phase": o.phase if o else None,
            "new_phase": n.phase if n else None,
            "change": change,
            "phases": (n.phase - o.phase) if o is not None and n is not None else None,
            "regression": change == "down",
            "old_evidence": o.evidence if o else None,
            "new_evidence": n.evidence if n else None,
            "old_confidence": o.confidence if o else None,
            "new_confidence": n.confidence if n else None,
        })
    return out


def context_changes(old: Assessment, new: Assessment, kb: KnowledgeBase) -> dict:
    """The context flags added, removed and kept, each with its title."""
    def entries(ids: Iterable[str]) -> list[dict]:
        return [{"id": c, "title": kb.contexts[c].title if c in kb.contexts else c} for c in sorted(ids)]

    before, after = set(old.context), set(new.context)
    return {"added": entries(after - before), "removed": entries(before - after), "kept": entries(before & after)}


def _counts(changes: Sequence[dict]) -> dict:
    keys = ("up", "unchanged", "down")
    out = {k: sum(c["change"] == k for c in changes) for k in keys}
    out["not_compared"] = sum(c["change"] not in keys for c in changes)
    return out


def _side(a: Assessment) -> dict:
    return {"file": a.source, "country": a.country, "as_of": a.as_of.isoformat(), "sha256": a.sha256,
            "rated": len(a.ratings), "context": list(a.context)}


def compare(old: Assessment, new: Assessment, kb: KnowledgeBase, *, record: dict | None = None,
            record_name: str | None = None, record_sha256: str | None = None) -> dict:
    """The comparison of two assessments of one country (see the module), and, with the decision record of the
    earlier plan, what became of that plan. Raises `InputError` for assessments of two countries and for a record
    of another assessment than `old`."""
    warnings = check_pair(old, new)
    changes = phase_changes(old, new, kb)
    regressions = [c["subdomain"] for c in changes if c["regression"]]
    progress = None
    if record is not None:
        check_record(record, old, record_name or "the record")
        progress = plan_progress(record["plan"], old, new, changes, kb, record_name or "the record")
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "country": new.country,
        "old": _side(old),
        "new": _side(new),
        "months": months_between(old.as_of, new.as_of),
        "warnings": warnings,
        "counts": _counts(changes),
        "subdomains": changes,
        "regressions": regressions,
        "setback_note": SETBACK_NOTE if regressions else None,
        "context": context_changes(old, new, kb),
        "plan": progress,
        "provenance": {"tool_version": __version__, "knowledge_sha256": kb.sha256,
                       "inputs": [{"file": old.source, "sha256": old.sha256},
                                  {"file": new.source, "sha256": new.sha256}]
                       + ([{"file": record_name or "", "sha256": record_sha256, "record": True}]
                          if record is not None else [])},
    }


# --- the earlier plan --------------------------------------------------------------------------------------------

def check_record(record: dict, old: Assessment, record_name: str) -> None:
    """A record must be of the earlier assessment: its input hash (or its plan's) is the earlier file's."""
    recorded = {record["input"]["sha256"], record["plan"]["provenance"].get("input_sha256")}
    if old.sha256 in recorded:
        return
    made_from = record["input"]["file"]
    raise InputError(Problem(
        record_name, None, None, "record-of-other-assessment",
        f"the record was made from {made_from} (sha256 {record['input']['sha256'][:16]}), not from the earlier "
        f"assessment {old.source} (sha256 {old.sha256[:16]}): its plan is not the plan of that assessment",
        f"give the record of the earlier assessment ('cpss recommend {old.source} --record FILE' makes one), or "
        f"compare {made_from} as the earlier assessment"))


def _short(kb: KnowledgeBase, sid: str) -> str:
    return kb.subdomains[sid].short if sid in kb.subdomains else sid


def _status(step: dict, new_phase: int | None, due: bool) -> str:
    if new_phase is None:
        return "not-rated"
    if new_phase >= step["to_phase"]:
        return "achieved"
    return "slipped" if due else "not-yet-due"


def planned_steps(plan: dict, old_day: _dt.date, new_day: _dt.date, new: Assessment, kb: KnowledgeBase) -> list[dict]:
    """The plan's phase steps, in plan order, each with the day it was due and what became of it."""
    out = []
    for r in plan["recommendations"]:
        if r["kind"] not in PHASE_STEPS:
            continue
        due_day = add_months(old_day, r["end_month"])
        new_phase = new.phase(r["subdomain"])
        out.append({
            "id": r["id"], "kind": r["kind"], "subdomain": r["subdomain"], "title": _short(kb, r["subdomain"]),
            "from_phase": r["from_phase"], "to_phase": r["to_phase"], "rank": r["rank"],
            "start_month": r["start_month"], "end_month": r["end_month"], "due": due_day.isoformat(),
            "due_by_new": due_day <= new_day, "new_phase": new_phase,
            "status": _status(r, new_phase, due_day <= new_day),
        })
    return out


def unplanned_moves(changes: Sequence[dict], steps: Sequence[dict], plan: dict) -> list[dict]:
    """Subdomains that rose past every step the plan had for them (from the higher of their earlier phase and the
    last planned step's phase)."""
    planned_to: dict[str, int] = {}
    for s in steps:
        planned_to[s["subdomain"]] = max(planned_to.get(s["subdomain"], 0), s["to_phase"])
    deferred = {d["subdomain"] for d in plan.get("deferred", ())}
    out = []
    for c in changes:
        if c["change"] != "up":
            continue
        start = max(c["old_phase"], planned_to.get(c["subdomain"], 0))
        if c["new_phase"] > start:
            out.append({"subdomain": c["subdomain"], "title": c["title"], "from_phase": start,
                        "to_phase": c["new_phase"], "partly_planned": c["subdomain"] in planned_to,
                        "deferred": c["subdomain"] in deferred})
    return out


def percent(gained: int, planned: int) -> float | None:
    """100 * gained / planned, to one decimal, within [0, 100]; None when nothing was planned."""
    if planned <= 0:
        return None
    return round(100.0 * min(max(gained, 0), planned) / planned, 1)


def target_progress(plan: dict, changes: Sequence[dict]) -> tuple[list[dict], dict]:
    """Per subdomain with a target above its earlier phase: phases planned, gained and the percentage to target;
    and the overall figure over the subdomains rated in both assessments."""
    targets = {t["subdomain"]: t["phase"] for t in plan.get("targets", ())}
    rows, planned_sum, gained_sum = [], 0, 0
    for c in changes:
        target = targets.get(c["subdomain"])
        if target is None or c["old_phase"] is None or target <= c["old_phase"]:
            continue
        planned = target - c["old_phase"]
        gained = None if c["new_phase"] is None else min(max(c["new_phase"] - c["old_phase"], 0), planned)
        rows.append({"subdomain": c["subdomain"], "title": c["title"], "old_phase": c["old_phase"],
                     "target": target, "new_phase": c["new_phase"], "planned": planned, "gained": gained,
                     "percent": None if gained is None else percent(gained, planned)})
        if gained is not None:
            planned_sum, gained_sum = planned_sum + planned, gained_sum + gained
    overall = {"phases_planned": planned_sum, "phases_gained": gained_sum,
               "percent": percent(gained_sum, planned_sum), "subdomains": sum(r["gained"] is not None for r in rows)}
    return rows, overall


def plan_progress(plan: dict, old: Assessment, new: Assessment, changes: Sequence[dict], kb: KnowledgeBase,
                  record_name: str) -> dict:
    """What became of the earlier plan by the later assessment (see the module)."""
    steps = planned_steps(plan, old.as_of, new.as_of, new, kb)
    rows, overall = target_progress(plan, changes)
    due = [s for s in steps if s["due_by_new"]]
    statuses = ("achieved", "slipped", "not-yet-due", "not-rated")
    return {
        "record": record_name,
        "plan_as_of": plan["as_of"],
        "horizon_months": plan["horizon_months"],
        "due_rule": DUE_RULE,
        "percent_rule": PERCENT_RULE,
        "steps": steps,
        "counts": {k: sum(s["status"] == k for s in steps) for k in statuses},
        "to_date": {"due": len(due), "achieved": sum(s["status"] == "achieved" for s in due),
                    "percent": percent(sum(s["status"] == "achieved" for s in due), len(due))},
        "unplanned": unplanned_moves(changes, steps, plan),
        "targets": rows,
        "overall": overall,
    }


# --- trajectories ------------------------------------------------------------------------------------------------

def _order(a: Assessment) -> tuple:
    return (a.as_of, a.source)


def _leg(old: Assessment, new: Assessment, kb: KnowledgeBase) -> dict:
    changes = phase_changes(old, new, kb)
    ctx = context_changes(old, new, kb)

    def moved(kind: str) -> list[dict]:
        return [{"subdomain": c["subdomain"], "title": c["title"], "from_phase": c["old_phase"],
                 "to_phase": c["new_phase"]} for c in changes if c["change"] == kind]

    return {"from": {"file": old.source, "as_of": old.as_of.isoformat()},
            "to": {"file": new.source, "as_of": new.as_of.isoformat()},
            "months": months_between(old.as_of, new.as_of),
            "counts": _counts(changes), "up": moved("up"), "down": moved("down"),
            "context_added": [c["id"] for c in ctx["added"]], "context_removed": [c["id"] for c in ctx["removed"]]}


def trajectories(assessments: Iterable[Assessment], kb: KnowledgeBase) -> list[dict]:
    """Each country assessed more than once, its assessments in date order (then by file), with the change from
    each to the next (`legs`) and over the whole span (`overall`). Countries are matched by name, case and spacing
    aside, and listed by name."""
    groups: dict[str, list[Assessment]] = {}
    for a in assessments:
        groups.setdefault(" ".join(a.country.split()).casefold(), []).append(a)
    out = []
    for key in sorted(groups):
        group = sorted(groups[key], key=_order)
        if len(group) < 2:
            continue
        legs = [_leg(a, b, kb) for a, b in zip(group, group[1:])]
        out.append({"country": group[-1].country,
                    "points": [{"file": a.source, "as_of": a.as_of.isoformat(),
                                "phases": {sid: a.phase(sid) for sid in sorted(kb.subdomains)}} for a in group],
                    "legs": legs, "overall": _leg(group[0], group[-1], kb),
                    "regressions": sorted({d["subdomain"] for leg in legs for d in leg["down"]})})
    return out
