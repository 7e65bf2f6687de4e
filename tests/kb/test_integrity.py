"""Broken knowledge bases are refused with every problem located; `cpss kb check` exits 3."""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from cpss_advisor.core.errors import KnowledgeError
from cpss_advisor.kb.loader import load_knowledge

from tests.conftest import run_cli


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def problems(directory: Path) -> list:
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(directory)
    return exc.value.problems


def test_shipped_knowledge_passes(kb_copy):
    load_knowledge(kb_copy)
    r = run_cli("--knowledge", kb_copy, "kb", "check")
    assert r.code == 0 and "knowledge base OK" in r.stdout


def test_unknown_subdomain_in_an_edge(kb_copy):
    edit(kb_copy / "dependencies.yaml", 'needs: "5.2"', 'needs: "5.7"')
    ps = problems(kb_copy)
    assert any(p.message == "unknown subdomain '5.7'" and p.file.endswith("dependencies.yaml") and p.line for p in ps)


def test_cycle_is_found(kb_copy):
    # 2.1 reaching 2 needs 2.2 at 3, while 2.2 reaching 3 needs 2.1 at 2: neither can ever go first.
    with (kb_copy / "dependencies.yaml").open("a") as fh:
        fh.write('  - {subdomain: "2.1", to_phase: 2, needs: "2.2", min_phase: 3, type: finish_to_start, '
                 'rationale: "test", source: {seed: "000", at: "test"}}\n')
    ps = problems(kb_copy)
    cyc = [p for p in ps if p.code == "cycle"]
    assert cyc and "2.1@2" in cyc[0].message and "2.2@3" in cyc[0].message


def test_duplicate_id_across_files(kb_copy):
    text = (kb_copy / "interventions_1-3.yaml").read_text()
    (kb_copy / "interventions_extra.yaml").write_text(text)
    ps = problems(kb_copy)
    dup = [p for p in ps if p.code == "duplicate-id"]
    assert dup and "first defined in" in dup[0].hint


def test_missing_criteria(kb_copy):
    text = (kb_copy / "criteria.yaml").read_text()
    start = text.index('  - subdomain: "6.2"\n    phase: 3')
    end = text.index("  - subdomain:", start + 10)
    (kb_copy / "criteria.yaml").write_text(text[:start] + text[end:])
    assert any("subdomain 6.2 has no criteria for phase(s) 3" in p.message for p in problems(kb_copy))


def test_uncovered_step(kb_copy):
    text = (kb_copy / "interventions_4-7.yaml").read_text()
    text = text.replace("steps: [1]", "steps: [2]")
    (kb_copy / "interventions_4-7.yaml").write_text(text)
    assert any("has no general intervention for step 1->2" in p.message for p in problems(kb_copy))


def test_inferred_without_reason(kb_copy):
    edit(kb_copy / "contexts.yaml", "seed: \"001\", at: \"When should we use a programme to strengthen child protection systems?\", lines: [13, 13]}",
         "seed: \"001\", at: \"x\", lines: [13, 13], inferred: true}")
    ps = problems(kb_copy)
    assert any("an inferred entry needs a 'reason'" in p.message and p.line for p in ps)


def test_unknown_field_and_kind(kb_copy):
    edit(kb_copy / "vocabulary.yaml", "kind: vocabulary", "kind: vocabulry")
    edit(kb_copy / "framework.yaml", '        short: "Lead ministry"', '        short: "Lead ministry"\n        shrt: x')
    ps = problems(kb_copy)
    assert any("unknown kind 'vocabulry'" in p.message and "did you mean 'vocabulary'" in (p.hint or "") for p in ps)
    assert any("unknown field 'shrt'" in p.message and p.file.endswith("framework.yaml") for p in ps)


def test_unknown_action_type_and_context(kb_copy):
    edit(kb_copy / "interventions_1-3.yaml", "action_type: assessment", "action_type: assesment")
    edit(kb_copy / "contexts.yaml", "members: [acute_onset, protracted_crisis, recovery]\n    reason: >-",
         "members: [acute_onset, protracted, recovery]\n    reason: >-")
    ps = problems(kb_copy)
    assert any(p.message == "unknown action type 'assesment'" and "did you mean 'assessment'" in p.hint for p in ps)
    assert any(p.message == "unknown context 'protracted'" for p in ps)


def test_unknown_source(kb_copy):
    edit(kb_copy / "dependencies.yaml", 'seed: "003"', 'seed: "009"')
    assert any(p.message == "unknown source '009'" for p in problems(kb_copy))


def test_kb_check_exits_3_listing_every_problem(kb_copy):
    edit(kb_copy / "dependencies.yaml", 'needs: "5.2"', 'needs: "5.7"')
    edit(kb_copy / "interventions_1-3.yaml", "action_type: assessment", "action_type: assesment")
    r = run_cli("--knowledge", kb_copy, "kb", "check")
    assert r.code == 3
    assert "unknown subdomain '5.7'" in r.stderr and "unknown action type 'assesment'" in r.stderr
    assert "Traceback" not in r.stderr


def test_knowledge_directory_missing(tmp_path):
    r = run_cli("--knowledge", tmp_path / "none", "kb", "check")
    assert r.code == 3 and "knowledge directory not found" in r.stderr


def test_list_checks():
    r = run_cli("kb", "check", "--list")
    assert r.code == 0 and "milestone-graph-acyclic" in r.stdout and "steps-covered" in r.stdout


def test_kb_check_reports_what_it_checked_line_by_line():
    r = run_cli("kb", "check")
    lines = r.stdout.splitlines()
    assert r.code == 0 and len(lines) == 5 and lines[0].startswith("knowledge base OK: ")
    assert re.fullmatch(r"  sha256 [0-9a-f]{64}", lines[3]) and "integrity checks passed" in lines[2]
    assert re.fullmatch(r"fr: [0-9,]+ of [0-9,]+ texts translated; [0-9,]+ warnings, 0 errors", lines[4])
