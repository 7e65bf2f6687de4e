"""The questionnaire's ratings for people (`cpss assess`): a table of the phases found, the subdomains left
unrated, and with `--explain` the answers behind each phase."""

from __future__ import annotations

from ..core.escape import terminal
from ..core.i18n import N_, translator
from ..kb.knowledge_base import KnowledgeBase
from .text_table import table


def render_ratings(view: dict, kb: KnowledgeBase) -> str:
    t = translator(getattr(kb, "language", "en"))
    _ = t.gettext
    rows = [[kb.subdomains[r["subdomain"]].label, f"{r['phase']} {kb.phases[r['phase']].name}",
             _confidence(t, r["confidence"]), len(r["contradicting"]) or "-"] for r in view["ratings"]]
    out = [table([_("subdomain"), _("phase"), _("confidence"), _("answers pointing higher")], rows)]
    if view["unrated"]:
        out.append(_("unrated (no answer other than unknown): %(ids)s") % {"ids": ", ".join(view["unrated"])})
    if view["explained"]:
        for r in view["ratings"]:
            out += ["", *_explained(r, kb, t)]
    return "\n".join(out) + "\n"


#: a rating's confidence, as its own word (low, medium, high)
_CONFIDENCE = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


def _confidence(t, value: str) -> str:
    return t.gettext(_CONFIDENCE[value]) if value in _CONFIDENCE else value


def _explained(r: dict, kb: KnowledgeBase, t) -> list[str]:
    _ = t.gettext
    out = [_("%(subdomain)s: phase %(phase)s (%(confidence)s confidence)") % {
        "subdomain": terminal(kb.subdomains[r["subdomain"]].label), "phase": r["phase"],
        "confidence": _confidence(t, r["confidence"])}]
    for p in r["phases"]:
        if p["average"] is None:
            state = _("no answer")
        else:
            state = (_("average %(average)s, met") if p["met"] else _("average %(average)s, not met")) % {
                "average": f"{p['average']:.2f}"}
        out.append("  " + _("phase %(phase)s: %(answered)s of %(questions)s answered, %(state)s") % {
            "phase": p["phase"], "answered": p["answered"], "questions": p["questions"], "state": state})
    if r["stopped_at"]:
        out.append("  " + _("stopped at phase %(phase)s: %(why)s") % {"phase": r["stopped_at"],
                                                                     "why": r["stopped_because"]})
    answers = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no"), "unknown": N_("unknown")}

    def listed(xs):
        return ", ".join(f"{x['question']} ({_(answers.get(x['answer'], x['answer']))})" for x in xs)

    if r["contradicting"]:
        out.append("  " + _("pointing higher: %(answers)s") % {"answers": listed(r["contradicting"])})
    for c in r["conflicts"]:
        out.append("  " + _("answers to phase %(phase)s disagree: %(answers)s") % {
            "phase": c["phase"], "answers": listed(c["answers"])})
    return out
