"""Progress over time in the words its readers use: the content of every format of `cpss compare`.

Built once from the comparison's data (`cpss_advisor.analysis.progress.compare`) and the knowledge base: what
moved (each subdomain's phase in both assessments, the change, the evidence of both), the regressions with the
benchmarks' note on set-backs and its source, the context flags added and removed, and, with the earlier plan's
record, what became of each planned step, the moves that were not planned and the percentage to target, with the
rules that define "due" and the percentage.

Everything a person reads is in words: subdomains by number and short title, phases by name, contexts by title,
dates as "30 June 2028". No step id, snake_case value, command-line flag or hash is in that text; the checksums
are kept apart (`Comparison.checksums`) for the small print, and the JSON holds the ids. The view holds plain text;
each format escapes it where it writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..kb.knowledge_base import KnowledgeBase
from .brief_words import capital, count, date, listing

CHANGE_WORDS = {"unchanged": "unchanged", "newly-rated": "rated only in the later assessment",
                "no-longer-rated": "rated only in the earlier assessment", "unrated": "rated in neither"}
STATUS_WORDS = {"achieved": "achieved", "slipped": "slipped", "not-yet-due": "not yet due",
                "not-rated": "not rated in the later assessment"}


@dataclass(frozen=True)
class ChangeRow:
    subdomain: str                     # "3.3 Case management and referral"
    earlier: str                       # "1 System Building", or "not rated"
    later: str
    change: str                        # "up 1 phase", "down 1 phase", "unchanged", ...
    kind: str                          # up, down, unchanged, newly-rated, no-longer-rated, unrated
    earlier_evidence: str | None
    later_evidence: str | None


@dataclass(frozen=True)
class StepRow:
    step: str                          # "3.3 Case management and referral: System Building to System Enhancement"
    due: str                           # "30 June 2027 (month 12)"
    status: str                        # "achieved", "slipped", ...
    kind: str                          # the status as the data names it
    later: str                         # the phase in the later assessment


@dataclass(frozen=True)
class TargetRow:
    subdomain: str
    earlier: str
    target: str
    later: str
    planned: int
    gained: int | None
    percent: str                       # "100%", or "not rated"


@dataclass(frozen=True)
class PlanFollowUp:
    intro: str
    steps_summary: str
    to_date: str
    to_target: str
    due_rule: str
    percent_rule: str
    steps: tuple[StepRow, ...]
    unplanned: tuple[str, ...]
    targets: tuple[TargetRow, ...]


@dataclass(frozen=True)
class Checksum:
    what: str
    sha256: str


@dataclass(frozen=True)
class Comparison:
    title: str
    lead: str                          # which assessments, how far apart
    counts: str                        # "6 subdomains up, 12 unchanged, 1 down."
    warnings: tuple[str, ...]
    rows: tuple[ChangeRow, ...]
    regressions: tuple[ChangeRow, ...]
    moved: tuple[ChangeRow, ...]       # what rose, or is rated in one assessment only (with its evidence)
    setback_note: str | None
    setback_source: str | None         # the document and section, in words
    setback_cite: str | None           # "seed 000, line 112" (text, Markdown and JSON only)
    context: tuple[str, ...]           # sentences: added, removed, unchanged
    plan: PlanFollowUp | None
    tool: str
    files: tuple[str, ...]
    checksums: tuple[Checksum, ...]


def phase_words(kb: KnowledgeBase, n: int | None) -> str:
    """"2 System Enhancement"; "not rated" for None."""
    if n is None:
        return "not rated"
    return f"{n} {kb.phases[n].name}" if n in kb.phases else str(n)


def _name(kb: KnowledgeBase | None, n: int) -> str:
    return kb.phases[n].name if kb is not None and n in kb.phases else str(n)


def _label(kb: KnowledgeBase | None, sid: str) -> str:
    return kb.subdomains[sid].label if kb is not None and sid in kb.subdomains else sid


def _change_words(c: dict) -> str:
    if c["change"] in ("up", "down"):
        n = abs(c["phases"])
        return f"{c['change']} {n} phase{'s' if n != 1 else ''}"
    return CHANGE_WORDS[c["change"]]


def _row(c: dict, kb: KnowledgeBase) -> ChangeRow:
    return ChangeRow(_label(kb, c["subdomain"]), phase_words(kb, c["old_phase"]), phase_words(kb, c["new_phase"]),
                     _change_words(c), c["change"], c["old_evidence"], c["new_evidence"])


def _source_words(kb: KnowledgeBase, note: dict) -> str:
    src = note["source"]
    doc = kb.sources.get(src["seed"])
    if doc is None:
        return src["at"]
    year = f" ({doc.year})" if getattr(doc, "year", None) else ""
    return f"{doc.publisher}, {doc.title}{year}; {src['at']}"


def _context(data: dict) -> tuple[str, ...]:
    ctx = data["context"]
    added = listing(c["title"] for c in ctx["added"])
    removed = listing(c["title"] for c in ctx["removed"])
    kept = listing(c["title"] for c in ctx["kept"])
    out = []
    out.append(f"Added in the later assessment: {added}." if added else "No context was added.")
    out.append(f"No longer given: {removed}." if removed else "No context was removed.")
    if kept:
        out.append(f"In both: {kept}.")
    return tuple(out)


def _counts(data: dict) -> str:
    n = data["counts"]
    text = f"{count(n['up'], 'subdomain')} up, {number_words(n['unchanged'])} unchanged, {number_words(n['down'])} down"
    if n["not_compared"]:
        text += f"; {count(n['not_compared'], 'subdomain')} not rated in both, so not compared"
    return capital(text) + "."


def number_words(n: int) -> str:
    """"none", "one", ... "twelve", then digits."""
    return "none" if n == 0 else count(n, "x").rsplit(" ", 1)[0]


def _lead(data: dict) -> str:
    old, new, months = data["old"], data["new"], data["months"]
    span = f"{months} month{'s' if months != 1 else ''} apart" if months >= 0 else "the later one dated first"
    return (f"The assessment of {date(old['as_of'])} ({old['file']}) against the assessment of "
            f"{date(new['as_of'])} ({new['file']}), {span}.")


def comparison_view(data: dict, kb: KnowledgeBase) -> Comparison:
    """The comparison's data (`cpss_advisor.analysis.progress.compare`) in words, for every format."""
    rows = tuple(_row(c, kb) for c in data["subdomains"])
    note = data.get("setback_note")
    prov = data["provenance"]
    return Comparison(
        title=f"Progress in {data['country']}: {date(data['old']['as_of'])} to {date(data['new']['as_of'])}",
        lead=_lead(data),
        counts=_counts(data),
        warnings=tuple(w["text"] for w in data["warnings"]),
        rows=rows,
        regressions=tuple(r for r in rows if r.kind == "down"),
        moved=tuple(r for r in rows if r.kind in ("up", "newly-rated", "no-longer-rated")),
        setback_note=note["text"] if note else None,
        setback_source=_source_words(kb, note) if note else None,
        setback_cite=f"seed {note['source']['seed']}, line {note['source']['line']}" if note else None,
        context=_context(data),
        plan=_plan(data["plan"], data, kb) if data.get("plan") else None,
        tool=f"cpss-advisor {prov['tool_version']}",
        files=tuple(x["file"] for x in prov["inputs"]),
        checksums=(Checksum("Knowledge base", prov["knowledge_sha256"]),
                   *(Checksum(x["file"], x["sha256"] or "not readable") for x in prov["inputs"])),
    )


def _step(s: dict, kb: KnowledgeBase) -> StepRow:
    verb = "back to" if s["kind"] == "restore" else "to"
    return StepRow(f"{_label(kb, s['subdomain'])}: {_name(kb, s['from_phase'])} {verb} {_name(kb, s['to_phase'])}",
                   f"{date(s['due'])} (month {s['end_month']})", STATUS_WORDS[s["status"]], s["status"],
                   phase_words(kb, s["new_phase"]))


def _percent(x: float | None) -> str:
    if x is None:
        return "not rated"
    return f"{x:.0f}%" if float(x).is_integer() else f"{x:.1f}%"


def _unplanned(u: dict, kb: KnowledgeBase) -> str:
    text = (f"{_label(kb, u['subdomain'])} rose from {_name(kb, u['from_phase'])} to {_name(kb, u['to_phase'])} "
            "without a planned step")
    if u["partly_planned"]:
        text += ", beyond the phase the plan aimed at"
    elif u["deferred"]:
        text += " (the plan had deferred its step beyond its horizon)"
    return text + "."


def _plan(p: dict, data: dict, kb: KnowledgeBase) -> PlanFollowUp:
    n, steps = p["counts"], p["steps"]
    total = len(steps)
    parts = [f"{number_words(n['achieved'])} achieved", f"{number_words(n['slipped'])} slipped",
             f"{number_words(n['not-yet-due'])} not yet due"]
    if n["not-rated"]:
        parts.append(f"{number_words(n['not-rated'])} not rated in the later assessment")
    td, ov = p["to_date"], p["overall"]
    to_date = (f"Progress to date: of the {count(td['due'], 'step')} due by {date(data['new']['as_of'])}, "
               f"{number_words(td['achieved'])} {'was' if td['achieved'] == 1 else 'were'} achieved "
               f"({_percent(td['percent'])})." if td["due"] else
               f"Progress to date: no planned step was due by {date(data['new']['as_of'])}.")
    to_target = (f"Percentage to target: {_percent(ov['percent'])}, {number_words(ov['phases_gained'])} of the "
                 f"{count(ov['phases_planned'], 'phase')} planned to target gained, over "
                 f"{count(ov['subdomains'], 'subdomain')}." if ov["percent"] is not None else
                 "Percentage to target: no subdomain rated in both assessments had a phase to gain.")
    return PlanFollowUp(
        intro=(f"The plan made from the assessment of {date(p['plan_as_of'])}, over "
               f"{p['horizon_months']} months, followed up at {date(data['new']['as_of'])}."),
        steps_summary=capital(f"{count(total, 'planned phase step')}: {listing(parts)}."),
        to_date=to_date, to_target=to_target, due_rule=p["due_rule"], percent_rule=p["percent_rule"],
        steps=tuple(_step(s, kb) for s in steps),
        unplanned=tuple(_unplanned(u, kb) for u in p["unplanned"]),
        targets=tuple(TargetRow(_label(kb, t["subdomain"]), phase_words(kb, t["old_phase"]),
                                phase_words(kb, t["target"]), phase_words(kb, t["new_phase"]), t["planned"],
                                t["gained"], _percent(t["percent"])) for t in p["targets"]),
    )


# --- trajectories (a portfolio's countries assessed more than once) ----------------------------------------------

@dataclass(frozen=True)
class Leg:
    """From one assessment of a country to its next."""

    span: str                          # "30 June 2026 to 30 June 2028 (24 months)"
    files: str                         # "beremia-conflict.yaml to beremia-conflict-2028.yaml"
    counts: str                        # "Six subdomains up, twelve unchanged, one down."
    moved_up: str                      # "Up: 1.1 System understanding (System Enhancement to ...)", or ""
    fell_back: str                     # "Fell back: 6.4 Community mechanisms (...)", or ""
    context: str                       # "Context added: ...; removed: ...", or ""


@dataclass(frozen=True)
class Trajectory:
    country: str
    summary: str                       # "Assessed 2 times, from 30 June 2026 to 30 June 2028."
    legs: tuple[Leg, ...]
    regressions: str                   # a sentence naming every subdomain that fell back, or ""


def _moves(kb: KnowledgeBase | None, moves: Sequence[dict]) -> str:
    return "; ".join(f"{_label(kb, m['subdomain'])} ({_name(kb, m['from_phase'])} to {_name(kb, m['to_phase'])})"
                     for m in moves)


def _context_title(kb: KnowledgeBase | None, cid: str) -> str:
    return kb.contexts[cid].title if kb is not None and cid in kb.contexts else cid


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] or path


def _leg(leg: dict, kb: KnowledgeBase | None) -> Leg:
    months = leg["months"]
    ctx = []
    if leg["context_added"]:
        ctx.append("added " + listing(_context_title(kb, c) for c in leg["context_added"]))
    if leg["context_removed"]:
        ctx.append("removed " + listing(_context_title(kb, c) for c in leg["context_removed"]))
    return Leg(
        span=f"{date(leg['from']['as_of'])} to {date(leg['to']['as_of'])} ({months} month{'s' if months != 1 else ''})",
        files=f"{_file_name(leg['from']['file'])} to {_file_name(leg['to']['file'])}",
        counts=_counts(leg),
        moved_up=f"Up: {_moves(kb, leg['up'])}." if leg["up"] else "",
        fell_back=f"Fell back: {_moves(kb, leg['down'])}." if leg["down"] else "",
        context=f"Context: {'; '.join(ctx)}." if ctx else "",
    )


def trajectory_view(data: dict, kb: KnowledgeBase | None) -> tuple[Trajectory, ...]:
    """The `trajectories` of a portfolio's data (`cpss_advisor.analysis.progress.trajectories`) in words."""
    out = []
    for t in data.get("trajectories") or ():
        points = t["points"]
        fell = listing(_label(kb, s) for s in t["regressions"])
        out.append(Trajectory(
            country=t["country"],
            summary=f"Assessed {len(points)} times, from {date(points[0]['as_of'])} to {date(points[-1]['as_of'])}.",
            legs=tuple(_leg(leg, kb) for leg in t["legs"]),
            regressions=(f"Fell back at least once: {fell}. Shocks and humanitarian situations can set subdomains "
                         "back; each fall is a finding to explain." if fell else ""),
        ))
    return tuple(out)


__all__: Sequence[str] = ["Comparison", "comparison_view", "phase_words", "Trajectory", "trajectory_view"]
