"""Uploaded files: read with the command line's own limits and messages (an intake workbook, a YAML or JSON
assessment, or a decision record, which embeds its assessment)."""

from __future__ import annotations

import json
from pathlib import PurePath

from starlette.datastructures import UploadFile

from cpss_advisor import api

from .sessions import Entry

#: the most bytes read of one upload: the largest workbook the command line reads, and one more to tell it is over
READ_LIMIT = 20 * 1024 * 1024 + 1


def upload_name(file: UploadFile) -> str:
    """The file's own name, without any folder a browser sent."""
    name = PurePath((file.filename or "").replace("\\", "/")).name
    return name or "upload"


def _identity(message: str) -> str:
    return message


async def read_upload(file: UploadFile, kb, _=_identity) -> Entry:
    """An uploaded assessment as an entry to work on; `api.InputError` with the problems, located, otherwise
    (the app's own words through `_`, the page's language)."""
    name = upload_name(file)
    try:
        raw = await file.read(READ_LIMIT)
    finally:
        await file.close()
    if not raw:
        raise api.InputError(api.Problem(name, None, None, "empty", _("the file is empty"),
                                         _("choose the assessment's .xlsx, .yaml, .yml or .json file")))
    if name.lower().endswith(".json") and _is_record(raw):
        intake = api.record_assessment(raw, name, knowledge=kb)
    else:
        intake = api.read_assessment(raw, knowledge=kb, name=name)
    return entry_of(intake.assessment, name, kb, len(raw))


def entry_of(assessment, name: str, kb, size: int) -> Entry:
    data = api.assessment_data(assessment, knowledge=kb)
    return Entry(PurePath(name).stem + ".yaml", data, size + len(json.dumps(data)))


def _is_record(raw: bytes) -> bool:
    head = raw[:4096]
    return b'"decision_record"' in head or b'"record_version"' in head


def problems_of(exc: api.CpssError, language: str = "en") -> list[dict]:
    """An error's problems as the pages show them, in `language`: where (never translated), what, and the hint."""
    return [{"at": p.location(), "message": said(p.message, language), "hint": said(p.hint, language),
             "code": p.code} for p in exc.problems]


def said(text, language: str):
    """A problem's text in `language`: a message the API made translatable keeps its English template and its
    arguments (``template``, ``translate(language)``) and is translated here, as the command line does when it
    shows it; any other text (None, a plain string) is shown as it is."""
    if text is not None and hasattr(text, "template") and callable(getattr(text, "translate", None)):
        return text.translate(language)
    return text
