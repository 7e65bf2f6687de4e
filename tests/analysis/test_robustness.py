"""Robustness and sensitivity reports: their JSON is made of named keys only."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, run_cli


def _keys(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}/{k}", k
            yield from _keys(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _keys(v, f"{path}[{i}]")


def test_robustness_json_names_every_confidence():
    r = run_cli("robustness", EXAMPLES / "beremia-conflict.yaml", "--samples", "4", "-f", "json")
    assert r.code == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["off_by_one"] == {"high": 0.0, "medium": 0.25, "low": 0.5, "unstated": 0.25}
    bad = [p for p, k in _keys(report) if k in ("None", "null", "")]
    assert not bad, bad


def test_sensitivity_json_has_no_unnamed_keys():
    r = run_cli("sensitivity", EXAMPLES / "beremia-conflict.yaml", "-f", "json")
    assert r.code == 0, r.stderr
    bad = [p for p, k in _keys(json.loads(r.stdout)) if k in ("None", "null", "")]
    assert not bad, bad
