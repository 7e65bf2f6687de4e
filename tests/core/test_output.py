"""Atomic writes: all or nothing, never over an input."""

from __future__ import annotations

import os
import select
import socket
import stat
import subprocess
import sys
import threading
import time

import pytest

from cpss_advisor.core.errors import OutputError
from cpss_advisor.core.output import write_atomic

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"


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


# --- what -o names: special files, links -------------------------------------------------------------------------
#
# Device nodes and FIFOs are made in tmp_path, never taken from the machine's /dev: a write_atomic that replaced
# special files would otherwise replace the real ones when the tests run as root.

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="making a device node (mknod) needs root")


def _device(path, major: int, minor: int, kind=stat.S_IFCHR):
    try:
        os.mknod(path, 0o644 | kind, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("mknod is not permitted here (a container without CAP_MKNOD)")
    return path


@needs_root
def test_character_device_is_written_into_not_replaced(tmp_path):
    null = _device(tmp_path / "null", 1, 3)  # the null device: accepts and discards everything
    before = os.lstat(null)
    write_atomic(null, "the plan\n")
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert stat.S_IMODE(after.st_mode) == 0o644
    assert os.listdir(tmp_path) == ["null"]  # no temporary file left beside it


@needs_root
def test_full_device_reports_the_write_error(tmp_path):
    full = _device(tmp_path / "full", 1, 7)  # the full device: every write fails with ENOSPC
    with pytest.raises(OutputError) as exc:
        write_atomic(full, "the plan\n")
    assert exc.value.problems[0].code == "write-failed" and "No space left on device" in str(exc.value)
    assert stat.S_ISCHR(os.lstat(full).st_mode) and os.listdir(tmp_path) == ["full"]


@needs_root
def test_block_device_is_refused(tmp_path):
    block = _device(tmp_path / "loop", 7, 0, stat.S_IFBLK)  # never opened: refused by its kind
    with pytest.raises(OutputError) as exc:
        write_atomic(block, "the plan\n")
    p = exc.value.problems[0]
    assert p.code == "special-file" and "block device" in p.message and "/dev/null" in p.hint
    assert stat.S_ISBLK(os.lstat(block).st_mode)


def test_socket_is_refused(tmp_path):
    path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(OutputError) as exc:
            write_atomic(path, "the plan\n")
        assert exc.value.problems[0].code == "special-file" and "a socket" in exc.value.problems[0].message
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        sock.close()


def _read_fifo(fd: int, done: threading.Event, deadline: float) -> bytes:
    """Everything written into the FIFO (opened O_NONBLOCK, so nothing here can block) until its writer is done."""
    chunks = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            continue
        if chunk:
            chunks.append(chunk)
        elif done.is_set():  # end of file after the writer closed: everything has been read
            break
        else:
            time.sleep(0.01)  # no writer yet
    return b"".join(chunks)


def test_fifo_is_written_into_and_its_reader_gets_everything(tmp_path):
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    payload = ("a line of the plan\n" * 12_000).encode()  # larger than a pipe's buffer: written in several parts
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the reader is there first, as `cat fifo &` would be
    done, errors = threading.Event(), []

    def writer():
        try:
            write_atomic(fifo, payload)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        got = _read_fifo(fd, done, time.monotonic() + 60)
    finally:
        os.close(fd)
    thread.join(10)
    assert not errors and done.is_set()
    assert got == payload
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["plan.fifo"]


def test_symlink_to_a_file_replaces_the_file_not_the_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "plan.txt"
    real.write_text("old plan")
    real.chmod(0o640)
    link = tmp_path / "plan.txt"
    link.symlink_to(os.path.relpath(real, tmp_path))
    write_atomic(link, "new plan")
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, tmp_path)
    assert real.read_text() == "new plan" and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["plan.txt", "real"] and os.listdir(real_dir) == ["plan.txt"]


def test_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "plan.txt"
    link.symlink_to(tmp_path / "missing" / "plan.txt")
    with pytest.raises(OutputError) as exc:
        write_atomic(link, "new plan")
    p = exc.value.problems[0]
    assert p.code == "dangling-symlink" and "does not exist" in p.message
    assert link.is_symlink() and not link.exists() and os.listdir(tmp_path) == ["plan.txt"]


def test_directory_is_refused(tmp_path):
    with pytest.raises(OutputError) as exc:
        write_atomic(tmp_path, "x")
    assert exc.value.problems[0].code == "output-is-directory"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd (Linux)")
def test_link_to_standard_output_writes_into_what_the_shell_opened(tmp_path):
    # `-o /dev/stdout >> log`: /dev/stdout is a link to /proc/self/fd/1; a link of the same kind is made here.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    with open(log, "ab") as out:
        r = subprocess.run([sys.executable, "-m", "cpss_advisor.cli.main", "validate", str(BEREMIA), "-o", str(link)],
                           stdout=out, stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    text = log.read_text()
    assert text.startswith("earlier lines\n") and "Beremia, as of 2026-06-30" in text
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_cli_writes_into_a_fifo_with_a_reader(tmp_path):
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    proc = subprocess.Popen([sys.executable, "-m", "cpss_advisor.cli.main", "recommend", str(BEREMIA), "-o", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()
    threading.Thread(target=lambda: (proc.wait(), done.set()), daemon=True).start()
    try:
        got = _read_fifo(fd, done, time.monotonic() + 120)
    finally:
        os.close(fd)
        if proc.poll() is None:
            proc.kill()
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert got.decode().startswith("Plan for Beremia") and out == ""
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["plan.fifo"]


@needs_root
def test_cli_writes_into_a_device_and_template_needs_no_force(tmp_path):
    null = _device(tmp_path / "null", 1, 3)
    assert run_cli("recommend", BEREMIA, "-o", null).code == 0
    assert run_cli("template", "-o", null).code == 0  # nothing is replaced, so --force is not needed
    assert stat.S_ISCHR(os.lstat(null).st_mode) and os.listdir(tmp_path) == ["null"]
