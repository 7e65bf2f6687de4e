"""The timeline of the plan: a Gantt chart with one bar per step and per action, from the month it starts to the
month its longest work is expected to end, grouped by track.

Three groups, in this order: the response track (actions that keep children safe and shield what works after a
shock), enabling actions (a surge or what makes the office able to do the work) and the steps (a subdomain moving
up one phase, or restoring a phase a shock took away). The planning periods are shaded along the month axis; work
that runs on after the plan's horizon crosses a line at the horizon. Bars are labelled in words: the subdomain's
short title and the phase it reaches, or the action's title.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan, Recommendation
from . import chart_style as st
from .chart_figure import Chart
from ..core.i18n import N_, translator

#: the groups of the timeline, in order, with their headings
GROUPS = {"response": N_("Response track"), "enabling": N_("Enabling actions"), "steps": N_("Steps")}


@dataclass(frozen=True)
class TimelineBar:
    #: the id of the step or action (for tests and cross-references; never drawn)
    recommendation: str
    group: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Period:
    wave: int
    start: int
    end: int


@dataclass(frozen=True)
class TimelineData:
    bars: tuple[TimelineBar, ...]  # in drawing order: by group, then by start month and rank
    periods: tuple[Period, ...]
    horizon: int
    axis_end: int


def group_of(r: Recommendation) -> str:
    if r.track == "response":
        return "response"
    return "steps" if r.kind in ("climb", "restore") else "enabling"


def bar_label(r: Recommendation, kb: KnowledgeBase) -> str:
    """"Case management and referral \u2192 Enhancement", "Lead ministry: restore Integration", or the action's
    title."""
    if r.kind == "climb":
        return f"{st.subdomain_title(kb, r.subdomain)} \u2192 {kb.phase_short(r.to_phase)}"
    if r.kind == "restore":
        return f"{st.subdomain_title(kb, r.subdomain)}: restore {kb.phase_short(r.to_phase)}"
    return r.title


def timeline_data(plan: Plan, kb: KnowledgeBase) -> TimelineData:
    order = list(GROUPS)
    recs = sorted(plan.recommendations, key=lambda r: (order.index(group_of(r)), r.start_month, r.rank))
    bars = tuple(TimelineBar(r.id, group_of(r), bar_label(r, kb), r.start_month, r.end_month) for r in recs)
    last = max([plan.horizon_months, *(b.end for b in bars)])
    step = _tick_step(last)
    return TimelineData(bars, tuple(Period(p.wave, p.start_month, p.end_month) for p in plan.waves),
                        plan.horizon_months, -(-last // step) * step)


def _tick_step(months: int) -> int:
    return 3 if months <= 12 else 6 if months <= 60 else 12


def _spoken(label: str, language: str = "en") -> str:
    """A bar's label as a screen reader should say it: "Financing to Integration" rather than "right arrow"."""
    return label.replace(" \u2192 ", " " + translator(language).gettext("to") + " ")


def _description(data: TimelineData, language: str = "en") -> str:
    t = translator(language)
    _ = t.gettext
    periods = ", ".join(st.months(p.start, p.end) for p in data.periods)
    parts = [t.ngettext("A timeline with one bar per step and action of the plan, from the month it starts to the "
                        "month it is expected to end, grouped by track. The plan covers %(horizon)s months in "
                        "%(num)s period (months %(periods)s); work starts at the beginning of a period.",
                        "A timeline with one bar per step and action of the plan, from the month it starts to the "
                        "month it is expected to end, grouped by track. The plan covers %(horizon)s months in "
                        "%(num)s periods (months %(periods)s); work starts at the beginning of a period.",
                        len(data.periods)) % {"horizon": data.horizon, "num": len(data.periods), "periods": periods}]
    for key, heading in GROUPS.items():
        bars = [b for b in data.bars if b.group == key]
        if bars:
            parts.append(f"{_(heading)} ({len(bars)}): " + "; ".join(
                _("%(bar)s, months %(months)s") % {"bar": _spoken(b.label, language),
                                                   "months": st.months(b.start, b.end)} for b in bars) + ".")
    if not data.bars:
        parts.append(_("The plan has no step and no action."))
    after = sum(b.end > data.horizon for b in data.bars)
    if after:
        parts.append(t.ngettext("%(num)s bar runs past the end of the horizon (month %(horizon)s).",
                                "%(num)s bars run past the end of the horizon (month %(horizon)s).", after) % {
            "num": after, "horizon": data.horizon})
    return " ".join(parts)


# --- drawing -------------------------------------------------------------------------------------------------------

_LABEL_CHARS = 34
_MONTHS_X = 2.74    # right edge of the months column
_X0, _X1 = 2.88, st.WIDTH_IN - 0.12
_TOP = 0.46
_GROUP_H = 0.24
_AXIS_H = 0.34
_LEGEND_H = 0.42
_STYLE = {  # facecolor, hatch: told apart in black and white
    "response": ("#ffffff", "\\\\\\\\\\"),
    "enabling": ("#d4d4d4", "xxx"),
    "steps": (st.DARK, None),
}


@dataclass(frozen=True)
class _Layout:
    labels: tuple[tuple[str, ...], ...]   # each bar's label, in lines
    rows: tuple[float, ...]               # each bar's row height
    height: float


def _layout(data: TimelineData) -> _Layout:
    """Labels on up to two lines, rows as high as their label; if that would not fit a page, one line each and,
    if need be, narrower rows."""
    groups = len({b.group for b in data.bars})
    fixed = _TOP + groups * _GROUP_H + _AXIS_H + _LEGEND_H
    for lines, one, two in ((2, 0.21, 0.31), (1, 0.21, 0.21), (1, 0.17, 0.17)):
        labels = tuple(_fit_label(b.label, lines) for b in data.bars)
        rows = tuple(one if len(label) == 1 else two for label in labels)
        if fixed + sum(rows) <= st.MAX_HEIGHT_IN:
            break
    return _Layout(labels, rows, fixed + (sum(rows) if rows else 0.21))


def _fit_label(label: str, lines: int) -> tuple[str, ...]:
    """A bar's label on `lines` lines; on one line, a step's title is shortened rather than the phase it reaches."""
    head, arrow, phase = label.rpartition(" \u2192 ")
    if lines > 1 or not arrow or len(label) <= _LABEL_CHARS:
        return tuple(st.fit(label, _LABEL_CHARS, lines))
    tail = f" \u2192 {st.one_line(phase, 14)}"
    return (st.one_line(head, max(_LABEL_CHARS - len(tail), 8)) + tail,)


def _x(data: TimelineData, month: float) -> float:
    return _X0 + (_X1 - _X0) * month / data.axis_end


def _draw(data: TimelineData, layout: _Layout, ax) -> None:
    bottom = layout.height - _AXIS_H - _LEGEND_H
    _periods(ax, data, bottom)
    y, group = _TOP, None
    for b, label, row in zip(data.bars, layout.labels, layout.rows):  # the bars come group by group
        if b.group != group:
            group = b.group
            ax.text(0.06, y + _GROUP_H / 2 + 0.02, GROUPS[group], fontsize=st.HEADING, fontweight="bold",
                    va="center")
            ax.plot([0.06, _X1], [y + _GROUP_H - 0.01] * 2, color=st.INK, lw=0.5, zorder=4)
            y += _GROUP_H
        _bar(ax, data, b, label, y + row / 2)
        y += row
    if not data.bars:
        ax.text(0.06, _TOP + 0.1, "The plan has no step and no action.", fontsize=st.BODY, va="center")
    _month_axis(ax, data, bottom)
    _legend(ax, data, layout.height - _LEGEND_H + 0.2)


def _periods(ax, data: TimelineData, bottom: float) -> None:
    from matplotlib.patches import Rectangle

    top = _TOP - 0.04
    for i, p in enumerate(data.periods):
        x0, x1 = _x(data, p.start), _x(data, min(p.end, data.axis_end))
        if i % 2 == 0:
            ax.add_patch(Rectangle((x0, top), x1 - x0, bottom - top, facecolor=st.SHADE, edgecolor="none", zorder=0))
        wide = x1 - x0 >= 0.62
        ax.text((x0 + x1) / 2, 0.13, f"Period {p.wave}" if wide else str(p.wave), ha="center", va="center",
                fontsize=st.SMALL, fontweight="bold")
        if wide:
            ax.text((x0 + x1) / 2, 0.29, f"months {st.months(p.start, p.end)}", ha="center", va="center",
                    fontsize=st.SMALL)
    if data.periods and not _x(data, data.periods[0].end) - _x(data, data.periods[0].start) >= 0.62:
        ax.text(_MONTHS_X, 0.13, "period", ha="right", va="center", fontsize=st.SMALL, fontstyle="italic")
    if data.axis_end > data.horizon:
        xh = _x(data, data.horizon)
        ax.plot([xh, xh], [0.04, bottom], color=st.INK, lw=1.2, zorder=4)
        ax.text(xh + 0.05, 0.21, f"after the horizon (month {data.horizon})", va="center", fontsize=st.SMALL,
                fontstyle="italic")


def _bar(ax, data: TimelineData, b: TimelineBar, lines: tuple[str, ...], mid: float) -> None:
    from matplotlib.patches import Rectangle

    ax.text(0.2, mid, "\n".join(lines), va="center", fontsize=st.BODY, linespacing=1.05)
    ax.text(_MONTHS_X, mid, st.months(b.start, b.end), va="center", ha="right", fontsize=st.BODY)
    face, hatch = _STYLE[b.group]
    height = 0.13
    x0, x1 = _x(data, b.start), _x(data, b.end)
    ax.add_patch(Rectangle((x0, mid - height / 2), max(x1 - x0, 0.03), height, facecolor=face, edgecolor=st.INK,
                           hatch=hatch, lw=0.6, zorder=3))


def _month_axis(ax, data: TimelineData, bottom: float) -> None:
    step = _tick_step(data.axis_end)
    ax.plot([_X0, _X1], [bottom, bottom], color=st.INK, lw=0.6, zorder=4)
    for m in range(0, data.axis_end + 1, step):
        x = _x(data, m)
        ax.plot([x, x], [bottom, bottom + 0.05], color=st.INK, lw=0.6)
        ax.text(x, bottom + 0.13, str(m), ha="center", va="center", fontsize=st.SMALL)
    ax.text(_MONTHS_X, bottom + 0.13, "month", ha="right", va="center", fontsize=st.SMALL, fontstyle="italic")


def _legend(ax, data: TimelineData, y: float) -> None:
    """A swatch for each group the chart has, and what the shading means."""
    from matplotlib.patches import Rectangle

    x = 0.2
    present = {b.group for b in data.bars}
    for key, text in (("response", "response track"), ("enabling", "enabling action"),
                      ("steps", "step up a phase")):
        if key not in present:
            continue
        face, hatch = _STYLE[key]
        ax.add_patch(Rectangle((x, y - 0.06), 0.3, 0.12, facecolor=face, edgecolor=st.INK, hatch=hatch, lw=0.6))
        ax.text(x + 0.38, y, text, va="center", fontsize=st.BODY)
        x += 1.3
    ax.text(_X1, y, "Shaded: every other planning period.", ha="right", va="center", fontsize=st.SMALL)


def timeline_chart(plan: Plan, kb: KnowledgeBase) -> Chart:
    data = timeline_data(plan, kb)
    layout = _layout(data)
    title = translator(kb.language).gettext("%(country)s: timeline of the plan's steps and actions") % {
        "country": plan.country}
    return Chart(name="timeline-chart", title=title,
                 description=_description(data, kb.language), width_in=st.WIDTH_IN, height_in=layout.height, data=data,
                 draw=lambda ax: _draw(data, layout, ax))
