"""Reading a rule set: rule files and their cases, checked and compiled to the neutral form of
`cpss_advisor.engine.rulebook`, through the one load -> check -> cache path of `cpss_advisor.core.sources`.

A rule file (`rules/*.yaml`, kind `rules`) groups rules by concern. Each rule says `when` (patterns over facts of
`cpss_advisor.engine.fact_schema`), what it `derive`s, a `rationale` template and a citation. Beside each rule file,
`<name>.cases.yaml` (kind `rule_cases`) holds the cases that show when each rule fires and when it does not.

Everything is checked before anything runs: unknown fact types or fields, references to aliases that do not
exist yet, values of the wrong kind, unknown subdomain or context ids, duplicate ids, rules without a firing and a
non-firing case. Problems carry file, line and column.
"""

from __future__ import annotations

import importlib.resources
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..core.document import Document
from ..core.errors import KnowledgeError, Problem, did_you_mean
from ..core.sources import load_checked, source_set
from ..core.validation import validate_document
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Citation
from ..kb.localisation import translations_of
from .fact_schema import FACT_TYPES, PRIORITY_RULE_FIELD, comparable, kind_allows
from .rule_limits import ALLOWED_NUMBERS, MAX_PATTERNS, number_problem, rule_set_problems
from .rule_texts import localise_rulebook
from .rulebook import FILTERS, OPERATORS, Case, Condition, Derivation, Pattern, Ref, Rule, Rulebook, Template, placeholders

MAX_RULE_FILE_BYTES = 2 * 1024 * 1024

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Alias = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=20)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

_REF = re.compile(r"^\$([a-z][a-z0-9_]*)\.([a-z_]+)$")


# --- file shapes ---------------------------------------------------------------------------------------------

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class PatternModel(_Model):
    fact: str
    as_: Alias = Field(alias="as")
    where: dict[str, Any] = Field(default_factory=dict)


class RuleModel(_Model):
    id: Slug
    title: Text
    layer: Literal["goals", "steps", "dependencies", "context", "priorities", "qualifiers", "advice"]
    when: list[PatternModel] = Field(min_length=1)
    derive: list[dict[str, dict[str, Any]]] = Field(min_length=1, max_length=8)
    rationale: Text
    source: Citation
    also: list[Citation] = Field(default_factory=list)


class RulesFile(_Model):
    kind: Literal["rules"]
    schema_version: Literal[1]
    concern: Text
    description: Text | None = None
    rules: list[RuleModel] = Field(min_length=1)


class CaseModel(_Model):
    rule: Slug
    name: Text
    given: list[dict[str, Any]] = Field(default_factory=list)
    expect: Literal["fires", "does_not_fire"]
    derives: list[dict[str, Any]] = Field(default_factory=list)


class CasesFile(_Model):
    kind: Literal["rule_cases"]
    schema_version: Literal[1]
    cases: list[CaseModel] = Field(min_length=1)


# --- loading -------------------------------------------------------------------------------------------------

def default_rules_directory() -> Path:
    return Path(str(importlib.resources.files("cpss_advisor.rules")))


def rule_files(directory: Path) -> tuple[list[Path], list[Path]]:
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"})
    cases = [p for p in files if p.name.endswith((".cases.yaml", ".cases.yml"))]
    rules = [p for p in files if p not in cases]
    return rules, cases


def load_rulebook(kb: KnowledgeBase, directory: str | Path | None = None, *, require_cases: bool = True,
                  language: str | None = None) -> Rulebook:
    """Load, check and compile a rule set; raise `KnowledgeError` (exit 3) with every problem found.

    `require_cases=False` accepts rules that lack a firing or a non-firing case (for running the cases that exist
    while writing them). The same content, checked against the same knowledge base, gives the same object for the
    life of the process (`cpss_advisor.core.sources`).

    The rules' texts are in the knowledge base's language (`kb.language`; `language="en"` keeps them English, as
    the rules' cases are written): the current translations beside the knowledge base replace the English ones
    (`cpss_advisor.engine.rule_texts.localise_rulebook`); the rules and their hash stay those of the files.
    """
    book = _load_english(kb, directory, require_cases)
    language = language or kb.language
    if language == book.language:
        return book
    if language != kb.language:
        raise ValueError(f"rule texts in {language!r} need a knowledge base in {language!r}, not {kb.language!r}")
    return kb.derived(f"rulebook:{book.directory}:{book.sha256}:{require_cases}",
                      lambda k: localise_rulebook(book, translations_of(k)))


def _load_english(kb: KnowledgeBase, directory: str | Path | None, require_cases: bool) -> Rulebook:
    path = Path(directory) if directory is not None else default_rules_directory()
    if not path.is_dir():
        raise KnowledgeError(Problem(str(path), None, None, "not-found", "rules directory not found",
                                     "--rules takes a directory of rule YAML files"))
    rules, cases = rule_files(path)
    if not rules:
        raise KnowledgeError(Problem(str(path), None, None, "empty", "no rule files (*.yaml) here"))
    installed = path.resolve() == default_rules_directory().resolve()
    src = source_set("rules", path, rules + cases, lambda p: f"rules/{p.name}" if installed else str(p),
                     MAX_RULE_FILE_BYTES)
    case_names = {src.names[i] for i, p in enumerate(src.paths) if p in cases}

    def build(docs: list[Document]) -> Rulebook:
        return _build(str(path), src.sha256, [d for d in docs if d.path not in case_names],
                      [d for d in docs if d.path in case_names], kb, require_cases)

    return load_checked(src, build, key=(kb.sha256, require_cases), positions=_positions)


def _positions(doc: Document) -> list[tuple]:
    """The positions kept in the parse cache: each rule's and each case's, so that a rule set read from the cache
    still names their lines."""
    def count(key: str) -> int:
        value = doc.data.get(key) if isinstance(doc.data, dict) else None
        return len(value) if isinstance(value, list) else 0

    return [("rules", i) for i in range(count("rules"))] + [("cases", i) for i in range(count("cases"))]


def _build(directory: str, sha: str, rule_docs: list[Document], case_docs: list[Document], kb: KnowledgeBase,
           require_cases: bool = True) -> Rulebook:
    book = Rulebook(directory=directory, sha256=sha)
    problems: list[Problem] = []
    origins: dict[str, tuple[str, int | None, int | None]] = {}  # rule id -> (file, line, column) of the rule
    for doc in rule_docs:
        _add_rules(book, doc, kb, origins, problems)
    for doc in case_docs:
        parsed, errs = validate_document(doc, CasesFile)
        if errs:
            problems.extend(errs)
            continue
        for i, cm in enumerate(parsed.cases):
            if cm.rule in origins and cm.rule not in book.rules:
                continue  # the rule did not compile: its own problems say why
            case, errs = _compile_case(cm, doc, ("cases", i), book, kb)
            problems.extend(errs)
            if case is not None:
                book.cases.append(case)
    problems.extend(p for p in _coverage(book, origins) if require_cases or p.code != "missing-case")
    # What the engine can run: checked on the rules that compiled (the others have their problems already).
    problems.extend(rule_set_problems(book.ordered(), kb))
    if problems:
        raise KnowledgeError(problems)
    return book


def _add_rules(book: Rulebook, doc: Document, kb: KnowledgeBase, origins: dict[str, tuple[str, int | None, int | None]],
               problems: list[Problem]) -> None:
    if not isinstance(doc.data, dict) or doc.data.get("kind") != "rules":
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        problems.append(doc.problem(("kind",), "wrong-kind", f"expected 'kind: rules', got {kind!r}",
                                    "rule cases belong in files named <rules>.cases.yaml"))
        return
    parsed, errs = validate_document(doc, RulesFile)
    if errs:
        problems.extend(errs)
        return
    book.concerns[doc.path] = parsed.concern
    for i, rm in enumerate(parsed.rules):
        loc = ("rules", i)
        if rm.id in book.rules or rm.id in origins:
            first = origins.get(rm.id)
            problems.append(doc.problem(loc + ("id",), "duplicate-id", f"duplicate rule id '{rm.id}'",
                                        f"first defined at {_at(first)}" if first else None))
            continue
        origins[rm.id] = (doc.path, *doc.locate(loc))
        rule, errs = _compile_rule(rm, parsed.concern, doc, loc, kb)
        problems.extend(errs)
        if rule is not None:
            book.rules[rm.id] = rule


def _at(origin: tuple[str, int | None, int | None]) -> str:
    """file:line:column, as a problem's location is written."""
    return ":".join(str(part) for part in origin if part is not None)


def _coverage(book: Rulebook, origins: dict[str, tuple[str, int | None, int | None]]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], Case] = {}
    for c in book.cases:
        key = (c.rule, c.name)
        if key in seen:
            problems.append(Problem(c.file, c.line, None, "duplicate-case", f"rule '{c.rule}' has two cases named '{c.name}'"))
        seen[key] = c
    for rid in sorted(book.rules):
        expects = {c.expect for c in book.cases if c.rule == rid}
        missing = [e for e in ("fires", "does_not_fire") if e not in expects]
        if missing:
            file, line, column = origins[rid]
            problems.append(Problem(file, line, column, "missing-case",
                                    f"rule '{rid}' has no case where it {' and none where it '.join(m.replace('_', ' ') for m in missing)}",
                                    "add cases to the .cases.yaml file beside the rules"))
    return problems


# --- compiling and checking one rule -------------------------------------------------------------------------

def _compile_rule(rm: RuleModel, concern: str, doc: Document, loc: tuple, kb: KnowledgeBase) -> tuple[Rule | None, list[Problem]]:
    problems: list[Problem] = []
    aliases: dict[str, str] = {}  # alias -> fact type
    patterns = []
    if len(rm.when) > MAX_PATTERNS:
        problems.append(doc.problem(loc + ("when", MAX_PATTERNS), "too-many-patterns",
                                    f"a rule joins at most {MAX_PATTERNS} patterns, this one {len(rm.when)} (the rule "
                                    "engine holds at most 16 facts per match: a 17th fails with error 304 and "
                                    "crashes the process, measured)", "split the rule, or derive an intermediate fact"))
    for i, pm in enumerate(rm.when):
        ploc = loc + ("when", i)
        if pm.fact not in FACT_TYPES:
            problems.append(doc.problem(ploc + ("fact",), "unknown-fact", f"unknown fact type '{pm.fact}'",
                                        did_you_mean(pm.fact, FACT_TYPES) or "fact types: " + ", ".join(FACT_TYPES)))
            continue
        if pm.as_ in aliases:
            problems.append(doc.problem(ploc + ("as",), "duplicate-alias", f"alias '{pm.as_}' is used twice in this rule"))
            continue
        ft = FACT_TYPES[pm.fact]
        conditions = []
        for fname, spec in pm.where.items():
            floc = ploc + ("where", fname)
            if fname not in ft.fields:
                problems.append(doc.problem(floc, "unknown-field", f"'{pm.fact}' facts have no field '{fname}'",
                                            did_you_mean(fname, ft.fields) or "fields: " + ", ".join(ft.fields), at="key"))
                continue
            cond, errs = _condition(fname, ft.fields[fname], spec, aliases, doc, floc, kb)
            problems.extend(errs)
            if cond is not None:
                conditions.append(cond)
        aliases[pm.as_] = pm.fact
        patterns.append(Pattern(pm.as_, pm.fact, tuple(conditions)))
    derivations = []
    for i, item in enumerate(rm.derive):
        dloc = loc + ("derive", i)
        if len(item) != 1:
            problems.append(doc.problem(dloc, "bad-derive", "each derive item names one fact type, e.g. '- goal: {...}'"))
            continue
        (fact, values), = item.items()
        if fact not in FACT_TYPES:
            problems.append(doc.problem(dloc, "unknown-fact", f"unknown fact type '{fact}'",
                                        did_you_mean(fact, FACT_TYPES), at="key"))
            continue
        ft = FACT_TYPES[fact]
        if not ft.derived:
            problems.append(doc.problem(dloc, "not-derivable", f"'{fact}' is an input fact; rules cannot derive it",
                                        "derivable: " + ", ".join(n for n, t in FACT_TYPES.items() if t.derived), at="key"))
            continue
        fields = []
        for fname, v in values.items():
            vloc = dloc + (fact, fname)
            if fname not in ft.fields:
                problems.append(doc.problem(vloc, "unknown-field", f"'{fact}' facts have no field '{fname}'",
                                            did_you_mean(fname, ft.fields) or "fields: " + ", ".join(ft.fields), at="key"))
                continue
            value, errs = _value(ft.fields[fname], v, aliases, doc, vloc, kb, allow_template=ft.fields[fname] == "text")
            problems.extend(errs)
            fields.append((fname, value))
        missing = [f for f in ft.fields if f not in values and not ft.has_default(f)]
        if missing:
            problems.append(doc.problem(dloc + (fact,), "missing-field",
                                        f"'{fact}' needs {', '.join(missing)}", at="value"))
        derivations.append(Derivation(fact, tuple(fields)))
    try:
        rationale = _template(rm.rationale, aliases)
    except ValueError as exc:
        problems.append(doc.problem(loc + ("rationale",), "bad-template", str(exc)))
        rationale = None
    if problems:
        return None, problems
    line, _ = doc.locate(loc)
    return Rule(rm.id, rm.title, concern, rm.layer, tuple(patterns), tuple(derivations), rationale, rm.source,
                tuple(rm.also), doc.path, line), []


def _condition(fname: str, kind: Any, spec: Any, aliases: dict, doc: Document, floc: tuple,
               kb: KnowledgeBase) -> tuple[Condition | None, list[Problem]]:
    if isinstance(spec, dict):
        if len(spec) != 1:
            return None, [doc.problem(floc, "bad-condition", f"a condition has one operator ({', '.join(OPERATORS)})")]
        (op, raw), = spec.items()
        if op not in OPERATORS:
            return None, [doc.problem(floc, "unknown-operator", f"unknown operator '{op}'",
                                      did_you_mean(op, OPERATORS) or "operators: " + ", ".join(OPERATORS), at="value")]
    else:
        op, raw = "eq", spec
    if op in ("lt", "le", "gt", "ge") and not comparable(kind):
        return None, [doc.problem(floc, "not-comparable", f"'{fname}' cannot be compared with '{op}'; use eq, ne or in")]
    if op == "in":
        if not isinstance(raw, list) or not raw:
            return None, [doc.problem(floc, "bad-condition", "'in' takes a non-empty list of values")]
        problems = []
        values = []
        for i, item in enumerate(raw):
            v, errs = _value(kind, item, aliases, doc, floc + ("in", i), kb, allow_refs=False)
            problems.extend(errs)
            values.append(v)
        return (Condition(fname, "in", tuple(values)) if not problems else None), problems
    value, errs = _value(kind, raw, aliases, doc, floc, kb)
    return (Condition(fname, op, value) if not errs else None), errs


def _value(kind: Any, raw: Any, aliases: dict, doc: Document, vloc: tuple, kb: KnowledgeBase,
           allow_refs: bool = True, allow_template: bool = False) -> tuple[Any, list[Problem]]:
    if isinstance(raw, str) and raw.startswith("$"):
        m = _REF.match(raw)
        if not m or not allow_refs:
            return None, [doc.problem(vloc, "bad-reference", f"'{raw}' is not a reference of the form $alias.field")]
        alias, fname = m.groups()
        if alias not in aliases:
            return None, [doc.problem(vloc, "unknown-alias", f"'{raw}' refers to '{alias}', which no earlier pattern defines",
                                      did_you_mean(alias, aliases))]
        ft = FACT_TYPES[aliases[alias]]
        if fname not in ft.fields:
            return None, [doc.problem(vloc, "unknown-field", f"'{aliases[alias]}' facts have no field '{fname}'",
                                      did_you_mean(fname, ft.fields))]
        return Ref(alias, fname), []
    if allow_template and isinstance(raw, str) and "{" in raw:
        try:
            return _template(raw, aliases), []
        except ValueError as exc:
            return None, [doc.problem(vloc, "bad-template", str(exc))]
    allowed = kind_allows(kind, raw, kb.subdomains, kb.contexts)
    if allowed is not None:
        hint = None
        if kind == "subdomain":
            hint = did_you_mean(raw, kb.subdomains)
        elif kind == "context":
            hint = did_you_mean(raw, kb.contexts)
        elif isinstance(kind, tuple):
            hint = did_you_mean(raw, kind)
        what = {"subdomain": "unknown subdomain", "context": "unknown context"}.get(kind, "value")
        return None, [doc.problem(vloc, "bad-value", f"{what} {raw!r}; expected {allowed}", hint)]
    bad = number_problem(raw)
    if bad is not None:
        return None, [_number_problem(doc, vloc, bad)]
    return raw, []


def _number_problem(doc: Document, loc: tuple, why: str) -> Problem:
    return doc.problem(loc, "bad-number", f"{why}; allowed: {ALLOWED_NUMBERS}",
                       "durable-rules misreads numbers such as .nan, .inf, 1e-05 or 1e+20; write e.g. 0.0001 or 2.5")


def _template(text: str, aliases: dict) -> Template:
    fields = []
    for alias, fname, flt in placeholders(text):
        if alias not in aliases:
            raise ValueError(f"'{{{alias}.{fname}}}' refers to '{alias}', which no pattern defines")
        if fname not in FACT_TYPES[aliases[alias]].fields:
            raise ValueError(f"'{{{alias}.{fname}}}': '{aliases[alias]}' facts have no field '{fname}'")
        if flt is not None and flt not in FILTERS:
            raise ValueError(f"unknown filter '|{flt}'; filters: {', '.join(FILTERS)}")
        fields.append((alias, fname))
    return Template(text, tuple(fields))


# --- cases ---------------------------------------------------------------------------------------------------

def _compile_case(cm: CaseModel, doc: Document, loc: tuple, book: Rulebook, kb: KnowledgeBase) -> tuple[Case | None, list[Problem]]:
    problems = []
    if cm.rule not in book.rules:
        problems.append(doc.problem(loc + ("rule",), "unknown-rule", f"case for unknown rule '{cm.rule}'",
                                    did_you_mean(cm.rule, book.rules)))
    if not cm.given:
        problems.append(doc.problem(loc + ("given",) if "given" in cm.model_fields_set else loc, "empty-case",
                                    f"case '{cm.name}' gives no facts: no rule can fire on nothing, so the case "
                                    "tests nothing", "list the facts the rule reads, e.g. - {type: rating, ...}"))
    given = []
    for i, f in enumerate(cm.given):
        fact, errs = complete_fact(f, doc, loc + ("given", i), kb, partial=False)
        problems.extend(errs)
        given.append(fact)
    derives = []
    for i, f in enumerate(cm.derives):
        fact, errs = complete_fact(f, doc, loc + ("derives", i), kb, partial=True)
        problems.extend(errs)
        derives.append(fact)
    if cm.expect == "does_not_fire" and cm.derives:
        problems.append(doc.problem(loc + ("derives",), "bad-case", "a case where the rule does not fire derives nothing"))
    if not problems and cm.given:
        reads = _reads(book, cm.rule)
        if not any(f["type"] in reads for f in given):
            problems.append(doc.problem(loc + ("given",), "case-never-evaluated",
                                        f"case '{cm.name}' gives no fact that rule '{cm.rule}' reads, even through "
                                        "facts other rules derive: the rule can never be evaluated on it",
                                        "the rule reads " + ", ".join(sorted(reads))))
    if problems:
        return None, problems
    line, _ = doc.locate(loc)
    return Case(cm.rule, cm.name, tuple(given), cm.expect, tuple(derives), doc.path, line), []


def _reads(book: Rulebook, rule_id: str) -> set[str]:
    """The fact types a rule reads: those of its patterns, and those from which other rules derive them."""
    reads: set[str] = set()
    todo = [p.fact for p in book.rules[rule_id].patterns]
    while todo:
        t = todo.pop()
        if t in reads:
            continue
        reads.add(t)
        for r in book.rules.values():
            if any(d.fact == t for d in r.derivations):
                todo.extend(p.fact for p in r.patterns)
    return reads


def complete_fact(raw: dict, doc: Document, loc: tuple, kb: KnowledgeBase, partial: bool) -> tuple[dict | None, list[Problem]]:
    """Check a fact written in a case; fill defaults (and `outcome` from the subdomain) unless `partial`."""
    t = raw.get("type")
    if t not in FACT_TYPES:
        return None, [doc.problem(loc + ("type",), "unknown-fact", f"unknown fact type {t!r}",
                                  did_you_mean(t, FACT_TYPES) if isinstance(t, str) else "every fact needs a 'type'")]
    ft = FACT_TYPES[t]
    problems = []
    out = {"type": t}
    for k, v in raw.items():
        if k == "type":
            continue
        if k == PRIORITY_RULE_FIELD and t == "priority" and partial:
            out[k] = v
            continue
        if k not in ft.fields:
            problems.append(doc.problem(loc + (k,), "unknown-field", f"'{t}' facts have no field '{k}'",
                                        did_you_mean(k, ft.fields) or "fields: " + ", ".join(ft.fields), at="key"))
            continue
        allowed = kind_allows(ft.fields[k], v, kb.subdomains, kb.contexts)
        if allowed is not None:
            problems.append(doc.problem(loc + (k,), "bad-value", f"{t}.{k}: {v!r} is not allowed; expected {allowed}"))
            continue
        bad = number_problem(v)
        if bad is not None:
            problems.append(_number_problem(doc, loc + (k,), f"{t}.{k}: {bad}"))
            continue
        out[k] = v
    if not partial and not problems:
        if "outcome" in ft.fields and "outcome" not in out and "subdomain" in out:
            out["outcome"] = out["subdomain"].split(".")[0]
        for k in ft.fields:
            if k not in out:
                if ft.has_default(k):
                    out[k] = ft.default(k)
                else:
                    problems.append(doc.problem(loc, "missing-field", f"'{t}' fact needs '{k}'"))
    return (out if not problems else None), problems
