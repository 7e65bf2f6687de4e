"""The regional comparison in the words its readers use: the content of the portfolio's page and workbook.

A regional team compares countries (`cpss portfolio DIR --format html|xlsx`). Both formats show the same content,
built here once from the portfolio's data (`cpss_advisor.analysis.portfolio.portfolio_data`) and the knowledge
base: the phase table (countries by subdomain), the steps each plan starts in its first period, the region's
bottlenecks with their three counts, the median phase per intermediate outcome, the files that could not be
compared with their problems, and where it all comes from.

Everything a person reads is in words: subdomains by their number and short title, phases by name, contexts by
title, places in a file as "line 6, column 3" or "cell Ratings!D7". No step id, snake_case value, command-line
flag or hash appears in that text; the checksums are kept apart (`Portfolio.checksums`) for the small print. The
view holds plain text; each format escapes it where it writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Sequence

from ..core.errors import MORE_PROBLEMS
from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .brief_sources import parse as parse_citation
from .portfolio_text import regional_words
from .report_words import Say

DASH = "\u2013"

#: The fill of each phase, light to dark (a sequential yellow-green-blue scale that stays apart for colour-blind
#: readers), and the colour of the number written on it. The number is always there: the table reads in black
#: and white too.
PHASE_FILLS = {1: "#FFFFCC", 2: "#C7E9B4", 3: "#7FCDBB", 4: "#2C7FB8"}
PHASE_INKS = {1: "#000000", 2: "#000000", 3: "#000000", 4: "#FFFFFF"}


@dataclass(frozen=True)
class Column:
    """A subdomain of the phase table: its number, its label ("3.3 Case management and referral") and whether it
    opens an intermediate outcome (the table marks where each outcome starts)."""

    subdomain: str
    label: str
    opens_outcome: bool


@dataclass(frozen=True)
class Country:
    """One assessment: its row of the phase table and its plan's first period."""

    country: str
    file: str
    as_of: str
    context: str                       # the contexts' titles, or "no context given"
    phases: tuple[int | None, ...]     # in the order of `Portfolio.columns`
    first_period: str                  # "months 0-6", or "the first period"
    first_steps: tuple["Step", ...]
    as_of_words: str = ""              # the date as the page writes it ("2026-06-30"; French "30 juin 2026")

    @property
    def file_name(self) -> str:
        """The file's name without its directory (the full path is among the files read)."""
        return PurePath(self.file).name or self.file


@dataclass(frozen=True)
class Step:
    """A phase step of a plan's first period, in words."""

    subdomain: str                     # "3.3 Case management and referral"
    from_phase: str                    # "System Building"
    to_phase: str
    text: str                          # "3.3 Case management and referral: from System Building to ..."


@dataclass(frozen=True)
class Bottleneck:
    rank: int
    subdomain: str
    blocking: int
    first_period: int
    at_building: int

    @property
    def counted(self) -> bool:
        return bool(self.blocking or self.first_period or self.at_building)


@dataclass(frozen=True)
class Outcome:
    label: str                         # "3. A continuum of services"
    subdomains: str                    # "3.1, 3.2, 3.3"
    assessments: int
    median: float | None
    lowest: float | None
    highest: float | None
    median_words: str                  # "2, System Enhancement"; "1.5, between System Building and ..."
    range_words: str                   # "1-3", or a dash


@dataclass(frozen=True)
class ProblemLine:
    place: str                         # "line 6, column 3", "cell Ratings!D7", or "" for the whole file
    message: str
    hint: str | None


@dataclass(frozen=True)
class InvalidFile:
    file: str
    problems: tuple[ProblemLine, ...]


@dataclass(frozen=True)
class Investment:
    """A milestone where one investment for the region unblocks much: why, and what it can be where a source says."""

    rank: int
    milestone: str                     # "5.1 Social service workforce reaching System Integration"
    holds_back: int
    reason: str
    form: str | None                   # what one investment for the region can be, or None when no source says
    sources: tuple[str, ...]           # the sources of `form`, in words

    @property
    def sources_text(self) -> str:
        return "; ".join(self.sources)


@dataclass(frozen=True)
class Milestone:
    rank: int
    milestone: str
    holds_back: int
    held: str                          # the steps it holds back, in words, or ""
    plans: int
    first_period: int
    deferred: int


@dataclass(frozen=True)
class Profile:
    description: str                   # "Weakest outcome: 7. Data ...; stage: Protracted crisis; shocks: Armed conflict"
    countries: tuple[str, ...]

    @property
    def names(self) -> str:
        return ", ".join(self.countries)


@dataclass(frozen=True)
class Regional:
    """The regional sections: where one investment unblocks most, the milestones, the countries by profile."""

    countries: int                     # the number of countries the counts are of
    counting_rule: str
    ranking_rule: str
    comparison_source: str             # in words
    investments: tuple[Investment, ...]
    milestones: tuple[Milestone, ...]
    profile_rule: str
    profile_source: str                # in words
    profiles: tuple[Profile, ...]


@dataclass(frozen=True)
class Checksum:
    what: str                          # "Knowledge base", "Rules", or a file name
    sha256: str | None
    valid: bool | None = None          # for a file: whether it was a valid assessment


@dataclass(frozen=True)
class Portfolio:
    """The whole comparison, in words."""

    title: str
    summary: str                       # how many assessments, from how many files
    method: str                        # how each was planned
    legend: tuple[tuple[int, str], ...]
    columns: tuple[Column, ...]
    countries: tuple[Country, ...]
    duplicates: tuple[str, ...]        # one sentence per country assessed in several files
    counted_of: int                    # the number of assessments the bottleneck counts are of
    bottlenecks: tuple[Bottleneck, ...]
    outcomes: tuple[Outcome, ...]
    regional: Regional | None
    invalid: tuple[InvalidFile, ...]
    tool: str                          # "cpss-advisor 0.1.0"
    files: tuple[str, ...]             # every file read, sorted
    checksums: tuple[Checksum, ...]
    language: str = "en"               # the language of its words

    @property
    def quiet_subdomains(self) -> str:
        """The subdomains no count names, in words ("" when every subdomain is counted)."""
        return ", ".join(b.subdomain for b in self.bottlenecks if not b.counted)


TITLE = N_("Child protection systems strengthening: regional comparison")


def portfolio_view(data: dict, kb: KnowledgeBase) -> Portfolio:
    """The portfolio's data (`portfolio_data`) in words, for the page and the workbook."""
    labels = {s["subdomain"]: f"{s['subdomain']} {s['title']}" for s in data["subdomains"]}
    sids = [s["subdomain"] for s in data["subdomains"]]
    outcome_of = {s["subdomain"]: s.get("outcome") for s in data["subdomains"]}
    columns = tuple(Column(sid, labels[sid], i == 0 or outcome_of[sid] != outcome_of[sids[i - 1]])
                    for i, sid in enumerate(sids))
    prov = data["provenance"]
    say = Say(kb)
    _ = say._
    return Portfolio(
        title=_(TITLE),
        summary=_summary(data, say),
        method=_method(data, say),
        legend=tuple((n, phase_name(kb, n)) for n in sorted(PHASE_FILLS)),
        columns=columns,
        countries=tuple(_country(r, sids, labels, kb, say) for r in data["countries"]),
        duplicates=tuple(_("%(country)s is assessed in %(n)s files (%(files)s); each is compared and counted as one "
                           "assessment.") % {"country": d["country"], "n": len(d["files"]),
                                             "files": ", ".join(d["files"])} for d in data["duplicates"]),
        counted_of=data["valid"],
        bottlenecks=tuple(Bottleneck(b["rank"], labels.get(b["subdomain"], b["subdomain"]), b["blocking"],
                                     b["first_wave"], b["at_building"]) for b in data["bottlenecks"]),
        outcomes=tuple(_outcome(o, kb, say) for o in data["outcomes"]),
        regional=regional_view(data["regional"], kb) if data.get("regional") else None,
        invalid=tuple(InvalidFile(x["file"], tuple(_problem(p, say) for p in x["problems"])) for x in data["invalid"]),
        tool=f"cpss-advisor {prov['tool_version']}",
        files=tuple(x["file"] for x in prov["inputs"]),
        checksums=(Checksum(_("Knowledge base"), prov["knowledge_sha256"]), Checksum(_("Rules"), prov["rules_sha256"]),
                   *(Checksum(x["file"], x["sha256"], x["valid"]) for x in prov["inputs"])),
        language=say.language,
    )


def phase_name(kb: KnowledgeBase, n: int) -> str:
    """"System Enhancement"; the number when the knowledge base has no such phase."""
    return kb.phases[n].name if n in kb.phases else str(n)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(data: dict, say: Say) -> str:
    n, files, bad = data["valid"], data["files"], len(data["invalid"])
    values = {"assessments": say.ngettext("%(n)s assessment", "%(n)s assessments", n) % {"n": n},
              "files": say.ngettext("%(n)s file", "%(n)s files", files) % {"n": files},
              "bad": say.ngettext("%(n)s file", "%(n)s files", bad) % {"n": bad}}
    if bad:
        return say._("%(assessments)s compared, from %(files)s; %(bad)s could not be compared.") % values
    return say._("%(assessments)s compared, from %(files)s.") % values


def _method(data: dict, say: Say) -> str:
    years = data["horizon_years"]
    horizon = (say._("over the horizon its setting calls for") if years is None
               else say.ngettext("over %(n)s year", "over %(n)s years", years) % {"n": years})
    capacity = (say._("as many steps at once as the default allows") if data["capacity"] is None
                else say._("up to %(n)s steps running at once") % {"n": data["capacity"]})
    return say._("Each assessment is planned on its own, as its country's plan would be: %(horizon)s, with "
                 "%(capacity)s.") % {"horizon": horizon, "capacity": capacity}


def _context(r: dict, kb: KnowledgeBase, say: Say) -> str:
    titles = [kb.contexts[c].title if c in kb.contexts else c.replace("_", " ") for c in r["context"]]
    return ", ".join(titles) if titles else say._("no context given")


def _country(r: dict, sids: Sequence[str], labels: dict[str, str], kb: KnowledgeBase, say: Say) -> Country:
    months = r.get("first_period")
    steps = []
    for s in r["first_wave"]:
        sub, low, high = (labels.get(s["subdomain"], s["subdomain"]), phase_name(kb, s["from_phase"]),
                          phase_name(kb, s["to_phase"]))
        steps.append(Step(sub, low, high, say._("%(subdomain)s: from %(from)s to %(to)s") % {
            "subdomain": sub, "from": low, "to": high}))
    return Country(
        country=r["country"], file=r["file"], as_of=r["as_of"], context=_context(r, kb, say),
        phases=tuple(r["phases"].get(sid) for sid in sids),
        first_period=(say._("months %(months)s") % {"months": months.replace("-", DASH)} if months
                      else say._("the first period")),
        first_steps=tuple(steps),
        as_of_words=r["as_of"] if say.english else say.date(r["as_of"]),
    )


def median_words(x: float | None, kb: KnowledgeBase, say: Say | None = None) -> str:
    """A median phase in words: "2, System Enhancement"; "1.5, between System Building and System Enhancement"."""
    say = say or Say(kb)
    if x is None:
        return say._("no rating")
    if float(x).is_integer():
        return f"{say.number(x)}, {phase_name(kb, int(x))}"
    low, high = int(x), int(x) + 1
    return say._("%(median)s, between %(low)s and %(high)s") % {
        "median": say.number(x), "low": phase_name(kb, low), "high": phase_name(kb, high)}


def _outcome(o: dict, kb: KnowledgeBase, say: Say) -> Outcome:
    number = say.number
    spread = DASH if o["median"] is None else (
        number(o["lowest"]) if o["lowest"] == o["highest"] else f"{number(o['lowest'])}{DASH}{number(o['highest'])}")
    return Outcome(label=f"{o['outcome']}. {o['title']}", subdomains=", ".join(o["subdomains"]),
                   assessments=o["assessments"], median=o["median"], lowest=o["lowest"], highest=o["highest"],
                   median_words=median_words(o["median"], kb, say), range_words=spread)


def problem_place(p: dict, say: Say | None = None) -> str:
    """Where in its file a problem is, in words."""
    _ = (say or Say())._
    if p.get("cell"):
        return (_("cell %(cell)s") if "!" in p["cell"] else _("sheet %(cell)s")) % {"cell": p["cell"]}
    if p.get("line") is not None:
        if p.get("column") is not None:
            return _("line %(line)s, column %(column)s") % {"line": p["line"], "column": p["column"]}
        return _("line %(line)s") % {"line": p["line"]}
    return ""


def _problem(p: dict, say: Say) -> ProblemLine:
    if p.get("code") == MORE_PROBLEMS:
        return ProblemLine("", p["message"], None)
    return ProblemLine(problem_place(p, say), p["message"], p.get("hint"))


def source_words(label: str, kb: KnowledgeBase) -> str:
    """A citation label in words: the document's publisher and title, the part cited, and whether the statement is
    the project's reading of it; the label itself when it names no document the knowledge base lists."""
    parsed = parse_citation(label)
    if parsed is None or parsed[0] not in kb.sources:
        return label
    seed, at, inferred = parsed
    doc = kb.sources[seed]
    by = f"{doc.publisher}, " if doc.publisher else ""
    if inferred:
        return Say(kb)._("%(source)s (the project's reading)") % {"source": f"{by}{doc.title}: {at}"}
    return f"{by}{doc.title}: {at}"


def _held_words(m: dict, say: Say) -> str:
    return "; ".join(say._("%(milestone)s (%(plans)s)") % {
        "milestone": say._("%(subdomain)s %(title)s reaching %(phase)s") % {
            "subdomain": h["subdomain"], "title": h["title"], "phase": h["phase_name"]},
        "plans": say.ngettext("%(n)s plan", "%(n)s plans", h["plans"]) % {"n": h["plans"]}} for h in m["held"])


def regional_view(r: dict, kb: KnowledgeBase) -> Regional:
    """The regional sections of a portfolio's data (`cpss_advisor.analysis.regional.regional_analysis`) in words."""
    say = Say(kb)
    r = regional_words(r, kb)
    investments = tuple(
        Investment(i["rank"], i["milestone"], i["holds_back"], i["reason"],
                   i["regional_form"]["text"] if i["regional_form"] else None,
                   tuple(source_words(x, kb) for x in i["regional_form"]["sources"]) if i["regional_form"] else ())
        for i in r["investments"])
    milestones = tuple(
        Milestone(m["rank"], say._("%(subdomain)s %(title)s reaching %(phase)s") % {
            "subdomain": m["subdomain"], "title": m["title"], "phase": m["phase_name"]}, m["holds_back"],
                  _held_words(m, say), m["plans"], m["first_period"], m["deferred"])
        for m in r["milestones"])
    return Regional(countries=r["countries"], counting_rule=r["counting_rule"], ranking_rule=r["ranking_rule"],
                    comparison_source=source_words(r["comparison_source"], kb), investments=investments,
                    milestones=milestones, profile_rule=r["profile_rule"],
                    profile_source=source_words(r["profile_source"], kb),
                    profiles=tuple(Profile(g["description"], tuple(g["countries"])) for g in r["profiles"]))
