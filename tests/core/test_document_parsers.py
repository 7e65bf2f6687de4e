"""The C parser of ruamel.yaml reads assessments about eight times faster than the pure-Python one; it must read
every document exactly as the pure-Python parser does (the same data, the same places, the same problems), leave
every document it refuses or might not bound to the pure-Python parser, and never crash on deep nesting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor.core import document
from cpss_advisor.core.errors import InputError

from tests.conftest import EXAMPLES, FIXTURES, ROOT

pytestmark = pytest.mark.skipif(document._CParser is None, reason="ruamel.yaml.clib is not installed")

FILES = sorted([*EXAMPLES.glob("*.yaml"), *(FIXTURES / "bad").glob("*.y*ml"), *(FIXTURES / "bad").glob("*.json"),
                *(ROOT / "knowledge").glob("*.yaml"), *(ROOT / "rules").glob("*.yaml")])


def outcome(parse) -> tuple:
    try:
        doc = parse()
    except InputError as exc:
        return ("refused", [p.as_dict() for p in exc.problems])
    return (doc.data, doc.index, [p.as_dict() for p in doc.problems])


def both(parse, monkeypatch) -> tuple[tuple, tuple]:
    fast = outcome(parse)
    monkeypatch.setattr(document, "_CParser", None)
    pure = outcome(parse)
    monkeypatch.undo()
    return fast, pure


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_and_bad_file_reads_the_same_with_either_parser(path: Path, monkeypatch):
    fast, pure = both(lambda: document.load_document(path, max_bytes=10 ** 8), monkeypatch)
    assert fast == pure


def test_the_fast_parser_reads_the_examples():
    for path in EXAMPLES.glob("*.yaml"):
        assert document._compose_c(path.read_text(encoding="utf-8")) is not None, path.name


#: Text made of the characters that carry YAML's structure, with a few words and numbers between them.
_PIECES = st.sampled_from(["a", "country", "3.3", "1", "-1", "0x1F", "1e3", "no", "NO", "yes", "~", "null", "2026-06-30",
                           ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", "'", '"', "\\", "\n", "\n  ", "  ",
                           "\t", "|", ">", "&x ", "*x", "!!str ", "? ", "%YAML 1.1\n", "---\n", "...", "\u00e9",
                           "=", "<<: "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_PIECES, min_size=1, max_size=40).map("".join))
def test_any_text_reads_the_same_with_either_parser(text, monkeypatch_session):
    fast, pure = both(lambda: document.parse_document(text, "x.yaml"), monkeypatch_session)
    assert fast == pure


@pytest.fixture(scope="module")
def monkeypatch_session():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 50_000 + "x", "{a: " * 30_000 + "1" + "}" * 30_000,
                                  "".join(" " * i + "k:\n" for i in range(3000))])
def test_deep_nesting_never_reaches_the_c_parser(text):
    assert document._nesting_bound(text) > document.C_MAX_NESTING
    assert document._compose_c(text) is None
    # and reading it in a fresh process ends in a clear refusal, not a crash
    proc = subprocess.run([sys.executable, "-c", "import sys\nfrom cpss_advisor.core.document import parse_document\n"
                           "from cpss_advisor.core.errors import InputError\n"
                           "try:\n    parse_document(sys.stdin.read(), 'x.yaml')\nexcept InputError as e:\n"
                           "    print(e.problems[0].code)\n"], input=text, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
