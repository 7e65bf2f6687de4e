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

from ..analysis.consensus import alternative_words, assumption_words
from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .brief_words import Words, capital, sentence
from .report_words import Say

DASH = "\u2013"


@dataclass(frozen=True)
class Row:
    subdomain: str                     # "3.3 Case management and referral"
    phases: tuple[int | None, ...]     # in the order of the participants
    agree: bool
    changes_plan: bool
    status: str                        # "agree", "disagree: changes the plan", "disagree: plan unchanged"


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
    language: str = "en"                     # the language of its words


def _data(c: Any) -> dict:
    return c.as_dict() if hasattr(c, "as_dict") else c


#: why a disputed subdomain is held at its phase in the plan it is compared with
_WHY = {"agreed": N_("as agreed"), "unanimous": N_("as everyone rates it"),
        "median": N_("the median of the ratings, rounded down")}
_STATUS = (N_("agree"), N_("disagree: changes the plan"), N_("disagree: plan unchanged"))


def _held(words: Words, s: dict, say: Say) -> str:
    why = say._(_WHY[s["held_because"]]) if s["held_because"] in _WHY else ""
    return f"{words.phase(s['held'])} ({why})" if s["held"] is not None else say._("not rated")


def _status(s: dict, say: Say) -> str:
    return say._(_STATUS[0] if s["agree"] else _STATUS[1] if s["changes_plan"] else _STATUS[2])


def _changes(s: dict, kb: KnowledgeBase, say: Say) -> tuple[str, ...]:
    """What each other rating changes in the plan: the data's words, or made again in the report's language."""
    if say.english:
        return tuple(a["words"] for a in s["alternatives"])
    return tuple(alternative_words(kb, s["held"], {**a, "moved": [(m["step"], m["from_month"], m["to_month"])
                                                                for m in a["moved"]]}, say.language)
                 for a in s["alternatives"])


def consensus_view(c: Any, kb: KnowledgeBase) -> ConsensusView:
    d, words, say = _data(c), Words(kb), Say(kb)
    _ = say._
    names = tuple(d["participants"])
    rows, disputed = [], []
    for s in d["subdomains"]:
        label = words.subdomain(s["subdomain"])
        rows.append(Row(label, tuple(s["ratings"].get(n) for n in names), s["agree"], s["changes_plan"],
                        _status(s, say)))
        if s["agree"]:
            continue
        dec = d["decided"].get(s["subdomain"])
        decided = None
        if dec is not None:
            agreed = _("%(phase)s, agreed by %(who)s") % {"phase": words.phase(dec["phase"]),
                                                         "who": say.listing(dec.get("agreed_by", []))}
            decided = sentence(agreed + (f": {dec['evidence']}" if dec.get("evidence") else ""))
        disputed.append(Disagreement(
            label, tuple((n, words.phase(s["ratings"][n]) if s["ratings"].get(n) is not None else _("not rated"),
                          s["evidence"].get(n, "")) for n in names),
            _held(words, s, say), s["changes_plan"], _changes(s, kb, say), decided))
    return ConsensusView(
        title=_("Consensus on the ratings of %(country)s (%(date)s)") % {"country": d["country"],
                                                                        "date": say.date(d["as_of"])},
        participants=names, summary=_summary(d, words, say),
        legend=tuple((n, words.phase(n)) for n in sorted(kb.phases)),
        rows=tuple(rows), disagreements=tuple(disputed),
        assumption=d["assumption"] if say.english or not names else assumption_words(names[0], say.language),
        other_differences=tuple(d["other_differences"]),
        files=tuple((f["participant"], f["file"]) for f in d["files"]),
        checksums=tuple((f["file"], f["sha256"]) for f in d["files"]),
        tool=f"cpss-advisor {d['provenance'].get('tool_version', '')}".strip(), language=say.language)


def _summary(d: dict, words: Words, say: Say) -> str:
    rated = [s for s in d["subdomains"] if s["held"] is not None or not s["agree"]]
    disputed = [s for s in d["subdomains"] if not s["agree"]]
    change = [words.subdomain(s["subdomain"]) for s in disputed if s["changes_plan"]]
    keep = [words.subdomain(s["subdomain"]) for s in disputed if not s["changes_plan"]]
    n = len(d["participants"])
    head = capital(say.ngettext("%(n)s participant (%(names)s) rated %(subdomains)s.",
                                "%(n)s participants (%(names)s) rated %(subdomains)s.", n) % {
        "n": say.words(n), "names": say.listing(d["participants"]),
        "subdomains": say.ngettext("%(n)s subdomain", "%(n)s subdomains", len(rated)) % {
            "n": say.words(len(rated))}}) + " "
    if not disputed:
        return head + say._("They agree on every one.")
    head += say._("They agree on %(agree)s and disagree on %(disagree)s.") % {
        "agree": _number(len(rated) - len(disputed), say), "disagree": _number(len(disputed), say)} + " "
    parts = []
    if change:
        parts.append(say.ngettext("This disagreement changes the plan: %(subdomains)s.",
                                  "These disagreements change the plan: %(subdomains)s.", len(change)) % {
            "subdomains": say.listing(change)})
    if keep:
        parts.append(say.ngettext("This one does not change which steps start when: %(subdomains)s.",
                                  "These do not change which steps start when: %(subdomains)s.", len(keep)) % {
            "subdomains": say.listing(keep)})
    return head + " ".join(parts)


def _number(n: int, say: Say) -> str:
    """The digits, as the summary has always written the counts it compares."""
    return say.number(n)


def phase_cell(n: int | None) -> str:
    return DASH if n is None else str(n)
