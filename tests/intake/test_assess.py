"""The benchmarking questionnaire: the answers -> phase rule, answer sheets, and `cpss assess` in a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given as given_, settings
from hypothesis import strategies as st

from cpss_advisor.cli.main import main
from cpss_advisor.kb.knowledge_schema import Citation, Question
from cpss_advisor.intake.questionnaire import ANSWERS, rate_subdomain

from tests.conftest import Result, run_cli

CITE = Citation(seed="000", at="test")
QS = [Question(id=f"x-{p}-{i}", phase=p, text=f"phase {p} question {i}?", source=CITE) for p in (2, 3, 4) for i in (1, 2)]


def answers(**by_phase: str) -> dict[str, str]:
    """answers(p2="yes no", p3="partly partly") -> {question id: answer}"""
    out = {}
    for key, words in by_phase.items():
        p = int(key[1])
        for i, w in enumerate(words.split(), 1):
            out[f"x-{p}-{i}"] = w
    return out


@pytest.mark.parametrize("given,phase,confidence,stopped", [
    (dict(p2="yes yes", p3="yes yes", p4="yes yes"), 4, "high", None),
    (dict(p2="yes yes", p3="no no", p4="no no"), 2, "high", 3),
    (dict(p2="yes partly", p3="no partly", p4="no no"), 2, "high", 3),
    (dict(p2="partly partly", p3="no no", p4="no no"), 1, "medium", 2),        # on the threshold: not met
    (dict(p2="yes no", p3="no no", p4="no no"), 1, "medium", 2),               # in conflict: one step lower
    (dict(p2="yes partly", p3="yes no", p4="no no"), 2, "medium", 3),          # phase 3 in conflict
    (dict(p2="yes no", p3="yes", p4="no no"), 1, "low", 2),                    # in conflict, and contradicted
    (dict(p2="yes yes", p3="unknown unknown", p4="no no"), 2, "medium", 3),    # phase 3 cannot be claimed
    (dict(p2="no no", p3="no no", p4="no no"), 1, "high", 2),
    (dict(p2="unknown unknown"), 1, "low", 2),
])
def test_answers_to_phase(given, phase, confidence, stopped):
    r = rate_subdomain(QS, answers(**given), "x")
    assert (r.phase, r.confidence, r.stopped_at) == (phase, confidence, stopped)


def test_contradicting_answers_are_named():
    # A law exists (phase 3 evidence) but the phase 2 basics are missing: the implementation gap.
    r = rate_subdomain(QS, answers(p2="no no", p3="yes yes", p4="no no"), "x")
    assert r.phase == 1 and r.contradicting == [("x-3-1", "yes"), ("x-3-2", "yes")]
    assert r.confidence == "medium"
    r = rate_subdomain(QS, answers(p2="no no", p3="yes no", p4="yes no"), "x")
    assert r.confidence == "low"  # contradicted at two phases above
    assert ("x-2-1", "no") in r.decided_by


def test_answers_that_disagree_within_a_phase_are_named():
    r = rate_subdomain(QS, answers(p2="yes yes", p3="yes no", p4="no no"), "x")
    assert r.phase == 2 and r.conflicts == {3: [("x-3-1", "yes"), ("x-3-2", "no")]}
    assert r.confidence == "medium"  # high but for the conflict in the phase that stopped the climb
    questions = {q.id: q for q in QS}
    assert "answers to phase 3 disagree: phase 3 question 1 (yes); phase 3 question 2 (no)" in r.evidence_text(questions)
    assert r.as_dict()["conflicts"] == [{"phase": 3, "answers": [{"question": "x-3-1", "answer": "yes"},
                                                                   {"question": "x-3-2", "answer": "no"}]}]
    assert rate_subdomain(QS, answers(p2="yes yes", p3="yes partly", p4="no no"), "x").conflicts == {}


# --- properties of the rule, on question sets of any shape ------------------------------------------------------

question_sets = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)).map(
    lambda n: [Question(id=f"q-{p}-{i}", phase=p, text=f"phase {p} question {i}?", source=CITE)
               for p, count in zip((2, 3, 4), n) for i in range(1, count + 1)])


@settings(max_examples=200, deadline=None)
@given_(qs=question_sets)
def test_partly_everywhere_never_reaches_maturity(qs):
    assert rate_subdomain(qs, {q.id: "partly" for q in qs}, "x").phase < 4


@settings(max_examples=200, deadline=None)
@given_(qs=question_sets, first=st.sampled_from(["yes", "no"]))
def test_yes_and_no_in_turn_never_reach_maturity(qs, first):
    other = "no" if first == "yes" else "yes"
    turns = {q.id: (first if i % 2 == 0 else other) for i, q in enumerate(qs)}
    r = rate_subdomain(qs, turns, "x")
    assert r.phase < 4
    assert r.conflicts or len(qs) == 3  # one question a phase cannot disagree with itself


@settings(max_examples=300, deadline=None)
@given_(data=st.data(), qs=question_sets)
def test_more_yes_never_lowers_a_phase(data, qs):
    given = {q.id: data.draw(st.sampled_from(ANSWERS)) for q in qs}
    before = rate_subdomain(qs, given, "x").phase
    changed = data.draw(st.sampled_from([q.id for q in qs]))
    after = rate_subdomain(qs, {**given, changed: "yes"}, "x").phase
    assert after >= before


def test_the_real_questionnaire_answered_partly_or_in_turn_is_not_at_maturity(kb):
    from cpss_advisor.intake.questionnaire import rate_all

    partly = {q.id: "partly" for qs in kb.questions.values() for q in qs}
    assert all(r.phase < 4 for r in rate_all(kb, partly).values())
    turns = {q.id: ("yes", "no")[i % 2] for qs in kb.questions.values() for i, q in enumerate(qs)}
    assert all(r.phase < 4 for r in rate_all(kb, turns).values())


# --- answer sheets and the path to a plan --------------------------------------------------------------------

def _sheet(kb, tmp_path: Path, value: str = "yes", only: int | None = None) -> Path:
    lines = ["kind: assessment_answers", "schema_version: 1", "country: Questland", "as_of: 2026-05-01",
             "context: [natural_disaster, recovery]", "answers:"]
    for sid in sorted(kb.questions)[:only]:
        for q in kb.questions[sid]:
            lines.append(f"  {q.id}: {value if q.phase == 2 else 'no'}")
    p = tmp_path / "answers.yaml"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_from_answers_to_a_plan(kb, tmp_path):
    sheet = _sheet(kb, tmp_path)
    out = tmp_path / "assessment.yaml"
    r = run_cli("assess", sheet, "-o", out, "--no-interactive", "--explain")
    assert r.code == 0, r.stderr
    text = out.read_text()
    assert "country: \"Questland\"" in text and "questionnaire: phase(s) 2 met" in text
    v = run_cli("validate", out, "-f", "json")
    assert v.code == 0
    plan = run_cli("recommend", out, "-f", "json")
    assert plan.code == 0 and '"recommendations"' in plan.stdout
    assert "stopped at phase 3" in r.stdout


def test_partial_answers_leave_subdomains_unrated(kb, tmp_path):
    sheet = _sheet(kb, tmp_path, only=3)
    r = run_cli("assess", sheet, "--no-interactive", "-f", "json")
    assert r.code == 0
    import json

    data = json.loads(r.stdout)
    assert len(data["ratings"]) == 3 and len(data["unrated"]) == 16


def test_bad_answer_sheets(kb, tmp_path):
    q = next(iter(kb.questions["3.3"]))
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"kind: assessment_answers\nschema_version: 1\nanswers:\n  {q.id}: maybe\n  {q.id}x: yes\n")
    r = run_cli("assess", bad, "--no-interactive")
    assert r.code == 1
    assert f"{bad}:4:" in r.stderr and "'maybe' is not an answer; allowed: yes, partly, no, unknown" in r.stderr
    assert f"unknown question '{q.id}x'" in r.stderr and f"did you mean '{q.id}'" in r.stderr
    bad.write_text("kind: answers\nschema_version: 1\n")
    assert "an answer sheet starts with 'kind: assessment_answers'" in run_cli("assess", bad, "--no-interactive").stderr
    r = run_cli("assess", tmp_path / "none.yaml", "--no-interactive")
    assert r.code == 1 and "no such answer sheet" in r.stderr
    sheet = _sheet(kb, tmp_path)
    r = run_cli("assess", sheet, "--no-interactive", "-o", sheet)
    assert r.code == 4 and "replace the answer sheet" in r.stderr


def _run_with_input(text: str, *args) -> Result:
    runner = CliRunner()
    with runner.isolation(input=text) as streams:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # a stopped session exits 130 by itself
            code = exc.code
    return Result(code, streams[0].getvalue().decode(), streams[1].getvalue().decode())


def test_stopping_before_anything_is_saved_does_not_say_saved(tmp_path):
    sheet = tmp_path / "answers.yaml"
    r = _run_with_input("", "assess", sheet, "--interactive")  # end of input at the first question, "Country:"
    assert r.code == 130
    assert "saved" not in r.stderr.replace("nothing saved", "") and "nothing saved" in r.stderr
    assert not sheet.exists()


def test_stopping_after_a_subdomain_says_where_it_is_saved(kb, tmp_path):
    sheet = tmp_path / "answers.yaml"
    first = sorted(kb.questions)[0]
    typed = "Inputland\n2026-04-30\n" + "y\n" * len(kb.questions[first]) + "p\n"
    r = _run_with_input(typed, "assess", sheet, "--interactive")
    assert r.code == 130
    assert f"stopped: answers saved in {sheet} (1 of 19 subdomains answered; 18 to go)" in r.stderr
    assert all(q.id in sheet.read_text() for q in kb.questions[first])


def test_an_answer_sheet_with_an_impossible_date_or_no_answer_is_refused(kb, tmp_path):
    sheet = tmp_path / "answers.yaml"
    sheet.write_text("kind: assessment_answers\nschema_version: 1\nas_of: 2026-13-01\nanswers: {}\n")
    r = run_cli("assess", sheet, "--no-interactive")
    assert r.code == 1 and f"{sheet}:3:8: as_of: '2026-13-01' is not a date: there is no month 13" in r.stderr
    q = kb.questions["3.3"][0]
    sheet.write_text(f"kind: assessment_answers\nschema_version: 1\nanswers: {{{q.id}: unknown}}\n")
    out = tmp_path / "assessment.yaml"
    r = run_cli("assess", sheet, "--no-interactive", "-o", out)
    assert r.code == 1 and "no subdomain can be rated from these answers" in r.stderr and not out.exists()


# --- a real terminal -------------------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")


def _spawn(sheet: Path, out: Path):
    cpss = str(Path(sys.executable).with_name("cpss"))
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "120"}
    return pexpect.spawn(cpss, ["assess", str(sheet), "--interactive", "-o", str(out)], env=env,
                         encoding="utf-8", timeout=90, cwd=str(sheet.parent))


def test_interactive_session_is_saved_and_resumed(kb, tmp_path):
    sheet, out = tmp_path / "answers.yaml", tmp_path / "assessment.yaml"
    first, second, third = sorted(kb.questions)[:3]
    child = _spawn(sheet, out)
    child.expect("Country:")
    child.sendline("Terminalia")
    child.expect("YYYY-MM-DD")
    child.sendline("2026-04-30")
    for sid in (first, second):
        child.expect(rf"\[\d+/19\] {sid} ")
        for _ in kb.questions[sid]:
            child.expect(r"\[y\]es")
            child.sendline("y")
    child.expect(rf"\[3/19\] {third} ")
    child.expect(r"\[y\]es")
    child.sendline("p")          # one answer into the third subdomain, then interrupted
    child.expect(r"\[y\]es")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus is not None
    saved = sheet.read_text()
    assert "country: \"Terminalia\"" in saved
    assert all(q.id in saved for sid in (first, second) for q in kb.questions[sid])
    assert not any(q.id in saved for q in kb.questions[third])  # the unfinished subdomain is not saved
    assert not out.exists()

    child = _spawn(sheet, out)
    child.expect("Resuming: 2 of 19 subdomains already answered")
    child.expect(rf"\[3/19\] {third} ")
    child.expect(r"\[y\]es")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    # Finish the rest from the sheet, as a team might after the workshop: unknown everywhere else.
    lines = sheet.read_text().rstrip("\n").split("\n")
    at = lines.index("answers:") + 1
    extra = [f"  {q.id}: unknown" for sid in sorted(kb.questions)[2:] for q in kb.questions[sid]]
    sheet.write_text("\n".join(lines[:at] + extra + lines[at:]) + "\n")
    r = run_cli("assess", sheet, "--no-interactive", "-o", out)
    assert r.code == 0, r.stderr
    assessment = out.read_text()
    assert f'"{first}": {{phase: 4' in assessment and f'"{third}"' not in assessment
