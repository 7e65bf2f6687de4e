"""Turning pydantic validation errors into located, readable problems.

pydantic reports a path (``("ratings", "3.3", "phase")``) and a message written for programmers. Here the path
becomes a line and column through the `Document`, and the message says what is wrong and what is allowed.
The problems found while reading the document (a duplicate key, a control character, ...) are reported together
with these, so that one run lists every problem of a file.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .document import Document, dotted_path
from .errors import Problem, did_you_mean, shown
from .i18n import N_
from .translatable import M_, Message, located


def validate_document(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate `doc.data` against `model`; return the instance (or None when the data does not fit it) and every
    problem found, those found while reading the document included: a caller that goes on to check meaning while
    there are problems (to report them all at once) must still refuse the document."""
    try:
        parsed, problems = model.model_validate(doc.data), []
    except ValidationError as exc:
        parsed, problems = None, problems_from(doc, exc, model)
    if doc.problems:
        # A value the reader refused (a number of 5,000 digits) is also wrong for the model: one problem per place.
        taken = {(p.line, p.column) for p in doc.problems if p.line is not None}
        problems = [*doc.problems, *(p for p in problems if (p.line, p.column) not in taken)]
    return parsed, problems


def salvage(data: Any, model: type[BaseModel], placeholders: dict[str, Any]) -> BaseModel | None:
    """The model made from `data` without the values it refused, or None: what is left of a document with shape
    problems, so that the meaning of the rest can be checked in the same run. A refused entry of a top-level
    mapping is left out; a refused top-level field (a list with a refused item included) is left out too, or set
    to its placeholder when it is required."""
    if not isinstance(data, dict):
        return None
    data = dict(data)
    for _ in range(4):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(p for p in err["loc"] if not _is_internal(p))
                if not loc or not _leave_out(data, loc, placeholders):
                    return None
    return None


def _leave_out(data: dict, loc: tuple, placeholders: dict[str, Any]) -> bool:
    top, rest = loc[0], loc[1:]
    if not rest:
        if top in placeholders:
            data[top] = placeholders[top]
        else:
            data.pop(top, None)
        return True
    container = data.get(top)
    key = rest[0]
    if isinstance(container, dict):
        data[top] = {k: v for k, v in container.items() if k != key}
        return True
    # A list loses the whole field: leaving an item out would shift the places of the others.
    data.pop(top, None)
    return top not in placeholders


def problems_from(doc: Document, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_internal(p))
        problems.append(_problem(doc, loc, err, model))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))


def _is_internal(part: Any) -> bool:
    # pydantic adds union branch and validator names to paths, e.g. 'function-before[...]' or 'int'.
    return isinstance(part, str) and ("[" in part or part in {"int", "float", "str", "list", "dict", "tuple"})


def _problem(doc: Document, loc: tuple, err: dict, model: type[BaseModel]) -> Problem:
    kind = err["type"]
    where = dotted_path(loc)
    value = err.get("input")
    if kind == "extra_forbidden":
        name = loc[-1] if loc else "?"
        allowed = sorted(_fields_at(model, loc[:-1]))
        hint = did_you_mean(name, allowed)
        if allowed:
            fields = M_("allowed fields: %(fields)s", fields=", ".join(allowed))
            hint = Message("%(hint)s %(fields)s", {"hint": hint, "fields": fields}) if hint else fields
        parent = dotted_path(loc[:-1])
        message = M_("unknown field '%(name)s' in %(parent)s", name=name, parent=parent) if parent else \
            M_("unknown field '%(name)s'", name=name)
        return doc.problem(loc, "unknown-field", message, hint, at="key")
    if kind == "missing":
        name = loc[-1] if loc else "?"
        parent = dotted_path(loc[:-1])
        message = M_("missing required field '%(name)s' in %(parent)s", name=name, parent=parent) if parent else \
            M_("missing required field '%(name)s'", name=name)
        return doc.problem(loc[:-1], "missing-field", message)
    if kind in {"value_error", "assertion_error"}:
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return doc.problem(loc, "invalid-value", f"{where}: {msg}" if where else msg)
    if kind.startswith("custom") or kind.startswith("cpss_"):
        ctx = err.get("ctx") or {}
        code = "bad-" + kind.removeprefix("cpss_").replace("_", "-")
        message = CustomMessage(err["msg"], ctx)
        return doc.problem(loc, code, located(where, message), ctx.get("hint"))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return doc.problem(loc, "not-allowed", located(where, M_("%(value)s is not allowed; allowed: %(expected)s",
                                                                 value=_show(value), expected=expected)))
    if kind == "string_pattern_mismatch":
        return doc.problem(loc, "bad-format", located(where, M_("%(value)s is not in the expected form",
                                                                value=_show(value))), _pattern_hint(loc))
    if kind.endswith("_type") or kind in {"model_type", "model_attributes_type"}:
        expected = _TYPE_WORDS.get(kind, kind.replace("_type", ""))
        return doc.problem(loc, "wrong-type", located(where, M_("expected %(expected)s, got %(value)s",
                                                                expected=M_(expected), value=_show(value))))
    return doc.problem(loc, kind.replace("_", "-"), f"{where}: {err['msg']}" if where else err["msg"])


_TYPE_WORDS = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
    "list_type": N_("a list"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping"),
    "model_attributes_type": N_("a mapping"),
    "tuple_type": N_("a list"),
    "date_type": N_("a date (YYYY-MM-DD)"),
}


class CustomMessage(Message):
    """The message of a pydantic custom error (``PydanticCustomError("cpss_phase", N_("{shown} is not a phase"),
    ctx)``): pydantic keeps only the text it made, so the template is found again, when the message is shown in
    another language, among the catalogue's messages written with {placeholders}: the one that makes this text
    from the error's context."""

    def __new__(cls, text: str, ctx: dict | None = None) -> "CustomMessage":
        self = super().__new__(cls, str(text))
        self.ctx = dict(ctx or {})
        return self

    def translate(self, language: str) -> str:
        from .i18n import SOURCE_LANGUAGE, translator

        if language == SOURCE_LANGUAGE or not self.ctx:
            return str(self) if language == SOURCE_LANGUAGE else translator(language).gettext(str(self))
        catalog = translator(language)._catalog  # msgid -> translation
        for msgid, text in catalog.items():
            if isinstance(msgid, str) and "{" in msgid and _formats_to(msgid, self.ctx, str(self)):
                args = {k: (v.translate(language) if isinstance(v, Message) else v) for k, v in self.ctx.items()}
                return text.format(**args)
        return str(self)


def _formats_to(template: str, ctx: dict, text: str) -> bool:
    try:
        return template.format(**ctx) == text
    except (KeyError, IndexError, ValueError, AttributeError):
        return False


def _pattern_hint(loc: tuple) -> str | None:
    last = str(loc[-1]) if loc else ""
    if last in {"subdomain", "needs"} or last == "maps_to" or (len(loc) > 1 and loc[-2] in {"subdomains", "affects", "maps_to"}):
        return M_("subdomain ids are written like \"3.3\" (quoted)")
    if last == "id" or last in {"action_type", "duration"} or (len(loc) > 1 and loc[-2] in {"lead_actors", "contexts"}):
        return M_("ids are lower-case letters, digits, '-', '_' and '.'")
    if last == "seed":
        return M_("seed ids are three digits, quoted: \"000\"")
    return None


def _show(value: Any) -> str:
    if value is None:
        return M_("nothing (empty)")
    return shown(value, 60)


def _fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Field names of the model reached by following `loc` through nested models, lists and dicts."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return set()
            tp = field.annotation
        else:
            origin = typing.get_origin(tp)
            args = typing.get_args(tp)
            if origin in (list, tuple) and args:
                tp = args[0]
            elif origin is dict and len(args) == 2:
                tp = args[1]
            else:
                return set()
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return set(tp.model_fields)
    return set()


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional/Union wrappers down to the model type, when there is one."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            models = [a for a in typing.get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
            if models:
                tp = models[0]
                continue
            others = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(others) == 1:
                tp = others[0]
                continue
        return tp
