"""The Consensus page: participants' files compared per subdomain, which disagreements change the plan, and the
agreed ratings recorded with who agreed and the evidence, kept in the decision record.

The benchmarks are to help government and partners "build consensus" on priorities (seed 000, line 104)."""

from __future__ import annotations

import json

from ruamel.yaml import YAML

from cpss_advisor import api

from .conftest import EXAMPLES, csrf, text_of

PEOPLE = sorted((EXAMPLES / "consensus" / "beremia").glob("*.yaml"))


def _add(client, token):
    files = [("files", (p.name, p.read_bytes())) for p in PEOPLE]
    return client.post("/consensus/add", files=files, data={"csrf_token": token})


def test_the_page_shows_agreement_and_what_changes_the_plan(client):
    token = csrf(client)
    r = _add(client, token)
    assert r.status_code == 200
    text = text_of(r.text)
    c = api.consensus(PEOPLE)
    assert f"{len(c.disagreements)} of 19 subdomains are rated differently" in text
    changing = [row for row in c.disagreements if row.changes_plan]
    assert f"{len(changing)} of these disagreements change the plan" in text
    assert text.count("does not change the plan") == len(c.disagreements) - len(changing)
    for name in c.participants:
        assert name in text


def test_agreeing_records_who_agreed_and_keeps_every_rating(client):
    token = csrf(client)
    _add(client, token)
    decisions = YAML(typ="safe").load((EXAMPLES / "consensus" / "beremia-decisions.yaml").read_text())
    form = {"csrf_token": token}
    for sid, d in decisions.items():
        form[f"phase-{sid}"] = str(d["phase"])
        form[f"agreed-{sid}"] = d["agreed_by"]
        form[f"evidence-{sid}"] = d.get("evidence", "")
    r = client.post("/consensus/agree", data=form)
    assert r.status_code == 200 and "Agreed." in r.text
    agreed = api.load_assessment(client.get("/export/assessment.yaml").content, name="agreed.yaml")
    assert agreed.consensus is not None
    record = json.loads(client.get("/export/record.json").text)
    embedded = json.loads(record["input"]["text"])
    entry = embedded["consensus"]["subdomains"]["3.3"]
    assert entry["agreed_by"] == decisions["3.3"]["agreed_by"] and entry["phase"] == decisions["3.3"]["phase"]
    assert set(entry["ratings"]) == set(api.consensus(PEOPLE).participants)


def test_an_undecided_disagreement_is_named(client):
    token = csrf(client)
    _add(client, token)
    r = client.post("/consensus/agree", data={"csrf_token": token, "phase-3.3": "1"})
    assert r.status_code == 422
    assert "missing required field 'evidence'" in text_of(r.text)
    assert '<option value="1" selected>' in r.text  # the decision is shown as given, to be completed
    r = client.post("/consensus/agree", data={"csrf_token": token, "phase-3.3": "1", "evidence-3.3": "SOPs in draft",
                                               "agreed-3.3": ["UNICEF country office"]})
    assert r.status_code == 422
    problems = text_of(r.text.split('<ul class="problems" role="alert">')[1].split("</ul>")[0])
    assert "no decision settles it" in problems and "3.3" not in problems


def test_a_participant_rated_in_the_app_joins_under_a_name(client):
    token = csrf(client)
    client.post("/start/upload", files={"file": (PEOPLE[0].name, PEOPLE[0].read_bytes())}, data={"csrf_token": token})
    r = client.post("/consensus/add", data={"csrf_token": token, "current": "1", "name": "Workshop group A"},
                    files=[("files", (PEOPLE[1].name, PEOPLE[1].read_bytes()))])
    assert "Workshop group A" in r.text
    client.post("/consensus/remove", data={"csrf_token": token, "index": "0"})
    assert "Workshop group A" not in client.get("/consensus").text
