"""An assessment's data (`cpss_advisor.intake.assessment_data`) as the YAML text of an assessment file: what the
local web app exports and saves. The keys keep the order of the data; the same data gives the same text."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def assessment_yaml(data: dict[str, Any]) -> str:
    """An assessment's data as YAML text, the keys in the order of an assessment file; the same data gives the same
    text."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(_plain(data), out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
