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

from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .brief_words import capital
from .report_words import Say

CHANGE_WORDS = {"unchanged": N_("unchanged"), "newly-rated": N_("rated only in the later assessment"),
                "no-longer-rated": N_("rated only in the earlier assessment"), "unrated": N_("rated in neither")}
STATUS_WORDS = {"achieved": N_("achieved"), "slipped": N_("slipped"), "not-yet-due": N_("not yet due"),
                "not-rated": N_("not rated in the later assessment")}


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
    language: str = "en"               # the language of its words


def phase_words(kb: KnowledgeBase, n: int | None) -> str:
    """"2 System Enhancement"; "not rated" for None."""
    if n is None:
        return Say(kb)._("not rated")
    return f"{n} {kb.phases[n].name}" if n in kb.phases else str(n)


def _name(kb: KnowledgeBase | None, n: int) -> str:
    return kb.phases[n].name if kb is not None and n in kb.phases else str(n)


def _label(kb: KnowledgeBase | None, sid: str) -> str:
    return kb.subdomains[sid].label if kb is not None and sid in kb.subdomains else sid


def _change_words(c: dict, say: Say) -> str:
    if c["change"] in ("up", "down"):
        n = abs(c["phases"])
        if c["change"] == "up":
            return say.ngettext("up %(n)s phase", "up %(n)s phases", n) % {"n": n}
        return say.ngettext("down %(n)s phase", "down %(n)s phases", n) % {"n": n}
    return say._(CHANGE_WORDS[c["change"]])


def _row(c: dict, kb: KnowledgeBase) -> ChangeRow:
    return ChangeRow(_label(kb, c["subdomain"]), phase_words(kb, c["old_phase"]), phase_words(kb, c["new_phase"]),
                     _change_words(c, Say(kb)), c["change"], c["old_evidence"], c["new_evidence"])


def _source_words(kb: KnowledgeBase, note: dict) -> str:
    src = note["source"]
    doc = kb.sources.get(src["seed"])
    if doc is None:
        return src["at"]
    year = f" ({doc.year})" if getattr(doc, "year", None) else ""
    return f"{doc.publisher}, {doc.title}{year}; {src['at']}"


def _context(data: dict, say: Say) -> tuple[str, ...]:
    _ = say._
    ctx = data["context"]
    added = say.listing(c["title"] for c in ctx["added"])
    removed = say.listing(c["title"] for c in ctx["removed"])
    kept = say.listing(c["title"] for c in ctx["kept"])
    out = []
    out.append(_("Added in the later assessment: %(contexts)s.") % {"contexts": added} if added
               else _("No context was added."))
    out.append(_("No longer given: %(contexts)s.") % {"contexts": removed} if removed
               else _("No context was removed."))
    if kept:
        out.append(_("In both: %(contexts)s.") % {"contexts": kept})
    return tuple(out)


def _counts(data: dict, say: Say) -> str:
    n = data["counts"]
    text = say._("%(up)s up, %(unchanged)s unchanged, %(down)s down") % {
        "up": say.ngettext("%(n)s subdomain", "%(n)s subdomains", n["up"]) % {"n": say.words(n["up"])},
        "unchanged": number_words(n["unchanged"], say), "down": number_words(n["down"], say)}
    if n["not_compared"]:
        text += "; " + say.ngettext("%(n)s subdomain not rated in both, so not compared",
                                    "%(n)s subdomains not rated in both, so not compared", n["not_compared"]) % {
            "n": say.words(n["not_compared"])}
    return capital(text) + "."


def number_words(n: int, say: Say | None = None) -> str:
    """"none", "one", ... "twelve", then digits (French: digits)."""
    return (say or Say()).words(n, zero="none")


def _lead(data: dict, say: Say) -> str:
    old, new, months = data["old"], data["new"], data["months"]
    span = (say.ngettext("%(n)s month apart", "%(n)s months apart", months) % {"n": months} if months >= 0
            else say._("the later one dated first"))
    return say._("The assessment of %(old_date)s (%(old_file)s) against the assessment of %(new_date)s "
                 "(%(new_file)s), %(span)s.") % {"old_date": say.date(old["as_of"]), "old_file": old["file"],
                                                 "new_date": say.date(new["as_of"]), "new_file": new["file"],
                                                 "span": span}


def comparison_view(data: dict, kb: KnowledgeBase) -> Comparison:
    """The comparison's data (`cpss_advisor.analysis.progress.compare`) in words, for every format."""
    say = Say(kb)
    _ = say._
    rows = tuple(_row(c, kb) for c in data["subdomains"])
    note = data.get("setback_note")
    prov = data["provenance"]
    return Comparison(
        title=_("Progress in %(country)s: %(old)s to %(new)s") % {
            "country": data["country"], "old": say.date(data["old"]["as_of"]), "new": say.date(data["new"]["as_of"])},
        lead=_lead(data, say),
        counts=_counts(data, say),
        warnings=tuple(w["text"] for w in data["warnings"]),
        rows=rows,
        regressions=tuple(r for r in rows if r.kind == "down"),
        moved=tuple(r for r in rows if r.kind in ("up", "newly-rated", "no-longer-rated")),
        setback_note=_(note["text"]) if note else None,
        setback_source=_source_words(kb, note) if note else None,
        setback_cite=f"seed {note['source']['seed']}, line {note['source']['line']}" if note else None,
        context=_context(data, say),
        plan=_plan(data["plan"], data, kb) if data.get("plan") else None,
        tool=f"cpss-advisor {prov['tool_version']}",
        files=tuple(x["file"] for x in prov["inputs"]),
        checksums=(Checksum(_("Knowledge base"), prov["knowledge_sha256"]),
                   *(Checksum(x["file"], x["sha256"] or _("not readable")) for x in prov["inputs"])),
        language=say.language,
    )


def _step(s: dict, kb: KnowledgeBase, say: Say) -> StepRow:
    values = {"subdomain": _label(kb, s["subdomain"]), "from": _name(kb, s["from_phase"]),
              "to": _name(kb, s["to_phase"])}
    step = (say._("%(subdomain)s: %(from)s back to %(to)s") if s["kind"] == "restore"
            else say._("%(subdomain)s: %(from)s to %(to)s")) % values
    return StepRow(step, say._("%(date)s (month %(month)s)") % {"date": say.date(s["due"]), "month": s["end_month"]},
                   say._(STATUS_WORDS[s["status"]]), s["status"], phase_words(kb, s["new_phase"]))


def _percent(x: float | None, say: Say | None = None) -> str:
    say = say or Say()
    if x is None:
        return say._("not rated")
    return say.percent(x, 0 if float(x).is_integer() else 1)


def _unplanned(u: dict, kb: KnowledgeBase, say: Say) -> str:
    values = {"subdomain": _label(kb, u["subdomain"]), "from": _name(kb, u["from_phase"]),
              "to": _name(kb, u["to_phase"])}
    if u["partly_planned"]:
        return say._("%(subdomain)s rose from %(from)s to %(to)s without a planned step, beyond the phase the plan "
                     "aimed at.") % values
    if u["deferred"]:
        return say._("%(subdomain)s rose from %(from)s to %(to)s without a planned step (the plan had deferred its "
                     "step beyond its horizon).") % values
    return say._("%(subdomain)s rose from %(from)s to %(to)s without a planned step.") % values


def _plan(p: dict, data: dict, kb: KnowledgeBase) -> PlanFollowUp:
    say = Say(kb)
    _ = say._
    n, steps = p["counts"], p["steps"]
    total = len(steps)
    parts = [_("%(n)s achieved") % {"n": number_words(n["achieved"], say)},
             _("%(n)s slipped") % {"n": number_words(n["slipped"], say)},
             _("%(n)s not yet due") % {"n": number_words(n["not-yet-due"], say)}]
    if n["not-rated"]:
        parts.append(_("%(n)s not rated in the later assessment") % {"n": number_words(n["not-rated"], say)})
    td, ov = p["to_date"], p["overall"]
    new_date = say.date(data["new"]["as_of"])
    to_date = (say.ngettext(
        "Progress to date: of the %(steps)s due by %(date)s, %(n)s was achieved (%(percent)s).",
        "Progress to date: of the %(steps)s due by %(date)s, %(n)s were achieved (%(percent)s).", td["achieved"]) % {
            "steps": say.ngettext("%(n)s step", "%(n)s steps", td["due"]) % {"n": say.words(td["due"])},
            "date": new_date, "n": number_words(td["achieved"], say), "percent": _percent(td["percent"], say)}
        if td["due"] else _("Progress to date: no planned step was due by %(date)s.") % {"date": new_date})
    to_target = (_("Percentage to target: %(percent)s, %(gained)s of the %(phases)s planned to target gained, over "
                   "%(subdomains)s.") % {
        "percent": _percent(ov["percent"], say), "gained": number_words(ov["phases_gained"], say),
        "phases": say.ngettext("%(n)s phase", "%(n)s phases", ov["phases_planned"]) % {
            "n": say.words(ov["phases_planned"])},
        "subdomains": say.ngettext("%(n)s subdomain", "%(n)s subdomains", ov["subdomains"]) % {
            "n": say.words(ov["subdomains"])}} if ov["percent"] is not None else
        _("Percentage to target: no subdomain rated in both assessments had a phase to gain."))
    return PlanFollowUp(
        intro=_("The plan made from the assessment of %(date)s, over %(months)s months, followed up at "
                "%(new_date)s.") % {"date": say.date(p["plan_as_of"]), "months": p["horizon_months"],
                                    "new_date": new_date},
        steps_summary=capital(say.ngettext("%(n)s planned phase step: %(parts)s.",
                                           "%(n)s planned phase steps: %(parts)s.", total) % {
            "n": say.words(total), "parts": say.listing(parts)}),
        to_date=to_date, to_target=to_target, due_rule=_(p["due_rule"]), percent_rule=_(p["percent_rule"]),
        steps=tuple(_step(s, kb, say) for s in steps),
        unplanned=tuple(_unplanned(u, kb, say) for u in p["unplanned"]),
        targets=tuple(TargetRow(_label(kb, t["subdomain"]), phase_words(kb, t["old_phase"]),
                                phase_words(kb, t["target"]), phase_words(kb, t["new_phase"]), t["planned"],
                                t["gained"], _percent(t["percent"], say)) for t in p["targets"]),
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


def _moves(kb: KnowledgeBase | None, moves: Sequence[dict], say: Say) -> str:
    return "; ".join(say._("%(subdomain)s (%(from)s to %(to)s)") % {
        "subdomain": _label(kb, m["subdomain"]), "from": _name(kb, m["from_phase"]), "to": _name(kb, m["to_phase"])}
        for m in moves)


def _context_title(kb: KnowledgeBase | None, cid: str) -> str:
    return kb.contexts[cid].title if kb is not None and cid in kb.contexts else cid


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] or path


def _leg(leg: dict, kb: KnowledgeBase | None, say: Say) -> Leg:
    _ = say._
    months = leg["months"]
    ctx = []
    if leg["context_added"]:
        ctx.append(_("added %(contexts)s") % {
            "contexts": say.listing(_context_title(kb, c) for c in leg["context_added"])})
    if leg["context_removed"]:
        ctx.append(_("removed %(contexts)s") % {
            "contexts": say.listing(_context_title(kb, c) for c in leg["context_removed"])})
    return Leg(
        span=say.ngettext("%(from)s to %(to)s (%(n)s month)", "%(from)s to %(to)s (%(n)s months)", months) % {
            "from": say.date(leg["from"]["as_of"]), "to": say.date(leg["to"]["as_of"]), "n": months},
        files=_("%(from)s to %(to)s") % {"from": _file_name(leg["from"]["file"]), "to": _file_name(leg["to"]["file"])},
        counts=_counts(leg, say),
        moved_up=_("Up: %(moves)s.") % {"moves": _moves(kb, leg["up"], say)} if leg["up"] else "",
        fell_back=_("Fell back: %(moves)s.") % {"moves": _moves(kb, leg["down"], say)} if leg["down"] else "",
        context=_("Context: %(changes)s.") % {"changes": "; ".join(ctx)} if ctx else "",
    )


def trajectory_view(data: dict, kb: KnowledgeBase | None) -> tuple[Trajectory, ...]:
    """The `trajectories` of a portfolio's data (`cpss_advisor.analysis.progress.trajectories`) in words."""
    say = Say(kb)
    _ = say._
    out = []
    for t in data.get("trajectories") or ():
        points = t["points"]
        fell = say.listing(_label(kb, s) for s in t["regressions"])
        out.append(Trajectory(
            country=t["country"],
            summary=_("Assessed %(n)s times, from %(first)s to %(last)s.") % {
                "n": len(points), "first": say.date(points[0]["as_of"]), "last": say.date(points[-1]["as_of"])},
            legs=tuple(_leg(leg, kb, say) for leg in t["legs"]),
            regressions=(_("Fell back at least once: %(subdomains)s. Shocks and humanitarian situations can set "
                           "subdomains back; each fall is a finding to explain.") % {"subdomains": fell}
                         if fell else ""),
        ))
    return tuple(out)


__all__: Sequence[str] = ["Comparison", "comparison_view", "phase_words", "Trajectory", "trajectory_view"]
