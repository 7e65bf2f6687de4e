"""The parse cache: an entry is used only if it is what cpss wrote for those files. An edited or damaged entry is
detected by its checksum, ignored with a notice, and rebuilt from the source files, so the advice and the hashes
in its provenance are those of the knowledge base and rules actually used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cpss_advisor.core import parse_cache

from tests.conftest import EXAMPLES

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
TITLE = "Adopt national standard child protection case management SOPs"  # of 3.3-adopt-national-cm-sops


def cpss(cache: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "CPSS_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1782777600"}
    env.pop("CPSS_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "cpss_advisor.cli.main", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=env)


def entry(cache: Path, kind: str) -> Path:
    (path,) = cache.glob(f"{kind}-*.json")
    return path


def test_an_edited_cache_entry_is_not_used(tmp_path):
    cache = tmp_path / "cache"
    clean = cpss(cache, "recommend", BEREMIA, "-f", "json", "--record", tmp_path / "record.json")
    assert clean.returncode == 0, clean.stderr
    assert TITLE in clean.stdout
    knowledge, rules = entry(cache, "knowledge"), entry(cache, "rules")
    # Edit the cached knowledge: the intervention's title. Valid JSON, valid knowledge: only the checksum can tell.
    text = knowledge.read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    knowledge.write_text(text.replace(TITLE, "Do nothing at all"), encoding="utf-8")

    again = cpss(cache, "recommend", BEREMIA, "-f", "json")
    assert again.returncode == 0, again.stderr
    assert again.stdout == clean.stdout  # the advice and its provenance hashes: those of the source files
    assert f"ignoring the parse cache entry {knowledge}" in again.stderr and "edited or damaged" in again.stderr
    assert "Do nothing at all" not in knowledge.read_text(encoding="utf-8")  # written again from the sources
    verify = cpss(cache, "verify", tmp_path / "record.json")
    assert verify.returncode == 0 and verify.stdout == "identical\n" and verify.stderr == ""

    # The same for the rules: a cached weight changed.
    data = rules.read_bytes()
    edited = data.replace(b'"weight": 3', b'"weight": 9', 1)
    assert edited != data
    rules.write_bytes(edited)
    third = cpss(cache, "recommend", BEREMIA, "-f", "json")
    assert third.stdout == clean.stdout and f"ignoring the parse cache entry {rules}" in third.stderr
    assert rules.read_bytes() == data


def test_checksum_is_checked_on_every_read(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CPSS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CPSS_NO_CACHE", raising=False)
    sha = "ab" * 32
    parse_cache.write("rules", sha, {"rules/x.yaml": {"data": {"n": 1}, "positions": {}}})
    assert parse_cache.read("rules", sha) == {"rules/x.yaml": {"data": {"n": 1}, "positions": {}}}
    (path,) = tmp_path.glob("rules-*.json")
    path.write_bytes(path.read_bytes().replace(b'"n": 1', b'"n": 2'))
    assert parse_cache.read("rules", sha) is None
    assert "does not match its checksum" in capsys.readouterr().err
    # An entry copied under the name of another one (other files' data under these files' hash) fails too.
    other = "cd" * 32
    parse_cache.write("rules", other, {"rules/y.yaml": {"data": {"n": 3}, "positions": {}}})
    (copied,) = [p for p in tmp_path.glob("rules-*.json") if other in p.name]
    path.write_bytes(copied.read_bytes())
    assert parse_cache.read("rules", sha) is None
    # Damaged (cut short) or without the checksum line, as written by an older cpss.
    parse_cache.write("rules", sha, {"rules/x.yaml": {"data": {"n": 1}, "positions": {}}})
    path.write_bytes(path.read_bytes()[:-5])
    assert parse_cache.read("rules", sha) is None
    path.write_text(json.dumps({"rules/x.yaml": {"data": {"n": 1}, "positions": {}}}))
    assert parse_cache.read("rules", sha) is None


def test_entries_start_with_their_checksum(tmp_path):
    assert cpss(tmp_path, "rules", "check").returncode == 0  # loads, checks and caches the knowledge base too
    for kind in ("knowledge", "rules"):
        head = entry(tmp_path, kind).read_bytes().split(b"\n", 1)[0]
        assert head.startswith(b"cpss-parse-cache sha256=") and len(head) == len(b"cpss-parse-cache sha256=") + 64
