"""Inputs that are not regular files (a device, a named pipe) are refused by their kind, never read.

Reading /dev/zero never ends and opening a FIFO waits for a writer, so every case runs cpss in a subprocess with a
timeout (and a memory limit), and the device nodes and FIFOs are made in tmp_path, never taken from /dev.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from cpss_advisor.core.errors import InputError
from cpss_advisor.core.files import refuse_special_input

from tests.conftest import EXAMPLES

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


#: cpss in a process whose memory is limited to 1.5 GB: a run that reads an endless device stops there, not at the
#: machine's limit.
LIMITED = ("import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20)); "
           "sys.argv = ['cpss', *sys.argv[1:]]; runpy.run_module('cpss_advisor.cli.main', run_name='__main__')")


def cpss(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED, *map(str, args)], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "assessment.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero(tmp_path):
    if not IS_ROOT:
        pytest.skip("making a device node (mknod) needs root")
    path = tmp_path / "zero.yaml"
    try:
        os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # the zero device: endless zero bytes
    except PermissionError:
        pytest.skip("mknod is not permitted here (a container without CAP_MKNOD)")
    return path


def test_fifo_as_input_is_refused(fifo):
    r = cpss("validate", fifo)
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith(f"{fifo}: is a named pipe (FIFO), not a regular file; cpss reads only regular files")
    assert "hint: save the content to a file" in r.stderr and "Traceback" not in r.stderr


def test_device_as_input_is_refused(zero):
    r = cpss("validate", zero)
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith(f"{zero}: is a character device, not a regular file")


def test_every_reader_refuses_a_fifo(tmp_path, fifo):
    workbook = tmp_path / "assessment.xlsx"
    os.mkfifo(workbook)
    record = tmp_path / "record.json"
    os.mkfifo(record)
    for args, path in ((["recommend", workbook], workbook),
                       (["recommend", fifo, "--record", tmp_path / "r.json"], fifo),
                       (["verify", record], record), (["explain", record], record),
                       (["assess", fifo, "--no-interactive"], fifo), (["cm", fifo], fifo),
                       (["whatif", BEREMIA, "--scenarios", fifo], fifo)):
        r = cpss(*args)
        assert r.returncode == 1, (args, r.stderr)
        assert f"{path}: is a named pipe (FIFO), not a regular file" in r.stderr, args


def test_portfolio_lists_a_fifo_as_invalid_and_compares_the_rest(fifo):
    r = cpss("portfolio", fifo, BEREMIA)
    assert r.returncode == 0, r.stderr
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in r.stderr and "Beremia" in r.stdout


def test_a_link_to_a_fifo_is_refused(tmp_path, fifo):
    link = tmp_path / "link.yaml"
    link.symlink_to(fifo)
    with pytest.raises(InputError) as exc:
        refuse_special_input(link)
    assert exc.value.problems[0].code == "not-a-file" and exc.value.problems[0].file == str(link)


def test_regular_files_directories_and_missing_paths_pass_the_check(tmp_path):
    refuse_special_input(BEREMIA)
    refuse_special_input(tmp_path)  # the reader says "is a directory" in its own words
    refuse_special_input(tmp_path / "missing.yaml")  # and "no such file"
