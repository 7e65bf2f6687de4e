"""Drawing the dependency chart (`chart_dependencies`) as an arc diagram.

The subdomains are boxes in one column in the middle; an arc leaves a box's side horizontally, bulges out in
proportion to the distance it spans and enters the other box horizontally, so that short arcs nest inside long
ones. Where several arcs meet one side of a box they are spread along it: those to boxes above on top, nearest
first, those to boxes below underneath, farthest first, so that arcs do not cross at the box.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.i18n import SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from . import chart_style as st
from .chart_dependencies import KINDS, DependencyData, GraphEdge, dependency_data, describe
from .chart_figure import Chart

_BX0, _BX1 = 2.05, 4.45          # the column of boxes
_ROOM = {-1: _BX0 - 0.08, 1: st.WIDTH_IN - 0.08 - _BX1}  # how far an arc may bulge, left and right
_TOP = 0.08
_GROUP_H = 0.22
_GAP = 0.07                       # between boxes
_BOX_H = 0.2                      # a box's height, or more where many arcs meet one side of it
_PORT = 0.045                     # room for one arc on a box's side
_LEGEND_H = 0.74
_EMPTY_H = 0.5

#: line style of each kind: (side, linestyle, width, colour, arrow style)
_LINE = {
    "finish_to_start": (1, "-", 1.3, st.INK, "-|>"),
    "co_requisite": (1, (0, (5, 1.6, 1, 1.6)), 1.0, st.INK, "<|-|>"),
    "interim": (1, (0, (1, 1.4)), 1.4, st.INK, "-|>"),
    "soft": (-1, (0, (3.5, 2)), 0.8, st.MUTED, "-|>"),
}


@dataclass(frozen=True)
class _Box:
    top: float
    h: float

    @property
    def mid(self) -> float:
        return self.top + self.h / 2


def _box_heights(data: DependencyData) -> dict[str, float]:
    """Each box high enough for the arcs that meet its busier side."""
    ends: dict[tuple[str, int], int] = {}
    for e in data.edges:
        for sid in (e.source, e.target):
            ends[(sid, _LINE[e.type][0])] = ends.get((sid, _LINE[e.type][0]), 0) + 1
    return {n.subdomain: max(_BOX_H, _PORT * (1 + max(ends.get((n.subdomain, s), 0) for s in (-1, 1))))
            for n in data.nodes}


def height_of(data: DependencyData) -> float:
    if not data.edges:
        return _EMPTY_H
    rows = sum(h + _GAP for h in _box_heights(data).values())
    return _TOP + _GROUP_H * len(data.outcomes) + rows + _LEGEND_H


def _boxes(data: DependencyData) -> tuple[dict[str, _Box], list[tuple[str, float]]]:
    """Each subdomain's box, and each outcome heading's y."""
    boxes, headings = {}, []
    heights = _box_heights(data)
    y, outcome = _TOP, None
    for n in data.nodes:
        if n.outcome != outcome:
            outcome = n.outcome
            headings.append((outcome, y + _GROUP_H / 2 + 0.02))
            y += _GROUP_H
        boxes[n.subdomain] = _Box(y + _GAP / 2, heights[n.subdomain])
        y += heights[n.subdomain] + _GAP
    return boxes, headings


def _ports(edges: tuple[GraphEdge, ...], boxes: dict[str, _Box]) -> dict[tuple[int, str], float]:
    """The y where each arc leaves its source ("out") and enters its target ("in")."""
    on_side: dict[tuple[str, int], list[tuple[tuple, int, str]]] = {}
    for i, e in enumerate(edges):
        side = _LINE[e.type][0]
        for here, there, end in ((e.source, e.target, "out"), (e.target, e.source, "in")):
            dist = boxes[there].mid - boxes[here].mid
            key = (0, -dist, i) if dist < 0 else (1, -dist, i)  # above: nearest on top; below: farthest on top
            on_side.setdefault((here, side), []).append((key, i, end))
    ports = {}
    for (sid, _side), items in sorted(on_side.items()):
        items.sort()
        box = boxes[sid]
        for k, (_key, i, end) in enumerate(items):
            ports[(i, end)] = box.top + box.h * (k + 1) / (len(items) + 1)
    return ports


def _arc(ax, e: GraphEdge, y_from: float, y_to: float) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    side, style, width, colour, arrow = _LINE[e.type]
    x = _BX1 if side > 0 else _BX0
    bulge = min(0.16 + 0.5 * abs(y_to - y_from), _ROOM[side] / 0.75)
    cx = x + side * bulge
    path = Path([(x, y_from), (cx, y_from), (cx, y_to), (x, y_to)],
                [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
    ax.add_patch(FancyArrowPatch(path=path, arrowstyle=f"{arrow},head_length=0.55,head_width=0.28",
                                 mutation_scale=8, lw=width, linestyle=style, color=colour, zorder=2))


def draw_arcs(data: DependencyData, ax) -> None:
    from matplotlib.patches import Rectangle

    _ = translator(data.language).gettext
    if not data.edges:
        ax.text(0.06, _EMPTY_H / 2, _("No dependency between subdomains bears on the plan's steps."), va="center",
                fontsize=st.BODY)
        return
    boxes, headings = _boxes(data)
    titles = dict(data.outcomes)
    for oid, y in headings:
        ax.text((_BX0 + _BX1) / 2, y, st.one_line(f"{oid}. {titles[oid]}", 62), ha="center", va="center",
                fontsize=st.SMALL, fontweight="bold", zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "#ffffff", "edgecolor": "none"})
    ports = _ports(data.edges, boxes)
    for i, e in enumerate(data.edges):
        _arc(ax, e, ports[(i, "out")], ports[(i, "in")])
    for n in data.nodes:
        box = boxes[n.subdomain]
        ax.add_patch(Rectangle((_BX0, box.top), _BX1 - _BX0, box.h, facecolor="#ffffff", edgecolor=st.INK,
                               lw=2.0 if n.in_plan else 0.7, zorder=3))
        ax.text(_BX0 + 0.07, box.mid, st.one_line(n.label, 40), va="center", fontsize=st.BODY,
                fontweight="bold" if n.in_plan else "normal", zorder=4)
    _legend(ax, height_of(data) - _LEGEND_H + 0.14, data.language)


def _legend(ax, y: float, language: str = SOURCE_LANGUAGE) -> None:
    from matplotlib.patches import FancyArrowPatch, Rectangle

    _ = translator(language).gettext
    spots = [(0.1, y), (3.45, y), (0.1, y + 0.2), (3.45, y + 0.2)]
    for (x, yy), (kind, (name, _heading)) in zip(spots, KINDS.items()):
        side, style, width, colour, arrow = _LINE[kind]
        ax.add_patch(FancyArrowPatch((x, yy), (x + 0.45, yy), arrowstyle=f"{arrow},head_length=0.55,head_width=0.28",
                                     mutation_scale=8, lw=width, linestyle=style, color=colour, shrinkA=0,
                                     shrinkB=0))
        where = _("{kind} (right)") if side > 0 else _("{kind} (left)")
        ax.text(x + 0.55, yy, where.format(kind=_(name)), va="center", fontsize=st.BODY)
    y += 0.42
    ax.add_patch(Rectangle((0.1, y - 0.07), 0.45, 0.14, facecolor="#ffffff", edgecolor=st.INK, lw=2.0))
    ax.text(0.65, y, _("a step for this subdomain is in the plan. Each arc runs from the prerequisite to the "
                       "subdomain that needs it."), va="center", fontsize=st.BODY)


def dependencies_chart(plan: Plan, kb: KnowledgeBase, scope: str = "plan") -> Chart:
    data = dependency_data(plan, kb, scope)
    _ = translator(kb.language).gettext
    title = (_("{country}: dependencies that bear on the plan") if scope == "plan"
             else _("{country}: all dependencies between subdomains")).format(country=plan.country)
    return Chart(name=f"dependencies-chart-{scope}", title=title, description=describe(data),
                 width_in=st.WIDTH_IN, height_in=height_of(data), data=data, draw=lambda ax: draw_arcs(data, ax))
