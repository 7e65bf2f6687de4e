"""The one door for assessments, the one load -> check -> cache path for knowledge and rules, and the thin command
line over them (formats from the render registry, --quiet, suggestions, examples in every help)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from ruamel.yaml import YAML

from cpss_advisor.core import parse_cache, sources
from cpss_advisor.core.errors import InputError, KnowledgeError
from cpss_advisor.intake.load import load_assessment, read_assessment
from cpss_advisor.kb.loader import default_directory, load_knowledge
from cpss_advisor.render import registry
from cpss_advisor.render.template_workbook import template_workbook

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"


# --- one door ------------------------------------------------------------------------------------------------

def test_a_path_bytes_with_a_name_and_a_mapping_give_the_same_assessment(kb):
    by_path = load_assessment(BEREMIA, kb)
    by_bytes = load_assessment(BEREMIA.read_bytes(), kb, name=str(BEREMIA))
    data = YAML(typ="safe").load(BEREMIA.read_text())
    by_mapping = load_assessment(data, kb, name=str(BEREMIA))
    assert by_path == by_bytes
    assert dataclasses.replace(by_mapping, sha256=by_path.sha256) == by_path


def test_workbook_bytes_read_like_the_workbook(kb, tmp_path):
    import datetime as dt

    raw = template_workbook(kb, dt.date(2026, 1, 1))
    path = tmp_path / "blank.xlsx"
    path.write_bytes(raw)
    with pytest.raises(InputError) as from_path:
        load_assessment(path, kb)
    with pytest.raises(InputError) as from_bytes:
        load_assessment(raw, kb, name=str(path))
    assert [p.render() for p in from_path.value.problems] == [p.render() for p in from_bytes.value.problems]


def test_problems_are_located_in_the_source_given(kb):
    with pytest.raises(InputError) as exc:
        load_assessment(b"schema_version: 1\ncountry: X\nas_of: 2026-01-01\nratings: {'3.3': 9}\n", kb,
                        name="upload.yaml")
    (p,) = exc.value.problems
    assert (p.file, p.line) == ("upload.yaml", 4)
    with pytest.raises(InputError) as exc:
        load_assessment({"schema_version": 1, "country": "X", "as_of": "2026-01-01", "ratings": {"3.3": 9}}, kb)
    assert exc.value.problems[0].file == "<assessment>"


def test_bytes_are_refused_by_the_name_they_give(kb):
    with pytest.raises(InputError) as exc:
        load_assessment(b"a,b\n1,2\n", kb, name="ratings.csv")
    assert exc.value.problems[0].code == "unsupported-format"
    with pytest.raises(TypeError):
        load_assessment(b"country: X\n", kb)


def test_what_a_record_embeds_is_what_was_read(kb):
    intake = read_assessment(BEREMIA, kb)
    assert intake.content() == {"text": BEREMIA.read_text()}
    assert load_assessment(intake.content()["text"].encode(), kb, name=intake.name) == intake.assessment


# --- one source of checked knowledge and rules ---------------------------------------------------------------

def test_the_same_content_loads_once_and_an_edit_loads_again(tmp_path):
    d = tmp_path / "knowledge"
    shutil.copytree(default_directory(), d, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    first = load_knowledge(d)
    assert load_knowledge(d) is first  # the same content: the object already checked
    contexts = d / "contexts.yaml"
    contexts.write_text(contexts.read_text().replace("Armed conflict", "Armed conflict (edited)", 1))
    edited = load_knowledge(d)
    assert edited is not first and edited.sha256 != first.sha256  # keyed by content, not by directory
    assert edited.contexts["armed_conflict"].title == "Armed conflict (edited)"


def test_data_from_the_parse_cache_is_checked_like_the_files(tmp_path, monkeypatch):
    """An entry of the parse cache holds data that passed the checks once; it is checked again whenever it is
    used, so a knowledge base that fails a check (here: one the code of this test changes) fails from the cache
    too."""
    monkeypatch.setenv("CPSS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CPSS_NO_CACHE", raising=False)
    monkeypatch.setattr(parse_cache, "_DIGEST", None)
    d = tmp_path / "knowledge"
    shutil.copytree(default_directory(), d, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    load_knowledge(d)
    assert list((tmp_path / "cache").glob("knowledge-*.json")), "the checked files are cached"
    sources.forget()
    from cpss_advisor.kb import integrity

    def always(kb):
        yield kb.problem("subdomain", "3.3", "missing-category", "a check that fails")

    monkeypatch.setattr(integrity, "REGISTRY", [*integrity.REGISTRY, integrity.Check("test", "fails", always)])
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(d)
    assert [p.message for p in exc.value.problems] == ["a check that fails"]
    assert exc.value.problems[0].line is not None  # the files were read again, for the line of the entry
    sources.forget()


# --- the command line ----------------------------------------------------------------------------------------

def test_format_choices_come_from_the_registry():
    r = run_cli("recommend", "--help")
    assert "[" + "|".join(registry.formats("plan")) + "]" in r.stdout.replace("\n", "").replace(" ", "")


def test_quiet_silences_notices_not_problems(tmp_path):
    out = tmp_path / "plan.md"
    loud = run_cli("recommend", BEREMIA, "-o", out)
    assert loud.code == 0 and f"wrote {out}" in loud.stderr
    quiet = run_cli("--quiet", "recommend", BEREMIA, "-o", tmp_path / "plan2.md")
    assert quiet.code == 0 and quiet.stderr == ""
    bad = run_cli("--quiet", "validate", tmp_path / "missing.yaml")
    assert bad.code == 1 and "no such file" in bad.stderr


def test_a_misspelt_command_gets_a_suggestion():
    r = run_cli("portfollio", "examples")
    assert r.code == 2 and "Did you mean 'portfolio'?" in r.stderr


def _commands():
    from cpss_advisor.cli.main import COMMANDS, cli

    import click

    ctx = click.Context(cli)
    out = []
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            out += [(f"{name} {sub}", cmd.get_command(ctx, sub)) for sub in cmd.list_commands(ctx)]
        else:
            out.append((name, cmd))
    return out


@pytest.mark.parametrize("name,command", _commands(), ids=[n for n, _ in _commands()])
def test_every_command_has_an_example_that_runs_its_own_name(name, command):
    lines = [line.strip() for line in (command.help or "").splitlines() if line.strip().startswith("Example:")]
    assert lines, f"'cpss {name} --help' has no example"
    assert f"cpss {name}" in lines[0] or name.split()[-1] in lines[0]
