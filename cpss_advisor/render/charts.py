"""The plan's charts, drawn once for every output format (HTML, Word, workbooks) with matplotlib.

```python
from cpss_advisor.render import charts
chart = charts.phases(plan, kb)            # current against target phase of each subdomain, by outcome
chart = charts.timeline(plan, kb)          # each step and action from its start to its end month, by track
chart = charts.dependencies(plan, kb)      # the dependencies that bear on the plan (scope="all": every one)
chart.svg()                                # deterministic SVG, with <title> and <desc>; no script, no font fetched
chart.png(dpi=150)                         # deterministic PNG
chart.title, chart.description             # what it shows, in words (alt text)
chart.width_in, chart.height_in            # the size it is drawn for: 17 cm wide, fits an A4 portrait page
chart.data                                 # what it is drawn from (bars, rows, nodes and edges)
```

`plan` is the typed `Plan`, `kb` the knowledge base the plan was made with. Labels are in words (subdomains'
short titles, phase names, actions' titles); ids stay in the JSON. How each chart is drawn: `chart_phases`,
`chart_timeline`, `chart_dependencies` and `chart_arcs`; how a chart is written: `chart_figure`.
"""

from __future__ import annotations

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .chart_arcs import dependencies_chart
from .chart_dependencies import SCOPES
from .chart_figure import Chart
from .chart_phases import phases_chart
from .chart_timeline import timeline_chart

__all__ = ["Chart", "SCOPES", "dependencies", "phases", "timeline"]


def phases(plan: Plan, kb: KnowledgeBase) -> Chart:
    """Current against target phase of every subdomain, grouped by intermediate outcome; unrated ones marked."""
    return phases_chart(plan, kb)


def timeline(plan: Plan, kb: KnowledgeBase) -> Chart:
    """A Gantt chart of the plan: each step and action from its start to its end month, by track, with the
    planning periods marked."""
    return timeline_chart(plan, kb)


def dependencies(plan: Plan, kb: KnowledgeBase, *, scope: str = "plan") -> Chart:
    """The dependency graph between subdomains: with `scope="plan"` only the dependencies that bear on the plan's
    steps and the subdomains they join; with `scope="all"` every dependency."""
    return dependencies_chart(plan, kb, scope)
