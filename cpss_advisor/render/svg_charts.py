"""The plan page's two charts, drawn as inline SVG: the current and target phase of every subdomain, and the
dependency graph.

Each chart has a title and a description that says the same in words:

- the current and target phase of every subdomain, as horizontal bars grouped by intermediate outcome (current:
  solid bar; the climb to the target: hatched bar with a dashed outline; the target: a diamond);
- the dependency graph, one column per intermediate outcome (hard edges solid, soft dashed; subdomains with a step
  in the plan have a thick border and a dark band naming the wave and the rank).

Every text in a chart is escaped with `cpss_advisor.core.escape.html` where it is written (a knowledge base given
with ``--knowledge`` and the assessment's country are text someone else wrote), so a chart is returned as
`markupsafe.Markup`, ready for the page template. Coordinates are integers: the same data gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..core.escape import html as e
from ..core.i18n import SOURCE_LANGUAGE, translator
from ..kb.dependency_graph import dependency_graph
from ..kb.knowledge_base import KnowledgeBase
from ..planning.rationale import describe_edge


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap for SVG text, which does not wrap by itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def phase_short(kb: KnowledgeBase, phase: int) -> str:
    """A phase's name without "System " ("Mapping", "Maturity"), or its number when the knowledge base lacks it."""
    return kb.phases[phase].name.replace("System ", "") if phase in kb.phases else str(phase)


def plan_waves(data: dict) -> dict[str, list[dict]]:
    """Recommendations by subdomain, in plan order."""
    out: dict[str, list[dict]] = {}
    for r in data["recommendations"]:
        out.setdefault(r["subdomain"], []).append(r)
    return out


# --- chart: current and target phase per subdomain -----------------------------------------------------------

@dataclass(frozen=True)
class _BarGeometry:
    label_w: int = 300      # subdomain labels, left of the bars
    unit: int = 135         # one phase
    right_w: int = 170      # "1 -> 2, wave 1" right of the bars
    top: int = 56           # phase axis labels
    row: int = 26
    group: int = 30         # an outcome's heading row
    bar_h: int = 14
    legend: int = 64

    @property
    def x0(self) -> int:
        return self.label_w

    @property
    def width(self) -> int:
        return self.label_w + 4 * self.unit + self.right_w


BAR = _BarGeometry()


def _svg_open(svg_id: str, width: int, height: int, title: str, desc: str) -> str:
    return (f'<svg id="{svg_id}" role="img" aria-labelledby="{svg_id}-title {svg_id}-desc" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">\n'
            f'<title id="{svg_id}-title">{e(title)}</title>\n'
            f'<desc id="{svg_id}-desc">{e(desc)}</desc>')


def _phase_rows(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """("outcome", id) heading rows and ("subdomain", id) bar rows, in framework order."""
    rows = []
    for oid in sorted(kb.outcomes):
        rows.append(("outcome", oid))
        rows.extend(("subdomain", sid) for sid in kb.subdomains_of(oid))
    return rows


def _phase_desc(data: dict, kb: KnowledgeBase) -> str:
    ratings = {r["subdomain"]: r for r in data["ratings"]}
    targets = {t["subdomain"]: t["phase"] for t in data["targets"]}
    explicit = {t["subdomain"] for t in data["targets"] if t.get("explicit")}
    plan = plan_waves(data)
    _ = translator(kb.language).gettext
    parts = [_("Horizontal bars, one per subdomain, grouped by intermediate outcome; {n} of {total} subdomains "
               "rated.").format(n=len(ratings), total=len(kb.subdomains))]
    for kind, key in _phase_rows(kb):
        if kind == "outcome":
            continue
        name = f"{key} {kb.subdomains[key].short}"
        r = ratings.get(key)
        if r is None:
            parts.append(_("{subdomain}: not rated.").format(subdomain=name))
            continue
        t = targets.get(key, r["phase"])
        text = _("{subdomain}: now {phase}").format(subdomain=name, phase=f"{r['phase']} {kb.phase_name(r['phase'])}")
        text += _(", at its target") if t == r["phase"] else _(", target {phase}").format(
            phase=f"{t} {kb.phase_name(t)}")
        if key in explicit:
            text += _(" (target set in the assessment)")
        if r.get("confidence"):
            text += _(" ({confidence} confidence)").format(confidence=_(r["confidence"]))
        if key in plan:
            text += _("; in the plan: {steps}").format(steps=", ".join(
                _("{step} in wave {wave}").format(step=x["id"], wave=x["wave"]) for x in plan[key]))
        parts.append(text + ".")
    return " ".join(parts)


def phase_chart(data: dict, kb: KnowledgeBase) -> Markup:
    """SVG: for every subdomain a solid bar up to its current phase, a hatched bar from there to its target and a
    diamond at the target; the right column repeats both numbers and the waves of its steps. `data` is the plan as
    `Plan.model_dump(mode="json")` gives it."""
    g = BAR
    ratings = {r["subdomain"]: r for r in data["ratings"]}
    targets = {t["subdomain"]: t["phase"] for t in data["targets"]}
    plan = plan_waves(data)
    rows = _phase_rows(kb)
    height = g.top + sum(g.group if k == "outcome" else g.row for k, _ in rows) + g.legend
    out = [_svg_open("phase-chart", g.width, height,
                     translator(kb.language).gettext("Current and target phase per subdomain: {country}").format(
                         country=data["country"]), _phase_desc(data, kb))]
    out.append(_hatch_defs())
    out.append(_phase_axis(kb, height - g.legend))
    y = g.top
    for kind, key in rows:
        if kind == "outcome":
            out.append(f'<text class="outcome-label" x="8" y="{y + 20}" font-weight="700" font-size="13" '
                       'stroke="#ffffff" stroke-width="5" paint-order="stroke">'
                       f"{e(key)}. {e(kb.outcomes[key].title)}</text>")
            y += g.group
            continue
        out.append(_phase_row(kb, key, ratings.get(key), targets.get(key), plan.get(key, []), y))
        y += g.row
    out.append(_phase_legend(height - g.legend + 20, kb.language))
    out.append("</svg>")
    return Markup("\n".join(out))  # every text in it was escaped where it was written


def _hatch_defs() -> str:
    return ('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a4b00" stroke-width="2.5"/></pattern></defs>')


def _phase_axis(kb: KnowledgeBase, bottom: int) -> str:
    g = BAR
    out = ['<g class="axis">']
    for p in range(1, 5):
        mid = g.x0 + (p - 1) * g.unit + g.unit // 2
        out.append(f'<text x="{mid}" y="22" text-anchor="middle" font-size="12" font-weight="700">{p}</text>')
        out.append(f'<text x="{mid}" y="40" text-anchor="middle" font-size="12">{e(phase_short(kb, p))}</text>')
    for p in range(0, 5):
        x = g.x0 + p * g.unit
        out.append(f'<line x1="{x}" y1="{g.top - 8}" x2="{x}" y2="{bottom}" stroke="#b0b0b0" stroke-width="1"'
                   + ("" if p == 0 else ' stroke-dasharray="2 3"') + "/>")
    out.append(f'<text x="{g.x0 + 4 * g.unit + 12}" y="40" font-size="12" font-weight="700">now \u2192 target</text>')
    out.append("</g>")
    return "\n".join(out)


def _phase_row(kb: KnowledgeBase, sid: str, rating: dict | None, target: int | None, steps: list[dict],
               y: int) -> str:
    g = BAR
    mid = y + g.row // 2
    bar_y = mid - g.bar_h // 2
    label = f"{sid} {kb.subdomains[sid].short}"
    _ = translator(kb.language).gettext
    out = [f'<g class="phase-row" data-subdomain="{e(sid)}">',
           f'<text x="20" y="{mid + 4}" font-size="12.5">{e(label)}</text>']
    if rating is None:
        out.append(f'<text x="{g.x0 + 8}" y="{mid + 4}" font-size="12" font-style="italic">{e(_("not rated"))}</text>')
        out.append("</g>")
        return "\n".join(out)
    now = rating["phase"]
    goal = target if target is not None else now
    x_now, x_goal = g.x0 + now * g.unit, g.x0 + goal * g.unit
    out.append(f'<rect class="bar-current" data-subdomain="{e(sid)}" data-phase="{now}" x="{g.x0}" y="{bar_y}" '
               f'width="{now * g.unit}" height="{g.bar_h}" fill="#1f4e79"/>')
    if goal > now:
        out.append(f'<rect class="bar-target" data-subdomain="{e(sid)}" data-phase="{goal}" x="{x_now}" y="{bar_y}" '
                   f'width="{x_goal - x_now}" height="{g.bar_h}" fill="url(#hatch)" stroke="#8a4b00" '
                   'stroke-width="1.5" stroke-dasharray="4 2"/>')
    out.append(f'<path class="target-mark" data-subdomain="{e(sid)}" data-phase="{goal}" '
               f'd="{_diamond(x_goal, mid, 8)}" fill="#ffffff" stroke="#1b1b1b" stroke-width="2"/>')
    right = f"{now} \u2192 {goal}" if goal != now else _("{phase}, at target").format(phase=now)
    if steps:
        right += "  \u00b7 " + _("wave {waves}").format(waves=", ".join(str(w) for w in sorted({s["wave"] for s in steps})))
    weight = ' font-weight="700"' if steps else ""
    out.append(f'<text x="{g.x0 + 4 * g.unit + 12}" y="{mid + 4}" font-size="12"{weight}>{e(right)}</text>')
    out.append("</g>")
    return "\n".join(out)


def _diamond(x: int, y: int, r: int) -> str:
    return f"M{x} {y - r} L{x + r} {y} L{x} {y + r} L{x - r} {y} Z"


def _phase_legend(y: int, language: str = SOURCE_LANGUAGE) -> str:
    x, _ = BAR.x0, translator(language).gettext
    return "\n".join([
        '<g class="legend">',
        f'<rect x="{x}" y="{y - 10}" width="34" height="14" fill="#1f4e79"/>',
        f'<text x="{x + 42}" y="{y + 2}" font-size="12">' + e(_("current phase (solid bar)")) + '</text>',
        f'<rect x="{x + 210}" y="{y - 10}" width="34" height="14" fill="url(#hatch)" stroke="#8a4b00" '
        'stroke-width="1.5" stroke-dasharray="4 2"/>',
        f'<text x="{x + 252}" y="{y + 2}" font-size="12">' + e(_("climb to the target (hatched)")) + '</text>',
        f'<path d="{_diamond(x + 6, y + 26, 8)}" fill="#ffffff" stroke="#1b1b1b" stroke-width="2"/>',
        f'<text x="{x + 20}" y="{y + 30}" font-size="12">'
        + e(_("target phase (diamond); bold right-hand text: the subdomain has a step in the plan")) + "</text>",
        "</g>",
    ])


# --- chart: the dependency graph -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _GraphGeometry:
    box_w: int = 124
    gap: int = 64            # between columns: where the edges run
    margin: int = 40         # left and right, for edges that bulge out of the first or last column
    header: int = 76         # outcome titles
    street: int = 52         # between rows: where long edges run
    line: int = 15           # text line height in a box
    title_chars: int = 17    # wrap width of a subdomain title in a box
    legend: int = 70

    @property
    def pitch(self) -> int:
        return self.box_w + self.gap


GRAPH = _GraphGeometry()


@dataclass(frozen=True)
class _Box:
    sid: str
    col: int
    row: int
    x: int
    y: int
    w: int
    h: int


def _graph_layout(kb: KnowledgeBase) -> tuple[dict[str, _Box], int, int]:
    """Boxes in one column per outcome, rows aligned across columns so that the bands between rows (streets)
    are free for edges that cross several columns."""
    g = GRAPH
    title_lines = max(len(_wrap(s.short, g.title_chars)) for s in kb.subdomains.values())
    box_h = 12 + g.line * (1 + title_lines) + 24  # id and phases, title, plan band
    boxes = {}
    outcomes = sorted(kb.outcomes)
    rows = max(len(kb.subdomains_of(o)) for o in outcomes)
    for col, oid in enumerate(outcomes):
        for row, sid in enumerate(kb.subdomains_of(oid)):
            boxes[sid] = _Box(sid, col, row, g.margin + col * g.pitch, g.header + row * (box_h + g.street),
                              g.box_w, box_h)
    width = 2 * g.margin + len(outcomes) * g.pitch - g.gap
    height = g.header + rows * (box_h + g.street) + g.legend
    return boxes, width, height


@dataclass(frozen=True)
class _DrawnEdge:
    source: str  # the prerequisite
    target: str  # the subdomain that needs it
    strength: str
    texts: tuple[str, ...]


def _drawn_edges(kb: KnowledgeBase) -> list[_DrawnEdge]:
    """One line per edge of the subdomain graph (prerequisite -> the subdomain that needs it): several phase pairs
    share it, and it is solid (hard) when at least one of them is hard; its tooltip and the chart's description
    list each."""
    graph = dependency_graph(kb).subdomains
    out = []
    for s, t in sorted(graph.edges, key=lambda x: (_sid_key(x[0]), _sid_key(x[1]))):
        group = sorted(graph[s][t]["edges"], key=lambda x: x.id)
        strength = "hard" if any(x.strength == "hard" for x in group) else "soft"
        out.append(_DrawnEdge(s, t, strength, tuple(describe_edge(x, kb.language) for x in group)))
    return out


def _sid_key(sid: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in sid.split("."))


def _sides(a: _Box, b: _Box) -> tuple[str, str]:
    """Which side an edge leaves its source box and enters its target box."""
    if a.col == b.col:
        side = "right" if b.row > a.row else "left"
        return side, side
    return ("right", "left") if b.col > a.col else ("left", "right")


def _ports(edges: list[_DrawnEdge], boxes: dict[str, _Box]) -> dict[tuple[int, str], tuple[int, int]]:
    """Where each edge leaves and enters a box: the edges on one side of a box are spread along it, ordered by
    the height of their other end so that they do not cross at the box."""
    on_side: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for i, d in enumerate(edges):
        a, b = boxes[d.source], boxes[d.target]
        sa, sb = _sides(a, b)
        on_side.setdefault((d.source, sa), []).append((b.y + b.col, i, "out"))
        on_side.setdefault((d.target, sb), []).append((a.y + a.col, i, "in"))
    ports = {}
    for (sid, side), items in sorted(on_side.items()):
        box = boxes[sid]
        x = box.x + box.w if side == "right" else box.x
        items.sort()
        usable = box.h - 24
        for k, (_, i, end) in enumerate(items):
            ports[(i, end)] = (x, box.y + 12 + (usable * (k + 1)) // (len(items) + 1))
    return ports


def _rounded(points: list[tuple[int, int]], r: int = 7) -> str:
    """An orthogonal polyline with rounded corners."""
    d = [f"M{points[0][0]} {points[0][1]}"]
    for (x0, y0), (x1, y1), (x2, y2) in zip(points, points[1:], points[2:]):
        la = max(abs(x1 - x0), abs(y1 - y0))
        lb = max(abs(x2 - x1), abs(y2 - y1))
        k = min(r, la // 2, lb // 2)
        ax = x1 - _sign(x1 - x0) * k
        ay = y1 - _sign(y1 - y0) * k
        bx = x1 + _sign(x2 - x1) * k
        by = y1 + _sign(y2 - y1) * k
        d.append(f"L{ax} {ay} Q{x1} {y1} {bx} {by}")
    d.append(f"L{points[-1][0]} {points[-1][1]}")
    return " ".join(d)


def _sign(v: int) -> int:
    return (v > 0) - (v < 0)


class _Lanes:
    """Parallel lanes in the gaps between columns and the streets between rows, handed out in order."""

    def __init__(self):
        self.used: dict[tuple[str, int], int] = {}

    def take(self, kind: str, index: int) -> int:
        n = self.used.get((kind, index), 0)
        self.used[(kind, index)] = n + 1
        return n


def _edge_path(a: _Box, b: _Box, start: tuple[int, int], end: tuple[int, int], lanes: _Lanes,
               box_h: int) -> str:
    g = GRAPH
    (sx, sy), (tx, ty) = start, end
    if a.col == b.col:  # bulge into the gap beside the column
        out = 22 + 8 * lanes.take("bulge", a.col * 2 + (sx > a.x))
        dx = out if sx > a.x else -out
        return f"M{sx} {sy} C{sx + dx} {sy} {tx + dx} {ty} {tx} {ty}"
    if abs(a.col - b.col) == 1:  # straight across the gap between the two columns
        mx = (sx + tx) // 2
        return f"M{sx} {sy} C{mx} {sy} {mx} {ty} {tx} {ty}"
    # Several columns apart: into the gap beside the source, along a street, down the gap beside the target.
    forward = b.col > a.col
    gap_s = a.col + 1 if forward else a.col          # gap i lies left of column i
    gap_t = b.col if forward else b.col + 1
    street = _street_for(a.row, b.row)
    lx_s = _gap_x(gap_s, lanes.take("gap", gap_s), forward)
    lx_t = _gap_x(gap_t, lanes.take("gap", gap_t), not forward)
    top = g.header + street * (box_h + g.street) - g.street
    ly = top + 10 + 7 * (lanes.take("street", street) % 5)
    return _rounded([(sx, sy), (lx_s, sy), (lx_s, ly), (lx_t, ly), (lx_t, ty), (tx, ty)])


def _street_for(row_a: int, row_b: int) -> int:
    """The street between two rows (street i runs above row i): nearest to both, below a shared row."""
    lo, hi = sorted((row_a, row_b))
    return hi if hi > lo else lo + 1


def _gap_x(gap: int, lane: int, from_left: bool) -> int:
    """The x of a lane in a gap; lanes fill from the middle outwards, alternately."""
    g = GRAPH
    left = g.margin + gap * g.pitch - g.gap  # gap i lies left of column i
    centre = left + g.gap // 2
    offset = 7 * ((lane + 1) // 2) * (1 if lane % 2 else -1)
    return centre + offset + (3 if from_left else -3)


def _graph_desc(data: dict, kb: KnowledgeBase, edges: list[_DrawnEdge]) -> str:
    plan = plan_waves(data)
    _ = translator(kb.language).gettext
    parts = [_("{n} subdomains as boxes in {columns} columns, one per intermediate outcome. An arrow runs from a "
               "prerequisite to the subdomain that needs it: solid for a hard dependency (the step waits for it), "
               "dashed for a soft one (it raises the prerequisite's priority); one line stands for every phase pair "
               "between two subdomains and is solid when one of them is hard.").format(
        n=len(kb.subdomains), columns=len(kb.outcomes))]
    if plan:
        parts.append(_("Subdomains with a step in the plan have a thick border and a band naming the wave: "
                       "{subdomains}.").format(subdomains="; ".join(
            f"{sid} {kb.subdomains[sid].short} ("
            + ", ".join(_("{step}, wave {wave}, rank {rank}").format(step=r["id"], wave=r["wave"], rank=r["rank"])
                        for r in steps) + ")"
            for sid, steps in sorted(plan.items(), key=lambda x: _sid_key(x[0])))))
    else:
        parts.append(_("No subdomain has a step in the plan."))
    parts.append(_("Dependencies: {dependencies}.").format(dependencies="; ".join(t for d in edges for t in d.texts)))
    return " ".join(parts)


def dependency_chart(data: dict, kb: KnowledgeBase) -> Markup:
    """SVG of the dependency graph: one column per outcome, the plan's steps marked."""
    g = GRAPH
    boxes, width, height = _graph_layout(kb)
    box_h = next(iter(boxes.values())).h
    edges = _drawn_edges(kb)
    ports = _ports(edges, boxes)
    ratings = {r["subdomain"]: r["phase"] for r in data["ratings"]}
    targets = {t["subdomain"]: t["phase"] for t in data["targets"]}
    plan = plan_waves(data)
    out = [_svg_open("dependency-graph", width, height,
                     translator(kb.language).gettext("Dependencies between the subdomains, with the plan's steps"),
                     _graph_desc(data, kb, edges)),
           _arrow_defs()]
    out.append(_graph_columns(kb, height - g.legend))
    lanes = _Lanes()
    out.append('<g class="edges" fill="none">')
    for i, d in enumerate(edges):
        a, b = boxes[d.source], boxes[d.target]
        path = _edge_path(a, b, ports[(i, "out")], ports[(i, "in")], lanes, box_h)
        style = ('stroke="#1b1b1b" stroke-width="1.8" marker-end="url(#arrow-hard)"' if d.strength == "hard" else
                 'stroke="#505050" stroke-width="1.4" stroke-dasharray="6 4" marker-end="url(#arrow-soft)"')
        out.append(f'<path class="edge {d.strength}" data-from="{e(d.source)}" data-to="{e(d.target)}" d="{path}" '
                   f'{style}><title>{e("; ".join(d.texts))}</title></path>')
    out.append("</g>")
    for sid in sorted(boxes, key=_sid_key):
        out.append(_graph_node(kb, boxes[sid], ratings.get(sid), targets.get(sid), plan.get(sid, [])))
    out.append(_graph_legend(height - g.legend + 24, kb.language))
    out.append("</svg>")
    return Markup("\n".join(out))  # every text in it was escaped where it was written


def _arrow_defs() -> str:
    return ("<defs>"
            '<marker id="arrow-hard" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0 0 L10 5 L0 10 Z" fill="#1b1b1b"/>'
            "</marker>"
            '<marker id="arrow-soft" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M1 1 L9 5 L1 9" fill="none" '
            'stroke="#505050" stroke-width="1.6"/></marker>'
            "</defs>")


_TINTS = ["#eef3f9", "#f3f0f8", "#eef6f1", "#f8f3ec", "#f7eef0", "#edf5f6", "#f5f5ec"]


def _graph_columns(kb: KnowledgeBase, bottom: int) -> str:
    """A light band and a heading per outcome column (the tint only separates columns; the heading names them)."""
    g = GRAPH
    out = ['<g class="columns">']
    for col, oid in enumerate(sorted(kb.outcomes)):
        x = g.margin + col * g.pitch
        out.append(f'<rect x="{x - 10}" y="4" width="{g.box_w + 20}" height="{bottom - 4}" rx="6" '
                   f'fill="{_TINTS[col % len(_TINTS)]}"/>')
        lines = _wrap(f"{oid}. {kb.outcomes[oid].title}", 22)[:4]
        for k, text in enumerate(lines):
            weight = ' font-weight="700"' if k == 0 else ""
            out.append(f'<text x="{x + g.box_w // 2}" y="{20 + 13 * k}" text-anchor="middle" '
                       f'font-size="11"{weight}>{e(text)}</text>')
    out.append("</g>")
    return "\n".join(out)


def _graph_node(kb: KnowledgeBase, box: _Box, now: int | None, target: int | None, steps: list[dict]) -> str:
    g = GRAPH
    sub = kb.subdomains[box.sid]
    in_plan, _ = bool(steps), translator(kb.language).gettext
    if now is None:
        status = _("not rated")
    elif target is None or target <= now:
        status = _("phase {phase}, at target").format(phase=now)
    else:
        status = _("phase {phase} \u2192 target {target}").format(phase=now, target=target)
    corner = _("not rated") if now is None else str(now) if target is None or target <= now else f"{now} \u2192 {target}"
    tip = f"{box.sid} {sub.title}: {status}"
    if in_plan:
        tip += _("; in the plan: {steps}").format(steps=", ".join(
            _("{step} (months {months}, rank {rank})").format(step=r["id"], months=f"{r['start_month']}-{r['end_month']}",
                                                              rank=r["rank"]) for r in steps))
    cls = "node in-plan" if in_plan else "node"
    waves = " ".join(str(r["wave"]) for r in steps)
    out = [f'<g class="{cls}" data-subdomain="{e(box.sid)}"' + (f' data-waves="{waves}"' if in_plan else "") + ">",
           f"<title>{e(tip)}</title>",
           f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="4" fill="#ffffff" '
           + ('stroke="#000000" stroke-width="4"' if in_plan else 'stroke="#6b6b6b" stroke-width="1.2"') + "/>",
           f'<text x="{box.x + 8}" y="{box.y + 18}" font-size="12.5" font-weight="700">{e(box.sid)}</text>',
           f'<text x="{box.x + box.w - 8}" y="{box.y + 18}" font-size="11" text-anchor="end">{e(corner)}</text>']
    for k, line in enumerate(_wrap(sub.short, g.title_chars)):
        out.append(f'<text x="{box.x + 8}" y="{box.y + 18 + g.line * (k + 1)}" font-size="11.5">{e(line)}</text>')
    if in_plan:
        if len(steps) == 1:
            label = _("month {month}").format(month=steps[0]["start_month"]) + f" \u00b7 #{steps[0]['rank']}"
        elif len(steps) == 2:
            label = _("months {months}").format(months=" \u00b7 ".join(f"{r['start_month']} #{r['rank']}" for r in steps))
        else:  # no room for the ranks: they are in the tooltip and the description
            label = _("months {months}").format(months=", ".join(str(r["start_month"]) for r in steps))
        band_y = box.y + box.h - 22
        out.append(f'<rect class="band" x="{box.x + 2}" y="{band_y}" width="{box.w - 4}" height="20" '
                   'fill="#1b1b1b"/>')
        out.append(f'<text class="wave-label" x="{box.x + box.w // 2}" y="{band_y + 14}" font-size="11.5" '
                   f'font-weight="700" text-anchor="middle" style="fill:#ffffff">{e(label.upper())}</text>')
    out.append("</g>")
    return "\n".join(out)


def _graph_legend(y: int, language: str = SOURCE_LANGUAGE) -> str:
    x, _ = GRAPH.margin, translator(language).gettext
    return "\n".join([
        '<g class="legend" fill="none">',
        f'<path d="M{x} {y} L{x + 46} {y}" stroke="#1b1b1b" stroke-width="1.8" marker-end="url(#arrow-hard)"/>',
        f'<text x="{x + 56}" y="{y + 4}" font-size="12">'
        + e(_("hard (solid): the dependent step waits for the prerequisite")) + "</text>",
        f'<path d="M{x + 480} {y} L{x + 526} {y}" stroke="#505050" stroke-width="1.4" stroke-dasharray="6 4" '
        'marker-end="url(#arrow-soft)"/>',
        f'<text x="{x + 536}" y="{y + 4}" font-size="12">'
        + e(_("soft (dashed): raises the prerequisite\u2019s priority")) + "</text>",
        f'<rect x="{x}" y="{y + 16}" width="46" height="22" rx="4" fill="#ffffff" stroke="#000000" '
        'stroke-width="4"/>',
        f'<rect class="band" x="{x + 2}" y="{y + 28}" width="42" height="8" fill="#1b1b1b"/>',
        f'<text x="{x + 56}" y="{y + 32}" font-size="12">'
        + e(_("thick border and a band naming the wave and the rank (#): a subdomain with a step in the plan; "
              "numbers top right: current phase \u2192 target")) + "</text>",
        "</g>",
    ])
