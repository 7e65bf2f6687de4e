"""A regional portfolio: many countries' assessments side by side, and what holds most of them back.

A regional team hands over a set of assessment files (or directories of them). Each is loaded and validated on
its own: a file that fails validation is listed with its problems and does not stop the others. Every valid one is
planned exactly as `cpss recommend` would plan it (the same `Advisor.schedule` that `Advisor.plan` builds on), and
each plan is reduced where it is made (`schedule_digest`) to what the portfolio needs. Reading, validating and planning a file happen together in one
worker process of a pool sized to the cores (`read_and_plan_all`), so that loading is parallel too:

- **the phase table**: one row per assessment (country and file), one column per subdomain;
- **the first period** of each plan: the phase steps that start in its first planning period;
- **the bottlenecks of the region**: for each subdomain, in how many assessments it is a prerequisite that blocks
  another step (a finish-to-start prerequisite of another subdomain's step, as the plan records it in `requires`,
  counted once per assessment however many steps it blocks), in how many it has a step in the first wave, and in how many it is
  rated at System Building; ranked on those three counts, in that order;
- **the intermediate outcomes**: each assessment's median phase over the rated subdomains of an outcome, and the
  median of those across the region;
- **the regional analysis** (`cpss_advisor.analysis.regional`): the milestones the plans share and hold back, where
  one regional investment unblocks the most, and the countries grouped by profile;
- **provenance**: the knowledge base and rule set hashes, and the sha256 of every input file.

Two files naming the same country are both kept (a country assessed twice, or two teams' versions): each row
shows its file, and each counts as one assessment in the totals. The same file reached twice (named, and inside a
named directory) is read once.

Only the checksum, the problems and the digest of each file travel back from a worker and are kept (never an
assessment or a plan), so memory grows with the number of files by a few kilobytes each. Everything is sorted (rows by country then file, problems by file),
so the same inputs give the same bytes in every format and for any number of worker processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..core.version import __version__
from ..intake.assessment import Assessment
from .outcomes import outcome_views
from ..intake.load import load_assessment
from ..core.errors import InputError, Problem
from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from ..planning.pipeline import Advisor, PlanOptions, Progress
from ..planning.planner import Schedule
from .regional import regional_analysis

SCHEMA_VERSION = 1

#: What a directory contributes: files with these endings (any case), read as YAML or JSON, or as an intake workbook
#: (.xlsx). Anything else in a directory (a README, notes, other files) is never opened.
ASSESSMENT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")

#: The `kind` of the JSON files cpss itself writes that carry one (its other JSON results carry a `provenance`).
OUTPUT_KINDS = ("portfolio", "decision_record")
#: A JSON file larger than this in a directory is not looked into for being an output of cpss.
MAX_SNIFF_BYTES = 32 * 1024 * 1024
#: The document category of the portfolio's workbook (its `docProps/core.xml`): a workbook in a directory that
#: carries it is not an assessment. Document properties are a few hundred bytes; a larger part is not read.
WORKBOOK_CATEGORY = "cpss-advisor portfolio"
_CATEGORY_ELEMENT = f"<cp:category>{WORKBOOK_CATEGORY}</cp:category>".encode()
MAX_PROPERTIES_BYTES = 64 * 1024


# --- inputs ------------------------------------------------------------------------------------------------------

def collect_files(args: Iterable[str | Path], skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """The files to read, from file and directory arguments, in argument order.

    A directory contributes its `*.yaml`, `*.yml`, `*.json` and `*.xlsx` files (not hidden ones, not the lock
    files spreadsheet programs leave beside an open workbook, not subdirectories), sorted by name; it is not
    searched recursively. A JSON file or a workbook there that cpss wrote itself (a portfolio, a plan, a what-if
    report, a decision record: see `cpss_output_kind`) is not an assessment and is left out, with the reason
    appended to `skipped`: so a portfolio written into the directory it compares is not read back on the next
    run. A file argument is taken as given, whatever its ending (as `cpss recommend` does); one that does not
    exist is kept, and reported as not found when read. A file reached twice is kept once, at its first
    occurrence. Raises `InputError` when nothing is left to read.
    """
    args = [Path(a) for a in args]
    files: list[Path] = []
    seen: set[str] = set()
    for arg in args:
        if arg.is_dir():
            try:
                entries = list(arg.iterdir())
            except OSError as exc:
                raise InputError(Problem(str(arg), None, None, "unreadable",
                                         f"cannot list the directory: {exc.strerror or exc}",
                                         "check the directory's permissions")) from None
            found = []
            for p in sorted(entries, key=lambda p: p.name):
                if p.suffix.lower() not in ASSESSMENT_SUFFIXES or p.name.startswith((".", "~$")) or not p.is_file():
                    continue
                what = cpss_output_kind(p)
                if what is not None:
                    if skipped is not None:
                        skipped.append((p, f"{what} written by cpss, not an assessment"))
                    continue
                found.append(p)
        else:
            found = [arg]
        for p in found:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    if not files:
        where = " ".join(str(a) for a in args) or "."
        raise InputError(Problem(where, None, None, "no-assessments",
                                 "no assessment files found (a directory contributes its .yaml, .yml, .json and "
                                 ".xlsx files)",
                                 "give assessment files, or directories that hold them; 'cpss template' starts one"))
    return files


def cpss_output_kind(path: Path) -> str | None:
    """What cpss output a JSON file or a workbook is ("a portfolio", "a decision record", "a result"), or None
    when it is not one (or cannot be read: then it is read as an assessment, and its problems say why)."""
    if path.suffix.lower() == ".xlsx":
        return _workbook_output_kind(path)
    if path.suffix.lower() != ".json":
        return None
    try:
        if path.stat().st_size > MAX_SNIFF_BYTES:
            return None
        with path.open("rb") as fh:
            if fh.read(64).lstrip()[:1] != b"{":
                return None
            fh.seek(0)
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if kind in OUTPUT_KINDS:
        return "a " + str(kind).replace("_", " ")
    provenance = data.get("provenance")
    if isinstance(provenance, dict) and "tool_version" in provenance:
        return "a plan" if "recommendations" in data else "a result"
    return None


def _workbook_output_kind(path: Path) -> str | None:
    """"a portfolio" for a workbook whose document category is `WORKBOOK_CATEGORY` (the portfolio's workbook),
    else None. Only the package's small document-properties part is read, and only from a file of sniffable
    size."""
    try:
        if path.stat().st_size > MAX_SNIFF_BYTES:
            return None
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > MAX_PROPERTIES_BYTES:
                return None
            core = z.read(info)
    except (OSError, KeyError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error):
        return None
    return "a portfolio" if _CATEGORY_ELEMENT in core else None


@dataclass
class Input:
    """One file: its sha256, whether it is a valid assessment, and the problems that made it invalid."""

    path: Path
    sha256: str | None
    valid: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return str(self.path)


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file's bytes (read in blocks, whatever its size), or None when it is not one or
    cannot be read (its problem says why)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def read_and_plan(path: Path, advisor: Advisor, options: PlanOptions) -> tuple[Input, dict | None]:
    """One file, on its own: loaded and validated, and when valid planned as `cpss recommend` would plan it and
    reduced to its row (`country_row`). A file's problems never stop the next file."""
    item = Input(path, file_sha256(path))
    try:
        a = load_assessment(path, advisor.kb)
    except InputError as exc:
        item.problems = list(exc.problems)
        return item, None
    item.valid = True
    return item, country_row(a, schedule_digest(advisor.schedule(a, options)), advisor.kb, str(path))


# --- reading and planning in parallel ----------------------------------------------------------------------------

#: A worker process loads the knowledge base and the rules before it reads its first file (a fraction of a second):
#: with fewer files than this per worker, the pool costs more than it saves.
FILES_PER_WORKER = 100
#: Files sent to a worker at a time, at most: few enough that the workers finish together.
MAX_CHUNK = 32

_WORKER: tuple[Advisor, PlanOptions] | None = None


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """Worker processes for a portfolio of `files` files: one per core, and one per `FILES_PER_WORKER` files."""
    return max(1, min(cores(), files // FILES_PER_WORKER))


def _init_worker(knowledge_dir: str | None, rules_dir: str | None, options: PlanOptions) -> None:
    global _WORKER
    _WORKER = (Advisor.load(knowledge_dir, rules_dir), options)


def _read_and_plan(path: Path) -> tuple[Input, dict | None]:
    advisor, options = _WORKER
    return read_and_plan(path, advisor, options)


def read_and_plan_all(files: Sequence[Path], advisor: Advisor, options: PlanOptions, *, jobs: int | None = None,
                      knowledge_dir: str | Path | None = None,
                      rules_dir: str | Path | None = None) -> list[tuple[Input, dict | None]]:
    """`read_and_plan` for every file, in the order of `files`, whatever the number of processes. `jobs` worker
    processes (None: `default_jobs`) each read, validate and plan their share of the files with their own knowledge
    base, rules and engine, and send back only the file's checksum, problems and row: loading is parallel too,
    and no assessment or plan crosses between processes."""
    jobs = default_jobs(len(files)) if jobs is None else jobs
    progress = Progress(len(files), "reading and planning")
    out: list[tuple[Input, dict | None]] = []
    try:
        if jobs <= 1 or len(files) < 2:
            for i, path in enumerate(files, 1):
                out.append(read_and_plan(path, advisor, options))
                progress.update(i)
            return out
        chunk = max(1, min(MAX_CHUNK, len(files) // (jobs * 4)))
        initargs = (None if knowledge_dir is None else str(knowledge_dir),
                    None if rules_dir is None else str(rules_dir), options)
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=initargs) as pool:
            for i, result in enumerate(pool.map(_read_and_plan, files, chunksize=chunk), 1):
                out.append(result)
                progress.update(i)
        return out
    finally:
        progress.close()


# --- plans and their digests -------------------------------------------------------------------------------------

STEP_KINDS = ("climb", "restore")


def schedule_digest(sched: Schedule) -> dict:
    """What the portfolio keeps of one plan, computed in the worker that made it, from the planner's decisions
    (`Advisor.schedule`: the same steps, periods and deferrals as the plan `cpss recommend` builds from them,
    without building the plan's reasons and texts): the phase steps that start in the first period, in plan order,
    the months of that period, the subdomains whose steps another subdomain's step waits for (a finish-to-start
    prerequisite, the plan's `requires`), and the milestones (`schedule_milestones`)."""
    drafts = sched.drafts
    scheduled = [drafts[i] for i in sched.order if drafts[i].kind in STEP_KINDS]
    steps = [drafts[i] for i in sched.order] + [drafts[i] for i in sched.deferred]
    first = [d for d in scheduled if sched.wave_of(d.item.start) == 1]
    return {
        "first_wave": [{"id": d.id, "subdomain": d.subdomain, "from_phase": d.from_phase, "to_phase": d.to_phase}
                       for d in first],
        "blocking": sorted({q.split(":")[0] for d in steps for q in d.requires if q.split(":")[0] != d.subdomain}),
        "steps": len(scheduled),
        "deferred": len(sched.deferred),
        "first_period": f"{sched.spans[0][0]}-{sched.spans[0][1]}" if sched.spans else None,
        "milestones": schedule_milestones(scheduled, [drafts[i] for i in sched.deferred], {d.id for d in first}),
    }


def schedule_milestones(scheduled: list, deferred: list, first: set[str]) -> list[dict]:
    """Each phase step of a plan as a milestone (its subdomain and the phase it reaches): whether it is scheduled
    within the horizon and starts in the first period, and the steps of other subdomains that depend on it (from
    its dependency terms, counted or not: `[subdomain, phase]` of each dependant in the plan, scheduled or
    deferred)."""
    where = {d.id: (d.subdomain, d.to_phase) for d in [*scheduled, *deferred]}
    out = []
    for d, planned in [*((d, True) for d in scheduled), *((d, False) for d in deferred)]:
        dependants = {where[t["dependant"]] for t in [*d.paid, *d.unpaid]
                      if t.get("dependant") in where and where[t["dependant"]][0] != d.subdomain}
        out.append({"subdomain": d.subdomain, "phase": d.to_phase, "planned": planned,
                    "first_period": d.id in first, "dependants": [list(x) for x in sorted(dependants)]})
    return sorted(out, key=lambda m: (m["subdomain"], m["phase"]))


def country_row(a: Assessment, digest: dict, kb: KnowledgeBase, file: str) -> dict:
    """One assessment in the portfolio: its row of the phase table, its medians per intermediate outcome, and
    its plan's digest (first-wave steps with their subdomain's short title)."""
    return {
        "country": a.country,
        "file": file,
        "as_of": a.as_of.isoformat(),
        "context": list(a.context),
        "phases": {sid: a.phase(sid) for sid in sorted(kb.subdomains)},
        "outcome_medians": {v.outcome: None if v.median is None else float(v.median) for v in outcome_views(a, kb)},
        "first_wave": [{**s, "title": kb.subdomains[s["subdomain"]].short} for s in digest["first_wave"]],
        "first_period": digest["first_period"],
        "blocking": digest["blocking"],
        "steps": digest["steps"],
        "deferred": digest["deferred"],
        "milestones": digest["milestones"],
    }


# --- the portfolio -----------------------------------------------------------------------------------------------

def _country_order(row: dict) -> tuple:
    return (row["country"].casefold(), row["country"], row["file"])


def bottleneck_ranking(rows: Sequence[dict], kb: KnowledgeBase) -> list[dict]:
    """Every subdomain with its three counts over the assessments, most common bottleneck first.

    Ranked by the number of assessments where it blocks another step, then where it is in the first wave, then
    where it is at System Building; ties keep subdomain order and share a rank.
    """
    counts = []
    for sid in sorted(kb.subdomains):
        counts.append({
            "subdomain": sid,
            "title": kb.subdomains[sid].short,
            "blocking": sum(sid in r["blocking"] for r in rows),
            "first_wave": sum(any(s["subdomain"] == sid for s in r["first_wave"]) for r in rows),
            "at_building": sum(r["phases"][sid] == 1 for r in rows),
        })
    def key(c: dict) -> tuple:
        return (-c["blocking"], -c["first_wave"], -c["at_building"])

    counts.sort(key=lambda c: (key(c), c["subdomain"]))
    previous, rank = None, 0
    for i, c in enumerate(counts, 1):
        if key(c) != previous:
            previous, rank = key(c), i
        c["rank"] = rank
    return counts


def outcome_summary(rows: Sequence[dict], kb: KnowledgeBase) -> list[dict]:
    """For each intermediate outcome, the median across assessments of each one's median phase (assessments
    that rate none of its subdomains are left out, and counted)."""
    out = []
    for oid in sorted(kb.outcomes):
        medians = sorted(r["outcome_medians"][oid] for r in rows if r["outcome_medians"].get(oid) is not None)
        out.append({
            "outcome": oid,
            "title": kb.outcomes[oid].title,
            "subdomains": kb.subdomains_of(oid),
            "assessments": len(medians),
            "median": float(statistics.median(medians)) if medians else None,
            "lowest": medians[0] if medians else None,
            "highest": medians[-1] if medians else None,
        })
    return out


def portfolio_data(inputs: Sequence[Input], rows: Sequence[dict], advisor: Advisor, options: PlanOptions) -> dict:
    """The portfolio as one data structure, from which every format is rendered."""
    kb = advisor.kb
    rows = sorted(rows, key=_country_order)
    invalid = sorted(({"file": i.file, "sha256": i.sha256, "problems": [p.as_dict() for p in i.problems]}
                      for i in inputs if not i.valid), key=lambda x: x["file"])
    by_country: dict[str, list[str]] = {}
    for r in rows:
        by_country.setdefault(r["country"], []).append(r["file"])
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "portfolio",
        "horizon_years": options.horizon_years,
        "capacity": options.capacity,
        "files": len(inputs),
        "valid": len(rows),
        "subdomains": [{"subdomain": sid, "title": kb.subdomains[sid].short, "outcome": kb.subdomains[sid].outcome}
                       for sid in sorted(kb.subdomains)],
        "countries": rows,
        "duplicates": [{"country": c, "files": files} for c, files in by_country.items() if len(files) > 1],
        "bottlenecks": bottleneck_ranking(rows, kb),
        "outcomes": outcome_summary(rows, kb),
        "regional": regional_analysis(rows, kb),
        "invalid": invalid,
        "provenance": {
            "tool_version": __version__,
            "knowledge_sha256": kb.sha256,
            "rules_sha256": advisor.book.sha256,
            "inputs": sorted(({"file": i.file, "sha256": i.sha256, "valid": i.valid}
                              for i in inputs), key=lambda x: x["file"]),
        },
    }


def build_portfolio(args: Iterable[str | Path], advisor: Advisor, options: PlanOptions = PlanOptions(), *,
                    jobs: int | None = None, knowledge_dir: str | Path | None = None,
                    rules_dir: str | Path | None = None, skipped: list[tuple[Path, str]] | None = None) -> dict:
    """The whole job: collect the files, read, validate and plan each (in `jobs` worker processes; None: one per
    core for a large portfolio), summarise. Raises `InputError` only when there is no file to read; invalid files
    are in the result (`invalid`), and `valid` may be 0. Files of a directory left out as outputs of cpss are
    appended to `skipped` (see `collect_files`)."""
    done = read_and_plan_all(collect_files(args, skipped), advisor, options, jobs=jobs,
                             knowledge_dir=knowledge_dir, rules_dir=rules_dir)
    rows = [r for _, r in done if r is not None]
    data = portfolio_data([i for i, _ in done], rows, advisor, options)
    return with_trajectories(data, repeated_assessments(rows, advisor.kb), advisor.kb)


def repeated_assessments(rows: Sequence[dict], kb: KnowledgeBase) -> list[Assessment]:
    """The assessments of the countries assessed in more than one file, read again in this process (the workers
    send back rows, not assessments; a country is rarely assessed more than a few times)."""
    by_country: dict[str, list[str]] = {}
    for r in rows:
        by_country.setdefault(" ".join(r["country"].split()).casefold(), []).append(r["file"])
    return [load_assessment(Path(f), kb) for files in by_country.values() if len(files) > 1 for f in files]


def with_trajectories(data: dict, assessments: Sequence[Assessment], kb: KnowledgeBase) -> dict:
    """The portfolio with `trajectories`: each country assessed more than once, its assessments in date order and
    the change from each to the next (`cpss_advisor.analysis.progress.trajectories`)."""
    from .progress import trajectories

    return {**data, "trajectories": trajectories(assessments, kb)}


def input_files(data: dict) -> list[str]:
    """Every file the portfolio read (an output must never replace one)."""
    return [x["file"] for x in data["provenance"]["inputs"]]


def problem_line(p: dict) -> str:
    """A problem on one line: ``file:line:col: message (hint: ...)``."""
    return f"{terminal(p['at'])}: {terminal(p['message'])}" + (f" (hint: {terminal(p['hint'])})" if p["hint"] else "")


def problem_lines(data: dict) -> list[str]:
    return [problem_line(p) for x in data["invalid"] for p in x["problems"]]


def no_valid_assessment(data: dict, paths: Sequence[str | Path]) -> InputError:
    """The error of a portfolio with nothing to compare (the problems of each file are listed before it)."""
    n = data["files"]
    where = str(paths[0]) if len(paths) == 1 else "cpss portfolio"
    return InputError(Problem(where, None, None, "no-valid-assessment",
                              f"none of the {n} assessment file{'s' if n != 1 else ''} is valid "
                              "(problems above); nothing to compare",
                              "'cpss validate FILE' checks one file at a time"))
