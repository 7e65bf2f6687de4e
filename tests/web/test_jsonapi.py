"""The JSON API: the same JSON as the command line's --format json, problems as data."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cpss_advisor import api
from cpss_advisor.cli.main import cli

from .conftest import EXAMPLES


def _data(name="beremia-conflict.yaml") -> dict:
    return api.assessment_data(EXAMPLES / name)


def test_plan_is_the_json_of_recommend(client, tmp_path):
    data = _data()
    r = client.post("/api/plan", json={"assessment": data, "name": "beremia.json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    (tmp_path / "beremia.json").write_text(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    out = CliRunner().invoke(cli, ["recommend", str(tmp_path / "beremia.json"), "--format", "json"])
    assert out.exit_code == 0
    ours, theirs = json.loads(r.text), json.loads(out.output)
    assert ours["recommendations"] == theirs["recommendations"]
    assert ours.keys() == theirs.keys()


def test_whatif_is_the_json_of_whatif(client):
    r = client.post("/api/whatif", json={"assessment": _data(), "set": ["5.1=3"], "shock": ["refugee-influx"]})
    assert r.status_code == 200
    body = r.json()
    expected = api.whatif(api.load_assessment(_data(), name="assessment"),
                          api.scenarios(sets=["5.1=3"], shocks=["refugee-influx"]))
    assert body == json.loads(api.render_report("whatif", expected, "json"))


def test_validate_is_the_summary_of_validate(client):
    r = client.post("/api/validate", json={"assessment": _data("aldovia-early-stable.yaml")})
    assert r.status_code == 200
    assert r.json() == json.loads(api.render_report("summary", api.validate(_data("aldovia-early-stable.yaml"),
                                                                            name="assessment"), "json"))


def test_bad_input_is_a_list_of_problems(client):
    data = _data()
    data["ratings"]["5.1"]["phase"] = 9
    r = client.post("/api/plan", json={"assessment": data})
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert problems[0]["code"] and "out of range" in problems[0]["message"]
    r = client.post("/api/whatif", json={"assessment": _data(), "set": ["9.9=3"]})
    assert r.status_code == 422 and r.json()["problems"]


def test_a_malformed_request_is_refused(client):
    assert client.post("/api/plan", content=b"{", headers={"Content-Type": "application/json"}).status_code == 400
    assert client.post("/api/plan", json=[1, 2]).status_code == 400
    assert client.post("/api/plan", json={"assessment": _data(), "horizon_years": 99}).status_code == 422
