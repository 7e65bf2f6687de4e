"""The catalogue of problem codes (cpss_advisor/core/error_codes.py) stays true to the source.

Statically, a scan of the source of `cpss_advisor/` and `cli/` finds every code the package gives a problem and
checks it against the catalogue both ways: each code is registered, each entry is used. Dynamically, the session
guard of conftest.py checks each problem the package makes while the suite runs. Each check is shown to fail on a
made-up code. Then: docs/errors.md is generated from the catalogue, and `cpss errors` shows it.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pydantic import BaseModel, field_validator
from pydantic_core import PydanticCustomError

from cpss_advisor.core import error_codes
from cpss_advisor.core.document import Document
from cpss_advisor.core.error_codes import CATALOGUE, ENTRIES, ErrorCode, render_markdown
from cpss_advisor.core.errors import Problem
from cpss_advisor.core.validation import _problem, validate_document

from tests.conftest import ROOT, ProblemCodeGuard, run_cli

# --- the scan ----------------------------------------------------------------------------------------------------
#
# A code reaches a problem through a call: `Problem(file, line, col, CODE, ...)` or `Problem(..., code=CODE)`, or a
# helper that passes it on. Helpers are found, not listed: every function or method with a parameter named `code`
# (`doc.problem(loc, CODE)`, `kb.problem(entity, key, CODE)`, `self.error(cell, CODE)`, `_error(target, CODE)`),
# and every class with a field named `code` (`Problem` itself, `ContextViolation(CODE, ...)`). The code given at a
# call is read from the source: a literal; either branch of `a if c else b`; a variable (its assignments in the
# function) or a module constant (MORE_PROBLEMS); an f-string or a concatenation, which is a family of codes (with
# its members when the f-string depends only on parameters that every call gives as literals). A `code` parameter
# or an object's `.code` passed on is not a site: the call that gave it is. A pydantic custom error's type
# becomes a code (`cpss_phase` -> `bad-phase`, core/validation.py).

#: Classes with a `code` field that is not a problem code: why a plan step starts when it does, or waits.
NOT_PROBLEM_CODES = {"Hold", "Placement"}
#: A starred argument before the code stands for this many positions: `*pos` is (line, column).
STARRED_WIDTH = 2
CUSTOM_ERROR = "PydanticCustomError"
#: The catalogue itself names every code (its entries are not problems).
NOT_SCANNED = {"cpss_advisor/core/error_codes.py", "cpss_advisor/core/error_entries.py", "cpss_advisor/core/error_model.py"}
#: Codes built at run time that stand for codes read elsewhere by the scan: validation.py turns a custom error's
#: type into "bad-..." (each PydanticCustomError(...) is a site of its own).
READ_ELSEWHERE = {("cpss_advisor/core/validation.py", "bad-{}")}


def custom_error_code(kind: str) -> str:
    """The code core/validation.py gives a pydantic custom error of this type."""
    return "bad-" + kind.removeprefix("cpss_").replace("_", "-")


@dataclass(frozen=True)
class Site:
    file: str
    line: int
    code: str | None = None        # a literal code
    template: str | None = None    # a code built at run time, with {} for each part computed
    members: tuple[str, ...] = ()  # the codes the template gives, where every call fixes them


@dataclass
class Scan:
    sites: list[Site] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    @property
    def codes(self) -> dict[str, str]:
        """code -> where it is first written"""
        out: dict[str, str] = {}
        for s in self.sites:
            if s.code:
                out.setdefault(s.code, f"{s.file}:{s.line}")
        return out

    @property
    def templates(self) -> list[Site]:
        return [s for s in self.sites if s.template is not None]


@dataclass
class _Helper:
    index: int                 # where the code is among the arguments (self excluded); -1: keyword only
    owner: str | None = None   # the class of a method; None for a function or a class


def _type_name(node: ast.expr) -> str:
    """The class an annotation names: `Document`, `"Document | None"`, `list[Problem]` -> Document, Problem."""
    text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ast.unparse(node)
    for part in re.split(r"[\s|\[\],]+", text):
        part = part.strip("\"'").rsplit(".", 1)[-1]
        if part and part not in {"None", "list", "tuple", "dict", "set", "Optional", "Iterable", "Iterator",
                                 "Sequence"}:
            return part
    return ""


def _params(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]


def _code_index(fn: ast.FunctionDef, *, method: bool) -> int | None:
    positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list)
    if method and not static and positional:
        positional = positional[1:]
    if "code" in positional:
        return positional.index("code")
    return -1 if "code" in [a.arg for a in fn.args.kwonlyargs] else None


class _Source:
    """The parsed files, their classes, functions and module constants, and the helpers that take a code."""

    def __init__(self, files: dict[str, ast.Module]):
        self.files = files
        self.parents: dict[ast.AST, ast.AST] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.constants: dict[str, ast.expr] = {}
        self.returns: dict[str, str] = {}
        self.helpers: dict[str, list[_Helper]] = {CUSTOM_ERROR: [_Helper(0)]}
        for tree in files.values():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
                    self.returns.setdefault(node.name, _type_name(node.returns))
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    self.classes[node.name] = node
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    i = _code_index(node, method=False)
                    if i is not None:
                        self.helpers.setdefault(node.name, []).append(_Helper(i))
                elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    self.constants.setdefault(node.targets[0].id, node.value)
        for name, cls in self.classes.items():
            for node in cls.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    i = _code_index(node, method=True)
                    if i is not None:
                        self.helpers.setdefault(node.name, []).append(_Helper(i, name))
            fields = [n.target.id for n in cls.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
            if "code" in fields and name not in NOT_PROBLEM_CODES:
                self.helpers.setdefault(name, []).append(_Helper(fields.index("code")))

    def enclosing(self, node: ast.AST, kinds=(ast.FunctionDef, ast.AsyncFunctionDef)):
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, kinds):
                return node
        return None

    def mro(self, name: str) -> list[str]:
        out, todo = [], [name]
        while todo:
            c = todo.pop(0)
            if c in self.classes and c not in out:
                out.append(c)
                todo.extend(_type_name(b) for b in self.classes[c].bases)
        return out

    def receiver_class(self, receiver: ast.expr, call: ast.Call) -> str | None:
        """The class of the object a method is called on, when the source says it: `self`, an annotated
        parameter, a variable assigned an object of a class or the result of an annotated function; "" for a
        module-level name (an imported module or object); None when the source does not say."""
        if not isinstance(receiver, ast.Name):
            return None
        fn = self.enclosing(call)
        while fn is not None:
            if receiver.id in ("self", "cls"):
                cls = self.enclosing(fn, ast.ClassDef)
                return cls.name if cls is not None else None
            for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs:
                if a.arg == receiver.id:
                    return _type_name(a.annotation) if a.annotation is not None else None
            for node in ast.walk(fn):
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                        and node.target.id == receiver.id:
                    return _type_name(node.annotation)
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == receiver.id
                                                        for t in node.targets):
                    value = node.value
                    callee = value.func if isinstance(value, ast.Call) else None
                    name = callee.id if isinstance(callee, ast.Name) else \
                        callee.attr if isinstance(callee, ast.Attribute) else None
                    if name in self.classes:
                        return name
                    return self.returns.get(name) if name else None
            fn = self.enclosing(fn)
        return receiver.id if receiver.id in self.classes else ""


def scan(roots: list[Path], base: Path) -> Scan:
    """Every place the source under `roots` gives a problem its code."""
    files = {}
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            name = path.relative_to(base).as_posix()
            if name not in NOT_SCANNED:
                files[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    source = _Source(files)
    result = Scan()
    for name, tree in files.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                _call(source, name, node, result)
    return result


def _call(source: _Source, file: str, call: ast.Call, result: Scan) -> None:
    func = call.func
    if isinstance(func, ast.Name):
        name, receiver = func.id, None
    elif isinstance(func, ast.Attribute):
        name, receiver = func.attr, func.value
    else:
        return
    helpers = source.helpers.get(name, [])
    if receiver is None:
        helpers = [h for h in helpers if h.owner is None]
    else:
        owner = source.receiver_class(receiver, call)
        if owner:
            mro = source.mro(owner)
            nearest = next((c for c in mro if any(h.owner == c for h in helpers)), None)
            helpers = [h for h in helpers if h.owner == nearest] if nearest else \
                ([h for h in helpers if h.owner is None] if owner not in source.classes else [])
        elif owner == "":  # a module or an object from elsewhere: only a function or class of the package
            helpers = [h for h in helpers if h.owner is None]
    if not helpers:
        return
    where = f"{file}:{call.lineno}"
    if len({h.index for h in helpers}) > 1:
        result.unresolved.append(f"{where}: cannot tell which '{name}' this calls: annotate "
                                 f"'{ast.unparse(receiver)}' with its class")
        return
    expr = _argument(call, helpers[0].index)
    if expr is None:
        return
    if name == CUSTOM_ERROR:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            result.sites.append(Site(file, call.lineno, code=custom_error_code(expr.value)))
        else:
            result.unresolved.append(f"{where}: write the type of a {CUSTOM_ERROR} out, as text")
        return
    _resolve(source, file, call, expr, source.enclosing(call), result, frozenset())


def _argument(call: ast.Call, index: int) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == "code":
            return k.value
    pos = 0
    for a in call.args if index >= 0 else ():
        if isinstance(a, ast.Starred):
            pos += STARRED_WIDTH
            if pos > index:
                return None
            continue
        if pos == index:
            return a
        pos += 1
    return None


def _resolve(source: _Source, file: str, call: ast.Call, expr: ast.expr, fn, result: Scan, seen: frozenset) -> None:
    where = f"{file}:{call.lineno}"
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        result.sites.append(Site(file, call.lineno, code=expr.value))
    elif isinstance(expr, ast.IfExp):
        for part in (expr.body, expr.orelse):
            _resolve(source, file, call, part, fn, result, seen)
    elif isinstance(expr, ast.BoolOp):
        for part in expr.values:
            _resolve(source, file, call, part, fn, result, seen)
    elif isinstance(expr, ast.Attribute) and expr.attr == "code":
        pass  # carried by an object of a class with a `code` field: where it was made is a site of its own
    elif isinstance(expr, ast.Name):
        if expr.id not in seen:
            _resolve_name(source, file, call, expr, fn, result, seen | {expr.id})
    elif isinstance(expr, (ast.JoinedStr, ast.BinOp, ast.Call)):
        members = _members(source, expr, fn) if isinstance(expr, ast.JoinedStr) else ()
        result.sites.append(Site(file, call.lineno, template=_template(expr), members=members))
    else:
        result.unresolved.append(f"{where}: cannot tell the code {ast.unparse(expr)}")


def _resolve_name(source: _Source, file: str, call: ast.Call, expr: ast.Name, fn, result: Scan,
                  seen: frozenset) -> None:
    scope = fn
    while scope is not None:
        if expr.id in _params(scope):
            if expr.id != "code":  # a `code` parameter passes on what its callers give: they are sites
                result.unresolved.append(f"{file}:{call.lineno}: the code is the parameter '{expr.id}' of "
                                         f"{scope.name}(): name it 'code', so that its callers are read")
            return
        values = [n.value for n in ast.walk(scope) if isinstance(n, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == expr.id for t in n.targets)]
        if values:
            for v in values:
                _resolve(source, file, call, v, scope, result, seen)
            return
        scope = source.enclosing(scope)
    if expr.id in source.constants:
        _resolve(source, file, call, source.constants[expr.id], None, result, seen)
    else:
        result.unresolved.append(f"{file}:{call.lineno}: cannot tell the code '{expr.id}'")


def _template(expr: ast.expr) -> str:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(_template(v) if isinstance(v, ast.Constant) else "{}" for v in expr.values)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _template(expr.left) + _template(expr.right)
    return "{}"


def _members(source: _Source, expr: ast.JoinedStr, fn) -> tuple[str, ...]:
    """The codes an f-string gives, when it depends only on parameters of its function and each call of that
    function gives them as literals: the f-string evaluated with each call's values."""
    names = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
    if fn is None or not names or not names <= set(_params(fn)):
        return ()
    positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    compiled = compile(ast.Expression(expr), "<code>", "eval")
    out = set()
    for tree in source.files.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == fn.name:
                values = {}
                for name in names:
                    arg = next((k.value for k in node.keywords if k.arg == name), None)
                    if arg is None and name in positional and positional.index(name) < len(node.args):
                        arg = node.args[positional.index(name)]
                    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                        return ()
                    values[name] = arg.value
                out.add(eval(compiled, {"__builtins__": {}}, values))  # noqa: S307 - an f-string of the source
    return tuple(sorted(out))


# --- the scan against the catalogue ------------------------------------------------------------------------------

def _pattern(code: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", code)


def catalogue_problems(found: Scan, entries: tuple[ErrorCode, ...]) -> list[str]:
    """Everything on which the source and the catalogue disagree, one line each; empty when they agree."""
    out = [f"unreadable site: {u}" for u in found.unresolved]
    by_code = {e.code: e for e in entries if not e.family}
    families = {_pattern(e.code): e for e in entries if e.family}
    for code, where in sorted(found.codes.items()):
        if code not in by_code:
            out.append(f"'{code}' ({where}) is not registered")
    templates = set()
    for s in found.templates:
        templates.add(s.template)
        if (s.file, s.template) in READ_ELSEWHERE:
            continue
        family = families.get(s.template)
        if family is None:
            out.append(f"the codes built at {s.file}:{s.line} ('{s.template}') are no registered family")
        elif s.members and set(s.members) != set(family.members):
            out.append(f"the family '{family.code}' lists {sorted(family.members)}; {s.file}:{s.line} gives "
                       f"{sorted(s.members)}")
    for code in sorted(set(by_code) - set(found.codes)):
        out.append(f"'{code}' is registered but no problem is given it")
    for pattern, e in sorted(families.items()):
        if pattern not in templates:
            out.append(f"the family '{e.code}' is registered but no code is built like it")
    return out


@pytest.fixture(scope="module")
def source_scan() -> Scan:
    return scan([ROOT / "cpss_advisor", ROOT / "cli"], ROOT)


def test_the_source_and_the_catalogue_agree(source_scan):
    """Every code the package writes is registered, every code built at run time is a registered family (with the
    members the source gives it), and every entry is used."""
    assert catalogue_problems(source_scan, ENTRIES) == []


def test_the_scan_reads_every_way_a_code_is_given(source_scan):
    """The scan sees the helpers of the package (so that a code given through them is not missed)."""
    files: dict[str, set[str]] = {}
    for site in source_scan.sites:
        if site.code:
            files.setdefault(site.code, set()).add(site.file)
    assert "cpss_advisor/kb/integrity.py" in files["phases"]                # Problem(file, line, col, CODE, ...)
    assert "cpss_advisor/kb/integrity.py" in files["misplaced-subdomain"]   # kb.problem(entity, key, CODE)
    assert "cpss_advisor/intake/assessment.py" in files["nothing-rated"]    # doc.problem(loc, CODE)
    assert "cpss_advisor/intake/workbook.py" in files["bad-yes-no"]         # self.error(cell, CODE)
    assert "cpss_advisor/core/output.py" in files["dangling-symlink"]       # _error(target, CODE)
    assert "cpss_advisor/intake/assessment.py" in files["contradictory-context"]  # ContextViolation(CODE, ...)
    assert "cpss_advisor/core/document.py" in files["complex-key"]          # Problem(name, *pos, CODE, ...)
    assert "cpss_advisor/core/errors.py" in files["more-problems"]          # MORE_PROBLEMS
    assert "cpss_advisor/intake/assessment.py" in files["bad-one-line"]     # PydanticCustomError("cpss_one_line")
    assert "cpss_advisor/audit/record.py" in files["bad-timestamp"]
    codes = source_scan.codes
    assert len(codes) >= 140


SYNTHETIC = '''
from dataclasses import dataclass
from pydantic_core import PydanticCustomError

MADE_UP = "made-up-constant"


class Problem:
    file: str
    line: int
    column: int
    code: str
    message: str


class Document:
    def problem(self, loc, code, message):
        return Problem("f", 1, 1, code, message)


class Registry:
    def problem(self, entity, key, code, message):
        return Problem("f", None, None, code, message)


@dataclass
class Violation:
    code: str
    message: str


def _unknown(kb: Registry, what):
    return kb.problem("entity", 1, f"made-up-{what}", "m")


def helper(target, code, message):
    return Problem(str(target), None, None, code, message)


def sites(doc: Document, kb: Registry, flag, pos):
    Problem("f", 1, 2, "made-up-positional", "m")
    Problem("f", 1, 2, message="m", code="made-up-keyword")
    Problem("f", *pos, "made-up-starred", "m")
    Problem("f", 1, 2, MADE_UP, "m")
    doc.problem(("a",), "made-up-method", "m")
    kb.problem("entity", "key", "made-up-other-method", "m")
    helper("t", "made-up-helper", "m")
    Violation("made-up-carried", "m")
    code = "made-up-if" if flag else "not-found"
    Problem("f", 1, 2, code, "m")
    _unknown(kb, "thing")
    _unknown(kb, "other")
    raise PydanticCustomError("cpss_made_up", "m")


def passes(kind):
    return Problem("f", 1, 2, kind, "m")
'''


def test_the_scan_finds_made_up_codes_however_they_are_given(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(SYNTHETIC)
    found = scan([tmp_path / "pkg"], tmp_path)
    made_up = {"made-up-positional", "made-up-keyword", "made-up-starred", "made-up-constant", "made-up-method",
               "made-up-other-method", "made-up-helper", "made-up-carried", "made-up-if", "bad-made-up"}
    assert set(found.codes) == made_up | {"not-found"}
    assert [(s.template, s.members) for s in found.templates] == [("made-up-{}", ("made-up-other", "made-up-thing"))]
    assert len(found.unresolved) == 1 and "parameter 'kind' of passes()" in found.unresolved[0]
    problems = "\n".join(catalogue_problems(found, ENTRIES))
    for code in made_up:
        assert f"'{code}' (pkg/mod.py:" in problems and "is not registered" in problems
    assert "'not-found' (" not in problems
    assert "('made-up-{}') are no registered family" in problems
    assert "parameter 'kind' of passes()" in problems


def test_an_unused_entry_or_family_and_wrong_members_are_reported(source_scan):
    dead = ErrorCode("made-up-dead", "general", "Never given.", "Nothing.", (1,))
    family = ErrorCode("made-up-{x}", "general", "Never built.", "Nothing.", (1,), members=("made-up-a",))
    unknown = next(e for e in ENTRIES if e.code == "unknown-{what}")
    short = ErrorCode(unknown.code, unknown.area, unknown.meaning, unknown.fix, unknown.exits,
                      members=unknown.members[1:])
    entries = tuple(e for e in ENTRIES if e is not unknown) + (dead, family, short)
    problems = catalogue_problems(source_scan, entries)
    assert "'made-up-dead' is registered but no problem is given it" in problems
    assert "the family 'made-up-{x}' is registered but no code is built like it" in problems
    assert any(p.startswith("the family 'unknown-{what}' lists") for p in problems)


def test_each_custom_error_of_the_source_becomes_its_registered_code(source_scan):
    """The types of the PydanticCustomErrors in the source, through core/validation.py: the codes the scan gives
    them, each registered."""
    kinds = set()
    for path in sorted((ROOT / "cpss_advisor").rglob("*.py")):
        kinds.update(re.findall(rf'{CUSTOM_ERROR}\(\s*"([a-z_]+)"', path.read_text()))
    assert len(kinds) >= 8
    for kind in sorted(kinds):
        class Model(BaseModel):
            value: int

            @field_validator("value", mode="before")
            @classmethod
            def _refuse(cls, v):
                raise PydanticCustomError(kind, "refused")

        _, problems = validate_document(Document("f.yaml", {"value": 1}), Model)
        assert [p.code for p in problems] == [custom_error_code(kind)], kind
        assert custom_error_code(kind) in CATALOGUE and custom_error_code(kind) in source_scan.codes


@pytest.mark.parametrize("kind", error_codes.typing.get_args(error_codes.ErrorType))
def test_every_check_of_pydantic_reaches_a_registered_code(kind):
    """Whatever check of pydantic fails, core/validation.py reports it under a registered code; the checks that
    keep their own name are exactly the members of the `{pydantic-check}` family."""
    err = {"type": kind, "loc": ("field",), "msg": "refused", "input": 1, "ctx": {"expected": "'a'", "error": "x"}}
    code = _problem(Document("f.yaml", {"field": 1}), ("field",), err, BaseModel).code
    assert error_codes.is_registered(code), code
    family = CATALOGUE["{pydantic-check}"]
    assert (code == kind.replace("_", "-")) == family.matches(code)


# --- the session guard (conftest.py) -----------------------------------------------------------------------------

def test_the_guard_records_a_made_up_code_that_the_package_gives():
    with ProblemCodeGuard() as guard:
        Document("f.yaml", {}).problem((), "made-up-code", "m")
        Problem("f.yaml", 1, 1, "made-up-by-a-test", "m")  # a test's own problem is not looked at
        Document("f.yaml", {}).problem((), "not-found", "m")
    assert list(guard.strays) == ["made-up-code"]
    assert guard.strays["made-up-code"].startswith("cpss_advisor/core/document.py:")
    assert "'made-up-code' (made at cpss_advisor/core/document.py:" in guard.failure()


def test_the_guard_records_an_exit_code_the_catalogue_does_not_list(tmp_path):
    from cpss_advisor.core.output import _error

    with ProblemCodeGuard() as guard:
        _error(tmp_path, "syntax", "m")      # OutputError, exit 4: 'syntax' ends runs with 1 or 3
        _error(tmp_path, "write-failed", "m")
    assert list(guard.wrong_exits) == [("syntax", 4)]
    assert "'syntax' ended a run with exit code 4" in guard.failure()


@pytest.mark.parametrize("code,fails", [("made-up-code", True), ("not-found", False)])
def test_a_test_run_where_the_package_gives_an_unregistered_code_fails(tmp_path, code, fails):
    """The guard as the suite uses it: a pytest run with conftest.py fails, naming the code and where it was made,
    when the package made a problem with a code the catalogue does not have; and passes otherwise."""
    (tmp_path / "test_made_up.py").write_text(
        "from cpss_advisor.core.document import Document\n\n\n"
        "def test_it():\n"
        f"    Document('f.yaml', {{}}).problem((), {code!r}, 'm')\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}  # the options of this run are not its
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                        "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert (r.returncode != 0) == fails, r.stdout + r.stderr
    assert ("'made-up-code' (made at cpss_advisor/core/document.py:" in r.stdout) == fails, r.stdout


# --- docs/errors.md ------------------------------------------------------------------------------------------------

def test_docs_errors_md_is_generated_from_the_catalogue():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert text == render_markdown(), ("docs/errors.md differs from the catalogue: regenerate it with 'make docs' "
                                       "(python -m cpss_advisor.core.error_codes -o docs/errors.md)")


def test_every_code_has_one_anchor_in_the_docs():
    text = render_markdown()
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert len(anchors) == len(set(anchors))
    assert {e.anchor for e in ENTRIES} <= set(anchors)


def test_the_module_writes_the_docs(tmp_path):
    out = tmp_path / "errors.md"
    assert error_codes.main(["-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_markdown()


# --- cpss errors ---------------------------------------------------------------------------------------------------

def test_cpss_errors_lists_every_code_by_area():
    r = run_cli("errors")
    assert r.code == 0
    for e in ENTRIES:
        assert re.search(rf"^  {re.escape(e.code)} ", r.stdout, re.M), e.code
    for area in error_codes.AREAS:
        assert f"\n{area.title}\n" in r.stdout


def test_cpss_errors_explains_one_code():
    r = run_cli("errors", "bad-phase")
    assert r.code == 0
    e = CATALOGUE["bad-phase"]
    flat = " ".join(r.stdout.split())
    assert flat.startswith("bad-phase: Assessments")
    assert f"What it means: {e.meaning}" in flat and f"How to fix it: {e.fix}" in flat
    assert "Exit code: 1 (bad input)" in flat


def test_cpss_errors_explains_a_code_of_a_family_with_each_of_its_entries():
    r = run_cli("errors", "unknown-subdomain")
    assert r.code == 0
    assert "unknown-subdomain: Assessments" in r.stdout
    assert "unknown-subdomain (one of unknown-{what}): Knowledge base" in r.stdout
    assert "Exit code: 3 (invalid knowledge base or rule set)" in r.stdout


def test_a_misspelt_code_is_bad_input_with_a_suggestion():
    r = run_cli("errors", "not-fund")
    assert r.code == 1 and r.stdout == ""
    assert "<command line>: unknown error code 'not-fund'" in r.stderr
    assert "did you mean 'not-found'" in r.stderr


def test_cpss_errors_json_is_the_catalogue_as_data():
    r = run_cli("errors", "--format", "json")
    assert r.code == 0
    data = json.loads(r.stdout)
    assert [c["code"] for c in data["codes"]] == [e.code for e in error_codes._ordered()]
    assert data["codes"][0].keys() >= {"code", "area", "area_title", "meaning", "fix", "exit_codes", "anchor"}
    assert next(c for c in data["codes"] if c["code"] == "unknown-{what}")["members"] == \
        list(CATALOGUE["unknown-{what}"].members)
    one = json.loads(run_cli("errors", "too-deep", "--format", "json").stdout)
    assert one == {"code": "too-deep", "entries": [CATALOGUE["too-deep"].as_dict()]}
