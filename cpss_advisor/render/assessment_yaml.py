"""An assessment written as a file again: YAML (`cpss consensus ... --decisions D -o agreed.yaml`) or JSON.

The data is `cpss_advisor.intake.assessment_data.assessment_data`; read back, the file is the same assessment.
Every text is written as a double-quoted scalar with JSON's escapes, which YAML reads as the same text whatever it
holds (a colon, a hash, a quote, a word YAML would take for a boolean such as `no`); keys are quoted the same way,
so that a subdomain id stays text ("3.3"). Dates are written as YYYY-MM-DD, numbers as they are. The same
assessment gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..core.output import to_json
from ..intake.assessment_data import assessment_data
from ..kb.knowledge_base import KnowledgeBase

#: A field name of the schema, written as it is; every other key (a subdomain, a participant) is quoted.
_FIELD = re.compile(r"[a-z][a-z_]*")
HEADER = "# An assessment agreed by several participants, or written from Python by cpss; 'cpss validate' checks it.\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _lines(value: Any, indent: str) -> list[str]:
    out = []
    for key, item in value.items():
        head = f"{indent}{key if _FIELD.fullmatch(str(key)) else _scalar(key)}:"
        if isinstance(item, dict):
            out += [head + " {}"] if not item else [head, *_lines(item, indent + "  ")]
        elif isinstance(item, list) and all(not isinstance(x, (dict, list)) for x in item):
            out.append(f"{head} [{', '.join(_scalar(x) for x in item)}]")
        elif isinstance(item, list):
            out.append(head)
            for x in item:
                sub = _lines(x, indent + "    ")
                out += [f"{indent}  - {sub[0].lstrip()}", *sub[1:]] if sub else [f"{indent}  - {{}}"]
        else:
            out.append(f"{head} {_scalar(item)}")
    return out


def render_yaml(a, kb: KnowledgeBase | None = None) -> str:
    data = assessment_data(a)
    lines = _lines(data, "")
    return HEADER + "\n".join(lines) + "\n"


def render_json(a, kb: KnowledgeBase | None = None) -> str:
    return to_json(assessment_data(a))
