"""What-if scenarios: changes to an assessment (ratings set, context flags added or removed, shock presets).

A scenario comes from the command line (`--set 3.3=2`, `--context +armed_conflict`, `--shock ID`) or from a
scenario file (kind `scenarios`). Applying it gives a new assessment; the base is never changed. A shock preset
sets its subdomains back (never below phase 1), adds its context flags, and replaces any stage the base had by its
own. The result is checked against the context catalogue like any assessment.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ..intake.assessment import Assessment, Rating, context_violations, parse_phase
from ..core.document import Document, load_document
from ..core.errors import InputError, Problem, did_you_mean
from ..kb.knowledge_base import KnowledgeBase
from ..core.validation import validate_document

COMMAND_LINE = "<command line>"


@dataclass(frozen=True)
class Scenario:
    name: str
    set: tuple[tuple[str, int], ...] = ()
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    shocks: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.set or self.add or self.remove or self.shocks)

    def as_dict(self) -> dict:
        return {"name": self.name, "set": dict(self.set), "add": list(self.add), "remove": list(self.remove),
                "shocks": list(self.shocks)}

    def describe(self) -> str:
        parts = [f"shock {s}" for s in self.shocks]
        parts += [f"{sid} set to {phase}" for sid, phase in self.set]
        parts += [f"+{c}" for c in self.add] + [f"-{c}" for c in self.remove]
        return "; ".join(parts) or "no change"


# --- the command line -------------------------------------------------------------------------------------------

def _cli_problem(message: str, hint: str | None = None) -> InputError:
    return InputError(Problem(COMMAND_LINE, None, None, "bad-scenario", message, hint))


def parse_set(spec: str, kb: KnowledgeBase) -> tuple[str, int]:
    """'3.3=2' or '3.3=enhancement'."""
    if "=" not in spec:
        raise _cli_problem(f"--set '{spec}' is not of the form SUBDOMAIN=PHASE", "e.g. --set 3.3=2")
    sid, value = (x.strip() for x in spec.split("=", 1))
    if sid not in kb.subdomains:
        raise _cli_problem(f"--set: unknown subdomain '{sid}'", kb.suggest_subdomain(sid))
    try:
        return sid, parse_phase(value)
    except PydanticCustomError as exc:
        raise _cli_problem(f"--set {sid}: {exc.message()}") from None


def parse_context_change(spec: str, kb: KnowledgeBase) -> tuple[str, str]:
    """'+armed_conflict' adds a flag, '-law_reform_window' removes one; a bare id adds it."""
    sign, cid = ("-", spec[1:]) if spec.startswith("-") else ("+", spec[1:] if spec.startswith("+") else spec)
    if cid not in kb.contexts:
        raise _cli_problem(f"--context: unknown context '{cid}'",
                           did_you_mean(cid, kb.contexts) or "'cpss kb contexts' lists them")
    return sign, cid


def from_command_line(kb: KnowledgeBase, sets: tuple[str, ...], contexts: tuple[str, ...],
                      shocks: tuple[str, ...], name: str = "command line") -> Scenario:
    pairs = dict(parse_set(s, kb) for s in sets)
    changes = [parse_context_change(c, kb) for c in contexts]
    for sh in shocks:
        if sh not in kb.shock_presets:
            raise _cli_problem(f"--shock: unknown shock preset '{sh}'",
                               did_you_mean(sh, kb.shock_presets) or "'cpss kb shocks' lists them")
    return Scenario(name, tuple(sorted(pairs.items())), tuple(c for s, c in changes if s == "+"),
                    tuple(c for s, c in changes if s == "-"), tuple(shocks))


# --- scenario files ---------------------------------------------------------------------------------------------

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioModel(_Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    set: dict[str, Any] = Field(default_factory=dict)
    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    shocks: list[str] = Field(default_factory=list)


class ScenariosFile(_Model):
    kind: Any
    schema_version: Any
    scenarios: list[ScenarioModel] = Field(min_length=1, max_length=100_000)


def load_scenarios(path: str | Path, kb: KnowledgeBase) -> list[Scenario]:
    doc = load_document(path, max_bytes=16 * 1024 * 1024)
    problems: list[Problem] = []
    if doc.data.get("kind") != "scenarios":
        problems.append(doc.problem(("kind",), "wrong-kind", "a scenario file starts with 'kind: scenarios'"))
    if doc.data.get("schema_version") != 1:
        problems.append(doc.problem(("schema_version",), "bad-version", "schema_version must be 1"))
    parsed, errs = validate_document(doc, ScenariosFile)
    problems.extend(errs)
    if parsed is None or problems:
        raise InputError(problems)
    out, names = [], {}
    for i, sm in enumerate(parsed.scenarios):
        sc, errs = _scenario(sm, doc, ("scenarios", i), kb)
        if sm.name in names:
            errs.append(doc.problem(("scenarios", i, "name"), "duplicate-name", f"two scenarios are named '{sm.name}'"))
        names[sm.name] = i
        problems.extend(errs)
        out.append(sc)
    if problems:
        raise InputError(problems)
    return out


def _scenario(sm: ScenarioModel, doc: Document, loc: tuple, kb: KnowledgeBase) -> tuple[Scenario, list[Problem]]:
    problems = []
    pairs = {}
    for sid, value in sm.set.items():
        if sid not in kb.subdomains:
            problems.append(doc.problem(loc + ("set", sid), "unknown-subdomain", f"unknown subdomain '{sid}'",
                                        kb.suggest_subdomain(sid), at="key"))
            continue
        try:
            pairs[sid] = parse_phase(value)
        except PydanticCustomError as exc:
            problems.append(doc.problem(loc + ("set", sid), "bad-phase", exc.message()))
    for field in ("add", "remove"):
        for i, cid in enumerate(getattr(sm, field)):
            if cid not in kb.contexts:
                problems.append(doc.problem(loc + (field, i), "unknown-context", f"unknown context '{cid}'",
                                            did_you_mean(cid, kb.contexts)))
    for i, sh in enumerate(sm.shocks):
        if sh not in kb.shock_presets:
            problems.append(doc.problem(loc + ("shocks", i), "unknown-shock", f"unknown shock preset '{sh}'",
                                        did_you_mean(sh, kb.shock_presets) or "'cpss kb shocks' lists them"))
    return Scenario(sm.name, tuple(sorted(pairs.items())), tuple(sm.add), tuple(sm.remove), tuple(sm.shocks)), problems


# --- applying ---------------------------------------------------------------------------------------------------

def apply(a: Assessment, sc: Scenario, kb: KnowledgeBase) -> Assessment:
    """The assessment as the scenario would have it; InputError if the resulting context is contradictory."""
    if sc.empty:
        return a
    ratings = dict(a.ratings)
    context = set(a.context)
    for sh in sc.shocks:
        preset = kb.shock_presets[sh]
        for s in preset.setbacks:
            if s.subdomain in ratings:
                r = ratings[s.subdomain]
                phase = max(1, r.phase - s.phases)
                if phase < r.phase:  # the phase it had is recorded: the way back restores rather than builds
                    prior = max(r.phase, r.prior_phase or 0)
                    ratings[s.subdomain] = r.model_copy(update={"phase": phase, "prior_phase": prior})
        if kb.stage_of(preset.context) is not None:
            context = {c for c in context if kb.contexts[c].category != "stage"}
        context |= set(preset.context)
    for sid, phase in sc.set:
        if sid in ratings:
            r = ratings[sid]
            prior = r.prior_phase if r.prior_phase is not None and r.prior_phase > phase else None
            ratings[sid] = r.model_copy(update={"phase": phase, "prior_phase": prior})
        else:
            ratings[sid] = Rating(phase=phase)
    context |= set(sc.add)
    context -= set(sc.remove)
    errors = [v for v in context_violations(context, kb) if not v.warning_only]
    if errors:
        raise InputError([Problem(f"scenario '{sc.name}'", None, None, v.code, v.message, v.reason) for v in errors])
    digest = hashlib.sha256((a.sha256 + json.dumps(sc.as_dict(), sort_keys=True)).encode()).hexdigest()
    ratings = dict(sorted(ratings.items()))
    return dataclasses.replace(a, ratings=ratings, context=tuple(sorted(context)),
                               unrated=tuple(s for s in sorted(kb.subdomains) if s not in ratings), sha256=digest)
