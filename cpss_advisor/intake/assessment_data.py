"""An assessment back as the data of an assessment file: what `load_assessment` reads gives the same assessment
again, and YAML text of it that a person can read and edit (the local web app's export, its working copy)."""

from __future__ import annotations

from typing import Any

from .assessment import KEEP, SCHEMA_VERSION, Assessment


def assessment_data(a: Assessment) -> dict[str, Any]:
    """The assessment as the mapping of an assessment file (plain values only: text, numbers, lists, mappings)."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "country": a.country, "as_of": a.as_of.isoformat()}
    data["ratings"] = {sid: {k: v for k, v in r.model_dump().items() if v is not None}
                       for sid, r in a.ratings.items()}
    if a.context:
        data["context"] = list(a.context)
    targets: dict[str, Any] = dict(a.targets)
    targets.update({sid: KEEP for sid in a.kept})
    if targets:
        data["targets"] = dict(sorted(targets.items()))
    if a.figures:
        data["figures"] = {k: (int(v) if float(v).is_integer() else v) for k, v in a.figures.items()}
    if a.notes is not None:
        data["notes"] = a.notes
    if a.case_management is not None:
        cm: dict[str, Any] = {"done": list(a.case_management.done)}
        if a.case_management.notes is not None:
            cm["notes"] = a.case_management.notes
        data["case_management"] = cm
    return data
