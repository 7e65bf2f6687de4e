"""A blank assessment to fill in: every subdomain (commented out, with the gist of each phase) and every context id.

The comments are in the knowledge base's language (`kb.language`: `cpss --lang fr template`); the keys, ids and
values stay as the assessment reads them (a phase may also be written by its French name)."""

from __future__ import annotations

import datetime as _dt

from ..core.escape import terminal
from ..core.i18n import N_, gettext_for
from ..kb.knowledge_base import KnowledgeBase


def blank_assessment(kb: KnowledgeBase, as_of: _dt.date) -> str:
    _ = gettext_for(kb.language)
    lines = [
        _("# cpss-advisor assessment (schema_version 1)"),
        "#",
        _("# Rate each subdomain at the phase whose description fits it best; the phase texts are indicative, not a"),
        _("# checklist. A rating is a number or a phase name: 1 building, 2 enhancement, 3 integration, 4 maturity."),
        _("# Short form:  \"3.3\": 2"),
        _("# Long form:   \"3.3\": {phase: 2, confidence: medium, evidence: \"national SOPs adopted; no referral "
          "protocols\"}"),
        _("# confidence is low, medium or high. Uncomment the lines you rate; a subdomain left out is reported as "
          "unrated."),
        _("# 'cpss kb show 3.3' prints the full criteria of every phase."),
        "",
        "schema_version: 1",
        "country: \"{}\"".format(_("Country name")),
        f"as_of: {as_of.isoformat()}",
        _("# When several participants rate independently ('cpss consensus' compares them), who rated:"),
        _("# participant: \"Ministry of Social Welfare\""),
        "",
        "ratings:",
    ]
    for oid in sorted(kb.outcomes):
        lines.append(f"  # {oid}. {terminal(kb.outcomes[oid].title)}")  # a comment stays one line
        for sid in kb.subdomains_of(oid):
            lines.append(f"  # \"{sid}\": 1    # {terminal(kb.subdomains[sid].title)}")
            for n in sorted(kb.phases):
                c = kb.criteria.get((sid, n))
                if c is not None:
                    gist = " ".join(c.summary.split())
                    if len(gist) > 96:
                        gist = gist[:93].rsplit(" ", 1)[0] + " ..."
                    lines.append(f"  #     {n} {terminal(gist)}")
    lines += [
        "",
        _("# Context: list the ids that apply, e.g. context: [armed_conflict, protracted_crisis]"),
    ]
    categories = [("shock", N_("shocks")), ("stage", N_("stage of the response (one at most, with a shock)")),
                  ("capacity", N_("government capacity")), ("office", N_("the office's own preconditions")),
                  ("opportunity", N_("opportunities"))]
    for cat, label in categories:
        ids = sorted(c.id for c in kb.contexts.values() if c.category == cat)
        if ids:
            lines.append(_("#   {label}: {ids}").format(label=_(label), ids=", ".join(ids)))
    lines += [
        "context: []",
        "",
        _("# Targets (optional): the phase each subdomain should reach over the planning horizon, e.g. \"3.3\": 3"),
        "targets: {}",
        "",
        _("# Case management figures (optional), checked against the case management standards:"),
    ]
    for metric, s in sorted(kb.standards().items()):
        word = _("at most") if s.comparison == "max" else _("at least")
        lines.append(_("#   {metric}: standard {word} {limit} ({unit})").format(
            metric=metric, word=word, limit=f"{s.limit:g}", unit=terminal(s.unit)))
    lines += [
        "figures: {}",
        "",
        _("# Case management checklist (optional): the ids of the checklist actions that are done, from"),
        _("# knowledge/case_management.yaml; 'cpss cm FILE' shows each dimension's level and its next actions, e.g."),
        "# case_management: {done: [cm-1-1-external-context-assessment, cm-1-1-cp-risk-analysis]}",
        "",
    ]
    return "\n".join(lines)


def yaml_template(as_of: _dt.date, kb: KnowledgeBase) -> str:
    """The blank assessment as commented YAML (the registry's `template` report in `yaml`)."""
    return blank_assessment(kb, as_of)


def xlsx_template(as_of: _dt.date, kb: KnowledgeBase) -> bytes:
    """The blank assessment as an intake workbook (the registry's `template` report in `xlsx`)."""
    from .workbook import template_workbook

    return template_workbook(kb, as_of)
