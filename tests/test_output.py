"""Atomic writes: all or nothing, never over an input."""

from __future__ import annotations

import os

import pytest

from cpss_advisor.errors import OutputError
from cpss_advisor.output import write_atomic


def test_replaces_whole_file(tmp_path):
    p = tmp_path / "out.txt"
    p.write_text("old content that is longer")
    write_atomic(p, "new")
    assert p.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_refuses_input_even_through_another_path(tmp_path):
    p = tmp_path / "in.yaml"
    p.write_text("x")
    link = tmp_path / "link.yaml"
    link.symlink_to(p)
    with pytest.raises(OutputError):
        write_atomic(link, "y", inputs=[p])
    assert p.read_text() == "x"


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    p = tmp_path / "out.txt"
    p.write_text("keep")

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError) as exc:
        write_atomic(p, "new")
    assert "No space left on device" in str(exc.value)
    assert p.read_text() == "keep" and os.listdir(tmp_path) == ["out.txt"]


def test_missing_directory(tmp_path):
    with pytest.raises(OutputError) as exc:
        write_atomic(tmp_path / "no" / "out.txt", "x")
    assert "does not exist" in str(exc.value)
