"""Every report the tool writes, and the formats each comes in: one registry.

A *report* is a kind of result (a plan, a portfolio, a what-if comparison, a verification, ...). Each of its
*formats* is one renderer, named here as ``"module:function"`` in this package and imported only when that format
is written (so that a command starts without loading, say, the workbook writer). A renderer takes the report's
data and the knowledge base and returns text, or bytes for a binary format; a format may take keyword options
(the plan's html, markdown and docx take `detail`, "brief" or "full"; docx also `template`, a Word document to
write into), listed with it. JSON is the same for every report: the data as canonical JSON (`cpss_advisor.core.output.to_json`).

The command line reads its `--format` choices, its default and the formats `-o FILE`'s extension implies from
here; the Python API renders through `render`.

To add a format: write its renderer in its own module of this package and list it under its report.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..core.output import to_json
from ..kb.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class Format:
    name: str
    renderer: str                       # "module:function" in cpss_advisor.render; "" for JSON
    binary: bool = False                # bytes, written only to a file
    options: tuple[str, ...] = ()       # the keyword options the renderer takes

    def function(self) -> Callable[..., str | bytes]:
        if not self.renderer:
            return lambda data, kb: to_json(as_data(data))
        module, name = self.renderer.split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)


#: The extensions a file name may have, by format (the first is the usual one).
EXTENSIONS = {
    "text": (".txt", ".text"),
    "json": (".json",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "xlsx": (".xlsx",),
    "docx": (".docx",),
    "yaml": (".yaml", ".yml"),
    "mermaid": (".mmd", ".mermaid"),
    "dot": (".dot", ".gv"),
}

JSON = Format("json", "")


def _formats(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


#: report -> its formats, the default first.
REPORTS: dict[str, dict[str, Format]] = {
    "plan": _formats(Format("text", "plan_text:render_text"), JSON,
                     Format("markdown", "plan_text:render_markdown", options=("detail",)),
                     Format("html", "plan_html:render_html", options=("detail",)),
                     Format("xlsx", "workbook:plan_workbook", binary=True),
                     Format("docx", "brief_docx:render_docx", binary=True, options=("detail", "template"))),
    "portfolio": _formats(Format("text", "portfolio_text:render_text"), JSON,
                          Format("markdown", "portfolio_text:render_markdown"),
                          Format("html", "portfolio_html:render_html"),
                          Format("xlsx", "portfolio_workbook:portfolio_workbook", binary=True)),
    "compare": _formats(Format("text", "compare_text:render_text"), JSON,
                        Format("markdown", "compare_text:render_markdown"),
                        Format("html", "compare_html:render_html"),
                        Format("xlsx", "compare_workbook:compare_workbook", binary=True)),
    "consensus": _formats(Format("text", "consensus_text:render_text"), JSON,
                          Format("markdown", "consensus_text:render_markdown"),
                          Format("html", "consensus_html:render_html"),
                          Format("xlsx", "consensus_workbook:consensus_workbook", binary=True)),
    "assessment": _formats(Format("yaml", "assessment_yaml:render_yaml"), Format("json", "assessment_yaml:render_json")),
    "whatif": _formats(Format("text", "whatif_text:render_whatif"), JSON),
    "sensitivity": _formats(Format("text", "robustness_text:render_sensitivity"), JSON,
                            Format("markdown", "robustness_text:render_sensitivity_markdown"),
                            Format("html", "robustness_html:render_sensitivity_html")),
    "robustness": _formats(Format("text", "robustness_text:render_robustness"), JSON,
                           Format("markdown", "robustness_text:render_robustness_markdown"),
                           Format("html", "robustness_html:render_robustness_html")),
    "verification": _formats(Format("text", "audit_text:render_verification"), JSON),
    "explanation": _formats(Format("text", "audit_text:render_explanation", options=("language",)), JSON),
    "summary": _formats(Format("text", "summary_text:render_summary"), JSON),
    "case-management": _formats(Format("text", "cm_text:render_cm_text"), JSON),
    "subdomain": _formats(Format("text", "kb_views:render_subdomain"), JSON),
    "graph": _formats(Format("text", "kb_views:render_bottlenecks"), Format("mermaid", "graph_formats:graph_mermaid"),
                      Format("dot", "graph_formats:graph_dot"), Format("json", "graph_formats:graph_json")),
    "contexts": _formats(Format("text", "kb_views:render_contexts"), JSON),
    "shocks": _formats(Format("text", "kb_views:render_shocks"), JSON),
    "rule-list": _formats(Format("text", "rules_views:render_rule_list"), JSON),
    "rule": _formats(Format("text", "rules_views:render_rule"), JSON),
    "rule-run": _formats(Format("text", "rules_views:render_run"), JSON),
    "questionnaire": _formats(Format("text", "assess_text:render_ratings"), JSON),
    "error-catalogue": _formats(Format("text", "errors_text:render_catalogue", options=("language",)), JSON),
    "error-code": _formats(Format("text", "errors_text:render_code", options=("language",)), JSON),
    "template": _formats(Format("yaml", "assessment_template:yaml_template"),
                         Format("xlsx", "assessment_template:xlsx_template", binary=True)),
}


def formats(report: str) -> list[str]:
    return list(REPORTS[report])


def default_format(report: str) -> str:
    return next(iter(REPORTS[report]))


def format_of(report: str, fmt: str) -> Format:
    return REPORTS[report][fmt]


def implied_format(report: str, path: Path | None) -> str | None:
    """The format a file name's extension names, when the report comes in it; else None."""
    if path is None:
        return None
    suffix = path.suffix.lower()
    return next((f for f in REPORTS[report] if suffix in EXTENSIONS.get(f, ())), None)


def options(report: str, fmt: str) -> tuple[str, ...]:
    """The keyword options a report's format takes."""
    return REPORTS[report][fmt].options


def render(report: str, fmt: str, data: Any, kb: KnowledgeBase, **opts: Any) -> str | bytes:
    """The report in one of its formats; `opts` are the format's keyword options (None: the renderer's default)."""
    if fmt not in REPORTS[report]:
        raise ValueError(f"the {report} report comes as {', '.join(REPORTS[report])}, not {fmt}")
    given = {k: v for k, v in opts.items() if v is not None}
    unknown = sorted(set(given) - set(REPORTS[report][fmt].options))
    if unknown:
        raise ValueError(f"the {report} report in {fmt} takes no option {', '.join(unknown)}")
    return REPORTS[report][fmt].function()(data, kb, **given)


def as_data(data: Any) -> Any:
    """What a report's JSON holds: a pydantic model's dump, an object's `as_dict()`, or the data itself."""
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if hasattr(data, "as_dict"):
        return data.as_dict()
    return data
