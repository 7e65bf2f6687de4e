"""cpss-advisor: decision support for child protection systems strengthening.

The Python API (see docs/api.md)::

    import cpss_advisor as cpss
    plan = cpss.recommend("examples/beremia-conflict.yaml")
    print(cpss.render_report("plan", plan, "markdown"))

The names below are loaded on first use, so that importing one module of the package stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from .core.version import __version__

#: The public API: name -> the module that defines it.
_API = {
    "load_assessment": "api", "read_assessment": "api", "recommend": "api", "validate": "api", "whatif": "api",
    "scenarios": "api", "sensitivity": "api", "robustness": "api", "portfolio": "api", "render_report": "api",
    "compare": "api",
    "workplan": "api", "consensus": "api", "consensus_words": "api", "agree": "api",
    "knowledge_base": "api", "advisor": "api", "translations": "api", "languages": "api", "translator": "api",
    "direction": "api",
    "Plan": "planning.plan_model", "Assessment": "intake.assessment",
    "InputError": "core.errors", "KnowledgeError": "core.errors", "CpssError": "core.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'cpss_advisor' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
