"""Rule sets are checked before they run: every mistake is an error with file and line; exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpss_advisor.core.errors import KnowledgeError
from cpss_advisor.engine.rule_loader import default_rules_directory, load_rulebook

from tests.conftest import EXAMPLES, run_cli


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(default_rules_directory(), dest, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def problems(kb, directory: Path) -> list:
    with pytest.raises(KnowledgeError) as exc:
        load_rulebook(kb, directory)
    return exc.value.problems


def test_shipped_rules_load(kb, rules_copy):
    book = load_rulebook(kb, rules_copy)
    assert len(book.rules) >= 30
    assert book.sha256 == load_rulebook(kb).sha256  # same content, same hash, wherever it lives


BROKEN = [
    ("unknown fact type", "next_steps.yaml", "{fact: target, as: t}", "{fact: targets, as: t}",
     "unknown fact type 'targets'", "did you mean 'target'"),
    ("unknown field", "next_steps.yaml", "where: {subdomain: $t.subdomain, phase: {lt: $t.phase}}",
     "where: {subdomian: $t.subdomain, phase: {lt: $t.phase}}", "'rating' facts have no field 'subdomian'", "did you mean 'subdomain'"),
    ("unknown alias", "next_steps.yaml", "phase: {lt: $t.phase}", "phase: {lt: $x.phase}",
     "'$x.phase' refers to 'x', which no earlier pattern defines", None),
    ("unknown subdomain", "qualifiers.yaml", 'subdomain: {in: ["7.1", "7.2"]}', 'subdomain: {in: ["7.1", "7.9"]}',
     "unknown subdomain '7.9'", None),
    ("unknown context", "office.yaml", "where: {context: limited_long_term_capacity}}\n    derive:\n      - advice",
     "where: {context: limited_long_term_capacty}}\n    derive:\n      - advice",
     "unknown context 'limited_long_term_capacty'", "did you mean 'limited_long_term_capacity'"),
    ("unknown operator", "lagging.yaml", "below_median: {ge: 1}}}\n      - {fact: candidate",
     "below_median: {gte: 1}}}\n      - {fact: candidate", "unknown operator 'gte'", "'ge'"),
    ("order on text", "dependencies.yaml", "kind: soft}}\n      - {fact: rating, as: p",
     "kind: {lt: soft}}}\n      - {fact: rating, as: p", "'kind' cannot be compared with 'lt'", None),
    ("deriving an input fact", "humanitarian.yaml", "      - goal: {subdomain: $s.subdomain, phase: $s.to_phase, origin: restore}",
     "      - rating: {subdomain: $s.subdomain, phase: $s.to_phase}", "'rating' is an input fact; rules cannot derive it", None),
    ("missing derived field", "humanitarian.yaml", "      - goal: {subdomain: $s.subdomain, phase: $s.to_phase, origin: restore}",
     "      - goal: {subdomain: $s.subdomain, phase: $s.to_phase}", "'goal' needs origin", None),
    ("bad template", "next_steps.yaml", "its target is {t.phase|phase}", "its target is {t.level|phase}",
     "'{t.level}': 'target' facts have no field 'level'", None),
    ("unknown rule field", "lagging.yaml", "    layer: priorities\n", "    layer: priorities\n    weight: 3\n",
     "unknown field 'weight'", None),
    ("bad layer", "lagging.yaml", "    layer: priorities\n", "    layer: priority\n", "is not allowed; allowed:", None),
    ("duplicate id", "lagging.yaml", "id: lagging-kept", "id: lagging-priority", "duplicate rule id 'lagging-priority'",
     "first defined at"),
    ("case for an unknown rule", "lagging.cases.yaml", "rule: lagging-priority", "rule: lagging-prio",
     "case for unknown rule 'lagging-prio'", "did you mean 'lagging-priority'"),
]


@pytest.mark.parametrize("what,file,old,new,message,hint", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rule_set(kb, rules_copy, what, file, old, new, message, hint):
    edit(rules_copy / file, old, new)
    ps = problems(kb, rules_copy)
    hit = [p for p in ps if message in p.message]
    assert hit, [p.render() for p in ps]
    assert hit[0].file.endswith(file) and hit[0].line
    if hint:
        assert hint in (hit[0].hint or "")


def test_case_with_an_unknown_fact_field(kb, rules_copy):
    text = (rules_copy / "lagging.cases.yaml").read_text()
    text = text.replace("below_median:", "below_mediam:", 1)
    (rules_copy / "lagging.cases.yaml").write_text(text)
    assert any("'rating' facts have no field 'below_mediam'" in p.message for p in problems(kb, rules_copy))


def test_rule_without_cases_is_refused(kb, rules_copy):
    (rules_copy / "lagging.cases.yaml").unlink()
    ps = problems(kb, rules_copy)
    assert {p.message for p in ps} >= {
        "rule 'lagging-priority' has no case where it fires and none where it does not fire"}


def test_rules_check_exit_3_and_rules_hash_in_provenance(kb, rules_copy):
    import json

    r = run_cli("--rules", rules_copy, "rules", "check")
    assert r.code == 0
    shipped = json.loads(run_cli("rules", "run", EXAMPLES / "corvania-decentralisation.yaml", "-f", "json").stdout)
    edit(rules_copy / "lagging.yaml", "weight: 2", "weight: 4")
    adapted = json.loads(run_cli("--rules", rules_copy, "rules", "run", EXAMPLES / "corvania-decentralisation.yaml",
                                 "-f", "json").stdout)
    assert adapted["provenance"]["rules_sha256"] != shipped["provenance"]["rules_sha256"]
    assert adapted["provenance"]["knowledge_sha256"] == shipped["provenance"]["knowledge_sha256"]
    edit(rules_copy / "lagging.yaml", "{fact: rating, as: r", "{fact: ratings, as: r")
    r = run_cli("--rules", rules_copy, "rules", "check")
    assert r.code == 3 and "unknown fact type 'ratings'" in r.stderr and "Traceback" not in r.stderr


def test_rules_directory_missing(tmp_path):
    r = run_cli("--rules", tmp_path / "none", "rules", "check")
    assert r.code == 3 and "rules directory not found" in r.stderr


def test_no_code_in_rule_files(kb, rules_copy, tmp_path):
    # A YAML tag that would construct a Python object is not run: the file is refused, and the command never ran.
    marker = tmp_path / "pwned"
    edit(rules_copy / "lagging.yaml", "concern: \"Lagging areas\"",
         f"concern: !!python/object/apply:os.system [\"touch {marker}\"]")
    ps = problems(kb, rules_copy)
    assert ps and any(p.file.endswith("lagging.yaml") for p in ps)
    assert not marker.exists()


def test_no_code_in_knowledge_files(kb_copy, tmp_path):
    from cpss_advisor.kb.loader import load_knowledge

    marker = tmp_path / "pwned"
    text = (kb_copy / "sources.yaml").read_text()
    (kb_copy / "sources.yaml").write_text(text.replace("publisher: UNICEF",
                                                       f"publisher: !!python/object/apply:os.system ['touch {marker}']", 1))
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(kb_copy)
    assert any(p.file.endswith("sources.yaml") for p in exc.value.problems)
    assert not marker.exists()


def test_docs_describe_every_fact_type():
    from cpss_advisor.engine.fact_schema import markdown_table

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "rules.md").read_text()
    assert markdown_table(False) in doc and markdown_table(True) in doc, "regenerate the fact tables in docs/rules.md"
