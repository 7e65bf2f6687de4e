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
    """The explanation (from `explain_step` or `explain_plan`) as text for a person, in its language: the
    record's, which the data names (its sentences are in that language), else `language`, else the knowledge
    base's."""
    tr = translator(data.get("language") or language or (kb.language if kb is not None else "en"))
    _ = tr.gettext
    out = [_("{country} (assessment as of {date}; {input}, recorded {created}; {setting}, {horizon}, capacity "
             "{capacity})").format(
        country=terminal(data["country"]), date=terminal(data["as_of"]), input=terminal(data["input"]),
        created=terminal(data["created"]), setting=data["setting"].lower(),
        horizon=tr.ngettext("horizon {n} year", "horizon {n} years", data["horizon_years"]).format(
            n=data["horizon_years"]), capacity=data["capacity"]), ""]
    if data["kind"] == "plan":
        out.append(_("The plan, step by step"))
        if not data["steps"]:
            out.append("  " + _("No steps: every rated subdomain is at its target (or at Maturity)."))
        for s in data["steps"]:
            out += ["", wrap(s["text"], indent="", hang="   ")]
        if data["deferred"]:
            out += ["", _("Deferred ({n})").format(n=len(data["deferred"]))]
            out += [wrap(f"- {d['text']}", indent="  ", hang="  ") for d in data["deferred"]]
        return "\n".join(out) + "\n"
    step = data["step"]
    if data["kind"] == "deferred":
        out.append(_("{step}: deferred").format(step=terminal(step["label"])))
        sections = [(_("Why deferred"), data["why_deferred"]), (_("What would change it"), data["what_would_change_it"])]
    else:
        score = _(", score {score}").format(score=number(step["score"])) if step["kind"] in ("climb", "restore") else ""
        out.append(_("{step}  (rank {rank}, months {months}, {track} track{score})").format(
            step=terminal(step["label"]), rank=step["rank"], months=f"{step['start_month']}-{step['end_month']}",
            track=_(_TRACKS.get(step["track"], step["track"])), score=score))
        sections = [(_("Why this step"), data["why_this_step"]), (_("Why now"), data["why_now"]),
                    (_("Why not earlier"), data["why_not_earlier"]),
                    (_("What would change it"), data["what_would_change_it"])]
    for title, section in sections:
        out += ["", _(title)]
        for sentence in section["text"]:
            first, *criteria = sentence.split("\n")
            out.append(wrap(f"- {first}", indent="  ", hang="  "))
            out += [wrap(c, indent="    ", hang="  ") for c in criteria]
    return "\n".join(out) + "\n"


#: the tracks a step runs on
_TRACKS = {"system": N_("system"), "response": N_("response")}
