"""What-if reports for people (`cpss whatif`), from the data of `cpss_advisor.analysis.whatif` (sensitivity and
robustness: `robustness_text`), in the language of the knowledge base given (English without one)."""

from __future__ import annotations

from ..core.escape import terminal
from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from .text_table import wrap

#: the comparison's codes in words (translated where used): how a step changed, how a rule's firing changed, and
#: the one note it writes
CODES = {"added": N_("added"), "brought forward from deferred": N_("brought forward from deferred"),
         "moved": N_("moved"), "rank": N_("rank"), "score": N_("score"), "reasons": N_("reasons"),
         "removed": N_("removed"), "deferred": N_("deferred"), "added as deferred": N_("added as deferred"),
         "removed from deferred": N_("removed from deferred"),
         "no longer fires": N_("no longer fires"), "now fires": N_("now fires"),
         "fires on different facts": N_("fires on different facts"),
         "no rule changed for this step: steps around it came, went or moved":
             N_("no rule changed for this step: steps around it came, went or moved")}


def render_whatif(report: dict, kb: KnowledgeBase | None = None) -> str:
    tr = translator(kb.language if kb is not None else SOURCE_LANGUAGE)
    _ = tr.gettext

    def word(code: str) -> str:
        return _(CODES[code]) if code in CODES else code

    none = _("none")
    out = [_("What-if for {country} (assessment as of {date})").format(country=terminal(report["country"]),
                                                                      date=report["as_of"]),
           _("Base plan, steps starting in the first period: {steps}").format(
               steps=", ".join(report["base_first_wave"]) or none)]
    if not report["scenarios"]:
        out.append("")
        out.append(_("No scenario given: the plan is unchanged. Use --set, --context, --shock or --scenarios."))
    for s in report["scenarios"]:
        out.append("")
        name = s["scenario"]["name"]
        out.append(_("Scenario '{name}': {applied}").format(
            name=terminal(_(name) if name == COMMAND_LINE else name), applied=terminal(_applied(s["scenario"], _))))
        d = s["difference"]
        if s["unchanged"]:
            out.append("  " + _("The plan does not change."))
            continue
        out.append("  " + _("Steps starting in the first period: {steps}").format(steps=", ".join(s["first_wave"]) or none))
        for c in d["changes"]:
            out.append("  " + _("{step} {change}: {before} -> {after}").format(
                step=c["step"], change=word(c["change"]), before=_where(c["base"], tr), after=_where(c["scenario"], tr)))
            rules = "; ".join(f"{r['rule']} {word(r['change'])}" for r in c["rules_changed"])
            out.append(wrap(_("rules: {rules}").format(rules=rules) if rules else word(c["note"]), indent="      ",
                            hang="  "))
        for key, label in (("advice_added", N_("new advice")), ("advice_removed", N_("advice no longer given")),
                           ("warnings_added", N_("new warning")), ("warnings_removed", N_("warning gone"))):
            for text in d[key]:
                out.append(wrap(_("{label}: {text}").format(label=_(label), text=text), indent="  ", hang="  "))
    return "\n".join(out) + "\n"


#: the name of the scenario the command line's --set, --context and --shock make (`analysis.scenario`)
COMMAND_LINE = N_("command line")


def _applied(scenario: dict, _) -> str:
    """What a scenario changes, in the report's language (as `Scenario.describe` says it in English)."""
    parts = [_("shock {id}").format(id=s) for s in scenario["shocks"]]
    parts += [_("{subdomain} set to {phase}").format(subdomain=sid, phase=phase)
              for sid, phase in scenario["set"].items()]
    parts += [f"+{c}" for c in scenario["add"]] + [f"-{c}" for c in scenario["remove"]]
    return "; ".join(parts) or _("no change")


def _where(w: dict | None, tr) -> str:
    _ = tr.gettext
    if w is None:
        return _("not in the plan")
    if w["status"] == "planned":
        return _("month {month}, rank {rank}, score {score}").format(month=w["start_month"], rank=w["rank"],
                                                                     score=f"{w['score']:g}")
    return _("deferred, score {score}").format(score=f"{w['score']:g}")
