"""A chart as every output format takes it: drawn once with matplotlib, written as SVG or PNG, with its title and
its description in words.

A `Chart` keeps what it is drawn from (`data`, for tests and for outputs that list the same facts) and a function
that draws it on a matplotlib figure of `width_in` x `height_in` inches. Each call of `svg()` or `png()` draws a
fresh figure under fixed settings, so the same plan gives the same bytes, whatever the user's matplotlibrc, the
process or its hash seed:

- matplotlib's built-in defaults, then this module's settings (DejaVu Sans, the font shipped with matplotlib; no
  TeX; no mathtext: a ``$`` in a title is a dollar sign); the figure is drawn by the Agg and SVG canvases directly,
  without pyplot and never with a GUI backend;
- SVG: text as glyph outlines (no font is fetched or needed), a fixed hash salt for matplotlib's generated ids,
  no date or creator, no XML declaration or DOCTYPE (which names a DTD on the web); every id is prefixed with the
  chart's name, so several charts can sit inline in one HTML page; a ``<title>`` and a ``<desc>`` with the chart's
  title and description (escaped) open it, for screen readers and for a word processor's alt text;
- PNG: no software or date in its metadata.

matplotlib is imported when a chart is drawn, not when this module is imported.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.escape import html as xml_text

#: matplotlib settings that every chart is drawn with, over matplotlib's own defaults.
RC = {
    "font.family": ["DejaVu Sans"],
    "font.size": 7.5,
    "text.usetex": False,
    "text.parse_math": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "cpss-advisor-charts",
    "svg.image_inline": True,
    "hatch.linewidth": 0.7,
    "hatch.color": "#000000",
    "path.simplify": False,
    "savefig.transparent": False,
    "savefig.facecolor": "#ffffff",
    "savefig.edgecolor": "#ffffff",
    "savefig.bbox": None,
    "savefig.pad_inches": 0.0,
}

_SVG_META = {"Creator": None, "Date": None, "Format": None, "Type": None}
_PNG_META = {"Software": None}

Draw = Callable[[Any], None]  # draws on a matplotlib Axes spanning the figure, in inches from the top left


@dataclass(frozen=True)
class Chart:
    """One chart: `svg()` and `png(dpi)` draw it; `title` and `description` say what it shows, in words."""

    name: str
    title: str
    description: str
    width_in: float
    height_in: float
    #: what the chart is drawn from (a value of the chart's module: bars, rows, nodes and edges)
    data: Any
    draw: Draw = field(repr=False, compare=False)

    def svg(self) -> str:
        """The chart as an SVG document (no XML declaration, so that it can also sit inline in HTML)."""
        buf = io.StringIO()
        with _settings():
            _figure(self).savefig(buf, format="svg", metadata=_SVG_META)
        return _finish_svg(buf.getvalue(), self.name, self.title, self.description)

    def png(self, dpi: int = 150) -> bytes:
        """The chart as a PNG image at `dpi` dots per inch."""
        buf = io.BytesIO()
        with _settings():
            _figure(self).savefig(buf, format="png", dpi=dpi, metadata=_PNG_META)
        return buf.getvalue()

    def texts(self) -> list[str]:
        """Every text drawn in the chart, in drawing order (for tests and checks of the words used)."""
        from matplotlib.text import Text

        with _settings():
            fig = _figure(self)
        return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@contextlib.contextmanager
def _settings():
    """matplotlib's defaults (not the user's matplotlibrc) with `RC` over them, for the time of one drawing; the
    settings in force before are restored afterwards."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(RC)
        yield


def _figure(chart: Chart):
    """A figure of the chart's size with one axes over all of it, in inches, y downwards; the chart drawn on it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(chart.width_in, chart.height_in), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, chart.width_in)
    ax.set_ylim(chart.height_in, 0)
    ax.set_axis_off()
    chart.draw(ax)
    return fig


_PROLOGUE = re.compile(r"\A\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?")
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _finish_svg(svg: str, name: str, title: str, description: str) -> str:
    """matplotlib's SVG with its prologue removed, every id and reference prefixed with the chart's name, and an
    accessible title and description."""
    svg = _PROLOGUE.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{name}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{name}-{m.group(2)}", svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:  # matplotlib always writes one; a defect if not
        raise RuntimeError("matplotlib wrote an SVG without an <svg> element")
    tag = opening.group()[:-1] + (f' id="{name}" role="img" aria-labelledby="{name}-title {name}-desc">')
    head = (f'\n <title id="{name}-title">{xml_text(title)}</title>'
            f'\n <desc id="{name}-desc">{xml_text(description)}</desc>')
    return svg[:opening.start()] + tag + head + svg[opening.end():]
