"""What-if, sensitivity and robustness reports for people (`cpss whatif`, `cpss sensitivity`, `cpss robustness`),
from the data of `cpss_advisor.analysis.whatif` and `cpss_advisor.analysis.robustness`."""

from __future__ import annotations

from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from .text_table import table, wrap


def render_whatif(report: dict, kb: KnowledgeBase | None = None) -> str:
    out = [f"What-if for {terminal(report['country'])} (assessment as of {report['as_of']})",
           f"Base plan, steps starting in the first period: {', '.join(report['base_first_wave']) or 'none'}"]
    if not report["scenarios"]:
        out.append("")
        out.append("No scenario given: the plan is unchanged. Use --set, --context, --shock or --scenarios.")
    for s in report["scenarios"]:
        out.append("")
        out.append(f"Scenario '{terminal(s['scenario']['name'])}': {terminal(s['applied'])}")
        d = s["difference"]
        if s["unchanged"]:
            out.append("  The plan does not change.")
            continue
        out.append(f"  Steps starting in the first period: {', '.join(s['first_wave']) or 'none'}")
        for c in d["changes"]:
            out.append(f"  {c['step']} {c['change']}: {_where(c['base'])} -> {_where(c['scenario'])}")
            rules = "; ".join(f"{r['rule']} {r['change']}" for r in c["rules_changed"])
            out.append(wrap(f"rules: {rules}" if rules else c["note"], indent="      ", hang="  "))
        for key, label in (("advice_added", "new advice"), ("advice_removed", "advice no longer given"),
                           ("warnings_added", "new warning"), ("warnings_removed", "warning gone")):
            for text in d[key]:
                out.append(wrap(f"{label}: {text}", indent="  ", hang="  "))
    return "\n".join(out) + "\n"


def _where(w: dict | None) -> str:
    if w is None:
        return "not in the plan"
    if w["status"] == "planned":
        return f"month {w['start_month']}, rank {w['rank']}, score {w['score']:g}"
    return f"deferred, score {w['score']:g}"


def render_sensitivity(report: dict, kb: KnowledgeBase | None = None) -> str:
    out = [f"Sensitivity of the plan for {terminal(report['country'])} to one-phase changes in single ratings",
           f"Base first wave: {', '.join(report['base_first_wave']) or 'none'}; "
           f"top {report['top']}: {', '.join(report['base_top']) or 'none'}", ""]
    rows = [[f"{r['subdomain']} {r['from']}->{r['to']}", ", ".join(r["first_wave_added"]) or "-",
             ", ".join(r["first_wave_removed"]) or "-", "yes" if r["alters_top"] else "no"]
            for r in report["changes"]]
    out.append(table(["rating change", "enters first wave", "leaves first wave", f"top {report['top']} changes"], rows))
    out.append("")
    if report["alter_first_wave"]:
        out.append(wrap(f"{len(report['alter_first_wave'])} single change(s) would alter the first wave: "
                        + ", ".join(report["alter_first_wave"]) + ". Check the evidence for these ratings first."))
    else:
        out.append("No single one-phase change alters the first wave.")
    return "\n".join(out) + "\n"


def render_robustness(report: dict, kb: KnowledgeBase | None = None) -> str:
    out = [f"Robustness of the plan for {terminal(report['country'])}: {report['samples']} samples "
           f"(seed {report['seed']})",
           "Ratings vary by confidence: high never, medium or unstated one phase off in 25% of samples, low in 50%.",
           ""]
    rows = [[s["rank"], s["id"], s["wave"], f"{s['first_wave_share']:.0%}", f"{s['plan_share']:.0%}"]
            for s in report["steps"]]
    out.append(table(["rank", "step", "wave", "in first wave", "in plan"], rows))
    if report["other_steps"]:
        out.append("")
        out.append("Steps not in the base plan that appear in at least 10% of samples: "
                   + ", ".join(f"{o['id']} ({o['plan_share']:.0%})" for o in report["other_steps"]))
    return "\n".join(out) + "\n"
