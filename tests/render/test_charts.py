"""The charts drawn once for every format (`cpss_advisor.render.charts`): the same bytes every time and in every
process, SVG that is safe to inline, what each chart is drawn from, and labels in words."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from cpss_advisor import api
from cpss_advisor.render import charts
from cpss_advisor.render.chart_style import MAX_HEIGHT_IN

from tests.conftest import EXAMPLES, ROOT

EXAMPLE_NAMES = ("aldovia-early-stable", "beremia-conflict", "corvania-decentralisation")
CHARTS = ("phases", "timeline", "dependencies", "dependencies-all")
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def make_chart(which: str, plan, kb) -> charts.Chart:
    if which == "dependencies-all":
        return charts.dependencies(plan, kb, scope="all")
    return getattr(charts, which)(plan, kb)


@pytest.fixture(scope="module")
def plans():
    return {name: api.recommend(EXAMPLES / f"{name}.yaml") for name in EXAMPLE_NAMES}


@pytest.fixture(scope="module")
def drawn(plans, kb):
    """Every chart of every example, drawn once: (chart, svg, png)."""
    out = {}
    for name, plan in plans.items():
        for which in CHARTS:
            chart = make_chart(which, plan, kb)
            out[(name, which)] = (chart, chart.svg(), chart.png())
    return out


def _digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


# --- the same bytes, every time and in every process --------------------------------------------------------------

def test_the_same_chart_twice_gives_the_same_bytes(drawn, plans, kb):
    for (name, which), (_chart, svg, png) in drawn.items():
        again = make_chart(which, plans[name], kb)
        assert again.svg() == svg, (name, which)
        assert again.png() == png, (name, which)


_OTHER_PROCESS = """
import hashlib, json, sys
import cpss_advisor.render.charts as charts
imported_early = "matplotlib" in sys.modules
from cpss_advisor import api
kb = api.knowledge_base()
out = {"matplotlib_on_import": imported_early}
for name in NAMES:
    plan = api.recommend(f"examples/{name}.yaml")
    for which in CHARTS:
        c = charts.dependencies(plan, kb, scope="all") if which == "dependencies-all" else getattr(charts, which)(plan, kb)
        out[f"{name}/{which}/svg"] = hashlib.sha256(c.svg().encode()).hexdigest()
        out[f"{name}/{which}/png"] = hashlib.sha256(c.png()).hexdigest()
print(json.dumps(out))
"""


def test_another_process_with_another_hash_seed_gives_the_same_bytes(drawn):
    seed = "2718" if os.environ.get("PYTHONHASHSEED") != "2718" else "3141"
    code = f"NAMES = {EXAMPLE_NAMES!r}\nCHARTS = {CHARTS!r}\n" + _OTHER_PROCESS
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONHASHSEED": seed})
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    assert theirs.pop("matplotlib_on_import") is False  # importing the module does not load matplotlib
    ours = {}
    for (name, which), (_chart, svg, png) in drawn.items():
        ours[f"{name}/{which}/svg"] = _digest(svg)
        ours[f"{name}/{which}/png"] = _digest(png)
    assert theirs == ours


def test_the_callers_matplotlib_settings_change_nothing_and_are_restored(plans, kb, drawn):
    import matplotlib

    chart, svg, png = drawn[("beremia-conflict", "phases")]
    with matplotlib.rc_context({"font.family": "serif", "font.size": 20, "lines.linewidth": 4,
                                "svg.hashsalt": None, "svg.fonttype": "none", "text.parse_math": True,
                                "hatch.linewidth": 3, "savefig.transparent": True}):
        before = dict(matplotlib.rcParams)
        again = charts.phases(plans["beremia-conflict"], kb)
        assert again.svg() == svg
        assert again.png() == png
        assert dict(matplotlib.rcParams) == before


def test_the_font_is_the_one_shipped_with_matplotlib(drawn):
    import matplotlib
    from matplotlib import font_manager

    from cpss_advisor.render.chart_figure import RC

    with matplotlib.rc_context(RC):
        path = font_manager.findfont(font_manager.FontProperties(family=RC["font.family"]), fallback_to_default=False)
    assert os.path.realpath(path).startswith(os.path.realpath(matplotlib.get_data_path()))


# --- SVG safe to inline: well-formed, titled, nothing outside ---------------------------------------------------

@pytest.mark.parametrize("which", CHARTS)
def test_svg_is_well_formed_titled_and_refers_to_nothing_outside(drawn, which):
    for name in EXAMPLE_NAMES:
        chart, svg, _png = drawn[(name, which)]
        assert not svg.lstrip().startswith("<?xml") and "<!DOCTYPE" not in svg
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG_NS}svg"
        first, second = list(root)[:2]
        assert (first.tag, first.text) == (f"{SVG_NS}title", chart.title)
        assert (second.tag, second.text) == (f"{SVG_NS}desc", chart.description)
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
        assert "<script" not in svg.lower() and "<foreignobject" not in svg.lower() and "<image" not in svg
        assert "@import" not in svg and "http" not in re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert len(ids) == len(set(ids))
        assert all(i.startswith(chart.name) for i in ids)  # several charts can share a page
        refs = [el.get(XLINK_HREF) or el.get("href") for el in root.iter() if el.get(XLINK_HREF) or el.get("href")]
        refs += re.findall(r"url\(([^)]*)\)", svg)
        assert refs and all(r.startswith("#") and r[1:] in ids for r in refs)


def test_svg_title_and_description_are_escaped(plans, kb):
    plan = plans["aldovia-early-stable"].model_copy(update={"country": 'Ald<script>alert("x")</script> & $x^2$'})
    chart = charts.timeline(plan, kb)
    svg = chart.svg()
    assert "<script" not in svg
    assert ET.fromstring(svg).find(f"{SVG_NS}title").text == chart.title
    assert chart.title.startswith('Ald<script>alert("x")</script> & $x^2$')


def test_text_with_dollars_and_control_characters_is_drawn_as_itself(plans, kb):
    plan = plans["beremia-conflict"]
    first = plan.recommendations[0]
    odd = first.model_copy(update={"title": "Cash $5 a day, 50% \\alpha_1 \x1b[31m red"})
    plan = plan.model_copy(update={"recommendations": [odd, *plan.recommendations[1:]]})
    chart = charts.timeline(plan, kb)
    drawn_text = " ".join(t.replace("\n", " ") for t in chart.texts())
    assert "Cash $5 a day, 50% \\alpha_1 \\x1b[31m" in drawn_text
    assert "\x1b" not in drawn_text
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"
    ET.fromstring(chart.svg())


# --- what each chart is drawn from -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_timeline_has_one_bar_per_step_and_action(drawn, plans, name):
    plan = plans[name]
    data = drawn[(name, "timeline")][0].data
    assert sorted(b.recommendation for b in data.bars) == sorted(r.id for r in plan.recommendations)
    by_id = {r.id: r for r in plan.recommendations}
    for b in data.bars:
        r = by_id[b.recommendation]
        assert (b.start, b.end) == (r.start_month, r.end_month)
        assert b.group == ("response" if r.track == "response" else
                           "steps" if r.kind in ("climb", "restore") else "enabling")
    order = ["response", "enabling", "steps"]
    assert [order.index(b.group) for b in data.bars] == sorted(order.index(b.group) for b in data.bars)
    assert [(p.start, p.end) for p in data.periods] == [(w.start_month, w.end_month) for w in plan.waves]
    assert data.axis_end >= max([plan.horizon_months, *(r.end_month for r in plan.recommendations)])


def test_the_timeline_of_beremia_has_every_track_and_runs_past_the_horizon(drawn):
    chart = drawn[("beremia-conflict", "timeline")][0]
    assert {b.group for b in chart.data.bars} == {"response", "enabling", "steps"}
    texts = chart.texts()
    assert {"Response track", "Enabling actions", "Steps"} <= set(texts)
    assert "after the horizon (month 24)" in texts
    assert "Case management and referral \u2192 Enhancement" in {b.label for b in chart.data.bars}
    assert "Case management and referral \u2192 Enhancement" in [t.replace("\n", " ") for t in texts]
    assert "past the end of the horizon (month 24)" in chart.description


def _bearing(plan, kb) -> set[str]:
    """The dependencies that bear on the plan, from the definition: the dependant step is in the plan, or the
    prerequisite is a step of the plan and the dependant subdomain has not reached the phase yet."""
    steps = {(r.subdomain, r.to_phase) for r in plan.recommendations if r.kind in ("climb", "restore")}
    rated = {r.subdomain: r.phase for r in plan.ratings}
    return {e.id for e in kb.edges
            if (e.subdomain, e.to_phase) in steps
            or ((e.needs, e.min_phase) in steps and rated.get(e.subdomain, 0) < e.to_phase)}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_dependencies_of_the_plan_are_those_that_bear_on_its_steps(drawn, plans, kb, name):
    plan = plans[name]
    data = drawn[(name, "dependencies")][0].data
    drawn_ids = [i for e in data.edges for i in e.edges]
    assert len(drawn_ids) == len(set(drawn_ids))
    assert set(drawn_ids) == _bearing(plan, kb)
    assert set(drawn_ids) < {e.id for e in kb.edges}  # the plan's edges are not all of them
    # every dependency the plan gives as a reason for a step is on the chart
    assert {e["id"] for r in plan.recommendations for e in r.edges} <= set(drawn_ids)
    # the subdomains drawn are those the edges join
    assert {n.subdomain for n in data.nodes} == {s for e in data.edges for s in (e.source, e.target)}
    by_id = {e.id: e for e in kb.edges}
    for arc in data.edges:
        assert {(by_id[i].needs, by_id[i].subdomain) for i in arc.edges} == {(arc.source, arc.target)}
        assert {by_id[i].type for i in arc.edges} == {arc.type}
    assert {n.subdomain for n in data.nodes if n.in_plan} == \
        {r.subdomain for r in plan.recommendations if r.kind in ("climb", "restore")} & {n.subdomain for n in data.nodes}


def test_every_dependency_and_subdomain_with_scope_all(drawn, kb):
    data = drawn[("beremia-conflict", "dependencies-all")][0].data
    assert sorted(i for e in data.edges for i in e.edges) == sorted(e.id for e in kb.edges)
    assert sorted(n.subdomain for n in data.nodes) == sorted(kb.subdomains)
    assert {e.type for e in data.edges} == {"finish_to_start", "co_requisite", "interim", "soft"}


def test_an_unknown_scope_is_refused(plans, kb):
    with pytest.raises(ValueError, match="scope must be one of plan, all"):
        charts.dependencies(plans["aldovia-early-stable"], kb, scope="some")


def test_a_plan_without_dependencies_says_so(plans, kb):
    plan = plans["aldovia-early-stable"].model_copy(update={"recommendations": []})
    chart = charts.dependencies(plan, kb)
    assert chart.data.edges == () and chart.data.nodes == ()
    assert "No dependency bears on the plan's steps." in chart.description
    assert chart.texts() == ["No dependency between subdomains bears on the plan's steps."]
    timeline = charts.timeline(plan, kb)
    assert timeline.data.bars == () and "The plan has no step and no action." in timeline.texts()


def test_the_phases_chart_groups_subdomains_by_outcome_and_marks_the_unrated(plans, kb):
    plan = plans["corvania-decentralisation"]
    gone = "4.2"
    plan = plan.model_copy(update={"ratings": [r for r in plan.ratings if r.subdomain != gone],
                                   "targets": [t for t in plan.targets if t.subdomain != gone],
                                   "unrated": [gone]})
    chart = charts.phases(plan, kb)
    groups = chart.data.groups
    assert [g.outcome for g in groups] == sorted(kb.outcomes)
    assert [[r.subdomain for r in g.rows] for g in groups] == [kb.subdomains_of(o) for o in sorted(kb.outcomes)]
    rows = {r.subdomain: r for g in groups for r in g.rows}
    assert rows[gone].current is None and rows[gone].target is None
    ratings = {r.subdomain: r.phase for r in plan.ratings}
    targets = {t.subdomain: t.phase for t in plan.targets}
    assert all(rows[s].current == p and rows[s].target == targets.get(s, p) for s, p in ratings.items())
    texts = chart.texts()
    assert texts.count("not rated") == 1
    assert ["Building", "Enhancement", "Integration", "Maturity"] == [t for t in texts if t in chart.data.phases]
    assert "4.2 Minimum standards: not rated" in chart.description


def test_the_phases_chart_says_when_the_plans_steps_run(drawn):
    chart = drawn[("beremia-conflict", "phases")][0]
    rows = {r.subdomain: r for g in chart.data.groups for r in g.rows}
    assert rows["3.3"].plan == "months 0\u201312"
    assert rows["2.2"].plan == "deferred"
    assert "months 0\u201312" in chart.texts()


# --- words for people --------------------------------------------------------------------------------------------

_SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
_STEP_ID = re.compile(r"\b\d+\.\d+:\S")


@pytest.fixture(scope="module")
def ids(plans, kb):
    """Every id a label must not show: steps, actions, interventions, edges, rules, contexts, actors."""
    out = {r.id for p in plans.values() for r in p.recommendations}
    out |= {d.id for p in plans.values() for d in p.deferred}
    out |= set(kb.interventions) | set(kb.response_actions) | {e.id for e in kb.edges} | set(kb.contexts)
    out |= {a.id for a in kb.vocabulary.actors} | set(api.advisor().book.rules)
    return {i for i in out if not re.fullmatch(r"\d+(\.\d+)?", i)}  # a subdomain's number is the benchmark's own


@pytest.mark.parametrize("which", CHARTS)
def test_labels_title_and_description_are_words_without_ids(drawn, ids, which):
    for name in EXAMPLE_NAMES:
        chart = drawn[(name, which)][0]
        for text in [*chart.texts(), chart.title, chart.description]:
            assert not _SNAKE.search(text), (name, text)
            assert not _STEP_ID.search(text), (name, text)
            assert "@" not in text and "<-" not in text and "--" not in text, (name, text)
            found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
            assert not found, (name, found, text)


# --- PNG and size ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", CHARTS)
def test_the_png_is_a_picture_of_the_charts_size(drawn, which):
    from PIL import Image

    for name in EXAMPLE_NAMES:
        chart, _svg, png = drawn[(name, which)]
        image = Image.open(io.BytesIO(png)).convert("L")
        assert image.size == pytest.approx((chart.width_in * 150, chart.height_in * 150), abs=1)
        histogram = image.histogram()
        dark = sum(histogram[:128]) / (image.size[0] * image.size[1])
        ink = 1 - histogram[255] / (image.size[0] * image.size[1])
        assert dark > 0.01 and ink > 0.03, (name, dark, ink)


def test_png_resolution_follows_dpi(drawn):
    chart = drawn[("corvania-decentralisation", "timeline")][0]
    from PIL import Image

    size = Image.open(io.BytesIO(chart.png(dpi=72))).size
    assert size == pytest.approx((chart.width_in * 72, chart.height_in * 72), abs=1)


@pytest.mark.parametrize("which", CHARTS)
def test_every_chart_fits_the_text_width_of_an_a4_page(drawn, which):
    for name in EXAMPLE_NAMES:
        chart = drawn[(name, which)][0]
        assert chart.width_in == pytest.approx(17 / 2.54)
        assert 0 < chart.height_in <= MAX_HEIGHT_IN < (29.7 - 4) / 2.54


def test_a_chart_is_drawn_once_per_format_and_resolution(plans, kb):
    chart = charts.timeline(plans["corvania-decentralisation"], kb)
    assert chart.svg() is chart.svg()
    assert chart.png() is chart.png(dpi=150)
    assert chart.png(dpi=72) is not chart.png()


@pytest.mark.parametrize("dpi", [0, 9, 601, 150.0, "150"])
def test_an_unusable_resolution_is_refused(plans, kb, dpi):
    with pytest.raises(ValueError, match="dpi must be a whole number from 10 to 600"):
        charts.timeline(plans["corvania-decentralisation"], kb).png(dpi=dpi)


def test_a_long_plan_keeps_every_bar_and_the_phase_each_step_reaches(kb):
    plan = api.recommend(EXAMPLES / "beremia-conflict.yaml", horizon_years=10, capacity=19, per_lead=19)
    chart = charts.timeline(plan, kb)
    assert len(chart.data.bars) == len(plan.recommendations) > 40
    phases = tuple(f"\u2192 {kb.phase_short(p)}" for p in (2, 3, 4))
    steps = [b.label for b in chart.data.bars if b.group == "steps"]
    drawn = [t for t in chart.texts() if "\u2192" in t]
    assert len(drawn) == len(steps) and all("\n" not in t and t.endswith(phases) for t in drawn)
    assert chart.data.axis_end >= 10 * 12
