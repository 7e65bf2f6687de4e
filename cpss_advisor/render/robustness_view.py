"""Robustness and sensitivity reports in words: the sentences and tables that text, Markdown and HTML all show.

The data comes from `cpss_advisor.analysis.robustness` and `cpss_advisor.analysis.sensitivity`; this module names
every step by its subdomain and phase ("3.3 Case management and referral reaching System Enhancement"), states the
perturbation model and the robustness threshold in every format, and says which rating to verify first. Cells are
plain strings: each format escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.knowledge_base import KnowledgeBase
from .brief_words import Words, count


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


def pct(x: float) -> str:
    return f"{x:.0%}"


def _share_words(off: dict) -> str:
    return (f"a rating given with high confidence is taken as it is; with medium confidence, or none stated, it is "
            f"one phase off in {pct(off['medium'])} of the samples; with low confidence in {pct(off['low'])}")


def assumption(report: dict) -> str:
    p = report["perturbation"]
    return (f"Assumption (the project's, not the sources'): {_share_words(p['off_by_one'])}, up or down equally "
            f"likely (at phase 1 or 4, inward), each rating independently of the others. {p['reason']}")


def threshold(report: dict, cases: str = "of the samples in which it is still to be done") -> str:
    rule = report["robustness_rule"]
    return (f"A step counts as robust when it keeps its place (the first period for a step planned there, the plan "
            f"for the others) in at least {pct(rule['share'])} {cases}. {rule['reason']}")


def robustness_view(report: dict, kb: KnowledgeBase) -> View:
    w = Words(kb)
    n = report["samples"]
    milestones = report["milestones"]
    findings = [_verify_sentence(report, w)]
    if milestones:
        m = milestones[0]
        findings.append(f"The plan's first step, {w.reaching(m['subdomain'], m['phase'])}, comes first in "
                        f"{pct(m['ranked_first'])} of the samples.")
    ties = report["ties"]
    if ties["share"] == 0:
        findings.append("The first two steps never have the same score in these samples.")
    else:
        findings.append(f"The first two steps have the same score in {pct(ties['share'])} of the samples, and their "
                        "order then comes from the stated tie rule"
                        + (" (as in the plan itself)." if ties["base"] else "."))
    fp = report["first_period"]
    findings.append(f"The first period holds the same steps as the plan's in {pct(fp['same'])} of the samples; on "
                    f"average {pct(fp['overlap'])} of the steps in either agree.")
    robust = [m for m in milestones if m["robust"]]
    findings.append(f"{count(len(robust), 'step').capitalize()} of {len(milestones)} keep their place in at least "
                    f"{pct(report['robustness_rule']['share'])} of the samples in which they are still to be done.")
    view = View(f"How sure is the plan for {report['country']}? {n} samples of the ratings (seed {report['seed']})",
                findings, [assumption(report), threshold(report) + " A step already reached in a sample (its "
                           "rating came out at or above that phase) is a question for its rating, not for the order "
                           "of the plan: see which rating to verify."])
    shown = milestones[:report["top"]]
    rows = [[str(m["rank"]), w.reaching(m["subdomain"], m["phase"]), str(m["wave"]), pct(m["in_plan"]),
             pct(m["in_first_period"]), pct(m["ranked_first"]), pct(m["already_reached"]),
             pct(m["kept_when_to_do"]), "yes" if m["robust"] else "no"] for m in shown]
    view.tables.append(("The steps of the plan", f"The first {count(len(shown), 'step')} of the plan: the share of "
                        "samples in which each is in the plan, starts in the first period, comes first, or is "
                        "already reached (its rating came out at or above that phase); and, among the samples in "
                        "which it is still to be done, the share in which it keeps its place.",
                        Table(["rank", "step", "period", "in plan", "in first period", "first", "already reached",
                               "keeps its place", "robust"], rows)))
    view.tables.append(("Which rating to verify", _verify_lead(report), _verify_table(report, w)))
    others = report["other_milestones"]
    if others:
        view.notes.append("Steps not in the plan that are in at least 10% of the samples' plans: "
                          + "; ".join(f"{w.reaching(o['subdomain'], o['phase'])} ({pct(o['in_plan'])})"
                                      for o in others) + ".")
    varying = [a for a in report["actions"] if a["in_plan"] < 1]
    if report["actions"]:
        view.notes.append(f"The {count(len(report['actions']), 'action')} beside the steps "
                          + ("are in every sample's plan." if not varying else "are in the samples' plans: "
                             + "; ".join(f"{w.step(a['id'])} ({pct(a['in_plan'])})" for a in varying) + "."))
    view.notes.append(f"{n} samples, {report['distinct_samples']} of them distinct; the same seed gives the same "
                      "samples and the same report.")
    return view


def _verify_sentence(report: dict, w: Words) -> str:
    v = report["verification"]
    if v["verify_first"] is None:
        if not v["ratings"]:
            return ("Every rating was given with high confidence: the samples do not vary, and no rating needs "
                    "checking first.")
        return ("No single rating, verified, makes the first period steadier in these samples: check the ratings "
                "given with low confidence as the evidence allows.")
    row = next(r for r in v["ratings"] if r["subdomain"] == v["verify_first"])
    sid = row["subdomain"]
    confidence = "no stated" if row["confidence"] == "unstated" else row["confidence"]
    stated = f"rated {w.phase(row['phase'])} with {confidence} confidence"
    text = (f"Verify the rating of {w.subdomain(sid)} first ({stated}): in the {row['samples_as_stated']} samples "
            f"where it came out as stated, the first period is the plan's in "
            f"{pct(row['same_first_period_as_stated'])} of them, against {pct(v['same_first_period'])} over all "
            f"samples and {pct(row['same_first_period_off'])} where it was off.")
    if not row["clear"]:
        text += " The difference is within what chance gives at this number of samples: more samples would tell."
    return text


def _verify_lead(report: dict) -> str:
    return ("For each rating that may be off: the share of samples whose first period holds the same steps as the "
            "plan's, among the samples where the rating came out as stated (as if verified) and where it did not. "
            "The rating whose verification raises that share most comes first. No further plans are made: the "
            "figures come from the same samples.")


def _verify_table(report: dict, w: Words) -> Table:
    rows = []
    for r in sorted(report["verification"]["ratings"], key=lambda r: -r["gain"]):
        rows.append([w.subdomain(r["subdomain"]), w.phase(r["phase"]), r["confidence"],
                     f"{r['samples_as_stated']} / {report['samples']}", pct(r["same_first_period_as_stated"]),
                     pct(r["same_first_period_off"]), _points(r["gain"])])
    return Table(["rating", "stated", "confidence", "samples as stated", "first period as planned, as stated",
                  "when off", "gain"], rows)


def _points(gain: float) -> str:
    points = round(gain * 100)
    return f"{points:+d} points" if points else "0 points"


def sensitivity_view(report: dict, kb: KnowledgeBase) -> View:
    w = Words(kb)
    changes = report["changes"]
    altering = [c for c in changes if c["alters_first_wave"]]
    findings = []
    if altering:
        findings.append(f"{count(len(altering), 'single change').capitalize()} of {len(changes)} alter the first "
                        "period: " + "; ".join(_change(c, w) for c in altering)
                        + ". Check the evidence for these ratings first.")
    else:
        findings.append("No single one-phase change alters the first period.")
    milestones = report["milestones"]
    robust = [m for m in milestones if m["robust"]]
    findings.append(f"{count(len(robust), 'step').capitalize()} of {len(milestones)} keep their place under at least "
                    f"{pct(report['robustness_rule']['share'])} of the single changes that do not reach them.")
    view = View(f"Sensitivity of the plan for {report['country']} to one-phase changes in single ratings", findings,
                ["Each rated subdomain is moved one phase up and one down, alone, and the plan made again. "
                 + threshold(report, "of the single changes that do not reach it themselves")])
    rows = [[str(m["rank"]), w.reaching(m["subdomain"], m["phase"]), str(m["wave"]), pct(m["kept"]),
             "yes" if m["robust"] else "no", _movers(m["moved_by"])] for m in milestones]
    view.tables.append(("The steps of the plan", "The share of single changes under which each step keeps its "
                        "place (leaving out a change of its own rating that reaches it), and the one-phase changes "
                        "(a rating up or down) that move it.",
                        Table(["rank", "step", "period", "keeps its place", "robust", "moved by"], rows)))
    rows = [[_change(c, w), _marks(c["first_period_added"], w), _marks(c["first_period_removed"], w),
             "yes" if c["alters_top"] else "no"] for c in changes]
    view.tables.append(("Each change", f"What each change does to the first period and to the top {report['top']}.",
                        Table(["rating change", "enters the first period", "leaves the first period",
                               f"top {report['top']} changes"], rows)))
    return view


def _change(c: dict, w: Words) -> str:
    if c["to"] > c["from"]:
        return w.climb(c["subdomain"], c["from"], c["to"])
    return f"{w.subdomain(c['subdomain'])}: {w.phase(c['from'])} down to {w.phase(c['to'])}"


def _movers(changes: list[dict]) -> str:
    """"1.1 up, 2.1 down": the benchmark's numbers of the ratings whose one-phase change moves a step."""
    return ", ".join(f"{c['subdomain']} {'up' if c['to'] > c['from'] else 'down'}" for c in changes) or "-"


def _marks(marks: list[dict], w: Words) -> str:
    return "; ".join(w.reaching(m["subdomain"], m["phase"]) for m in marks) or "-"
