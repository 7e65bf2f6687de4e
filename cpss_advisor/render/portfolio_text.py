"""A portfolio for people: the countries side by side, the first waves, the most common bottlenecks and the
outcomes (`cpss portfolio`), as text or Markdown, from the data of `cpss_advisor.analysis.portfolio`."""

from __future__ import annotations

from typing import Sequence

from ..core.escape import markdown, markdown_code, terminal
from ..core.text import number
from ..intake.assessment import PHASE_NAMES
from ..kb.knowledge_base import KnowledgeBase
from .compare_view import trajectory_view
from .text_table import table, wrap


def _phase(p: int | None) -> str:
    return "-" if p is None else str(p)


def _step(s: dict, esc=terminal) -> str:
    return (f"{s['id']} {esc(s['title'])}: {s['from_phase']} -> {s['to_phase']} "
            f"{PHASE_NAMES[s['to_phase']].capitalize()}")


def _years(n: int) -> str:
    return f"{n} year{'s' if n > 1 else ''}"


def _options_text(data: dict) -> str:
    horizon = ("horizon by each assessment's setting" if data["horizon_years"] is None
               else f"horizon {_years(data['horizon_years'])}")
    capacity = ("the default capacity" if data["capacity"] is None
                else f"up to {data['capacity']} steps running at once")
    return f"{horizon}, {capacity}"


def _phase_legend() -> str:
    return ", ".join(f"{n} {name.capitalize()}" for n, name in PHASE_NAMES.items())


def render_text(data: dict, kb: KnowledgeBase | None = None) -> str:
    n = data["valid"]
    out = [f"Regional comparison: {n} valid assessment{'s' if n != 1 else ''} of {data['files']} "
           f"file{'s' if data['files'] != 1 else ''}",
           f"Each planned as 'cpss recommend' would: {_options_text(data)}.", ""]
    sids = [s["subdomain"] for s in data["subdomains"]]
    if data["countries"]:
        out.append(f"Phases by subdomain ({_phase_legend()}; - unrated)")
        out.append(table(["country", "file"] + sids,
                         [[r["country"], r["file"]] + [_phase(r["phases"][s]) for s in sids]
                          for r in data["countries"]], indent="  "))
        for d in data["duplicates"]:
            out.append(wrap(f"Note: {d['country']} is assessed in {len(d['files'])} files: {', '.join(d['files'])}; "
                            "each counts as one assessment.", indent="  ", hang="  "))
        out.append("")
        out.append("Intermediate outcomes (median across assessments of each one's median phase)")
        out.append(table(["outcome", "assessments", "median", "range"],
                         [[f"{o['outcome']}. {o['title']}", o["assessments"], number(o["median"]),
                           "-" if o["median"] is None else f"{number(o['lowest'])}-{number(o['highest'])}"]
                          for o in data["outcomes"]], indent="  "))
        out.append("")
        out.append("Steps starting in the first period of each plan")
        for r in data["countries"]:
            out.append(f"  {terminal(r['country'])} ({terminal(r['file'])})")
            if r["first_wave"]:
                out.extend(f"    - {_step(s)}" for s in r["first_wave"])
            else:
                out.append("    - no steps: every rated subdomain is at its target")
        out.append("")
        out.append(f"Most common bottlenecks (counts of {n} assessment{'s' if n != 1 else ''})")
        out.append(table(["rank", "subdomain", "blocks a step", "first period", "at Building"],
                         [[b["rank"], f"{b['subdomain']} {b['title']}", b["blocking"], b["first_wave"],
                           b["at_building"]] for b in data["bottlenecks"]], indent="  "))
        out.append(wrap("blocks a step: a prerequisite below the phase another step needs (hard dependency); "
                        "first period: has a step starting in the first period; at Building: rated 1.",
                        indent="  "))
        if data.get("regional"):
            out += regional_text(data["regional"])
        out += _progress_text(data, kb)
    if data["invalid"]:
        if data["countries"]:
            out.append("")
        out.append(f"Not valid ({len(data['invalid'])})")
        for x in data["invalid"]:
            for p in x["problems"]:
                loc = p["at"]
                out.append(wrap(f"{loc}: {p['message']}", indent="  ", hang="    "))
                if p["hint"]:
                    out.append(wrap(f"hint: {p['hint']}", indent="    ", hang="  "))
    prov = data["provenance"]
    out.append("")
    out.append(f"cpss-advisor {prov['tool_version']}; knowledge {prov['knowledge_sha256'][:16]}, rules "
               f"{prov['rules_sha256'][:16]}; inputs (sha256):")
    out.extend(f"  {x['sha256'] or '-' * 64}  {terminal(x['file'])}" for x in prov["inputs"])
    return "\n".join(out) + "\n"


# --- progress of countries assessed more than once (cpss_advisor.analysis.progress.trajectories) ------------------

def _progress_text(data: dict, kb: KnowledgeBase | None) -> list[str]:
    views = trajectory_view(data, kb)
    if not views:
        return []
    out = ["", "Progress of countries assessed more than once (in date order)"]
    for t in views:
        out.append(wrap(f"{t.country}: {t.summary}", indent="  ", hang="  "))
        for leg in t.legs:
            out.append(wrap(f"- {leg.span}, {leg.files}: {leg.counts}", indent="    ", hang="  "))
            out += [wrap(x, indent="      ", hang="  ") for x in (leg.moved_up, leg.fell_back, leg.context) if x]
        if t.regressions:
            out.append(wrap(t.regressions, indent="    ", hang="  "))
    return out


def _progress_markdown(data: dict, kb: KnowledgeBase | None) -> list[str]:
    views = trajectory_view(data, kb)
    if not views:
        return []
    out = ["## Progress of countries assessed more than once", "",
           "Each country's assessments in date order, and what moved from each to the next.", ""]
    for t in views:
        out += [f"### {markdown(t.country)}", "", markdown(t.summary), ""]
        for leg in t.legs:
            out.append(f"- **{markdown(leg.span)}** ({markdown(leg.files)}): {markdown(leg.counts)}")
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
    n = data["valid"]
    out = ["# Child protection systems strengthening: regional comparison", "",
           f"{n} valid assessment{'s' if n != 1 else ''} of {data['files']} file{'s' if data['files'] != 1 else ''}, "
           f"each planned as 'cpss recommend' would: {_options_text(data)}.", ""]
    sids = [s["subdomain"] for s in data["subdomains"]]
    if data["countries"]:
        out += ["## Phases by subdomain", "", f"{_phase_legend()}; - unrated.", ""]
        out += _md_table(["Country", "File"] + sids,
                         [[markdown(r["country"]), _code(r["file"])] + [r["phases"][s] for s in sids]
                          for r in data["countries"]])
        out.append("")
        for d in data["duplicates"]:
            out += [f"{markdown(d['country'])} is assessed in {len(d['files'])} files "
                    f"({', '.join(markdown_code(f) for f in d['files'])}); each counts as one assessment.", ""]
        out += ["## Intermediate outcomes", "", "The median across assessments of each one's median phase.", ""]
        out += _md_table(["Outcome", "Assessments", "Median", "Range"],
                         [[f"{o['outcome']}. {markdown(o['title'])}", o["assessments"], number(o["median"]),
                           None if o["median"] is None else f"{number(o['lowest'])}-{number(o['highest'])}"]
                          for o in data["outcomes"]])
        out += ["", "## Steps starting in the first period of each plan", ""]
        for r in data["countries"]:
            out += [f"### {markdown(r['country'])} ({markdown_code(r['file'])})", ""]
            out += [f"- {_step(s, markdown)}" for s in r["first_wave"]] or \
                   ["- No steps: every rated subdomain is at its target."]
            out.append("")
        out += ["## Most common bottlenecks", "",
                f"Counts of {n} assessment{'s' if n != 1 else ''}. *Blocks a step*: a prerequisite below the phase "
                "another step waits for (finish-to-start); *first period*: has a step starting in the first period; "
                "*at Building*: rated 1.", ""]
        out += _md_table(["Rank", "Subdomain", "Blocks a step", "First period", "At Building"],
                         [[b["rank"], f"{b['subdomain']} {markdown(b['title'])}", b["blocking"], b["first_wave"],
                           b["at_building"]] for b in data["bottlenecks"]])
        out.append("")
        if data.get("regional"):
            out += regional_markdown(data["regional"])
        out += _progress_markdown(data, kb)
    if data["invalid"]:
        out += [f"## Not valid ({len(data['invalid'])})", ""]
        for x in data["invalid"]:
            for p in x["problems"]:
                out.append(f"- {markdown_code(p['at'])}: {markdown(p['message'])}"
                           + (f" *(hint: {markdown(p['hint'])})*" if p["hint"] else ""))
        out.append("")
    prov = data["provenance"]
    out += ["---", "",
            f"Produced by cpss-advisor {prov['tool_version']}. Knowledge `{prov['knowledge_sha256']}`; rules "
            f"`{prov['rules_sha256']}`.", ""]
    out += _md_table(["Input", "sha256"], [[_code(x["file"]), _code(x["sha256"]) if x["sha256"] else None]
                                           for x in prov["inputs"]])
    return "\n".join(out) + "\n"


# --- the regional sections ---------------------------------------------------------------------------------------

def _of(r: dict) -> str:
    n = r["countries"]
    return f"{n} countr{'y' if n == 1 else 'ies'}"


def _milestone(m: dict, esc=terminal) -> str:
    return f"{m['subdomain']} {esc(m['title'])} reaching {esc(m['phase_name'])}"


def _held(m: dict, esc=terminal) -> str:
    return "; ".join(f"{_milestone(h, esc)} ({h['plans']})" for h in m["held"]) or "-"


def regional_text(r: dict) -> list[str]:
    """Where one regional investment unblocks most, the milestones of the plans, the countries by profile."""
    out = ["", f"Where one regional investment unblocks most (counts of {_of(r)})"]
    for i in r["investments"]:
        out.append(wrap(f"{i['rank']}. {i['reason']}", indent="  ", hang="   "))
        form = i["regional_form"]
        if form:
            out.append(wrap(f"For the region: {form['text']} [{'; '.join(form['sources'])}]", indent="     ",
                            hang="  "))
        else:
            out.append(wrap("For the region: the sources describe no shared form of this work; each plan lists its "
                            "interventions.", indent="     ", hang="  "))
    if not r["investments"]:
        out.append("  - no milestone holds back another subdomain's step in any plan")
    out += [wrap(f"{r['ranking_rule']} {r['counting_rule']} [{r['comparison_source']}]", indent="  "), "",
            f"Milestones in the plans (counts of {_of(r)})"]
    out.append(table(["rank", "milestone", "holds back", "in plans", "first period", "deferred", "steps held back"],
                     [[m["rank"], _milestone(m), m["holds_back"], m["plans"], m["first_period"], m["deferred"],
                       _held(m)] for m in r["milestones"]], indent="  "))
    out += ["", f"Countries by profile ({_of(r)})"]
    for g in r["profiles"]:
        out.append(wrap(f"- {g['description']} ({len(g['countries'])}): {', '.join(g['countries'])}",
                        indent="  ", hang="  "))
    out.append(wrap(f"{r['profile_rule']} [{r['profile_source']}]", indent="  "))
    return out


def regional_markdown(r: dict) -> list[str]:
    out = ["## Where one regional investment unblocks most", "", f"Counts of {_of(r)}. {markdown(r['ranking_rule'])} "
           f"{markdown(r['counting_rule'])} *({markdown(r['comparison_source'])})*", ""]
    for i in r["investments"]:
        out.append(f"{i['rank']}. {markdown(i['reason'])}")
        form = i["regional_form"]
        if form:
            out.append(f"   For the region: {markdown(form['text'])} *({markdown('; '.join(form['sources']))})*")
        else:
            out.append("   For the region: the sources describe no shared form of this work; each plan lists its "
                       "interventions.")
    if not r["investments"]:
        out.append("No milestone holds back another subdomain's step in any plan.")
    out += ["", "## Milestones in the plans", "", f"Counts of {_of(r)}.", ""]
    out += _md_table(["Rank", "Milestone", "Holds back", "In plans", "First period", "Deferred", "Steps held back"],
                     [[m["rank"], _milestone(m, markdown), m["holds_back"], m["plans"], m["first_period"],
                       m["deferred"], _held(m, markdown)] for m in r["milestones"]])
    out += ["", "## Countries by profile", "", f"{markdown(r['profile_rule'])} *({markdown(r['profile_source'])})*", ""]
    out += [f"- {markdown(g['description'])} ({len(g['countries'])}): {', '.join(markdown(c) for c in g['countries'])}"
            for g in r["profiles"]]
    return out + [""]
