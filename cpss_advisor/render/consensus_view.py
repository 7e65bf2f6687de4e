"""The consensus in the words of a workshop: the content of its text, Markdown, page and workbook.

Built once from the consensus (`cpss_advisor.analysis.consensus.Consensus`, or its JSON data) and the knowledge
base: the participants, a summary (how many subdomains they agree on, which disagreements change the plan and which
do not), the table of every participant's phase per subdomain, then each disagreement with each participant's
phase and evidence, the phase the comparison held it at and what each rating would change in the plan; the
decisions taken so far, the assumption of the comparison, where the files differ beyond the ratings, and the files
read. Everything is text in words (subdomains by number and title, phases by name); each format escapes it where it
writes it. Checksums are kept apart (`ConsensusView.checksums`) for the workbook's provenance sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.text import number
from ..kb.knowledge_base import KnowledgeBase
from .brief_words import Words, capital, count, date, listing, sentence

DASH = "\u2013"


@dataclass(frozen=True)
class Row:
    subdomain: str                     # "3.3 Case management and referral"
    phases: tuple[int | None, ...]     # in the order of the participants
    agree: bool
    changes_plan: bool

    @property
    def status(self) -> str:
        if self.agree:
            return "agree"
        return "disagree: changes the plan" if self.changes_plan else "disagree: plan unchanged"


@dataclass(frozen=True)
class Disagreement:
    subdomain: str
    ratings: tuple[tuple[str, str, str], ...]  # (participant, phase in words, evidence or "")
    held: str                                  # "System Building (the median, rounded down)"
    changes_plan: bool
    changes: tuple[str, ...]                   # one sentence per other rating
    decided: str | None                        # "System Enhancement, agreed by A and B: evidence."


@dataclass(frozen=True)
class ConsensusView:
    title: str
    participants: tuple[str, ...]
    summary: str
    legend: tuple[tuple[int, str], ...]
    rows: tuple[Row, ...]
    disagreements: tuple[Disagreement, ...]
    assumption: str
    other_differences: tuple[str, ...]
    files: tuple[tuple[str, str], ...]       # (participant, file)
    checksums: tuple[tuple[str, str], ...]   # (file, sha256)
    tool: str


def _data(c: Any) -> dict:
    return c.as_dict() if hasattr(c, "as_dict") else c


def _held(words: Words, s: dict) -> str:
    why = {"agreed": "as agreed", "unanimous": "as everyone rates it",
           "median": "the median of the ratings, rounded down"}.get(s["held_because"], "")
    return f"{words.phase(s['held'])} ({why})" if s["held"] is not None else "not rated"


def consensus_view(c: Any, kb: KnowledgeBase) -> ConsensusView:
    d, words = _data(c), Words(kb)
    names = tuple(d["participants"])
    rows, disputed = [], []
    for s in d["subdomains"]:
        label = words.subdomain(s["subdomain"])
        rows.append(Row(label, tuple(s["ratings"].get(n) for n in names), s["agree"], s["changes_plan"]))
        if s["agree"]:
            continue
        dec = d["decided"].get(s["subdomain"])
        decided = (sentence(f"{words.phase(dec['phase'])}, agreed by {listing(dec.get('agreed_by', []))}"
                            + (f": {dec['evidence']}" if dec.get("evidence") else "")) if dec is not None else None)
        disputed.append(Disagreement(
            label, tuple((n, words.phase(s["ratings"][n]) if s["ratings"].get(n) is not None else "not rated",
                          s["evidence"].get(n, "")) for n in names),
            _held(words, s), s["changes_plan"], tuple(a["words"] for a in s["alternatives"]), decided))
    return ConsensusView(
        title=f"Consensus on the ratings of {d['country']} ({date(d['as_of'])})",
        participants=names, summary=_summary(d, words), legend=tuple((n, words.phase(n)) for n in sorted(kb.phases)),
        rows=tuple(rows), disagreements=tuple(disputed), assumption=d["assumption"],
        other_differences=tuple(d["other_differences"]),
        files=tuple((f["participant"], f["file"]) for f in d["files"]),
        checksums=tuple((f["file"], f["sha256"]) for f in d["files"]),
        tool=f"cpss-advisor {d['provenance'].get('tool_version', '')}".strip())


def _summary(d: dict, words: Words) -> str:
    rated = [s for s in d["subdomains"] if s["held"] is not None or not s["agree"]]
    disputed = [s for s in d["subdomains"] if not s["agree"]]
    change = [words.subdomain(s["subdomain"]) for s in disputed if s["changes_plan"]]
    keep = [words.subdomain(s["subdomain"]) for s in disputed if not s["changes_plan"]]
    head = (f"{capital(count(len(d['participants']), 'participant'))} ({listing(d['participants'])}) rated "
            f"{count(len(rated), 'subdomain')}. ")
    if not disputed:
        return head + "They agree on every one."
    head += f"They agree on {number(len(rated) - len(disputed))} and disagree on {number(len(disputed))}. "
    parts = []
    if change:
        parts.append(f"{'This disagreement changes' if len(change) == 1 else 'These disagreements change'} the "
                     f"plan: {listing(change)}.")
    if keep:
        parts.append(f"{'This one does' if len(keep) == 1 else 'These do'} not change which steps start when: "
                     f"{listing(keep)}.")
    return head + " ".join(parts)


def phase_cell(n: int | None) -> str:
    return DASH if n is None else str(n)
