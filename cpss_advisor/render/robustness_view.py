"""Robustness and sensitivity reports in words: the sentences and tables that text, Markdown and HTML all show.

The data comes from `cpss_advisor.analysis.robustness` and `cpss_advisor.analysis.sensitivity`; this module names
every step by its subdomain and phase ("3.3 Case management and referral reaching System Enhancement"), states the
perturbation model and the robustness threshold in every format, and says which rating to verify first. Cells are
plain strings: each format escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.i18n import N_, SOURCE_LANGUAGE
from ..kb.knowledge_base import KnowledgeBase
from .brief_words import Words, capital
from .report_words import Say


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class View:
    title: str
    #: the finding, first: which rating to verify, how steady the first period and the first step are
    findings: list[str]
    #: the stated assumptions: the perturbation model, the robustness threshold
    assumptions: list[str]
    #: (heading, lead sentence, table)
    tables: list[tuple[str, str, Table]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def pct(x: float, language: str = SOURCE_LANGUAGE) -> str:
    """"80%"; in French "80\u00a0%" (a non-breaking space before the sign)."""
    return Say(language=language).pct(x)


_Say = Say


def _share_words(off: dict, say: _Say) -> str:
    return say._("a rating given with high confidence is taken as it is; with medium confidence, or none stated, it "
                 "is one phase off in %(medium)s of the samples; with low confidence in %(low)s") % {
        "medium": say.pct(off["medium"]), "low": say.pct(off["low"])}


def assumption(report: dict, say: _Say) -> str:
    p = report["perturbation"]
    return say._("Assumption (the project's, not the sources'): %(shares)s, up or down equally likely (at phase 1 "
                 "or 4, inward), each rating independently of the others. %(reason)s") % {
        "shares": _share_words(p["off_by_one"], say), "reason": say._(p["reason"])}


def threshold(report: dict, say: _Say, sensitivity: bool = False) -> str:
    rule = report["robustness_rule"]
    if sensitivity:
        text = say._("A step counts as robust when it keeps its place (the first period for a step planned there, "
                     "the plan for the others) in at least %(share)s of the single changes that do not reach it "
                     "themselves. %(reason)s")
    else:
        text = say._("A step counts as robust when it keeps its place (the first period for a step planned there, "
                     "the plan for the others) in at least %(share)s of the samples in which it is still to be "
                     "done. %(reason)s")
    return text % {"share": say.pct(rule["share"]), "reason": say._(rule["reason"])}


def robustness_view(report: dict, kb: KnowledgeBase) -> View:
    w, say = Words(kb), _Say(kb)
    _ = say._
    n = report["samples"]
    milestones = report["milestones"]
    findings = [_verify_sentence(report, w, say)]
    if milestones:
        m = milestones[0]
        findings.append(_("The plan's first step, %(step)s, comes first in %(share)s of the samples.") % {
            "step": w.reaching(m["subdomain"], m["phase"]), "share": say.pct(m["ranked_first"])})
    ties = report["ties"]
    if ties["share"] == 0:
        findings.append(_("The first two steps never have the same score in these samples."))
    elif ties["base"]:
        findings.append(_("The first two steps have the same score in %(share)s of the samples, and their order then "
                          "comes from the stated tie rule (as in the plan itself).") % {
            "share": say.pct(ties["share"])})
    else:
        findings.append(_("The first two steps have the same score in %(share)s of the samples, and their order then "
                          "comes from the stated tie rule.") % {"share": say.pct(ties["share"])})
    fp = report["first_period"]
    findings.append(_("The first period holds the same steps as the plan's in %(same)s of the samples; on average "
                      "%(overlap)s of the steps in either agree.") % {"same": say.pct(fp["same"]),
                                                                      "overlap": say.pct(fp["overlap"])})
    robust = [m for m in milestones if m["robust"]]
    findings.append(capital(say.ngettext(
        "%(n)s step of %(total)s keeps its place in at least %(share)s of the samples in which it is still to be "
        "done.",
        "%(n)s steps of %(total)s keep their place in at least %(share)s of the samples in which they are still to "
        "be done.", len(robust)) % {"n": say.words(len(robust)), "total": len(milestones),
                                    "share": say.pct(report["robustness_rule"]["share"])}))
    view = View(_("How sure is the plan for %(country)s? %(n)s samples of the ratings (seed %(seed)s)") % {
                    "country": report["country"], "n": n, "seed": report["seed"]},
                findings, [assumption(report, say), threshold(report, say) + " " + _(
                    "A step already reached in a sample (its rating came out at or above that phase) is a question "
                    "for its rating, not for the order of the plan: see which rating to verify.")])
    shown = milestones[:report["top"]]
    rows = [[str(m["rank"]), w.reaching(m["subdomain"], m["phase"]), str(m["wave"]), say.pct(m["in_plan"]),
             say.pct(m["in_first_period"]), say.pct(m["ranked_first"]), say.pct(m["already_reached"]),
             say.pct(m["kept_when_to_do"]), say.yes(m["robust"])] for m in shown]
    view.tables.append((_("The steps of the plan"), _(
        "The first %(steps)s of the plan: the share of samples in which each is in the plan, starts in the first "
        "period, comes first, or is already reached (its rating came out at or above that phase); and, among the "
        "samples in which it is still to be done, the share in which it keeps its place.") % {
            "steps": say.ngettext("%(n)s step", "%(n)s steps", len(shown)) % {"n": say.words(len(shown))}},
        Table([_("rank"), _("step"), _("period"), _("in plan"), _("in first period"), _("first"),
               _("already reached"), _("keeps its place"), _("robust")], rows)))
    view.tables.append((_("Which rating to verify"), _verify_lead(say), _verify_table(report, w, say)))
    view.notes += _robustness_notes(report, w, say)
    return view


def _robustness_notes(report: dict, w: Words, say: _Say) -> list[str]:
    _ = say._
    notes = []
    others = report["other_milestones"]
    if others:
        notes.append(_("Steps not in the plan that are in at least 10%% of the samples' plans: %(steps)s.") % {
            "steps": "; ".join(f"{w.reaching(o['subdomain'], o['phase'])} ({say.pct(o['in_plan'])})"
                               for o in others)})
    varying = [a for a in report["actions"] if a["in_plan"] < 1]
    actions = report["actions"]
    if actions and not varying:
        notes.append(say.ngettext("The %(n)s action beside the steps is in every sample's plan.",
                                  "The %(n)s actions beside the steps are in every sample's plan.", len(actions))
                     % {"n": say.words(len(actions))})
    elif actions:
        notes.append(say.ngettext("The %(n)s action beside the steps is in the samples' plans: %(actions)s.",
                                  "The %(n)s actions beside the steps are in the samples' plans: %(actions)s.",
                                  len(actions)) % {
            "n": say.words(len(actions)),
            "actions": "; ".join(f"{w.step(a['id'])} ({say.pct(a['in_plan'])})" for a in varying)})
    notes.append(_("%(n)s samples, %(distinct)s of them distinct; the same seed gives the same samples and the same "
                   "report.") % {"n": report["samples"], "distinct": report["distinct_samples"]})
    return notes


def _verify_sentence(report: dict, w: Words, say: _Say) -> str:
    _ = say._
    v = report["verification"]
    if v["verify_first"] is None:
        if not v["ratings"]:
            return _("Every rating was given with high confidence: the samples do not vary, and no rating needs "
                     "checking first.")
        return _("No single rating, verified, makes the first period steadier in these samples: check the ratings "
                 "given with low confidence as the evidence allows.")
    row = next(r for r in v["ratings"] if r["subdomain"] == v["verify_first"])
    sid = row["subdomain"]
    text = _("Verify the rating of %(subdomain)s first (%(stated)s): in the %(n)s samples where it came out as "
             "stated, the first period is the plan's in %(as_stated)s of them, against %(overall)s over all samples "
             "and %(off)s where it was off.") % {
        "subdomain": w.subdomain(sid), "stated": _stated(row, w, say), "n": row["samples_as_stated"],
        "as_stated": say.pct(row["same_first_period_as_stated"]), "overall": say.pct(v["same_first_period"]),
        "off": say.pct(row["same_first_period_off"])}
    if not row["clear"]:
        text += " " + _("The difference is within what chance gives at this number of samples: more samples would "
                        "tell.")
    return text


#: "rated System Building with low confidence", by confidence
_STATED = {"high": N_("rated %(phase)s with high confidence"), "medium": N_("rated %(phase)s with medium confidence"),
           "low": N_("rated %(phase)s with low confidence"),
           "unstated": N_("rated %(phase)s with no stated confidence")}
#: a rating's confidence in the table
_CONFIDENCE = {"high": N_("high"), "medium": N_("medium"), "low": N_("low"), "unstated": N_("unstated")}


def _stated(row: dict, w: Words, say: _Say) -> str:
    template = _STATED.get(row["confidence"])
    if template is None:
        return f"rated {w.phase(row['phase'])} with {row['confidence']} confidence"
    return say._(template) % {"phase": w.phase(row["phase"])}


def _verify_lead(say: _Say) -> str:
    return say._("For each rating that may be off: the share of samples whose first period holds the same steps as "
                 "the plan's, among the samples where the rating came out as stated (as if verified) and where it "
                 "did not. The rating whose verification raises that share most comes first. No further plans are "
                 "made: the figures come from the same samples.")


def _verify_table(report: dict, w: Words, say: _Say) -> Table:
    _ = say._
    rows = []
    for r in sorted(report["verification"]["ratings"], key=lambda r: -r["gain"]):
        confidence = _(_CONFIDENCE[r["confidence"]]) if r["confidence"] in _CONFIDENCE else r["confidence"]
        rows.append([w.subdomain(r["subdomain"]), w.phase(r["phase"]), confidence,
                     f"{r['samples_as_stated']} / {report['samples']}", say.pct(r["same_first_period_as_stated"]),
                     say.pct(r["same_first_period_off"]), _points(r["gain"], say)])
    return Table([_("rating"), _("stated"), _("confidence"), _("samples as stated"),
                  _("first period as planned, as stated"), _("when off"), _("gain")], rows)


def _points(gain: float, say: _Say) -> str:
    points = round(gain * 100)
    if not points:
        return say._("0 points")
    return say.ngettext("%(points)s point", "%(points)s points", abs(points)) % {"points": f"{points:+d}"}


def sensitivity_view(report: dict, kb: KnowledgeBase) -> View:
    w, say = Words(kb), _Say(kb)
    _ = say._
    changes = report["changes"]
    altering = [c for c in changes if c["alters_first_wave"]]
    findings = []
    if altering:
        findings.append(capital(say.ngettext(
            "%(n)s single change of %(total)s alters the first period: %(changes)s. Check the evidence for this "
            "rating first.",
            "%(n)s single changes of %(total)s alter the first period: %(changes)s. Check the evidence for these "
            "ratings first.", len(altering)) % {"n": say.words(len(altering)), "total": len(changes),
                                                "changes": "; ".join(_change(c, w, say) for c in altering)}))
    else:
        findings.append(_("No single one-phase change alters the first period."))
    milestones = report["milestones"]
    robust = [m for m in milestones if m["robust"]]
    findings.append(capital(say.ngettext(
        "%(n)s step of %(total)s keeps its place under at least %(share)s of the single changes that do not reach it.",
        "%(n)s steps of %(total)s keep their place under at least %(share)s of the single changes that do not reach "
        "them.", len(robust)) % {"n": say.words(len(robust)), "total": len(milestones),
                                 "share": say.pct(report["robustness_rule"]["share"])}))
    view = View(_("Sensitivity of the plan for %(country)s to one-phase changes in single ratings") % {
                    "country": report["country"]}, findings,
                [_("Each rated subdomain is moved one phase up and one down, alone, and the plan made again.") + " "
                 + threshold(report, say, sensitivity=True)])
    rows = [[str(m["rank"]), w.reaching(m["subdomain"], m["phase"]), str(m["wave"]), say.pct(m["kept"]),
             say.yes(m["robust"]), _movers(m["moved_by"], say)] for m in milestones]
    view.tables.append((_("The steps of the plan"), _(
        "The share of single changes under which each step keeps its place (leaving out a change of its own rating "
        "that reaches it), and the one-phase changes (a rating up or down) that move it."),
        Table([_("rank"), _("step"), _("period"), _("keeps its place"), _("robust"), _("moved by")], rows)))
    rows = [[_change(c, w, say), _marks(c["first_period_added"], w), _marks(c["first_period_removed"], w),
             say.yes(c["alters_top"])] for c in changes]
    view.tables.append((_("Each change"), _("What each change does to the first period and to the top %(top)s.") % {
        "top": report["top"]}, Table([_("rating change"), _("enters the first period"), _("leaves the first period"),
                                      _("top %(top)s changes") % {"top": report["top"]}], rows)))
    return view


def _change(c: dict, w: Words, say: _Say) -> str:
    if c["to"] > c["from"]:
        return w.climb(c["subdomain"], c["from"], c["to"])
    return say._("%(subdomain)s: %(from)s down to %(to)s") % {
        "subdomain": w.subdomain(c["subdomain"]), "from": w.phase(c["from"]), "to": w.phase(c["to"])}


def _movers(changes: list[dict], say: _Say) -> str:
    """"1.1 up, 2.1 down": the benchmark's numbers of the ratings whose one-phase change moves a step."""
    return ", ".join(say._("%(subdomain)s up") % {"subdomain": c["subdomain"]} if c["to"] > c["from"]
                     else say._("%(subdomain)s down") % {"subdomain": c["subdomain"]} for c in changes) or "-"


def _marks(marks: list[dict], w: Words) -> str:
    return "; ".join(w.reaching(m["subdomain"], m["phase"]) for m in marks) or "-"
