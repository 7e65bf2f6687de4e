"""Decision records: a plan kept with everything needed to check it later and to explain it to a person.

A record is one JSON file written next to a plan (`cpss recommend ASSESSMENT --record FILE`). It holds:

- ``kind: decision_record`` and ``record_version: 1``;
- ``created``: when it was made, in UTC. Taken from ``SOURCE_DATE_EPOCH`` when that is set (so the same input and
  epoch give byte-identical records), otherwise from the clock: the only value that depends on the clock;
- ``input``: the assessment's file name as given, the SHA-256 of its text, and the full text;
- ``options``: the horizon and the capacity the plan was made with;
- ``provenance`` (tool version and the hashes of input, knowledge base and rules) and the full rule ``trace``, as
  in the plan;
- ``plan``: the whole plan data (`cpss_advisor.plan_report.plan_data`).

Two things are done with a record, from the record alone:

- `verify` parses the embedded text again, re-runs the plan with the recorded options on the knowledge base and
  rules at hand, and compares. It reports *why* a plan differs (the embedded input was edited, the knowledge base,
  the rules or the tool changed) and then *what* differs, step by step.
- `explain_step` and `explain_plan` turn the recorded plan into prose: why a step is there, why in its wave, why
  not earlier, and what would change that. Both return data; `render_explanation` writes it for a person.
"""

from __future__ import annotations

import datetime as _dt
import base64
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import __version__
from .assessment import Assessment, assessment_from_document, is_workbook
from .document import Document, load_json, parse_document, read_text, refuse_other_formats
from .errors import InputError, Problem, did_you_mean
from .knowledge_base import KnowledgeBase
from .output import to_json, write_atomic
from .pipeline import Advisor, PlanOptions
from .text_table import number, wrap
from .validation import validate_document

RECORD_KIND = "decision_record"
RECORD_VERSION = 1
#: A record embeds the whole plan and its trace twice over; long horizons make it a few megabytes at most.
MAX_RECORD_BYTES = 64 * 1024 * 1024
#: Two scores this close (or closer) are "close": one term of one rule can reverse their order.
CLOSE_MARGIN = 1.0


# --- making and writing a record ---------------------------------------------------------------------------------

def read_input(path: str | Path, kb: KnowledgeBase) -> tuple[dict, Assessment]:
    """The assessment's content as a record embeds it, and the assessment made from that very content.

    The file is read once, so what a record embeds is exactly what was planned. A YAML or JSON file is embedded
    as `text` (UTF-8, a byte order mark kept as U+FEFF, so that the text's UTF-8 hashes like the file itself); an
    intake workbook (.xlsx) as `base64` of its bytes.
    """
    if is_workbook(path):
        from .workbook import load_workbook_assessment, read_bytes

        raw = read_bytes(path)
        return {"base64": base64.b64encode(raw).decode("ascii")}, load_workbook_assessment(path, kb, raw=raw)
    refuse_other_formats(path)
    text = read_text(path)
    doc = parse_document(text, str(path), json_syntax=str(path).lower().endswith(".json"))
    return {"text": text}, assessment_from_document(doc, kb)


def _input_bytes(inp: dict) -> bytes:
    return base64.b64decode(inp["base64"]) if inp.get("base64") is not None else inp["text"].encode("utf-8")


def created_timestamp(environ: Mapping[str, str] = os.environ) -> str:
    """Now in UTC to the second (``2026-06-30T12:00:00Z``), or the time ``SOURCE_DATE_EPOCH`` gives when set."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        moment = _dt.datetime.now(_dt.timezone.utc)
    else:
        try:
            moment = _dt.datetime.fromtimestamp(int(raw.strip()), _dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise InputError(Problem("SOURCE_DATE_EPOCH", None, None, "bad-epoch",
                                     f"'{raw}' is not a time: expected whole seconds since 1970-01-01 UTC",
                                     "unset it to use the clock, or set it like SOURCE_DATE_EPOCH=1782777600")) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_record(input_file: str, content: dict, options: PlanOptions, plan: dict, *, created: str | None = None) -> dict:
    """The record of one plan: `plan` is the plan data made from `content` (as `read_input` gives it, read from
    `input_file`) with `options`."""
    plan = json.loads(to_json(plan))  # the record holds exactly what a reader of the JSON gets back
    return {
        "kind": RECORD_KIND,
        "record_version": RECORD_VERSION,
        "created": created if created is not None else created_timestamp(),
        "input": {"file": input_file, "sha256": hashlib.sha256(_input_bytes(content)).hexdigest(), **content},
        "options": options.as_dict(),
        "provenance": plan["provenance"],
        "trace": plan["trace"],
        "plan": plan,
    }


def write_record(path: str | Path, record: dict, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write a record atomically, never over one of `inputs`."""
    write_atomic(path, to_json(record), inputs=inputs)


# --- reading a record --------------------------------------------------------------------------------------------
#
# The shapes below check what `verify` and `explain` rely on. Plans carry more than this (interventions, edges,
# warnings, ...): those fields are compared by `verify` as they are, so they are allowed without being described.

class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Number = int | float


class _InputShape(_Closed):
    file: Annotated[str, Field(min_length=1)]
    sha256: Sha256
    text: str | None = None      # a YAML or JSON input
    base64: str | None = None    # an intake workbook's bytes

    @model_validator(mode="after")
    def _one_form(self):
        if (self.text is None) == (self.base64 is None):
            raise ValueError("the input holds either 'text' or 'base64'")
        return self


class _OptionsShape(_Closed):
    horizon_years: Annotated[int, Field(ge=1, le=10)]
    capacity: Annotated[int, Field(ge=1, le=50)]


class _ProvenanceShape(_Closed):
    tool_version: str
    input_sha256: Sha256
    knowledge_sha256: Sha256
    rules_sha256: Sha256


class _TermShape(_Open):
    rule: str
    weight: Number
    label: str


class _HoldShape(_Open):
    wave: int
    reason: str


class _ReasonShape(_Open):
    rule: str
    text: str
    facts: dict[str, dict]
    source: str


class _PhaseShape(_Open):
    phase: int
    name: str
    summary: str | None
    criteria: list[str]


class _CriteriaShape(_Open):
    current: _PhaseShape
    next: _PhaseShape


class _StepShape(_Open):
    id: str
    rank: int
    wave: int
    subdomain: str
    subdomain_title: str
    from_phase: int
    to_phase: int
    score: Number
    score_terms: list[_TermShape]
    requires: list[str]
    not_before: int
    holds: list[_HoldShape]
    rationale: list[_ReasonShape]
    criteria: _CriteriaShape


class _DeferredShape(_Open):
    id: str
    subdomain: str
    from_phase: int
    to_phase: int
    score: Number
    requires: list[str]
    reason: str


class _WaveShape(_Open):
    wave: int
    months: str


class _PlanShape(_Open):
    schema_version: int
    country: str
    as_of: str
    provenance: _ProvenanceShape
    horizon_years: int
    capacity: int
    waves: list[_WaveShape]
    recommendations: list[_StepShape]
    deferred: list[_DeferredShape]
    trace: list[dict]


class _RecordShape(_Closed):
    kind: Literal["decision_record"]
    record_version: Literal[1]
    created: str
    input: _InputShape
    options: _OptionsShape
    provenance: _ProvenanceShape
    trace: list[dict]
    plan: _PlanShape


_WRITE_ONE = "write one with 'cpss recommend ASSESSMENT --record FILE'"


def read_record(path: str | Path) -> dict:
    """Read and check a record; an `InputError` naming the file says what is wrong with it.

    Refused: a file that is not JSON, one cut short (truncated), JSON that is not a decision record, a record of
    another `record_version`, and a record missing what `verify` and `explain` need.
    """
    name = str(path)
    text = read_text(path, max_bytes=MAX_RECORD_BYTES)
    if not text.strip():
        raise InputError(Problem(name, None, None, "empty", "the record is empty", _WRITE_ONE))
    try:
        data = load_json(text, name)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            raise InputError(Problem(name, exc.lineno, exc.colno, "truncated",
                                     "the record is truncated: its JSON ends before it is complete",
                                     f"the file was cut short (an interrupted copy?); {_WRITE_ONE} again")) from None
        raise InputError(Problem(name, exc.lineno, exc.colno, "syntax",
                                 f"not a decision record: invalid JSON: {exc.msg}", _WRITE_ONE)) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", "the document is nested too deeply")) from None
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        raise InputError(Problem(name, None, None, "not-a-record", f"not a decision record ({_what_it_is(data)})",
                                 _WRITE_ONE))
    version = data.get("record_version")
    if version != RECORD_VERSION:
        raise InputError(Problem(name, None, None, "record-version",
                                 f"unknown record_version {json.dumps(version)}; this cpss ({__version__}) reads "
                                 f"record_version {RECORD_VERSION}",
                                 "read it with the cpss version that wrote it"))
    _, problems = validate_document(Document(name, data), _RecordShape)
    if problems:
        raise InputError([replace(p, message=f"incomplete or damaged record: {p.message}") for p in problems])
    return data


def _what_it_is(data: Any) -> str:
    if isinstance(data, dict) and "recommendations" in data and "schema_version" in data:
        return "it is a plan as 'cpss recommend --format json' prints it, without its input"
    if isinstance(data, dict) and "kind" in data:
        return f"its kind is {json.dumps(data['kind'])}, not \"{RECORD_KIND}\""
    if isinstance(data, dict):
        return f"it has no 'kind: {RECORD_KIND}'"
    return "its top level is " + {list: "a list", str: "a text value", bool: "a yes/no value",
                                  type(None): "null"}.get(type(data), "a number")


# --- verifying a record ------------------------------------------------------------------------------------------

def replay(record: dict, advisor: Advisor, *, record_name: str) -> dict:
    """The plan a fresh run makes from the record's embedded input and options, as its JSON reads back.

    The embedded text is parsed under the recorded file name, so the plan is the one a run on that file makes;
    a problem in it is reported as in that file, embedded in the record.
    """
    inp = record["input"]
    day = _created_day(record)  # what "today" was for the run recorded
    try:
        if inp.get("base64") is not None:
            from .workbook import load_workbook_assessment

            a = load_workbook_assessment(inp["file"], advisor.kb, raw=base64.b64decode(inp["base64"]), today=day)
        else:
            doc = parse_document(inp["text"], inp["file"], json_syntax=inp["file"].lower().endswith(".json"))
            a = assessment_from_document(doc, advisor.kb, today=day)
    except (InputError, ValueError) as exc:
        if not isinstance(exc, InputError):
            raise InputError(Problem(record_name, None, None, "bad-record",
                                     f"the embedded workbook of {inp['file']} is not valid base64")) from None
        where = f"{inp['file']} (embedded in {record_name})"
        raise InputError([replace(p, file=where) for p in exc.problems]) from None
    options = PlanOptions(record["options"]["horizon_years"], record["options"]["capacity"])
    return json.loads(to_json(advisor.plan(a, options)))


def _created_day(record: dict) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(record.get("created", ""))[:10])
    except ValueError:
        return None


@dataclass
class Verification:
    """The outcome of `verify`: identical, or the causes found and every difference in the plan."""

    record: str
    identical: bool
    #: why the plan may differ: {kind: input|knowledge|rules|tool_version|record, recorded, current, text}
    causes: list[dict] = field(default_factory=list)
    #: how the steps differ: {id, change: added|removed|moved|rank|score|details, recorded, current, text}
    steps: list[dict] = field(default_factory=list)
    #: other parts of the plan that differ (deferred, warnings, trace, ...)
    sections: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"record": self.record, "identical": self.identical, "causes": self.causes, "steps": self.steps,
                "sections": self.sections}


def verify(record: dict, advisor: Advisor, *, record_name: str) -> Verification:
    """Re-run the record's plan with `advisor` (its knowledge base and rules) and compare it with the recorded one."""
    recorded = record["plan"]
    fresh = replay(record, advisor, record_name=record_name)
    causes = _causes(record, fresh, advisor)
    if not causes and fresh == recorded:
        return Verification(record_name, True)
    if not causes:
        causes.append({"kind": "record", "recorded": None, "current": None,
                       "text": "nothing recorded explains it (same input, knowledge base, rules and tool version): "
                               "the recorded plan was edited, or the run is not reproducible"})
    return Verification(record_name, False, causes, _step_changes(recorded, fresh),
                        sorted(k for k in set(recorded) | set(fresh)
                               if k not in {"provenance", "recommendations"} and recorded.get(k) != fresh.get(k)))


def _causes(record: dict, fresh: dict, advisor: Advisor) -> list[dict]:
    out = []
    inp, rec = record["input"], record["plan"]["provenance"]
    now = hashlib.sha256(_input_bytes(inp)).hexdigest()
    if now != inp["sha256"]:
        out.append({"kind": "input", "recorded": inp["sha256"], "current": now,
                    "text": f"the input changed: the embedded content of {inp['file']} has sha256 {now[:16]}, the record "
                            f"says {inp['sha256'][:16]}: the record was edited"})
    cur = fresh["provenance"]
    for kind, key, what, where in (("knowledge", "knowledge_sha256", "knowledge base", advisor.kb.directory),
                                   ("rules", "rules_sha256", "rules", advisor.book.directory)):
        if rec[key] != cur[key]:
            out.append({"kind": kind, "recorded": rec[key], "current": cur[key],
                        "text": f"the {what} changed: recorded {key} {rec[key][:16]}, this run {cur[key][:16]} "
                                f"({where})"})
    if rec["tool_version"] != cur["tool_version"]:
        out.append({"kind": "tool_version", "recorded": rec["tool_version"], "current": cur["tool_version"],
                    "text": f"the tool version changed: recorded cpss-advisor {rec['tool_version']}, this run "
                            f"{cur['tool_version']}"})
    # The parts of a record that repeat each other must agree; if they do not, the record was edited by hand.
    for key, text in (("provenance", "its provenance"), ("trace", "its trace")):
        if record[key] != record["plan"][key]:
            out.append({"kind": "record", "recorded": None, "current": None,
                        "text": f"the record contradicts itself: {text} differs from its plan's (the record was edited)"})
    if inp["sha256"] != rec["input_sha256"]:
        out.append({"kind": "record", "recorded": rec["input_sha256"], "current": inp["sha256"],
                    "text": "the record contradicts itself: the input sha256 differs from its plan's provenance "
                            "(the record was edited)"})
    if record["options"] != {"horizon_years": record["plan"]["horizon_years"], "capacity": record["plan"]["capacity"]}:
        out.append({"kind": "record", "recorded": None, "current": None,
                    "text": "the record contradicts itself: its options differ from its plan's horizon and capacity "
                            "(the record was edited)"})
    return out


def _step_changes(old: dict, new: dict) -> list[dict]:
    """Steps that differ, compared by id: recorded steps in plan order first, then steps new to the plan."""
    old_recs = {r["id"]: r for r in old["recommendations"]}
    new_recs = {r["id"]: r for r in new["recommendations"]}
    old_def = {d["id"]: d for d in old["deferred"]}
    new_def = {d["id"]: d for d in new["deferred"]}
    out = []

    def where(r: dict | None) -> dict | None:
        return None if r is None else {"wave": r["wave"], "rank": r["rank"], "score": r["score"]}

    def one(sid: str, change: str, was: dict | None, now: dict | None, text: str) -> None:
        out.append({"id": sid, "change": change, "recorded": where(was), "current": where(now), "text": text})

    for r in old["recommendations"]:
        sid, n = r["id"], new_recs.get(r["id"])
        if n is None:
            now = f"now deferred: {new_def[sid]['reason']}" if sid in new_def else "no longer a step of the plan"
            one(sid, "removed", r, None, f"{sid}: removed from wave {r['wave']} (rank {r['rank']}); {now}")
            continue
        if r["wave"] != n["wave"]:
            one(sid, "moved", r, n, f"{sid}: moved from wave {r['wave']} to wave {n['wave']}")
        if r["rank"] != n["rank"]:
            one(sid, "rank", r, n, f"{sid}: rank {r['rank']} -> {n['rank']}")
        if r["score"] != n["score"]:
            one(sid, "score", r, n, f"{sid}: score {number(r['score'])} -> {number(n['score'])}"
                                    + _term_changes(r["score_terms"], n["score_terms"]))
        details = sorted(k for k in set(r) | set(n)
                         if k not in {"wave", "rank", "score", "score_terms"} and r.get(k) != n.get(k))
        if details:
            one(sid, "details", r, n, f"{sid}: its {', '.join(details)} differ")
    for n in new["recommendations"]:
        sid = n["id"]
        if sid not in old_recs:
            was = f"was deferred: {old_def[sid]['reason']}" if sid in old_def else "was not a step of the plan"
            one(sid, "added", None, n, f"{sid}: added in wave {n['wave']} (rank {n['rank']}, score "
                                       f"{number(n['score'])}); {was}")
    return out


def _term_changes(old: list[dict], new: list[dict]) -> str:
    def key(t: dict) -> tuple:
        return (t["rule"], t["weight"], t["label"])

    gone = [t for t in old if key(t) not in {key(x) for x in new}]
    came = [t for t in new if key(t) not in {key(x) for x in old}]
    parts = [f"no longer {_term(t)}" for t in gone] + [f"now {_term(t)}" for t in came]
    return f" ({'; '.join(parts)})" if parts else ""


def render_verification(v: Verification) -> str:
    if v.identical:
        return "identical\n"
    out = [f"differs: {v.record} is not what a fresh run makes", "", "Why"]
    out += [wrap(f"- {c['text']}", indent="  ", hang="  ") for c in v.causes]
    out += ["", f"Steps that differ ({len({s['id'] for s in v.steps})})"]
    out += [wrap(f"- {s['text']}", indent="  ", hang="  ") for s in v.steps] or ["  none"]
    if v.sections:
        out += ["", "Also differs: " + ", ".join(v.sections)]
    return "\n".join(out) + "\n"


# --- explaining a record -----------------------------------------------------------------------------------------

class _PlanView:
    """Lookups over a recorded plan: steps by id and by wave, the months of each wave, the capacity."""

    def __init__(self, record: dict):
        self.plan = record["plan"]
        self.steps = {r["id"]: r for r in self.plan["recommendations"]}
        self.deferred = {d["id"]: d for d in self.plan["deferred"]}
        self.months = {w["wave"]: w["months"] for w in self.plan["waves"]}
        self.capacity = self.plan["capacity"]
        self.by_wave: dict[int, list[dict]] = {}
        for r in self.plan["recommendations"]:
            self.by_wave.setdefault(r["wave"], []).append(r)

    def ids(self) -> list[str]:
        return list(self.steps) + list(self.deferred)


def explain_step(record: dict, rec_id: str) -> dict:
    """Why one step is in the plan, why in its wave, why not earlier, and what would change that.

    Each section has its facts as data and the same content as sentences (`text`), built only from the record.
    """
    view = _PlanView(record)
    if rec_id in view.deferred:
        return _explain_deferred(record, view, view.deferred[rec_id])
    if rec_id not in view.steps:
        hint = did_you_mean(rec_id, view.ids())
        raise InputError(Problem("<command line>", None, None, "unknown-step",
                                 f"no step '{rec_id}' in the record",
                                 hint or "the record's steps are " + (", ".join(view.ids()) or "none")))
    r = view.steps[rec_id]
    return {"kind": "step", **_heading(record), "step": _step_head(view, r),
            "why_this_step": _why_this_step(r), "why_now": _why_now(view, r),
            "why_not_earlier": _why_not_earlier(view, r), "what_would_change_it": _what_would_change(view, r)}


def explain_plan(record: dict) -> dict:
    """A short paragraph per step in plan order, then the deferred steps and why."""
    view = _PlanView(record)
    steps = []
    for r in view.plan["recommendations"]:
        head = _step_head(view, r)
        terms = "; ".join(_term(t) for t in r["score_terms"]) or "no score terms"
        later = _why_not_earlier(view, r)
        steps.append({**head, "why_not_earlier": later["reason"],
                      "text": f"{r['rank']}. {head['label']}. Wave {r['wave']} (months {head['months']}), score "
                              f"{number(r['score'])}: {terms}. {' '.join(later['text'])}"})
    deferred = [{"id": d["id"], "score": d["score"], "requires": d["requires"], "reason": d["reason"],
                 "text": f"{d['id']} (score {number(d['score'])}): {d['reason']}"} for d in view.plan["deferred"]]
    return {"kind": "plan", **_heading(record), "steps": steps, "deferred": deferred}


def _heading(record: dict) -> dict:
    plan = record["plan"]
    return {"country": plan["country"], "as_of": plan["as_of"], "created": record["created"],
            "input": record["input"]["file"], "horizon_years": plan["horizon_years"], "capacity": plan["capacity"]}


def _step_head(view: _PlanView, r: dict) -> dict:
    cur, nxt = r["criteria"]["current"], r["criteria"]["next"]
    return {"id": r["id"], "rank": r["rank"], "wave": r["wave"], "months": view.months.get(r["wave"], "?"),
            "score": r["score"],
            "label": f"{r['id']} {r['subdomain_title']}: {r['from_phase']} {cur['name']} -> "
                     f"{r['to_phase']} {nxt['name']}"}


def _why_this_step(r: dict) -> dict:
    reasons, seen = [], set()
    for x in r["rationale"]:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            reasons.append({"rule": x["rule"], "text": x["text"], "source": x["source"]})
    nxt = r["criteria"]["next"]
    text = [f"{x['text']} [{x['rule']}]" for x in reasons]
    text.append(f"Reaching {nxt['name']} means: {nxt['summary'] or 'the benchmarks give no summary'}"
                + "".join(f"\n- {c}" for c in nxt["criteria"]))
    return {"reasons": reasons, "next_phase": {k: nxt[k] for k in ("phase", "name", "summary", "criteria")},
            "text": text}


def _why_now(view: _PlanView, r: dict) -> dict:
    requires = [{"id": q, "wave": view.steps[q]["wave"]} for q in r["requires"] if q in view.steps]
    text = [f"It starts in wave {r['wave']} (months {view.months.get(r['wave'], '?')}) with score {number(r['score'])}"
            + (": " + "; ".join(_term(t) for t in r["score_terms"]) + "." if r["score_terms"]
               else ": no rule added to its score.")]
    if requires:
        text.append("It requires " + ", ".join(f"{q['id']} (wave {q['wave']})" for q in requires)
                    + ", all in earlier waves.")
    else:
        text.append("It requires no other step of the plan.")
    return {"wave": r["wave"], "months": view.months.get(r["wave"]), "score": r["score"], "terms": r["score_terms"],
            "requires": requires, "text": text}


def _why_not_earlier(view: _PlanView, r: dict) -> dict:
    """The binding constraint on a step's wave: a prerequisite in the previous wave, a hold, or capacity.

    A step is eligible from the wave after its last prerequisite and from its `not_before` wave; the planner then
    fills each wave with the eligible steps of highest priority. A step eligible before its wave therefore lost to
    the steps that filled the waves in between.
    """
    w = r["wave"]
    req_waves = {q: view.steps[q]["wave"] for q in r["requires"] if q in view.steps}
    eligible = _eligible_from(view, r)
    out = {"reason": "first-wave", "prerequisites": [], "holds": [], "capacity": [], "text": []}
    if w == 1:
        out["text"].append("It starts at once, in wave 1: it requires no earlier step and no rule holds it back.")
        return out
    if eligible == w:
        binding = sorted(q for q, x in req_waves.items() if x == w - 1)
        holds = [h for h in r["holds"] if h["wave"] == w]
        if binding:
            out["reason"] = "prerequisite"
            out["prerequisites"] = [{"id": q, "wave": w - 1} for q in binding]
            out["text"].append(f"It waits for {', '.join(binding)}, which {'starts' if len(binding) == 1 else 'start'} "
                               f"in wave {w - 1}: a step starts only after the steps it requires.")
        if holds:
            out["reason"] = "prerequisite-and-hold" if binding else "hold"
            out["holds"] = holds
            out["text"] += [f"A rule holds it until wave {h['wave']}: {h['reason']}." for h in holds]
        return out
    out["reason"] = "capacity"
    ahead = [{"id": x["id"], "wave": x["wave"], "score": x["score"]}
             for k in range(eligible, w) for x in view.by_wave.get(k, [])]
    out["capacity"] = ahead
    span = f"wave {eligible} was" if eligible == w - 1 else f"waves {eligible} to {w - 1} were"
    from_when = "It could have started in wave 1" if eligible == 1 else f"It could have started in wave {eligible}"
    out["text"].append(f"{from_when}, but {span} full (up to {view.capacity} steps start per wave) with steps of "
                       f"higher priority: " + ", ".join(f"{x['id']} ({number(x['score'])})" for x in ahead)
                       + ". Steps are taken by score; ties go to the lower phase, then the subdomain id.")
    return out


def _eligible_from(view: _PlanView, r: dict) -> int:
    """The first wave a step could start in: after its last prerequisite, and not before its holds."""
    return max([1, r["not_before"]] + [view.steps[q]["wave"] + 1 for q in r["requires"] if q in view.steps])


def _what_would_change(view: _PlanView, r: dict) -> dict:
    items = []
    eligible = _eligible_from(view, r)
    for q in r["requires"]:
        pre = view.steps.get(q)
        if pre is None:
            continue
        rest = [view.steps[x]["wave"] + 1 for x in r["requires"] if x != q and x in view.steps]
        sooner = max([1, r["not_before"]] + rest)
        items.append({"kind": "prerequisite", "id": q, "subdomain": pre["subdomain"], "phase": pre["to_phase"],
                      "could_start": sooner,
                      "text": f"It waits for {q}: if {pre['subdomain']} were already at phase {pre['to_phase']}, "
                              f"it could start in wave {sooner}"
                              + ("" if sooner == 1 else " (other prerequisites or holds permitting)")
                              + ", capacity permitting."})
    unheld = max([1] + [view.steps[x]["wave"] + 1 for x in r["requires"] if x in view.steps])
    for h in r["holds"]:
        items.append({"kind": "hold", "wave": h["wave"], "reason": h["reason"], "could_start": unheld,
                      "text": f"A rule holds it until wave {h['wave']} ({h['reason']}); without that hold it could "
                              f"start in wave {unheld}, capacity permitting."})
    if eligible < r["wave"]:
        last = view.by_wave[eligible][-1]
        items.append({"kind": "capacity", "wave": eligible, "last_in_wave": {"id": last["id"], "score": last["score"]},
                      "text": f"More steps per wave (--capacity above {view.capacity}), or a score above "
                              f"{number(last['score'])} ({last['id']}, the last step into wave {eligible}), could "
                              f"bring it into wave {eligible}."})
    for rule, terms in _terms_by_rule(r).items():
        contexts, figures = _depends_on(r, rule)
        weight = sum(t["weight"] for t in terms)
        if contexts:
            items.append({"kind": "context", "rule": rule, "contexts": contexts, "weight": weight,
                          "text": f"{_signed(weight)} of its score comes from rule {rule}, which depends on the "
                                  f"context {', '.join(contexts)}: without it the score would be "
                                  f"{number(r['score'] - weight)}."})
        if figures:
            items.append({"kind": "figure", "rule": rule, "figures": figures, "weight": weight,
                          "text": f"{_signed(weight)} of its score comes from rule {rule}, which depends on the "
                                  f"figures {', '.join(figures)}: with the figures within the standard the score "
                                  f"would be {number(r['score'] - weight)}."})
    items.append(_margin(view, r))
    return {"items": items, "text": [x["text"] for x in items]}


def _terms_by_rule(r: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for t in r["score_terms"]:
        out.setdefault(t["rule"], []).append(t)
    return dict(sorted(out.items()))


def _depends_on(r: dict, rule: str) -> tuple[list[str], list[str]]:
    """The contexts and case management figures the firings of `rule` for this step matched (from the trace of
    the step's rationale): facts with a context (context, exposure, risk, offer), and findings on figures."""
    contexts, figures = set(), set()
    for x in r["rationale"]:
        if x["rule"] != rule:
            continue
        for fact in x["facts"].values():
            if "context" in fact:
                contexts.add(fact["context"])
            if fact.get("type") == "finding":
                figures.add(f"{fact['metric']} {number(fact['value'])} (standard {number(fact['limit'])})")
    return sorted(contexts), sorted(figures)


def _margin(view: _PlanView, r: dict) -> dict:
    """How far the step's score is from the last step into its wave and from the first deferred step."""
    in_wave = view.by_wave[r["wave"]]
    last = in_wave[-1]
    first_deferred = view.plan["deferred"][0] if view.plan["deferred"] else None
    full = len(in_wave) >= view.capacity
    parts, close = [], False
    if last["id"] == r["id"]:
        parts.append(f"it is the last step into wave {r['wave']}"
                     + ("" if full else f", which has room ({len(in_wave)} of {view.capacity} places)"))
    else:
        gap = r["score"] - last["score"]
        close = close or gap <= CLOSE_MARGIN
        parts.append(f"it scores {number(gap)} above {last['id']} ({number(last['score'])}), the last step into wave "
                     f"{r['wave']}" if gap else f"it scores the same as {last['id']}, the last step into wave {r['wave']}")
    if first_deferred is not None:
        gap = r["score"] - first_deferred["score"]
        close = close or gap <= CLOSE_MARGIN
        parts.append(f"{number(abs(gap))} {'above' if gap >= 0 else 'below'} {first_deferred['id']} "
                     f"({number(first_deferred['score'])}), the first deferred step")
    else:
        parts.append("no step is deferred")
    text = "Its score " + number(r["score"]) + ": " + "; ".join(parts) + "."
    if close:
        text += (f" The margin is small ({number(CLOSE_MARGIN)} point or less): one term more or less could change "
                 "the order.")
    return {"kind": "margin", "score": r["score"], "last_in_wave": {"id": last["id"], "score": last["score"]},
            "first_deferred": None if first_deferred is None else
            {"id": first_deferred["id"], "score": first_deferred["score"]},
            "close": close, "text": text}


def _explain_deferred(record: dict, view: _PlanView, d: dict) -> dict:
    waiting = [q for q in d["requires"] if q not in view.steps]
    changes = []
    if waiting:
        changes.append(f"It waits for {', '.join(waiting)}, which {'is' if len(waiting) == 1 else 'are'} not "
                       "scheduled either: whatever brings them into the plan brings it closer.")
    if d["reason"].startswith("capacity"):
        changes.append(f"It scores {number(d['score'])}: more steps per wave (--capacity), a longer horizon "
                       "(--horizon-years), or a higher score than the steps that filled the waves would fit it.")
    else:
        changes.append("A longer horizon (--horizon-years) gives it later waves to start in.")
    return {"kind": "deferred", **_heading(record),
            "step": {"id": d["id"], "score": d["score"], "requires": d["requires"],
                     "label": f"{d['id']} (subdomain {d['subdomain']}: {d['from_phase']} -> {d['to_phase']})"},
            "why_deferred": {"reason": d["reason"], "text": [f"The plan has this step but does not schedule it: "
                                                             f"{d['reason']}."]},
            "what_would_change_it": {"text": changes}}


def render_explanation(data: dict) -> str:
    """The explanation (from `explain_step` or `explain_plan`) as text for a person."""
    out = [f"{data['country']} (assessment as of {data['as_of']}; {data['input']}, recorded {data['created']}; "
           f"horizon {data['horizon_years']} year{'s' if data['horizon_years'] > 1 else ''}, capacity "
           f"{data['capacity']})", ""]
    if data["kind"] == "plan":
        out.append("The plan, step by step")
        if not data["steps"]:
            out.append("  No steps: every rated subdomain is at its target (or at Maturity).")
        for s in data["steps"]:
            out += ["", wrap(s["text"], indent="", hang="   ")]
        if data["deferred"]:
            out += ["", f"Deferred ({len(data['deferred'])})"]
            out += [wrap(f"- {d['text']}", indent="  ", hang="  ") for d in data["deferred"]]
        return "\n".join(out) + "\n"
    step = data["step"]
    if data["kind"] == "deferred":
        out.append(f"{step['label']}: deferred")
        sections = [("Why deferred", data["why_deferred"]), ("What would change it", data["what_would_change_it"])]
    else:
        out.append(f"{step['label']}  (rank {step['rank']}, wave {step['wave']}, score {number(step['score'])})")
        sections = [("Why this step", data["why_this_step"]), ("Why now", data["why_now"]),
                    ("Why not earlier", data["why_not_earlier"]), ("What would change it", data["what_would_change_it"])]
    for title, section in sections:
        out += ["", title]
        for sentence in section["text"]:
            first, *criteria = sentence.split("\n")
            out.append(wrap(f"- {first}", indent="  ", hang="  "))
            out += [wrap(c, indent="    ", hang="  ") for c in criteria]
    return "\n".join(out) + "\n"


# --- numbers and terms, written as the plan writes them ------------------------------------------------------------


def _signed(x: float) -> str:
    return ("+" if x >= 0 else "-") + number(abs(x))


def _term(t: dict) -> str:
    return f"{_signed(t['weight'])} {t['label']} [{t['rule']}]"
