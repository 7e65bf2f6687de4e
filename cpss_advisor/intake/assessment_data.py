"""An assessment as the data of its file: the inverse of reading one (`assessment_from_document`).

`assessment_data(a)` gives the mapping that, written as YAML or JSON and read again, is the same assessment: the
fields of schema_version 1, each only when it holds something, in the order a person writes them. An agreed
assessment (`cpss consensus --decisions`) is written through it, and so is any assessment made in Python.
"""

from __future__ import annotations

from typing import Any

from .assessment import KEEP, SCHEMA_VERSION, Assessment, Rating


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def rating_data(r: Rating) -> dict:
    return {k: v for k, v in r.model_dump().items() if v is not None}


def assessment_data(a: Assessment) -> dict[str, Any]:
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "country": a.country, "as_of": a.as_of.isoformat()}
    if a.participant is not None:
        out["participant"] = a.participant
    out["ratings"] = {sid: rating_data(r) for sid, r in sorted(a.ratings.items())}
    out["context"] = list(a.context)
    targets = {**{s: t for s, t in a.targets.items()}, **{s: KEEP for s in a.kept}}
    if targets:
        out["targets"] = dict(sorted(targets.items()))
    if a.figures:
        out["figures"] = {k: _number(v) for k, v in sorted(a.figures.items())}
    if a.notes is not None:
        out["notes"] = a.notes
    if a.case_management is not None:
        cm: dict[str, Any] = {"done": list(a.case_management.done)}
        if a.case_management.notes is not None:
            cm["notes"] = a.case_management.notes
        out["case_management"] = cm
    if a.consensus is not None:
        out["consensus"] = a.consensus.model_dump(exclude_none=True)
    return out
