"""Decision records for people: the verification of a record against a fresh run (`cpss verify`) and the
explanation of its steps (`cpss explain`)."""

from __future__ import annotations

from ..audit.record import Verification
from ..core.escape import terminal
from ..core.i18n import N_, translator
from ..core.text import number
from ..kb.knowledge_base import KnowledgeBase
from .text_table import wrap


def render_verification(v: Verification, kb: KnowledgeBase | None = None) -> str:
    _ = translator(getattr(kb, "language", None) or "en").gettext
    if v.identical:
        return _("identical") + "\n"
    out = [_("differs: %(record)s is not what a fresh run makes") % {"record": terminal(v.record)}, "", _("Why")]
    out += [wrap(f"- {c['text']}", indent="  ", hang="  ") for c in v.causes]
    out += ["", _("Steps that differ (%(n)s)") % {"n": len({s["id"] for s in v.steps})}]
    out += [wrap(f"- {s['text']}", indent="  ", hang="  ") for s in v.steps] or ["  " + _("none")]
    if v.sections:
        out += ["", _("Also differs: %(sections)s") % {"sections": ", ".join(v.sections)}]
    return "\n".join(out) + "\n"


def render_explanation(data: dict, kb: KnowledgeBase | None = None, language: str | None = None) -> str:
    """The explanation (from `explain_step` or `explain_plan`) as text for a person; its headings in `language`
    (else the knowledge base's), the sentences as the record's explanation writes them."""
    t = translator(language or getattr(kb, "language", None) or "en")
    _ = t.gettext
    years = t.ngettext("%(n)s year", "%(n)s years", data["horizon_years"]) % {"n": data["horizon_years"]}
    out = [_("%(country)s (assessment as of %(date)s; %(input)s, recorded %(created)s; %(setting)s, horizon "
             "%(years)s, capacity %(capacity)s)") % {
               "country": terminal(data["country"]), "date": terminal(data["as_of"]), "input": terminal(data["input"]),
               "created": terminal(data["created"]), "setting": data["setting"].lower(), "years": years,
               "capacity": data["capacity"]}, ""]
    if data["kind"] == "plan":
        out.append(_("The plan, step by step"))
        if not data["steps"]:
            out.append("  " + _("No steps: every rated subdomain is at its target (or at Maturity)."))
        for s in data["steps"]:
            out += ["", wrap(s["text"], indent="", hang="   ")]
        if data["deferred"]:
            out += ["", _("Deferred (%(n)s)") % {"n": len(data["deferred"])}]
            out += [wrap(f"- {d['text']}", indent="  ", hang="  ") for d in data["deferred"]]
        return "\n".join(out) + "\n"
    step = data["step"]
    if data["kind"] == "deferred":
        out.append(_("%(step)s: deferred") % {"step": terminal(step["label"])})
        sections = [(N_("Why deferred"), data["why_deferred"]),
                    (N_("What would change it"), data["what_would_change_it"])]
    else:
        track = _(_TRACKS.get(step["track"], step["track"]))
        args = {"step": terminal(step["label"]), "rank": step["rank"], "start": step["start_month"],
                "end": step["end_month"], "track": track}
        if step["kind"] in ("climb", "restore"):
            line = _("%(step)s  (rank %(rank)s, months %(start)s-%(end)s, %(track)s track, score %(score)s)")
            args["score"] = number(step["score"])
        else:
            line = _("%(step)s  (rank %(rank)s, months %(start)s-%(end)s, %(track)s track)")
        out.append(line % args)
        sections = [(N_("Why this step"), data["why_this_step"]), (N_("Why now"), data["why_now"]),
                    (N_("Why not earlier"), data["why_not_earlier"]),
                    (N_("What would change it"), data["what_would_change_it"])]
    for title, section in sections:
        out += ["", _(title)]
        for sentence in section["text"]:
            first, *criteria = sentence.split("\n")
            out.append(wrap(f"- {first}", indent="  ", hang="  "))
            out += [wrap(c, indent="    ", hang="  ") for c in criteria]
    return "\n".join(out) + "\n"


#: the tracks a step runs on
_TRACKS = {"system": N_("system"), "response": N_("response")}
