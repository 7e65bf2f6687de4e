"""A portfolio for people: the countries side by side, the first waves, the most common bottlenecks and the
outcomes (`cpss portfolio`), as text or Markdown, from the data of `cpss_advisor.analysis.portfolio`."""

from __future__ import annotations

from typing import Sequence

from ..analysis.regional import investment_reason, milestone_words, profile_words
from ..core.escape import markdown, markdown_code, terminal
from ..core.i18n import N_
from ..intake.assessment import PHASE_NAMES
from ..kb.knowledge_base import KnowledgeBase
from .compare_view import trajectory_view
from .report_words import Say
from .text_table import table, wrap

#: the phases' short names in the legend and the steps (English: the assessment's own phase words)
_SHORT = {1: N_("Building"), 2: N_("Enhancement"), 3: N_("Integration"), 4: N_("Maturity")}


class _Say(Say):
    """The report's words, and the phases' short names."""

    def short_phase(self, n: int) -> str:
        if self.english or n not in _SHORT:
            return PHASE_NAMES[n].capitalize()
        return self._(_SHORT[n])


def _phase(p: int | None) -> str:
    return "-" if p is None else str(p)


def _step(s: dict, say: _Say, esc=terminal) -> str:
    return (f"{s['id']} {esc(s['title'])}: {s['from_phase']} -> {s['to_phase']} "
            f"{say.short_phase(s['to_phase'])}")


def _options_text(data: dict, say: _Say) -> str:
    _, ngettext = say._, say.ngettext
    years = data["horizon_years"]
    horizon = (_("horizon by each assessment's setting") if years is None
               else ngettext("horizon %(n)s year", "horizon %(n)s years", years) % {"n": years})
    capacity = (_("the default capacity") if data["capacity"] is None
                else _("up to %(n)s steps running at once") % {"n": data["capacity"]})
    return f"{horizon}, {capacity}"


def _phase_legend(say: _Say) -> str:
    return ", ".join(f"{n} {say.short_phase(n)}" for n in PHASE_NAMES)


def _valid_of(data: dict, say: _Say) -> str:
    """"3 valid assessments of 4 files"."""
    n, files = data["valid"], data["files"]
    return say.ngettext("%(n)s valid assessment of %(files)s", "%(n)s valid assessments of %(files)s", n) % {
        "n": n, "files": say.ngettext("%(n)s file", "%(n)s files", files) % {"n": files}}


def _counts_of(n: int, say: _Say, capital: bool = False) -> str:
    if capital:
        return say.ngettext("Counts of %(n)s assessment", "Counts of %(n)s assessments", n) % {"n": n}
    return say.ngettext("counts of %(n)s assessment", "counts of %(n)s assessments", n) % {"n": n}


def render_text(data: dict, kb: KnowledgeBase | None = None) -> str:
    say = _Say(kb)
    _ = say._
    n = data["valid"]
    out = [_("Regional comparison: %(valid)s") % {"valid": _valid_of(data, say)},
           _("Each planned as 'cpss recommend' would: %(options)s.") % {"options": _options_text(data, say)}, ""]
    sids = [s["subdomain"] for s in data["subdomains"]]
    if data["countries"]:
        out.append(_("Phases by subdomain (%(legend)s; - unrated)") % {"legend": _phase_legend(say)})
        out.append(table([_("country"), _("file")] + sids,
                         [[r["country"], r["file"]] + [_phase(r["phases"][s]) for s in sids]
                          for r in data["countries"]], indent="  "))
        for d in data["duplicates"]:
            out.append(wrap(_("Note: %(country)s is assessed in %(n)s files: %(files)s; each counts as one "
                              "assessment.") % {"country": d["country"], "n": len(d["files"]),
                                                "files": ", ".join(d["files"])}, indent="  ", hang="  "))
        out.append("")
        out.append(_("Intermediate outcomes (median across assessments of each one's median phase)"))
        out.append(table([_("outcome"), _("assessments"), _("median"), _("range")],
                         [[f"{o['outcome']}. {o['title']}", o["assessments"], say.number(o["median"]),
                           "-" if o["median"] is None else f"{say.number(o['lowest'])}-{say.number(o['highest'])}"]
                          for o in data["outcomes"]], indent="  "))
        out.append("")
        out += _first_waves_text(data, say)
        out.append("")
        out.append(_("Most common bottlenecks (%(counts)s)") % {"counts": _counts_of(n, say)})
        out.append(table([_("rank"), _("subdomain"), _("blocks a step"), _("first period"), _("at Building")],
                         [[b["rank"], f"{b['subdomain']} {b['title']}", b["blocking"], b["first_wave"],
                           b["at_building"]] for b in data["bottlenecks"]], indent="  "))
        out.append(wrap(_("blocks a step: a prerequisite below the phase another step needs (hard dependency); "
                          "first period: has a step starting in the first period; at Building: rated 1."),
                        indent="  "))
        if data.get("regional"):
            out += regional_text(data["regional"], kb)
        out += _progress_text(data, kb)
    out += _invalid_text(data, say)
    prov = data["provenance"]
    out.append("")
    out.append(_("cpss-advisor %(version)s; knowledge %(knowledge)s, rules %(rules)s; inputs (sha256):") % {
        "version": prov["tool_version"], "knowledge": prov["knowledge_sha256"][:16],
        "rules": prov["rules_sha256"][:16]})
    out.extend(f"  {x['sha256'] or '-' * 64}  {terminal(x['file'])}" for x in prov["inputs"])
    return "\n".join(out) + "\n"


def _first_waves_text(data: dict, say: _Say) -> list[str]:
    out = [say._("Steps starting in the first period of each plan")]
    for r in data["countries"]:
        out.append(f"  {terminal(r['country'])} ({terminal(r['file'])})")
        if r["first_wave"]:
            out.extend(f"    - {_step(s, say)}" for s in r["first_wave"])
        else:
            out.append("    - " + say._("no steps: every rated subdomain is at its target"))
    return out


def _invalid_text(data: dict, say: _Say) -> list[str]:
    out: list[str] = []
    if data["invalid"]:
        if data["countries"]:
            out.append("")
        out.append(say._("Not valid (%(n)s)") % {"n": len(data["invalid"])})
        for x in data["invalid"]:
            for p in x["problems"]:
                loc = p["at"]
                out.append(wrap(f"{loc}: {p['message']}", indent="  ", hang="    "))
                if p["hint"]:
                    out.append(wrap(say._("hint: %(hint)s") % {"hint": p["hint"]}, indent="    ", hang="  "))
    return out


# --- progress of countries assessed more than once (cpss_advisor.analysis.progress.trajectories) ------------------

def _progress_text(data: dict, kb: KnowledgeBase | None) -> list[str]:
    views = trajectory_view(data, kb)
    if not views:
        return []
    _ = _Say(kb)._
    out = ["", _("Progress of countries assessed more than once (in date order)")]
    for t in views:
        out.append(wrap(_("%(country)s: %(summary)s") % {"country": t.country, "summary": t.summary}, indent="  ",
                        hang="  "))
        for leg in t.legs:
            out.append(wrap("- " + _("%(span)s, %(files)s: %(counts)s") % {
                "span": leg.span, "files": leg.files, "counts": leg.counts}, indent="    ", hang="  "))
            out += [wrap(x, indent="      ", hang="  ") for x in (leg.moved_up, leg.fell_back, leg.context) if x]
        if t.regressions:
            out.append(wrap(t.regressions, indent="    ", hang="  "))
    return out


def _progress_markdown(data: dict, kb: KnowledgeBase | None) -> list[str]:
    views = trajectory_view(data, kb)
    if not views:
        return []
    _ = _Say(kb)._
    out = ["## " + _("Progress of countries assessed more than once"), "",
           _("Each country's assessments in date order, and what moved from each to the next."), ""]
    for t in views:
        out += [f"### {markdown(t.country)}", "", markdown(t.summary), ""]
        for leg in t.legs:
            out.append("- " + _("**%(span)s** (%(files)s): %(counts)s") % {
                "span": markdown(leg.span), "files": markdown(leg.files), "counts": markdown(leg.counts)})
            out += [f"  - {markdown(x)}" for x in (leg.moved_up, leg.fell_back, leg.context) if x]
        out += (["", markdown(t.regressions), ""] if t.regressions else [""])
    return out


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A GFM table of Markdown fragments: text is escaped by the caller (`markdown`, `markdown_code` with
    ``table=True``); numbers are written as they are and None as ``-``."""
    def cell(c: object) -> str:
        return "-" if c is None else str(c)

    return (["| " + " | ".join(cell(h) for h in headers) + " |", "|" + " --- |" * len(headers)]
            + ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows])


def _code(text: str) -> str:
    return markdown_code(text, table=True)


def render_markdown(data: dict, kb: KnowledgeBase | None = None) -> str:
    say = _Say(kb)
    _ = say._
    out = ["# " + _("Child protection systems strengthening: regional comparison"), "",
           _("%(valid)s, each planned as 'cpss recommend' would: %(options)s.") % {
               "valid": _valid_of(data, say), "options": _options_text(data, say)}, ""]
    sids = [s["subdomain"] for s in data["subdomains"]]
    if data["countries"]:
        out += ["## " + _("Phases by subdomain"), "", _("%(legend)s; - unrated.") % {"legend": _phase_legend(say)},
                ""]
        out += _md_table([_("Country"), _("File")] + sids,
                         [[markdown(r["country"]), _code(r["file"])] + [r["phases"][s] for s in sids]
                          for r in data["countries"]])
        out.append("")
        for d in data["duplicates"]:
            out += [_("%(country)s is assessed in %(n)s files (%(files)s); each counts as one assessment.") % {
                "country": markdown(d["country"]), "n": len(d["files"]),
                "files": ", ".join(markdown_code(f) for f in d["files"])}, ""]
        out += ["## " + _("Intermediate outcomes"), "", _("The median across assessments of each one's median phase."),
                ""]
        out += _md_table([_("Outcome"), _("Assessments"), _("Median"), _("Range")],
                         [[f"{o['outcome']}. {markdown(o['title'])}", o["assessments"], say.number(o["median"]),
                           None if o["median"] is None else f"{say.number(o['lowest'])}-{say.number(o['highest'])}"]
                          for o in data["outcomes"]])
        out += ["", "## " + _("Steps starting in the first period of each plan"), ""]
        for r in data["countries"]:
            out += [f"### {markdown(r['country'])} ({markdown_code(r['file'])})", ""]
            out += [f"- {_step(s, say, markdown)}" for s in r["first_wave"]] or \
                   ["- " + _("No steps: every rated subdomain is at its target.")]
            out.append("")
        out += ["## " + _("Most common bottlenecks"), "",
                _("%(counts)s. *Blocks a step*: a prerequisite below the phase another step waits for "
                  "(finish-to-start); *first period*: has a step starting in the first period; *at Building*: rated "
                  "1.") % {"counts": _counts_of(data["valid"], say, capital=True)}, ""]
        out += _md_table([_("Rank"), _("Subdomain"), _("Blocks a step"), _("First period"), _("At Building")],
                         [[b["rank"], f"{b['subdomain']} {markdown(b['title'])}", b["blocking"], b["first_wave"],
                           b["at_building"]] for b in data["bottlenecks"]])
        out.append("")
        if data.get("regional"):
            out += regional_markdown(data["regional"], kb)
        out += _progress_markdown(data, kb)
    if data["invalid"]:
        out += ["## " + _("Not valid (%(n)s)") % {"n": len(data["invalid"])}, ""]
        for x in data["invalid"]:
            for p in x["problems"]:
                out.append(f"- {markdown_code(p['at'])}: {markdown(p['message'])}"
                           + (" *(" + _("hint: %(hint)s") % {"hint": markdown(p["hint"])} + ")*" if p["hint"] else ""))
        out.append("")
    prov = data["provenance"]
    out += ["---", "",
            _("Produced by cpss-advisor %(version)s. Knowledge %(knowledge)s; rules %(rules)s.") % {
                "version": prov["tool_version"], "knowledge": f"`{prov['knowledge_sha256']}`",
                "rules": f"`{prov['rules_sha256']}`"}, ""]
    out += _md_table([_("Input"), "sha256"], [[_code(x["file"]), _code(x["sha256"]) if x["sha256"] else None]
                                              for x in prov["inputs"]])
    return "\n".join(out) + "\n"


# --- the regional sections ---------------------------------------------------------------------------------------

def _of(r: dict, say: _Say) -> str:
    n = r["countries"]
    return say.ngettext("%(n)s country", "%(n)s countries", n) % {"n": n}


def _milestone(m: dict, say: _Say, esc=terminal) -> str:
    return say._("%(subdomain)s %(title)s reaching %(phase)s") % {
        "subdomain": m["subdomain"], "title": esc(m["title"]), "phase": esc(m["phase_name"])}


def _held(m: dict, say: _Say, esc=terminal) -> str:
    return "; ".join(f"{_milestone(h, say, esc)} ({h['plans']})" for h in m["held"]) or "-"


def regional_words(r: dict, kb: KnowledgeBase | None) -> dict:
    """The regional data's sentences in the report's language: the investments' reasons, the forms, the rules
    and the profiles (the data holds them in English; the words are made again from its figures)."""
    say = _Say(kb)
    if say.english or kb is None:
        return r
    _ = say._
    milestones = {(m["subdomain"], m["phase"]): m for m in r["milestones"]}
    investments = []
    for i in r["investments"]:
        m = milestones.get((i["subdomain"], i["phase"]))
        reason = investment_reason(m, r["countries"], say.language) if m is not None else i["reason"]
        form = i["regional_form"] and {**i["regional_form"], "text": _(i["regional_form"]["text"])}
        milestone = milestone_words(m, say.language) if m is not None else i["milestone"]
        investments.append({**i, "milestone": milestone, "reason": reason, "regional_form": form})
    profiles = [{**g, "description": profile_words(g, kb, say.language)} for g in r["profiles"]]
    return {**r, "investments": investments, "profiles": profiles, "ranking_rule": _(r["ranking_rule"]),
            "counting_rule": _(r["counting_rule"]), "profile_rule": _(r["profile_rule"])}


def regional_text(r: dict, kb: KnowledgeBase | None = None) -> list[str]:
    """Where one regional investment unblocks most, the milestones of the plans, the countries by profile."""
    say = _Say(kb)
    _ = say._
    r = regional_words(r, kb)
    out = ["", _("Where one regional investment unblocks most (counts of %(countries)s)") % {"countries": _of(r, say)}]
    for i in r["investments"]:
        out.append(wrap(f"{i['rank']}. {i['reason']}", indent="  ", hang="   "))
        form = i["regional_form"]
        if form:
            out.append(wrap(_("For the region: %(form)s [%(sources)s]") % {
                "form": form["text"], "sources": "; ".join(form["sources"])}, indent="     ", hang="  "))
        else:
            out.append(wrap(_("For the region: the sources describe no shared form of this work; each plan lists its "
                              "interventions."), indent="     ", hang="  "))
    if not r["investments"]:
        out.append("  - " + _("no milestone holds back another subdomain's step in any plan"))
    out += [wrap(f"{r['ranking_rule']} {r['counting_rule']} [{r['comparison_source']}]", indent="  "), "",
            _("Milestones in the plans (counts of %(countries)s)") % {"countries": _of(r, say)}]
    out.append(table([_("rank"), _("milestone"), _("holds back"), _("in plans"), _("first period"), _("deferred"),
                      _("steps held back")],
                     [[m["rank"], _milestone(m, say), m["holds_back"], m["plans"], m["first_period"], m["deferred"],
                       _held(m, say)] for m in r["milestones"]], indent="  "))
    out += ["", _("Countries by profile (%(countries)s)") % {"countries": _of(r, say)}]
    for g in r["profiles"]:
        out.append(wrap(f"- {g['description']} ({len(g['countries'])}): {', '.join(g['countries'])}",
                        indent="  ", hang="  "))
    out.append(wrap(f"{r['profile_rule']} [{r['profile_source']}]", indent="  "))
    return out


def regional_markdown(r: dict, kb: KnowledgeBase | None = None) -> list[str]:
    say = _Say(kb)
    _ = say._
    r = regional_words(r, kb)
    out = ["## " + _("Where one regional investment unblocks most"), "",
           _("Counts of %(countries)s.") % {"countries": _of(r, say)} + f" {markdown(r['ranking_rule'])} "
           f"{markdown(r['counting_rule'])} *({markdown(r['comparison_source'])})*", ""]
    for i in r["investments"]:
        out.append(f"{i['rank']}. {markdown(i['reason'])}")
        form = i["regional_form"]
        if form:
            out.append("   " + _("For the region: %(form)s") % {"form": markdown(form["text"])}
                       + f" *({markdown('; '.join(form['sources']))})*")
        else:
            out.append("   " + _("For the region: the sources describe no shared form of this work; each plan lists "
                                 "its interventions."))
    if not r["investments"]:
        out.append(_("No milestone holds back another subdomain's step in any plan."))
    out += ["", "## " + _("Milestones in the plans"), "", _("Counts of %(countries)s.") % {"countries": _of(r, say)},
            ""]
    out += _md_table([_("Rank"), _("Milestone"), _("Holds back"), _("In plans"), _("First period"), _("Deferred"),
                      _("Steps held back")],
                     [[m["rank"], _milestone(m, say, markdown), m["holds_back"], m["plans"], m["first_period"],
                       m["deferred"], _held(m, say, markdown)] for m in r["milestones"]])
    out += ["", "## " + _("Countries by profile"), "",
            f"{markdown(r['profile_rule'])} *({markdown(r['profile_source'])})*", ""]
    out += [f"- {markdown(g['description'])} ({len(g['countries'])}): {', '.join(markdown(c) for c in g['countries'])}"
            for g in r["profiles"]]
    return out + [""]
