"""`-o FILE` without `--format`: the file's extension sets the format, for every command with both options; a
`--format` that contradicts the extension is a usage error naming both."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"


def _kind(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if text.lstrip().lower().startswith("<!doctype html"):
        return "html"
    if text.startswith("{"):
        json.loads(text)
        return "json"
    if text.startswith("# "):
        return "markdown"
    return "text"


@pytest.mark.parametrize("name,kind", [("plan.json", "json"), ("plan.md", "markdown"), ("plan.MARKDOWN", "markdown"),
                                       ("plan.html", "html"), ("plan.htm", "html"), ("plan.xlsx", "xlsx"),
                                       ("plan.txt", "text"), ("plan.out", "text"), ("plan", "text")])
def test_recommend_format_follows_the_extension(tmp_path, name, kind):
    out = tmp_path / name
    r = run_cli("recommend", BEREMIA, "-o", out)
    assert r.code == 0, r.stderr
    assert _kind(out.read_bytes()) == kind
    if kind == "text":
        assert out.read_text().startswith("Plan for Beremia")


def test_the_same_format_given_twice_is_fine(tmp_path):
    out = tmp_path / "plan.md"
    assert run_cli("recommend", BEREMIA, "--format", "markdown", "-o", out).code == 0
    assert _kind(out.read_bytes()) == "markdown"
    unknown = tmp_path / "plan.out"  # an unknown extension: --format decides
    assert run_cli("recommend", BEREMIA, "-f", "json", "-o", unknown).code == 0
    assert _kind(unknown.read_bytes()) == "json"


@pytest.mark.parametrize("args,fmt,name,implied", [
    (["recommend", BEREMIA], "json", "plan.md", "markdown"),
    (["recommend", BEREMIA], "text", "plan.xlsx", "xlsx"),
    (["validate", BEREMIA], "text", "summary.json", "json"),
    (["portfolio", EXAMPLES], "markdown", "region.json", "json"),
    (["kb", "graph"], "mermaid", "graph.dot", "dot"),
])
def test_a_conflicting_format_is_a_usage_error(tmp_path, args, fmt, name, implied):
    out = tmp_path / name
    r = run_cli(*args, "--format", fmt, "-o", out)
    assert r.code == 2, r.stderr
    assert f"--format {fmt} conflicts with -o {out}" in r.stderr and f"is {implied}" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("args,name,check", [
    (["validate", BEREMIA], "summary.json", lambda t: json.loads(t)["country"] == "Beremia"),
    (["cm", BEREMIA], "cm.json", lambda t: json.loads(t)["country"] == "Beremia"),
    (["portfolio", EXAMPLES], "region.md", lambda t: t.startswith("# Child protection systems strengthening")),
    (["portfolio", EXAMPLES], "region.json", lambda t: json.loads(t)["kind"] == "portfolio"),
    (["whatif", BEREMIA, "--set", "5.2=3"], "whatif.json", lambda t: "scenarios" in json.loads(t)),
    (["kb", "graph"], "graph.dot", lambda t: t.startswith("digraph")),
    (["kb", "graph"], "graph.mmd", lambda t: t.startswith("flowchart") or t.startswith("graph")),
    (["kb", "show", "3.3"], "3.3.json", lambda t: json.loads(t)["id"] == "3.3"),
    (["rules", "list"], "rules.json", lambda t: isinstance(json.loads(t), (list, dict))),
    # an extension whose format the command does not write keeps the default
    (["validate", BEREMIA], "summary.md", lambda t: t.startswith(f"{BEREMIA}: valid")),
])
def test_other_commands_follow_the_extension(tmp_path, args, name, check):
    out = tmp_path / name
    r = run_cli(*args, "-o", out)
    assert r.code == 0, r.stderr
    assert check(out.read_text()), out.read_text()[:300]
