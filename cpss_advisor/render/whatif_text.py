"""What-if reports for people (`cpss whatif`), from the data of `cpss_advisor.analysis.whatif` (sensitivity and
robustness: `robustness_text`)."""

from __future__ import annotations

from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from .text_table import wrap


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
