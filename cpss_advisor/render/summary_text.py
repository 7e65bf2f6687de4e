"""The summary of a validated assessment as text (`cpss validate`), and the pieces other text views share: the
figures against the standards, the warnings."""

from __future__ import annotations

from typing import Sequence

from ..core.escape import terminal
from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from .text_table import number, table


#: a rating's confidence in words (translated where used)
CONFIDENCE = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
#: a context's category in words, as the summary names it
CATEGORIES = {"shock": N_("shock"), "stage": N_("stage"), "capacity": N_("capacity"), "office": N_("office"),
              "opportunity": N_("opportunity")}


def render_figure_checks(figures: list[dict], extra: Sequence[tuple[str, str]] = (),
                         language: str = SOURCE_LANGUAGE) -> str:
    """The rows of `figure_checks` as a text table; `extra` adds columns (header, key of the row)."""
    _ = translator(language).gettext
    return table([_("figure"), _("value"), _("standard"), _("result")] + [h for h, _k in extra],
                 [[f["metric"], number(f["value"]),
                   (_("at most {limit}") if f["comparison"] == "max" else _("at least {limit}")).format(
                       limit=number(f["limit"])),
                   _("meets") if f["meets_standard"] else _("does not meet")] + [f[k] for _h, k in extra]
                  for f in figures],
                 indent="  ")


def render_summary(view: dict, kb: KnowledgeBase) -> str:
    _ = translator(kb.language).gettext
    out = [_("{file}: valid").format(file=terminal(view["file"])),
           _("{country}, as of {date}").format(country=terminal(view["country"]), date=view["as_of"]),
           ""]
    rated = len(view["ratings"])
    out.append(_("Ratings: {n} of {total} subdomains rated").format(n=rated, total=rated + len(view["unrated"])))
    rows = []
    for r in view["ratings"]:
        confidence = _(CONFIDENCE[r["confidence"]]) if r["confidence"] in CONFIDENCE else r["confidence"] or "-"
        rows.append([kb.subdomains[r["subdomain"]].label, f"{r['phase']} {kb.phases[r['phase']].name}",
                     confidence, r["target"] or "-"])
    out.append(table([_("subdomain"), _("phase"), _("confidence"), _("target")], rows, indent="  "))
    if view["unrated"]:
        out.append("  " + _("unrated: {subdomains}").format(
            subdomains=", ".join(kb.subdomains[s].label for s in view["unrated"])))
    out.append("")
    out.append(_("Intermediate outcomes (a derived view: the weakest subdomain and the median)"))
    out.append(table([_("outcome"), _("rated"), _("weakest"), _("median")],
                     [[f"{o['outcome']}. {o['title']}", f"{o['rated']}/{o['subdomains']}", number(o["weakest"]),
                       number(o["median"])] for o in view["outcomes"]], indent="  "))
    out.append("")
    if view["context"]:
        out.append(_("Context: {contexts}").format(contexts=", ".join(
            f"{c['id']} ({c['category']})" if kb.language == SOURCE_LANGUAGE else
            f"{kb.contexts[c['id']].title if c['id'] in kb.contexts else c['id']} ({_(CATEGORIES.get(c['category'], c['category']))})"
            for c in view["context"])))
    else:
        out.append(_("Context: none given"))
    if view["figures"]:
        out.append("")
        out.append(_("Case management figures against the standards"))
        out.append(render_figure_checks(view["figures"], language=kb.language))
    out.extend(render_warnings(view["warnings"], kb.language))
    return "\n".join(out) + "\n"


def render_warnings(warnings: list[dict], language: str = SOURCE_LANGUAGE) -> list[str]:
    """Warnings (as `Problem.as_dict` gives them) as text lines under a heading; nothing when there are none."""
    if not warnings:
        return []
    return ["", translator(language).gettext("Warnings")] + [f"  {terminal(w['at'])}: {terminal(w['message'])}"
                               + (f" ({terminal(w['hint'])})" if w["hint"] else "")
                               for w in warnings]
