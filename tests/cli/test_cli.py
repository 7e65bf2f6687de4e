"""The command-line interface: every command works, has help, is documented; outputs never overwrite inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from cpss_advisor import __version__
from cpss_advisor.cli.main import cli

from tests.conftest import EXAMPLES, ROOT, run_cli

SUBDOMAINS = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2",
              "5.1", "5.2", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3"]


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    ctx = click.Context(group)
    out = []
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out.extend(all_commands(cmd, full + " "))
    return out


def test_version():
    r = run_cli("--version")
    assert r.code == 0 and r.stdout.strip() == f"cpss, version {__version__}"


def test_help_documents_exit_codes():
    r = run_cli("--help")
    assert r.code == 0
    for code in ("0  success", "1  bad input", "2  usage", "3  invalid knowledge", "4  an output", "5  a verified record",
                 "70 internal error"):
        assert code in r.stdout


@pytest.mark.parametrize("name,cmd", all_commands(cli), ids=[n for n, _ in all_commands(cli)])
def test_every_command_has_help_and_is_documented(name, cmd):
    assert cmd.help and len(cmd.help) > 20
    r = run_cli(*name.split(), "--help")
    assert r.code == 0 and "Usage:" in r.stdout
    readme = (ROOT / "README.md").read_text()
    assert f"cpss {name}" in readme, f"'cpss {name}' is not in the README"


def test_usage_error_exits_2():
    r = run_cli("no-such-command")
    assert r.code == 2
    r = run_cli("kb", "graph", "--format", "png")
    assert r.code == 2


@pytest.mark.parametrize("sid", SUBDOMAINS)
def test_kb_show_every_subdomain(sid, kb):
    r = run_cli("kb", "show", sid)
    assert r.code == 0
    assert r.stdout.startswith(f"{sid} {kb.subdomains[sid].title}")
    for name in ("System Building", "System Enhancement", "System Integration", "System Maturity"):
        assert name in r.stdout
    for step in ("1->2", "2->3", "3->4"):
        assert f"  {step}\n    - " in r.stdout
    data = json.loads(run_cli("kb", "show", sid, "--format", "json").stdout)
    assert data["id"] == sid and len(data["phases"]) == 4 and all(s["interventions"] for s in data["steps"])


def test_kb_show_case_management_details():
    out = run_cli("kb", "show", "3.3").stdout
    assert "to reach 3: 5.1 at 2 or above (interim; for now: interim-caseworker-training-supervision)" in out
    assert "6.4 needs this at 2 or above to reach 3 (co-requisite)" in out
    assert "Case management benchmarks informing it" in out


def test_kb_show_inferred_text_is_marked():
    assert "[inferred: no source text]" in run_cli("kb", "show", "3.1").stdout


def test_kb_show_unknown_subdomain():
    r = run_cli("kb", "show", "3.7")
    assert r.code == 1 and "unknown subdomain '3.7'" in r.stderr and "did you mean" in r.stderr


def test_kb_contexts_lists_catalogue_and_contradictions():
    r = run_cli("kb", "contexts")
    assert r.code == 0
    assert "armed_conflict" in r.stdout and "at most one of acute_onset, protracted_crisis, recovery" in r.stdout


def test_validate_text_and_json():
    r = run_cli("validate", EXAMPLES / "beremia-conflict.yaml")
    assert r.code == 0 and "Beremia, as of 2026-06-30" in r.stdout and "19 of 19 subdomains rated" in r.stdout
    assert re.search(r"caseload_per_caseworker\s+38\s+at most 25\s+does not meet", r.stdout)
    data = json.loads(run_cli("validate", EXAMPLES / "beremia-conflict.yaml", "--format", "json").stdout)
    assert data["valid"] and data["country"] == "Beremia" and len(data["ratings"]) == 19


def test_json_output_is_deterministic():
    a = run_cli("validate", EXAMPLES / "corvania-decentralisation.yaml", "-f", "json").stdout
    b = run_cli("validate", EXAMPLES / "corvania-decentralisation.yaml", "-f", "json").stdout
    assert a == b


def test_template_is_a_blank_assessment_to_fill_in(tmp_path: Path, kb):
    out = tmp_path / "new.yaml"
    r = run_cli("template", "-o", out, "--as-of", "2026-01-15")
    assert r.code == 0 and out.exists()
    text = out.read_text()
    for sid in SUBDOMAINS:
        assert f'# "{sid}": 1' in text
    for cid in kb.contexts:
        assert cid in text
    # Left blank, it is refused: nothing is rated (pointing at 'ratings:'), the country is the placeholder.
    for command in ("validate", "recommend"):
        v = run_cli(command, out)
        assert v.code == 1 and v.stdout == ""
        ratings_line = text.split("\n").index("ratings:") + 1
        assert f"{out}:{ratings_line}:1: nothing is rated" in v.stderr and "under 'ratings:'" in v.stderr
        assert "the country is still the template's placeholder 'Country name'" in v.stderr
    # Filling in a rating by uncommenting its line gives a valid assessment with that rating.
    out.write_text(text.replace('  # "3.3": 1', '  "3.3": 2', 1))
    data = json.loads(run_cli("validate", out, "-f", "json").stdout)
    assert [(x["subdomain"], x["phase"]) for x in data["ratings"]] == [("3.3", 2)]
    assert data["unrated"] == [s for s in SUBDOMAINS if s != "3.3"] and data["as_of"] == "2026-01-15"
    assert [w["code"] for w in data["warnings"]] == ["placeholder-country"]


def test_template_does_not_replace_an_existing_file(tmp_path: Path):
    out = tmp_path / "mine.yaml"
    out.write_text("precious")
    r = run_cli("template", "-o", out)
    assert r.code == 4 and "the file exists" in r.stderr and out.read_text() == "precious"
    assert run_cli("template", "-o", out, "--force").code == 0 and out.read_text() != "precious"


def test_output_refuses_to_overwrite_the_input(tmp_path: Path):
    src = tmp_path / "a.yaml"
    src.write_bytes((EXAMPLES / "aldovia-early-stable.yaml").read_bytes())
    before = src.read_bytes()
    r = run_cli("validate", src, "-o", src)
    assert r.code == 4 and "refusing to write the output over an input file" in r.stderr
    assert src.read_bytes() == before


def test_output_to_file(tmp_path: Path):
    out = tmp_path / "summary.json"
    r = run_cli("validate", EXAMPLES / "aldovia-early-stable.yaml", "-f", "json", "-o", out)
    assert r.code == 0 and r.stdout == "" and json.loads(out.read_text())["country"] == "Aldovia"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]
