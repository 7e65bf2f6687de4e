"""The case management checklist view as text (`cpss cm`)."""

from __future__ import annotations

from ..core.escape import terminal
from ..core.i18n import N_, translator
from ..kb.knowledge_base import KnowledgeBase
from .summary_text import render_figure_checks, render_warnings
from .text_table import table, wrap


def render_cm_text(view: dict, kb: KnowledgeBase | None = None) -> str:
    """The view for a person: a table of dimensions and sub-dimensions with their levels, then the next actions of
    every unit below Good practice, the actions done out of order, and the figures against the standards."""
    _ = translator(getattr(kb, "language", None) or "en").gettext
    out = [_("Case management benchmarks for %(country)s (as of %(date)s)") % {
               "country": terminal(view["country"]), "date": view["as_of"]},
           _("%(file)s: %(done)s of %(actions)s checklist actions done") % {
               "file": terminal(view["file"]), "done": view["done"], "actions": view["actions"]}, ""]
    rows = []
    for d in view["dimensions"]:
        rows.append([f"{d['id']} {d['title']}", f"{d['level']} {d['level_name']}", f"{d['done']}/{d['actions']}",
                     len(d["next_actions"]), ", ".join(d["maps_to"])])
        if len(d["units"]) > 1 or d["units"][0]["id"] != d["id"]:
            for u in d["units"]:
                rows.append([f"  {u['id']} {_unit_title(u, _)}", f"{u['level']} {u['level_name']}",
                             f"{u['done']}/{u['actions']}", len(u["next_actions"]), ""])
    out.append(table([_("dimension"), _("level"), _("done"), _("next"), _("informs")], rows, indent="  "))
    out.append("")
    out.append(_("Next actions (what lifts each dimension or sub-dimension one level)"))
    pending = [(d, u) for d in view["dimensions"] for u in d["units"] if u["next_actions"]]
    if not pending:
        out.append("  " + _("None: every dimension is at Good practice."))
    for d, u in pending:
        label = f"{u['id']} {_unit_title(u, _)}" if u["id"] != d["id"] else \
            f"{d['id']} {d['title']}" + (" " + _("(general actions)") if len(d["units"]) > 1 else "")
        holds = " " + _("(holds the dimension back)") if u["level"] == d["level"] and len(d["units"]) > 1 else ""
        out.append(terminal("  " + _("%(unit)s: %(level)s -> %(next)s") % {
            "unit": label, "level": f"{u['level']} {u['level_name']}",
            "next": f"{u['next_level']} {u['next_level_name']}"}) + holds)
        for a in u["next_actions"]:
            out.append(wrap(f"- {a['text']} [{a['id']}]", indent="    ", hang="  "))
    late = [(u, a) for d in view["dimensions"] for u in d["units"] for a in u["out_of_order"]]
    if late:
        out.append("")
        out.append(_("Done out of order (they count once the transitions below them are complete)"))
        names = {lv["level"]: lv["name"] for lv in view["levels"]}
        for u, a in late:
            out.append(wrap("- " + _("%(action)s: %(from)s -> %(to)s, but %(unit)s is at %(level)s") % {
                "action": a["id"], "from": names.get(a["from_level"]), "to": names.get(a["from_level"] + 1),
                "unit": f"{u['id']} {u['title']}", "level": f"{u['level']} {u['level_name']}"},
                indent="  ", hang="  "))
    if view["figures"]:
        out.append("")
        out.append(_("Case management figures against the standards"))
        out.append(render_figure_checks(view["figures"], [(_("dimension"), "dimension")],
                                        language=getattr(kb, "language", None) or "en"))
    if view["notes"]:
        out.append("")
        out.append(wrap(_("Notes: %(notes)s") % {"notes": view["notes"]}, indent="  ", hang="  "))
    out.extend(render_warnings(view["warnings"]))
    return "\n".join(out) + "\n"


#: the title `kb.checklist` gives a dimension's own transitions when it also has sub-dimensions
_GENERAL = N_("general actions")


def _unit_title(unit: dict, _) -> str:
    return _(unit["title"]) if unit["title"] == _GENERAL else unit["title"]
