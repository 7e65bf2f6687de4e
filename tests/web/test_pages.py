"""Every page of the web app over HTTP: Start and its uploads (every kind of bad file shown with the command
line's own located message), Rate and its guided forms, Plan and each step's reasons, What-if, Export, Compare."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from docx import Document

from cpss_advisor import api

from .conftest import EXAMPLES, csrf, example_bytes, example_workbook, text_of, upload


def test_start_page_offers_upload_and_blank(client):
    r = client.get("/")
    assert r.status_code == 200
    assert '<input type="file" id="file" name="file"' in r.text
    assert '<label for="file">' in r.text and '<label for="country">' in r.text


def test_pages_before_an_assessment_send_to_start(client):
    for path in ("/rate", "/plan", "/whatif", "/export"):
        r = client.get(path)
        assert r.url.path == "/", path


@pytest.mark.parametrize("name, content", [
    ("beremia.xlsx", None), ("beremia.yaml", example_bytes()),
    ("aldovia.json", json.dumps(api.assessment_data(EXAMPLES / "aldovia-early-stable.yaml")).encode()),
])
def test_an_upload_opens_the_rate_page(client, name, content):
    r = upload(client, name, content if content is not None else example_workbook())
    assert r.status_code == 200 and r.url.path == "/rate"
    assert 'id="phase-3.3-1"' in r.text


def test_a_decision_record_upload_opens_its_assessment(client):
    intake = api.read_assessment(EXAMPLES / "corvania-decentralisation.yaml")
    record = api.decision_record(intake, api.recommend(intake.assessment))
    r = upload(client, "record.json", api.to_json(record).encode())
    assert r.url.path == "/rate"
    assert 'value="Corvania"' in r.text


def _bad_workbook() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(example_workbook()))
    book["Ratings"]["D2"] = "Sixth"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name, content, where, words", [
    ("ratings.csv", b"a,b\n", "ratings.csv", "csv"),
    ("empty.yaml", b"", "empty.yaml", "empty"),
    ("broken.yaml", b"country: [\n", "broken.yaml:", ""),
    ("bad.yaml", example_bytes().replace(b'"5.1": {phase: 2', b'"5.1": {phase: 7'), "bad.yaml:", "out of range"),
    ("bad.xlsx", None, "bad.xlsx:Ratings!D2", "Sixth"),
    ("big.yaml", b"#" * (2 * 1024 * 1024 + 10), "big.yaml", "limit"),
    ("notrecord.json", b'{"kind": "decision_record", "record_version": 99}', "notrecord.json", "record_version"),
    ("plan.json", b'{"schema_version": 1, "recommendations": []}', "plan.json", ""),
])
def test_a_bad_upload_shows_the_located_problem_by_the_field(client, name, content, where, words):
    r = upload(client, name, content if content is not None else _bad_workbook())
    assert r.status_code == 422
    shown = re.search(r'<ul class="problems" role="alert" id="file-problems">(.*?)</ul>', r.text, re.S)
    assert shown, "the problems are listed next to the file field"
    assert where in shown.group(1) and words in shown.group(1)


def test_the_cli_and_the_app_say_the_same_about_a_bad_file(client, tmp_path):
    bad = example_bytes().replace(b'"5.1": {phase: 2', b'"5.1": {phase: 7')
    (tmp_path / "bad.yaml").write_bytes(bad)
    with pytest.raises(api.InputError) as exc:
        api.load_assessment(tmp_path / "bad.yaml")
    message = exc.value.problems[0].message
    assert message in text_of(upload(client, "bad.yaml", bad).text)


def test_blank_start_then_rate_then_plan(client):
    token = csrf(client)
    r = client.post("/start/blank", data={"csrf_token": token, "country": "Testland", "as_of": "2026-05-01"})
    assert r.url.path == "/rate"
    assert "nothing is rated" in r.text
    r = client.post("/rate", data={"csrf_token": token, "country": "Testland", "as_of": "2026-05-01",
                                   "phase-3.3": "1", "confidence-3.3": "low", "evidence-3.3": "<b>none</b>"})
    assert r.status_code == 200 and "Saved." in r.text
    assert "&lt;b&gt;none&lt;/b&gt;" in r.text and "<b>none</b>" not in r.text
    plan = client.get("/plan")
    assert plan.status_code == 200 and "Testland" in plan.text


def test_changing_a_rating_changes_the_plan(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    before = text_of(client.get("/plan").text)
    form = _form_of(client.get("/rate").text)
    form["phase-5.1"] = "4"
    r = client.post("/rate", data={**form, "csrf_token": token})
    assert "Saved." in r.text
    after = text_of(client.get("/plan").text)
    assert before != after
    assert "5.1 Social service workforce reaching System Integration" in before
    assert "5.1 Social service workforce reaching System Integration" not in after


def _form_of(html: str) -> dict:
    """The values a browser would send from the rating form."""
    form = {}
    for m in re.finditer(r'<input type="(?:text|date|number|radio|checkbox)"[^>]*>', html):
        tag = m.group(0)
        name = re.search(r'name="([^"]+)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        if ('type="radio"' in tag or 'type="checkbox"' in tag) and " checked" not in tag:
            continue
        if name == "context":
            form.setdefault("context", []).append(value.group(1))
        else:
            form[name] = value.group(1) if value else ""
    for m in re.finditer(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="([^"]*)" selected>', m.group(2))
        form[m.group(1)] = sel.group(1) if sel else ""
    for m in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        form[m.group(1)] = m.group(2)
    return form


def test_a_contradictory_context_is_refused_with_its_reason(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    form = _form_of(client.get("/rate").text)
    form["context"] = form["context"] + ["acute_onset"]  # with protracted_crisis: two stages at once
    r = client.post("/rate", data={**form, "csrf_token": token})
    assert r.status_code == 422
    near = re.search(r'id="context-problems">(.*?)</ul>', r.text, re.S)
    assert near and "acute_onset" in near.group(1) and "hint:" in near.group(1)
    # nothing was saved
    assert "acute_onset" not in client.get("/export/assessment.yaml").text


def test_a_bad_horizon_is_refused(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    form = _form_of(client.get("/rate").text)
    r = client.post("/rate", data={**form, "horizon_years": "40", "csrf_token": token})
    assert r.status_code == 422 and "not 1 to 10 years" in r.text


def test_the_rating_form_shows_the_four_phase_criteria_side_by_side(client, work):
    upload(client, "beremia.yaml", example_bytes())
    html = client.get("/rate").text
    assert len(re.findall(r'<fieldset class="subdomain"', html)) == len(work.kb.subdomains) == 19
    for n in (1, 2, 3, 4):
        assert f'<label for="phase-3.3-{n}"><strong>{n} {work.kb.phases[n].name}</strong>' in html
    # every control has a label
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html))
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids <= labels


def test_the_checklist_form_saves_the_done_list(client, work):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    first = work.form["checklist"][0]["actions"][0]["id"]
    r = client.post("/rate/checklist", data={"csrf_token": token, "done": [first]})
    assert "Saved: 1 action done." in r.text  # one action: singular
    assert api.assessment_data  # the saved data reads back with one action done
    text = client.get("/export/assessment.yaml").text
    assert first in text and text.count("cm-") == 1


def test_the_questionnaire_rates_the_subdomains_answered(client, work):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    qs = work.form["questions"]["1.1"]
    answers = {f"q-{q['id']}": "yes" for q in qs}
    r = client.post("/rate/questionnaire", data={"csrf_token": token, **answers})
    assert "1.1: phase 4" in text_of(r.text)
    assert api.questionnaire_ratings({q["id"]: "yes" for q in qs}, knowledge=work.kb)["1.1"]["phase"] == 4


def test_the_plan_page_shows_the_brief_and_each_steps_reasons(client):
    upload(client, "beremia.yaml", example_bytes())
    html = client.get("/plan").text
    assert "Key messages" in html and 'id="chart-dependencies"' in html
    steps = re.findall(r'hx-get="/plan/reasons\?step=([^"]+)"', html)
    assert steps
    r = client.get(f"/plan/reasons?step={steps[0]}", headers={"HX-Request": "true"})
    assert r.text.startswith('<pre class="explain">') and "Why this step" in r.text
    page = client.get(f"/plan/reasons?step={steps[0]}")
    assert "<!DOCTYPE html>" in page.text


def test_an_unknown_step_is_a_problem_not_a_crash(client):
    upload(client, "beremia.yaml", example_bytes())
    r = client.get("/plan/reasons?step=9.9:1-2")
    assert r.status_code == 422


def test_whatif_shows_the_scenario_beside_the_base(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    page = client.get("/whatif").text
    assert 'hx-post="/whatif/run" hx-trigger="change, submit"' in page
    r = client.post("/whatif/run", data={"csrf_token": token, "set-5.1": "3"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "Base plan: first steps" in r.text and "Scenario: first steps" in r.text
    assert 'class="added"' in r.text and 'class="removed"' in r.text
    shock = client.post("/whatif/run", data={"csrf_token": token, "shock": "refugee-influx"})
    assert shock.status_code == 200 and "<!DOCTYPE html>" in shock.text  # without htmx: a whole page


def test_whatif_with_a_contradictory_context_shows_the_reason(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    r = client.post("/whatif/run", data={"csrf_token": token, "context-acute_onset": "add"},
                    headers={"HX-Request": "true"})
    assert r.status_code == 422 and 'class="problems"' in r.text


def test_sensitivity_and_robustness_on_demand(client):
    token = csrf(client)
    upload(client, "aldovia.yaml", example_bytes("aldovia-early-stable.yaml"), token)
    r = client.post("/whatif/sensitivity", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Sensitivity" in r.text
    r = client.post("/whatif/robustness", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Robustness" in r.text


@pytest.mark.parametrize("path, media", [
    ("/export/plan.docx", "wordprocessingml"), ("/export/plan.xlsx", "spreadsheetml"),
    ("/export/plan.html", "text/html"), ("/export/plan.json", "application/json"),
    ("/export/record.json", "application/json"), ("/export/assessment.yaml", "application/yaml"),
    ("/export/assessment.xlsx", "spreadsheetml"),
])
def test_every_export_downloads(client, path, media):
    upload(client, "beremia.yaml", example_bytes())
    r = client.get(path)
    assert r.status_code == 200 and media in r.headers["content-type"]
    assert r.headers["content-disposition"].startswith('attachment; filename="beremia')


def test_the_exports_read_back(client):
    upload(client, "beremia.yaml", example_bytes())
    doc = Document(io.BytesIO(client.get("/export/plan.docx").content))
    assert any("Beremia" in p.text for p in doc.paragraphs)
    original = api.load_assessment(EXAMPLES / "beremia-conflict.yaml")
    for name in ("assessment.yaml", "assessment.xlsx"):
        back = api.load_assessment(client.get(f"/export/{name}").content, name=name)
        assert back.ratings == original.ratings and back.context == original.context
    plan = json.loads(client.get("/export/plan.json").text)
    assert plan == json.loads(api.render_report("plan", api.recommend(
        api.assessment_data(original), name="beremia.yaml"), "json"))
    record = json.loads(client.get("/export/record.json").text)
    assert record["kind"] == "decision_record"


def test_compare_shows_the_portfolio(client):
    token = csrf(client)
    files = [("files", (n, example_bytes(n))) for n in ("beremia-conflict.yaml", "aldovia-early-stable.yaml")]
    files.append(("files", ("bad.csv", b"x")))
    r = client.post("/compare/add", files=files, data={"csrf_token": token})
    assert r.status_code == 422 and "bad.csv" in r.text
    assert "Beremia" in r.text and "Aldovia" in r.text
    page = client.get("/compare/portfolio.html")
    assert page.status_code == 200 and "Beremia" in page.text and "Aldovia" in page.text
    client.post("/compare/remove", data={"csrf_token": token, "index": "0"})
    assert "Beremia (" not in client.get("/compare").text


def test_every_step_and_deferred_step_opens_its_reasons(client):
    upload(client, "corvania.yaml", example_bytes("corvania-decentralisation.yaml"))
    steps = re.findall(r'hx-get="/plan/reasons\?step=([^"]+)"', client.get("/plan").text)
    plan = api.recommend(EXAMPLES / "corvania-decentralisation.yaml")
    assert len(steps) == len(plan.recommendations) + len(plan.deferred)
    for step in steps:
        r = client.get(f"/plan/reasons?step={step}", headers={"HX-Request": "true"})
        assert r.status_code == 200 and r.text.startswith('<pre class="explain">'), step


def test_what_if_of_an_assessment_that_cannot_be_planned_says_why(client):
    """A blank assessment (nothing rated yet) has no plan: each what-if route lists the problem instead of
    failing."""
    token = csrf(client)
    client.post("/start/blank", data={"csrf_token": token, "country": "Testland", "as_of": "2026-05-01"})
    for route in ("/whatif/run", "/whatif/sensitivity", "/whatif/robustness"):
        r = client.post(route, data={"csrf_token": token, "set-5.1": "3"})
        assert r.status_code == 422 and "nothing is rated" in text_of(r.text), route
    assert client.get("/whatif").status_code == 422


def test_what_if_before_any_assessment_sends_to_start(client):
    token = csrf(client)
    for route in ("/whatif/run", "/whatif/sensitivity", "/whatif/robustness"):
        assert client.post(route, data={"csrf_token": token}).url.path == "/", route
