"""The whole advisor in French: every command's report in every format it has, and every command's help, read
with `--lang fr` hold no English left in the words cpss writes.

The check is the one the French brief passes (`tests/render/test_brief_french.py`): none of a list of English
function words as whole words. What the user wrote (the assessment's evidence and notes, names of countries and
participants: every string of the input files) is removed first, and so are the titles of the source documents,
which are cited in their own language. The sources' notes (where in each
English document: "Table 1, 1.2, System Enhancement") are left out as well. Each report is read as its reader sees
it: HTML as text, Word documents paragraph by paragraph, workbooks cell by cell.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cpss_advisor import api
from tests.conftest import EXAMPLES, run_cli

FR = EXAMPLES / "fr" / "aldovia-early-stable.yaml"
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
LATER = EXAMPLES / "later" / "beremia-conflict-2028.yaml"
CONSENSUS = sorted((EXAMPLES / "consensus" / "beremia").glob("*.yaml"))
#: English function words that never appear as whole words in French text (as in the French brief's test)
ENGLISH = ("the", "and", "of", "with", "to", "is", "it", "its", "at", "when", "from", "once", "months", "waits",
           "which", "this", "that", "for", "not", "are", "be", "has", "have", "steps", "step", "phase of")
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def _strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):  # a phase is a name of the knowledge base, not the user's words
        return set().union(*(_strings(v) for k, v in value.items() if k != "phase")) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _user_strings(*paths: Path) -> list[str]:
    """Every string the user wrote in the input files (evidence, notes, names), longest first."""
    found: set[str] = set()
    for p in paths:
        found |= _strings(YAML(typ="safe", pure=True).load(p.read_text(encoding="utf-8")))
    found |= {s.title for s in api.knowledge_base().sources.values()}
    return sorted((" ".join(s.split()) for s in found if len(s) > 3), key=len, reverse=True)


def _text_of(path: Path) -> str:
    """What a reader of `path` reads, as one text."""
    if path.suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs if p.style.name != "Note"]  # notes: the sources' locators
        parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        for s in doc.sections:
            parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
        return "\n".join(parts)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        parts = list(wb.sheetnames)
        for ws in wb.worksheets:
            parts += [str(c.value) for row in ws.iter_rows() for c in row
                      if isinstance(c.value, str) and not ws.column_dimensions[c.column_letter].hidden]
            parts += [ws.oddHeader.center.text or "", ws.oddFooter.center.text or ""]
            parts += [" ".join(dv.formula1 or "" for dv in ws.data_validations.dataValidation)]
        return " | ".join(parts)
    text = path.read_text(encoding="utf-8")
    # the sources' notes: where in each (English) document, in its own words ("Table 1, 1.2, System Enhancement")
    text = re.sub(r'<ol class="notes">.*?</ol>', " ", text, flags=re.S)
    head, sep, rest = text.partition("\n## Sources\n")
    if sep:
        notes, end, tail = rest.partition("\n---\n")
        text = head + "\n".join(line for line in notes.splitlines() if not re.match(r"\s*(\d+\.|-) ", line)) \
            + end + tail
    if path.suffix == ".html":
        text = html.unescape(_TAG.sub(" ", text))
    return text


def _english(text: str, user: list[str]) -> list[str]:
    text = " ".join(text.replace("\\", "").split())
    for s in user:
        text = text.replace(s, " ")
    # ids as the assessment's keys write them (caseload_per_caseworker), addresses, file names, option names, ids
    # and codes (5.1-create-and-fund-caseworker-posts, not-found)
    text = re.sub(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", " ", text)
    text = re.sub(r"https?://\S+|\S+\.(?:yaml|json|xlsx|docx|html|md)\b|--?[a-z][a-z-]*|\b[\w.:]+(?:-[a-z0-9]+)+\b",
                  " ", text)
    # what a citation quotes: the English source's own section names and line numbers ("seed 000, Section 1.1,
    # Phases of CPSS: ...", "Section 1: phases, stages and shocks")
    text = re.sub(r"(?:seed \d+, )?Section [\d.]+[,:][^\]\)|]{0,160}?(?=[\]\)|(]|\. [A-ZÀ-Ý]|$)", " ", text)
    # and as the knowledge base's views print it ("seed 002, Introduction: pandemics among ... (line 6)")
    text = re.sub(r"\bseed \d+, [^|\]]{0,200}?\(lines? [\d, -]*\)", " ", text)
    text = re.sub(r"\bseed \d+, [^\]\)|]{0,200}?(?=[\]\)|]|$)", " ", text)
    first = {}
    for m in _ENGLISH.finditer(text):
        first.setdefault(m.group(), f"{m.group()!r} in '...{text[max(0, m.start() - 50):m.end() + 30]}...'")
    return [first[w] for w in sorted(first)]


def _run(tmp_path: Path, name: str, *args) -> Path:
    out = tmp_path / name
    r = run_cli("--lang", "fr", *args, "-o", out)
    assert r.code == 0, r.stderr
    return out


REPORTS = {
    # name: (output file, arguments, inputs whose strings are the user's)
    "recommend-text": ("plan.txt", ("recommend", FR, "-f", "text"), (FR,)),
    "recommend-markdown": ("plan.md", ("recommend", FR, "-f", "markdown"), (FR,)),
    "recommend-markdown-full": ("full.md", ("recommend", FR, "-f", "markdown", "--detail", "full"), (FR,)),
    "recommend-html": ("plan.html", ("recommend", FR, "-f", "html"), (FR,)),
    "recommend-html-full": ("full.html", ("recommend", FR, "-f", "html", "--detail", "full"), (FR,)),
    "recommend-docx": ("plan.docx", ("recommend", FR, "-f", "docx"), (FR,)),
    "recommend-xlsx": ("plan.xlsx", ("recommend", FR, "-f", "xlsx"), (FR,)),
    "whatif": ("whatif.txt", ("whatif", FR, "--set", "5.1=2"), (FR,)),
    "sensitivity-text": ("sens.txt", ("sensitivity", FR), (FR,)),
    "sensitivity-html": ("sens.html", ("sensitivity", FR, "-f", "html"), (FR,)),
    "robustness-text": ("rob.txt", ("robustness", FR, "--samples", "20"), (FR,)),
    "robustness-markdown": ("rob.md", ("robustness", FR, "--samples", "20", "-f", "markdown"), (FR,)),
    "robustness-html": ("rob.html", ("robustness", FR, "--samples", "20", "-f", "html"), (FR,)),
    "portfolio-text": ("port.txt", ("portfolio", FR, BEREMIA, LATER), (FR, BEREMIA, LATER)),
    "portfolio-markdown": ("port.md", ("portfolio", FR, BEREMIA, LATER, "-f", "markdown"), (FR, BEREMIA, LATER)),
    "portfolio-html": ("port.html", ("portfolio", FR, BEREMIA, LATER, "-f", "html"), (FR, BEREMIA, LATER)),
    "portfolio-xlsx": ("port.xlsx", ("portfolio", FR, BEREMIA, LATER, "-f", "xlsx"), (FR, BEREMIA, LATER)),
    "compare-text": ("cmp.txt", ("compare", BEREMIA, LATER), (BEREMIA, LATER)),
    "compare-markdown": ("cmp.md", ("compare", BEREMIA, LATER, "-f", "markdown"), (BEREMIA, LATER)),
    "compare-html": ("cmp.html", ("compare", BEREMIA, LATER, "-f", "html"), (BEREMIA, LATER)),
    "compare-xlsx": ("cmp.xlsx", ("compare", BEREMIA, LATER, "-f", "xlsx"), (BEREMIA, LATER)),
    "consensus-text": ("cons.txt", ("consensus", *CONSENSUS), tuple(CONSENSUS)),
    "consensus-markdown": ("cons.md", ("consensus", *CONSENSUS, "-f", "markdown"), tuple(CONSENSUS)),
    "consensus-html": ("cons.html", ("consensus", *CONSENSUS, "-f", "html"), tuple(CONSENSUS)),
    "consensus-xlsx": ("cons.xlsx", ("consensus", *CONSENSUS, "-f", "xlsx"), tuple(CONSENSUS)),
    "validate": ("valid.txt", ("validate", FR), (FR,)),
    "template-xlsx": ("template.xlsx", ("template", "-f", "xlsx"), ()),
    "template-yaml": ("template.yaml", ("template",), ()),
    "cm": ("cm.txt", ("cm", BEREMIA), (BEREMIA,)),
    "kb-show": ("show.txt", ("kb", "show", "5.1"), ()),
    "kb-contexts": ("contexts.txt", ("kb", "contexts"), ()),
    "kb-shocks": ("shocks.txt", ("kb", "shocks"), ()),
    "kb-graph": ("graph.txt", ("kb", "graph"), ()),
    "rules-list": ("rules.txt", ("rules", "list"), ()),
    "errors": ("errors.txt", ("errors",), ()),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_in_french_holds_no_english(name, tmp_path):
    out, args, inputs = REPORTS[name]
    path = _run(tmp_path, out, *args)
    found = _english(_text_of(path), _user_strings(*inputs))
    assert not found, "\n".join(found)


def test_explain_and_verify_a_french_decision_record(tmp_path):
    record = tmp_path / "record.json"
    _run(tmp_path, "plan.txt", "recommend", FR, "--record", record)
    user = _user_strings(FR)
    for command in ("explain", "verify"):
        found = _english(_text_of(_run(tmp_path, f"{command}.txt", command, record)), user)
        assert not found, "\n".join(found)


COMMANDS = ["", "recommend", "whatif", "sensitivity", "robustness", "portfolio", "compare", "consensus", "explain",
            "verify", "validate", "template", "kb", "kb check", "kb show", "rules", "rules run", "cm", "assess",
            "errors", "serve"]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "cpss")
def test_every_command_helps_in_french(command):
    """Help is built when it is shown, in the language of CPSS_LANG (a fresh process, as a user runs it)."""
    r = subprocess.run([sys.executable, "-m", "cpss_advisor", *command.split(), "--help"], capture_output=True,
                       text=True, env={"CPSS_LANG": "fr", "PATH": "/usr/bin:/bin", "CPSS_NO_CACHE": "1"}, timeout=60)
    assert r.returncode == 0, r.stderr
    found = _english(r.stdout, [])
    assert not found, "\n".join(found)


def test_a_french_error_is_located_and_french(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(FR.read_text(encoding="utf-8").replace("phase: Renforcement, confidence: high",
                                                          "phase: Avancé, confidence: high", 1), encoding="utf-8")
    r = run_cli("--lang", "fr", "recommend", bad)
    assert r.code == 1
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{bad}:") and _english(first.partition(": ")[2], ["Avancé"]) == [], r.stderr


def test_json_is_the_same_in_both_languages_apart_from_texts():
    """The French example is the English one written in French: its plan has the same steps in the same order."""
    import json

    fr = json.loads(run_cli("--lang", "fr", "recommend", FR, "-f", "json").stdout)
    en = json.loads(run_cli("recommend", EXAMPLES / "aldovia-early-stable.yaml", "-f", "json").stdout)
    assert sorted(fr) == sorted(en)
    for key in ("recommendations", "deferred", "waves", "ties", "targets"):
        assert [x.get("id") for x in fr[key]] == [x.get("id") for x in en[key]], key
