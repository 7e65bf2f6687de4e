"""Robustness and sensitivity reports as text for a terminal and as Markdown (`cpss robustness`,
`cpss sensitivity`), from the words of `cpss_advisor.render.robustness_view`."""

from __future__ import annotations

from ..core.escape import markdown
from ..core.i18n import gettext_for
from ..kb.knowledge_base import KnowledgeBase
from .robustness_view import Table, View, robustness_view, sensitivity_view
from .text_table import table, wrap

#: The widest line a table may have before it is written as entries instead.
WIDTH = 160


def _text(view: View, language: str) -> str:
    out = [wrap(view.title), ""]
    out += [wrap(f"- {f}", hang="  ") for f in view.findings]
    out.append("")
    out += [wrap(a) for a in view.assumptions]
    for heading, lead, t in view.tables:
        out += ["", heading, wrap(lead), "", _table(t, language)]
    if view.notes:
        out.append("")
        out += [wrap(n) for n in view.notes]
    return "\n".join(out) + "\n"


def _table(t: Table, language: str) -> str:
    """A table, or, when it would be wider than a terminal, one entry per row with its cells under it."""
    _ = gettext_for(language)
    if not t.rows:
        return _("(none)")
    text = table(t.headers, t.rows)
    if max(len(line) for line in text.splitlines()) <= WIDTH:
        return text
    out = []
    for row in t.rows:
        out.append(wrap(f"- {row[0]}", hang="  "))
        out += [wrap(_("%(label)s: %(value)s") % {"label": h, "value": c}, indent="    ", hang="  ")
                for h, c in zip(t.headers[1:], row[1:])]
    return "\n".join(out)


def _markdown(view: View, language: str) -> str:
    _ = gettext_for(language)
    out = [f"# {markdown(view.title)}", ""]
    out += [f"- {markdown(f)}" for f in view.findings]
    out.append("")
    for a in view.assumptions:
        out += [f"> {markdown(a)}", ">"]
    out.pop()
    for heading, lead, t in view.tables:
        out += ["", f"## {markdown(heading)}", "", markdown(lead), ""]
        if not t.rows:
            out.append(_("None."))
            continue
        out.append("| " + " | ".join(markdown(h) for h in t.headers) + " |")
        out.append("|" + "|".join(" --- " for _ in t.headers) + "|")
        out += ["| " + " | ".join(markdown(c) for c in row) + " |" for row in t.rows]
    if view.notes:
        out.append("")
        out += [f"{markdown(n)}\n" for n in view.notes]
        out[-1] = out[-1].rstrip("\n")
    return "\n".join(out) + "\n"


def render_robustness(report: dict, kb: KnowledgeBase) -> str:
    return _text(robustness_view(report, kb), kb.language)


def render_robustness_markdown(report: dict, kb: KnowledgeBase) -> str:
    return _markdown(robustness_view(report, kb), kb.language)


def render_sensitivity(report: dict, kb: KnowledgeBase) -> str:
    return _text(sensitivity_view(report, kb), kb.language)


def render_sensitivity_markdown(report: dict, kb: KnowledgeBase) -> str:
    return _markdown(sensitivity_view(report, kb), kb.language)
