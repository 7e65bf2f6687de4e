"""The one door for assessments: `read_assessment(source, kb)` and `load_assessment(source, kb)`.

A source is any of:

- a path (`str` or `Path`): an intake workbook when its name ends in .xlsx or .xlsm (read by
  `cpss_advisor.intake.workbook`), else YAML or JSON text (CSV, .ods, .xls and other formats are refused with what
  to do instead);
- bytes with a `name=` (an upload, a record's embedded input): read as the file of that name would be;
- a mapping (the data of an assessment, e.g. built in a notebook): checked as a YAML file with that content, named
  `name=` (default ``<assessment>``) in messages.

Whatever the source, the assessment is checked the same way and every problem is an `InputError` located in it.
`read_assessment` also returns the content exactly as read, which a decision record embeds (so that what a record
holds is exactly what was planned).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Union

from ..core.document import (
    MAX_INPUT_BYTES,
    Document,
    decode_text,
    parse_document,
    read_file_bytes,
    refuse_other_formats,
)
from ..core.errors import InputError, Problem
from ..core.translatable import M_
from ..kb.knowledge_base import KnowledgeBase
from .assessment import Assessment, assessment_from_document

#: File names read as intake workbooks; .xlsm is read like .xlsx (openpyxl never runs macros, and they are dropped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: What a mapping source is called in messages when no name is given.
MAPPING_NAME = "<assessment>"

Source = Union[str, Path, bytes, Mapping[str, Any]]


def is_workbook(name: str | Path) -> bool:
    return str(name).lower().endswith(WORKBOOK_SUFFIXES)


@dataclass(frozen=True)
class Intake:
    """An assessment and the content it was made from."""

    assessment: Assessment
    name: str
    #: the YAML or JSON text read (a mapping source: its canonical JSON); None for a workbook
    text: str | None = None
    #: the workbook's bytes; None for text
    workbook: bytes | None = None

    def content(self) -> dict:
        """The content as a decision record embeds it: `text`, or `base64` of the workbook's bytes."""
        if self.workbook is not None:
            return {"base64": base64.b64encode(self.workbook).decode("ascii")}
        return {"text": self.text}


def read_assessment(source: Source, kb: KnowledgeBase, *, name: str | None = None,
                    today: _dt.date | None = None) -> Intake:
    """Read, shape-check and meaning-check an assessment from any source (see the module docstring); raise
    `InputError` with every problem. `today`: the reference day for the far-future warning (default:
    `cpss_advisor.intake.assessment.reference_day`)."""
    if isinstance(source, Mapping):
        label = name or MAPPING_NAME
        text = json.dumps(dict(source), indent=2, ensure_ascii=False, sort_keys=True, default=_plain) + "\n"
        return Intake(_checked(Document(label, dict(source), text=text,
                                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()), kb, today),
                      label, text=text)
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not name:
            raise TypeError("read_assessment: bytes need a name= (the file name they were read from)")
        return _from_bytes(bytes(source), name, kb, today)
    if isinstance(source, (str, Path)):
        return _from_path(source, kb, today)
    raise TypeError(f"read_assessment: a path, bytes with a name, or a mapping, not {type(source).__name__}")


def load_assessment(source: Source, kb: KnowledgeBase, *, name: str | None = None,
                    today: _dt.date | None = None) -> Assessment:
    """The assessment of `read_assessment`."""
    return read_assessment(source, kb, name=name, today=today).assessment


def _from_path(path: str | Path, kb: KnowledgeBase, today: _dt.date | None) -> Intake:
    label = str(path)
    if is_workbook(path):
        from .workbook import load_workbook_assessment  # openpyxl only for workbooks
        from .xlsx_package import read_bytes

        raw = read_bytes(path)
        return Intake(load_workbook_assessment(path, kb, raw=raw, today=today, lock_check=True), label, workbook=raw)
    refuse_other_formats(path)
    raw = read_file_bytes(path, max_bytes=MAX_INPUT_BYTES,
                          what=M_("give the path of one assessment file (.yaml, .yml or .json)"))
    return _text(raw, label, kb, today)


def _from_bytes(raw: bytes, name: str, kb: KnowledgeBase, today: _dt.date | None) -> Intake:
    if is_workbook(name):
        from .workbook import load_workbook_assessment
        from .xlsx_package import MAX_WORKBOOK_BYTES

        if len(raw) > MAX_WORKBOOK_BYTES:
            raise InputError(Problem(name, None, None, "too-large",
                                     f"the workbook is {len(raw):,} bytes; the limit is {MAX_WORKBOOK_BYTES:,} bytes",
                                     "an assessment workbook is tens of kilobytes: is this the right file?"))
        return Intake(load_workbook_assessment(name, kb, raw=raw, today=today), name, workbook=raw)
    refuse_other_formats(name)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(Problem(name, None, None, "too-large",
                                 f"file is {len(raw):,} bytes; the limit is {MAX_INPUT_BYTES:,} bytes",
                                 "an assessment is a few kilobytes: is this the right file?"))
    return _text(raw, name, kb, today)


def _text(raw: bytes, name: str, kb: KnowledgeBase, today: _dt.date | None) -> Intake:
    text = decode_text(raw, name)
    doc = parse_document(text, name, json_syntax=name.lower().endswith(".json"))
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return Intake(_checked(doc, kb, today), name, text=text)


def _checked(doc: Document, kb: KnowledgeBase, today: _dt.date | None) -> Assessment:
    return assessment_from_document(doc, kb, today=today)


def _plain(value: Any) -> Any:
    """What JSON writes for a value a mapping may hold beyond JSON's own (a date, as YAML reads one)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} is not a value an assessment holds")
