"""Start (upload an assessment or start a blank one) and Plan (the brief, each step's reasons)."""

from __future__ import annotations

import datetime as _dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from cpss_advisor import api

from .context import form_of, gettext, lang, page, work
from .sessions import Entry, SessionFull
from .uploads import problems_of, read_upload

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def start(request: Request):
    return page(request, "start.html.j2", problems=[], blank_problems=[], today=_dt.date.today().isoformat())


@router.post("/start/upload", response_class=HTMLResponse)
async def upload(request: Request):
    form = await form_of(request)
    file = form.get("file")
    today = _dt.date.today().isoformat()
    _ = gettext(request)
    if file is None or isinstance(file, str) or not file.filename:
        return page(request, "start.html.j2", 422, problems=[{"at": "file", "message": _("no file was chosen"),
                    "hint": _("choose the assessment's .xlsx, .yaml, .yml or .json file, or a decision record"),
                    "code": "no-file"}], blank_problems=[], today=today)
    try:
        entry = await read_upload(file, work(request).kb, _)
        s = request.state.session
        s.check(entry.size - (s.current.size if s.current else 0))
    except api.CpssError as exc:
        return page(request, "start.html.j2", 422, problems=problems_of(exc, lang(request)), blank_problems=[], today=today)
    except SessionFull as exc:
        return page(request, "start.html.j2", 413, problems=[session_full("file", exc, _)], blank_problems=[],
                    today=today)
    s.current = entry
    return RedirectResponse("/rate", status_code=303)


@router.post("/start/blank", response_class=HTMLResponse)
async def blank(request: Request):
    form = await form_of(request)
    country = str(form.get("country", "")).strip()
    as_of = str(form.get("as_of", "")).strip()
    problems = []
    _ = gettext(request)
    if not country:
        problems.append({"at": _("Country"), "message": _("write the country's name"), "hint": None,
                         "code": "country"})
    try:
        _dt.date.fromisoformat(as_of)
    except ValueError:
        problems.append({"at": _("As of"), "message": _("'{value}' is not a date; write it as YYYY-MM-DD").format(
            value=as_of), "hint": None, "code": "as_of"})
    if problems:
        return page(request, "start.html.j2", 422, problems=[], blank_problems=problems,
                    today=_dt.date.today().isoformat())
    name = "".join(c if c.isalnum() else "-" for c in country.lower()).strip("-") or "assessment"
    request.state.session.current = Entry(f"{name}.yaml", {"schema_version": 1, "country": country, "as_of": as_of,
                                                           "ratings": {}}, 0)
    return RedirectResponse("/rate", status_code=303)


@router.get("/plan", response_class=HTMLResponse)
def plan(request: Request):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    w, language = work(request), lang(request)
    try:
        planned = w.plan(s, language)
    except api.CpssError as exc:
        return page(request, "plan.html.j2", 422, problems=problems_of(exc, lang(request)), brief=None, steps={})
    return page(request, "plan.html.j2", problems=[], brief=Markup(w.brief(s, language)),
                steps=w.steps(planned.plan, language))


@router.get("/plan/reasons", response_class=HTMLResponse)
def reasons(request: Request, step: str):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    w, language = work(request), lang(request)
    try:
        record = w.record(s, language)
        text = api.render_report("explanation", api.explain(record, step), "text", knowledge=w.language(language).kb)
    except api.CpssError as exc:
        return page(request, "problems.html.j2", 422, problems=problems_of(exc, lang(request)))
    fragment = request.headers.get("hx-request") == "true"
    return page(request, "reasons_fragment.html.j2" if fragment else "reasons.html.j2", text=text, step=step)


def session_full(at: str, exc: SessionFull, _) -> dict:
    """The problem of a file the session has no room for, in the page's language."""
    return {"at": at, "message": _("this session would hold more than {n} MB of assessments; remove some from "
                                   "Compare or Consensus first").format(n=exc.megabytes), "hint": None,
            "code": "session-full"}


def safe_return(target: str) -> str:
    """Where the language switch may send the browser back to: a path of this app (``/...``), never another site
    (``//host``, a backslash, a scheme) nor a header's control character; anything else is the start page."""
    if (not target.startswith("/") or target.startswith("//") or "\\" in target or len(target) > 2000
            or any(ord(c) < 32 or ord(c) == 127 for c in target)):
        return "/"
    return target


@router.post("/language")
async def switch_language(request: Request):
    """The language switch: the session keeps the language chosen (its work is kept too), and the browser goes
    back to the page it was on."""
    form = await form_of(request)
    chosen = str(form.get("lang", ""))
    if chosen in api.languages():
        request.state.session.language = chosen
    return RedirectResponse(safe_return(str(form.get("next", "/"))), status_code=303)
