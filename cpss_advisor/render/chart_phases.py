"""The chart of current against target phases: one row per subdomain, grouped by intermediate outcome.

Each rated subdomain has a solid bar up to its current phase, a hatched bar from there to its target and a diamond
at the target; the phases are named along the top (Building, Enhancement, Integration, Maturity). An unrated
subdomain says "not rated". The right-hand column says when the plan's steps for the subdomain run, or that its
step waits (deferred).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from . import chart_style as st
from .chart_figure import Chart
from ..core.i18n import gettext_for


@dataclass(frozen=True)
class PhaseRow:
    subdomain: str
    label: str
    current: int | None
    target: int | None
    #: when the plan's steps for the subdomain run ("months 0-12"), "deferred", or ""
    plan: str


@dataclass(frozen=True)
class OutcomeGroup:
    outcome: str
    title: str
    rows: tuple[PhaseRow, ...]


@dataclass(frozen=True)
class PhaseData:
    groups: tuple[OutcomeGroup, ...]
    phases: tuple[str, ...]  # the phase names, 1 to 4, as the axis shows them


# --- what the chart is drawn from --------------------------------------------------------------------------------

def phase_data(plan: Plan, kb: KnowledgeBase) -> PhaseData:
    ratings = {r.subdomain: r.phase for r in plan.ratings}
    targets = {t.subdomain: t.phase for t in plan.targets}
    steps: dict[str, list] = {}
    for r in plan.recommendations:
        if r.kind in ("climb", "restore"):
            steps.setdefault(r.subdomain, []).append(r)
    deferred = {d.subdomain for d in plan.deferred if d.kind in ("climb", "restore")}
    groups = []
    for oid in sorted(kb.outcomes, key=st.sid_key):
        rows = []
        for sid in sorted(kb.subdomains_of(oid), key=st.sid_key):
            now = ratings.get(sid)
            target = targets.get(sid, now) if now is not None else None
            mine = steps.get(sid, [])
            when = (f"months {st.months(min(r.start_month for r in mine), max(r.end_month for r in mine))}" if mine
                    else "deferred" if sid in deferred else "")
            rows.append(PhaseRow(sid, st.subdomain_label(kb, sid), now, target, when))
        groups.append(OutcomeGroup(oid, kb.outcomes[oid].title, tuple(rows)))
    return PhaseData(tuple(groups), tuple(kb.phase_short(p) for p in range(1, 5)))


def _description(data: PhaseData, kb: KnowledgeBase) -> str:
    _ = gettext_for(kb.language)
    rows = [r for g in data.groups for r in g.rows]
    rated = [r for r in rows if r.current is not None]
    parts = [_("For each of the %(subdomains)s subdomains, grouped by the %(outcomes)s intermediate outcomes, a "
               "solid bar shows the phase it has reached and a hatched bar the climb to its target phase; the "
               "phases are, in order, %(phases)s. %(rated)s of %(subdomains)s subdomains are rated.") % {
        "subdomains": len(rows), "outcomes": len(data.groups), "phases": ", ".join(data.phases),
        "rated": len(rated)}]
    for g in data.groups:
        says = []
        for r in g.rows:
            if r.current is None:
                says.append(_("%(subdomain)s: not rated") % {"subdomain": r.label})
                continue
            text = _("%(subdomain)s: now %(phase)s") % {"subdomain": r.label, "phase": st.phase_name(kb, r.current)}
            text += (_(", at its target") if r.target == r.current
                     else _(", target %(phase)s") % {"phase": st.phase_name(kb, r.target)})
            if r.plan == "deferred":
                text += _(" (its step is deferred)")
            elif r.plan:
                text += _(" (in the plan, %(months)s)") % {
                    "months": r.plan.replace("months", _("months"), 1)}
            says.append(text)
        parts.append(f"{g.outcome}. {g.title}: " + "; ".join(says) + ".")
    return " ".join(parts)


# --- drawing -------------------------------------------------------------------------------------------------------

_X0 = 2.45          # the left end of the bars
_UNIT = 0.78        # one phase
_RIGHT = _X0 + 4 * _UNIT + 0.12
_TOP = 0.44
_GROUP_H = 0.23
_ROW_H = 0.2
_BAR_H = 0.12
_LEGEND_H = 0.5


def _height(data: PhaseData) -> float:
    return _TOP + _GROUP_H * len(data.groups) + _ROW_H * sum(len(g.rows) for g in data.groups) + _LEGEND_H


def _draw(data: PhaseData, ax) -> None:
    bottom = _height(data) - _LEGEND_H
    _axis(ax, data, bottom)
    y = _TOP
    for g in data.groups:
        ax.text(0.06, y + _GROUP_H / 2, st.one_line(f"{g.outcome}. {g.title}", 78), fontsize=st.BODY,
                fontweight="bold", va="center", zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "#ffffff", "edgecolor": "none"})
        y += _GROUP_H
        for r in g.rows:
            _row(ax, r, y + _ROW_H / 2)
            y += _ROW_H
    _legend(ax, bottom + 0.14)


def _axis(ax, data: PhaseData, bottom: float) -> None:
    from matplotlib.patches import Rectangle

    for p in range(4):
        x = _X0 + p * _UNIT
        if p % 2:
            ax.add_patch(Rectangle((x, _TOP - 0.06), _UNIT, bottom - _TOP + 0.06, facecolor=st.SHADE,
                                   edgecolor="none", zorder=0))
        ax.text(x + _UNIT / 2, 0.12, str(p + 1), ha="center", va="center", fontsize=st.BODY, fontweight="bold")
        ax.text(x + _UNIT / 2, 0.28, st.one_line(data.phases[p], 14), ha="center", va="center", fontsize=st.BODY)
    for p in range(5):
        ax.plot([_X0 + p * _UNIT] * 2, [_TOP - 0.06, bottom], color=st.GRID, lw=0.5, zorder=1)
    ax.text(_RIGHT, 0.28, "In the plan", va="center", fontsize=st.BODY, fontweight="bold")


def _row(ax, r: PhaseRow, mid: float) -> None:
    from matplotlib.patches import Rectangle

    ax.text(0.2, mid, st.one_line(r.label, 42), va="center", fontsize=st.BODY)
    if r.current is None:
        ax.text(_X0 + 0.06, mid, "not rated", va="center", fontsize=st.BODY, fontstyle="italic", color=st.MUTED)
        return
    top = mid - _BAR_H / 2
    ax.add_patch(Rectangle((_X0, top), r.current * _UNIT, _BAR_H, facecolor=st.DARK, edgecolor=st.INK, lw=0.6,
                           zorder=2))
    target = max(r.target or r.current, r.current)
    if target > r.current:
        ax.add_patch(Rectangle((_X0 + r.current * _UNIT, top), (target - r.current) * _UNIT, _BAR_H,
                               facecolor="#ffffff", edgecolor=st.INK, hatch="//////", lw=0.6, zorder=2))
    ax.plot([_X0 + target * _UNIT], [mid], marker="D", ms=5, mfc="#ffffff", mec=st.INK, mew=1.0, zorder=3)
    if r.plan:
        ax.text(_RIGHT, mid, r.plan, va="center", fontsize=st.BODY,
                fontweight="normal" if r.plan == "deferred" else "bold",
                fontstyle="italic" if r.plan == "deferred" else "normal")


def _legend(ax, y: float) -> None:
    from matplotlib.patches import Rectangle

    x = 0.2
    ax.add_patch(Rectangle((x, y - 0.06), 0.3, 0.12, facecolor=st.DARK, edgecolor=st.INK, lw=0.6))
    ax.text(x + 0.38, y, "phase reached", va="center", fontsize=st.BODY)
    x = 1.45
    ax.add_patch(Rectangle((x, y - 0.06), 0.3, 0.12, facecolor="#ffffff", edgecolor=st.INK, hatch="//////", lw=0.6))
    ax.text(x + 0.38, y, "climb to the target", va="center", fontsize=st.BODY)
    x = 2.9
    ax.plot([x + 0.06], [y], marker="D", ms=5, mfc="#ffffff", mec=st.INK, mew=1.0)
    ax.text(x + 0.18, y, "target phase", va="center", fontsize=st.BODY)
    ax.text(0.2, y + 0.22, "In the plan: the months in which the plan's steps for the subdomain run, or "
            "\u201cdeferred\u201d when its step waits beyond the plan.", va="center", fontsize=st.SMALL)


def phases_chart(plan: Plan, kb: KnowledgeBase) -> Chart:
    data = phase_data(plan, kb)
    _ = gettext_for(kb.language)
    return Chart(name="phases-chart",
                 title=_("%(country)s: current and target phase of each subdomain") % {"country": plan.country},
                 description=_description(data, kb), width_in=st.WIDTH_IN, height_in=_height(data), data=data,
                 draw=lambda ax: _draw(data, ax))
