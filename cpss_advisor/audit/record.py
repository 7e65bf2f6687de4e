"""Decision records: a plan kept with everything needed to check it later and to explain it to a person.

A record is one JSON file written next to a plan (`cpss recommend ASSESSMENT --record FILE`). It holds:

- ``kind: decision_record`` and ``record_version: 1``;
- ``created``: when it was made, in UTC. Taken from ``SOURCE_DATE_EPOCH`` when that is set (so the same input and
  epoch give byte-identical records), otherwise from the clock: the only value that depends on the clock;
- ``language``: the language of the plan's texts (``en``, ``fr``; the hashes in ``provenance`` are those of the
  files as read, the same in every language: translations change texts, never the plan's structure);
- ``input``: the assessment's file name as given, the SHA-256 of its text, and the full text;
- ``options``: the horizon, the capacity and the per-lead capacity the plan was made with (null: the default);
- ``provenance`` (tool version and the hashes of input, knowledge base and rules) and the full rule ``trace``, as
  in the plan;
- ``plan``: the whole plan (`cpss_advisor.planning.plan_model.Plan`, as its JSON reads).

Two things are done with a record, from the record alone:

- `verify` parses the embedded text again, re-runs the plan with the recorded options on the knowledge base and
  rules at hand, and compares. It reports *why* a plan differs (the embedded input was edited, the knowledge base,
  the rules or the tool changed) and then *what* differs, step by step.
- `explain_step` and `explain_plan` turn the recorded plan into prose: why a step is there, why it starts when it
  does, why not earlier, and what would change that. They read what the scheduler recorded (each step's placement,
  holds, prerequisites and the terms that did or did not count); they do not re-derive the scheduling rules. Both
  return data; `render_explanation` writes it for a person.
"""

from __future__ import annotations

import datetime as _dt
import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.version import __version__
from ..intake.load import load_assessment
from ..core.document import Document, load_json, read_text
from ..core.errors import InputError, Problem
from ..core.output import to_json, write_atomic
from ..planning.pipeline import Advisor, PlanOptions
from ..planning.plan_model import Plan
from ..core.text import number, term_text
from ..core.validation import validate_document
from ..core.i18n import N_
from ..core.translatable import M_

RECORD_KIND = "decision_record"
RECORD_VERSION = 2
#: A record embeds the whole plan and its trace twice over; long horizons make it a few megabytes at most.
MAX_RECORD_BYTES = 64 * 1024 * 1024


# --- making and writing a record ---------------------------------------------------------------------------------

def input_bytes(inp: dict) -> bytes:
    """The bytes of the input a record embeds (its `input` section)."""
    return _input_bytes(inp)


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
                                     M_("unset it to use the clock, or set it like SOURCE_DATE_EPOCH=1782777600"))) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_record(input_file: str, content: dict, options: PlanOptions, plan: Plan, *,
                created: str | None = None) -> dict:
    """The record of one plan: `plan` is made from `content` (as `cpss_advisor.intake.load.Intake.content` gives
    it, read from `input_file`) with `options`."""
    language = plan.language
    plan = json.loads(to_json(plan.model_dump(mode="json")))  # exactly what a reader of the JSON gets back
    return {
        "kind": RECORD_KIND,
        "record_version": RECORD_VERSION,
        "created": created if created is not None else created_timestamp(),
        "language": language,
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
    horizon_years: Annotated[int, Field(ge=1, le=10)] | None
    capacity: Annotated[int, Field(ge=1, le=50)] | None
    per_lead: Annotated[int, Field(ge=1, le=50)] | None = None


class _ProvenanceShape(_Closed):
    tool_version: str
    input_sha256: Sha256
    knowledge_sha256: Sha256
    rules_sha256: Sha256


def is_utc_timestamp(value: Any) -> bool:
    """Whether `value` is an ISO 8601 date and time in UTC, as `created` holds it (2026-06-30T12:00:00Z; an offset
    of +00:00 and fractions of a second are allowed too)."""
    if not isinstance(value, str) or "T" not in value.upper():
        return False
    try:
        moment = _dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None and moment.utcoffset() == _dt.timedelta(0)


class _RecordShape(_Closed):
    kind: Literal["decision_record"]
    record_version: Literal[2]
    created: str
    #: the language of the plan's texts (records written before languages existed have none: English)
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")] = "en"
    input: _InputShape
    options: _OptionsShape
    provenance: _ProvenanceShape
    trace: list[dict]
    plan: Plan

    @field_validator("created")
    @classmethod
    def _created(cls, v: str) -> str:
        if not is_utc_timestamp(v):
            raise PydanticCustomError("cpss_timestamp", "'{value}' is not a time in UTC; allowed: an ISO 8601 date "
                                      "and time in UTC, e.g. 2026-06-30T12:00:00Z",
                                      {"value": v, "hint": "cpss writes this field itself: "
                                                           f"{_WRITE_ONE} again"})
        return v


def _value_position(text: str, key: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the value of `key` in the top-level JSON object of `text`, or None. A record is
    read with `json`, which keeps no positions; this walks the top level only, decoding each value to skip it."""
    decoder, space = json.JSONDecoder(), re.compile(r"[ \t\n\r]*")
    i = space.match(text, text.startswith("\ufeff")).end()
    if text[i:i + 1] != "{":
        return None
    i = space.match(text, i + 1).end()
    try:
        while text[i:i + 1] == '"':
            name, i = json.decoder.scanstring(text, i + 1)
            i = space.match(text, i).end()
            if text[i:i + 1] != ":":
                return None
            i = space.match(text, i + 1).end()
            if name == key:
                return text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)
            i = space.match(text, decoder.raw_decode(text, i)[1]).end()
            if text[i:i + 1] != ",":
                return None
            i = space.match(text, i + 1).end()
    except (ValueError, RecursionError):
        return None
    return None


_WRITE_ONE = N_("write one with 'cpss recommend ASSESSMENT --record FILE'")


def read_record(path: str | Path) -> dict:
    """Read and check a record; an `InputError` naming the file says what is wrong with it.

    Refused: a file that is not JSON, one cut short (truncated), JSON that is not a decision record, a record of
    another `record_version`, and a record missing what `verify` and `explain` need.
    """
    return read_record_text(read_text(path, max_bytes=MAX_RECORD_BYTES), str(path))


def read_record_text(text: str, name: str) -> dict:
    """A record from its text (an upload, named `name` in messages), checked as `read_record` checks a file."""
    if not text.strip():
        raise InputError(Problem(name, None, None, "empty", M_("the record is empty"), M_(_WRITE_ONE)))
    try:
        data = load_json(text, name)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            raise InputError(Problem(name, exc.lineno, exc.colno, "truncated",
                                     M_("the record is truncated: its JSON ends before it is complete"),
                                     M_("the file was cut short (an interrupted copy?); %(write)s again",
                                        write=M_(_WRITE_ONE)))) from None
        raise InputError(Problem(name, exc.lineno, exc.colno, "syntax",
                                 M_("not a decision record: invalid JSON: %(reason)s", reason=exc.msg),
                                 M_(_WRITE_ONE))) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", M_("the document is nested too deeply"))) from None
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        raise InputError(Problem(name, None, None, "not-a-record", M_("not a decision record (%(what)s)",
                                                                                     what=_what_it_is(data)),
                                 M_(_WRITE_ONE)))
    version = data.get("record_version")
    if version != RECORD_VERSION:
        raise InputError(Problem(name, None, None, "record-version",
                                 f"unknown record_version {json.dumps(version)}; this cpss ({__version__}) reads "
                                 f"record_version {RECORD_VERSION}",
                                 M_("read it with the cpss version that wrote it")))
    # Where `created` is, for a located message when it is not a time stamp (the only field checked by value).
    at = None if is_utc_timestamp(data.get("created")) else _value_position(text, "created")
    _, problems = validate_document(Document(name, data, positions={"created": list(at)} if at else None),
                                    _RecordShape)
    if problems:
        raise InputError([replace(p, message=f"incomplete or damaged record: {p.message}") for p in problems])
    return data


def _what_it_is(data: Any) -> str:
    if isinstance(data, dict) and "recommendations" in data and "schema_version" in data:
        return M_("it is a plan as 'cpss recommend --format json' prints it, without its input")
    if isinstance(data, dict) and "kind" in data:
        return M_("its kind is %(kind)s, not \"%(expected)s\"", kind=json.dumps(data["kind"]), expected=RECORD_KIND)
    if isinstance(data, dict):
        return M_("it has no 'kind: %(expected)s'", expected=RECORD_KIND)
    kind = {list: N_("a list"), str: N_("a text value"), bool: N_("a yes/no value"), type(None): "null"}
    return M_("its top level is %(kind)s", kind=M_(kind.get(type(data), N_("a number"))))


# --- verifying a record ------------------------------------------------------------------------------------------

def replay(record: dict, advisor: Advisor, *, record_name: str) -> dict:
    """The plan a fresh run makes from the record's embedded input and options, as its JSON reads back.

    The embedded text is parsed under the recorded file name, so the plan is the one a run on that file makes;
    a problem in it is reported as in that file, embedded in the record.
    """
    inp = record["input"]
    day = _created_day(record)  # what "today" was for the run recorded
    try:
        raw = base64.b64decode(inp["base64"]) if inp.get("base64") is not None \
            else inp["text"].encode("utf-8")
        a = load_assessment(raw, advisor.kb, name=inp["file"], today=day)
    except (InputError, ValueError) as exc:
        if not isinstance(exc, InputError):
            raise InputError(Problem(record_name, None, None, "bad-record",
                                     f"the embedded workbook of {inp['file']} is not valid base64")) from None
        where = f"{inp['file']} (embedded in {record_name})"
        raise InputError([replace(p, file=where) for p in exc.problems]) from None
    o = record["options"]
    options = PlanOptions(o["horizon_years"], o["capacity"], o.get("per_lead"))
    return json.loads(to_json(advisor.plan(a, options).model_dump(mode="json")))


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
    #: why the plan may differ: {kind: input|knowledge|rules|language|tool_version|record, recorded, current, text}
    causes: list[dict] = field(default_factory=list)
    #: how the steps differ: {id, change: added|removed|moved|rank|score|details, recorded, current, text}
    steps: list[dict] = field(default_factory=list)
    #: other parts of the plan that differ (deferred, warnings, trace, ...)
    sections: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"record": self.record, "identical": self.identical, "causes": self.causes, "steps": self.steps,
                "sections": self.sections}


def record_language(record: dict) -> str:
    """The language of a record's texts (absent: English)."""
    return record.get("language") or "en"


def verify(record: dict, advisor: Advisor, *, record_name: str) -> Verification:
    """Re-run the record's plan with `advisor` (its knowledge base and rules) and compare it with the recorded one.
    The advisor's language should be the record's (`record_language`): in another one, the texts differ."""
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
    if record_language(record) != advisor.book.language:
        out.append({"kind": "language", "recorded": record_language(record), "current": advisor.book.language,
                    "text": f"the language of the texts differs: the record's are in {record_language(record)}, "
                            f"this run's in {advisor.book.language}"})
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
    o, plan = record["options"], record["plan"]
    for key, plan_key in (("horizon_years", "horizon_years"), ("capacity", "capacity"),
                          ("per_lead", "per_lead_capacity")):
        if o.get(key) is not None and o[key] != plan[plan_key]:
            out.append({"kind": "record", "recorded": None, "current": None,
                        "text": f"the record contradicts itself: its option {key} differs from its plan's "
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
        return None if r is None else {"wave": r["wave"], "start_month": r["start_month"], "rank": r["rank"],
                                       "score": r["score"]}

    def one(sid: str, change: str, was: dict | None, now: dict | None, text: str) -> None:
        out.append({"id": sid, "change": change, "recorded": where(was), "current": where(now), "text": text})

    for r in old["recommendations"]:
        sid, n = r["id"], new_recs.get(r["id"])
        if n is None:
            now = f"now deferred: {new_def[sid]['reason']}" if sid in new_def else "no longer a step of the plan"
            one(sid, "removed", r, None, f"{sid}: removed from month {r['start_month']} (rank {r['rank']}); {now}")
            continue
        if r["start_month"] != n["start_month"]:
            one(sid, "moved", r, n, f"{sid}: moved from month {r['start_month']} to month {n['start_month']}")
        if r["rank"] != n["rank"]:
            one(sid, "rank", r, n, f"{sid}: rank {r['rank']} -> {n['rank']}")
        if r["score"] != n["score"]:
            one(sid, "score", r, n, f"{sid}: score {number(r['score'])} -> {number(n['score'])}"
                                    + _term_changes(r["score_terms"], n["score_terms"]))
        details = sorted(k for k in set(r) | set(n)
                         if k not in {"wave", "start_month", "end_month", "rank", "score", "score_terms"}
                         and r.get(k) != n.get(k))
        if details:
            one(sid, "details", r, n, f"{sid}: its {', '.join(details)} differ")
    for n in new["recommendations"]:
        sid = n["id"]
        if sid not in old_recs:
            was = f"was deferred: {old_def[sid]['reason']}" if sid in old_def else "was not a step of the plan"
            one(sid, "added", None, n, f"{sid}: added at month {n['start_month']} (rank {n['rank']}, score "
                                       f"{number(n['score'])}); {was}")
    return out


def _term_changes(old: list[dict], new: list[dict]) -> str:
    def key(t: dict) -> tuple:
        return (t["rule"], t["weight"], t["label"])

    gone = [t for t in old if key(t) not in {key(x) for x in new}]
    came = [t for t in new if key(t) not in {key(x) for x in old}]
    parts = [f"no longer {term_text(t)}" for t in gone] + [f"now {term_text(t)}" for t in came]
    return f" ({'; '.join(parts)})" if parts else ""
