"""Start (upload an assessment or start a blank one) and Plan (the brief, each step's reasons)."""

from __future__ import annotations

import datetime as _dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from cpss_advisor import api

from .context import form_of, page, work
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
    if file is None or isinstance(file, str) or not file.filename:
        return page(request, "start.html.j2", 422, problems=[{"at": "file", "message": "no file was chosen",
                    "hint": "choose the assessment's .xlsx, .yaml, .yml or .json file, or a decision record",
                    "code": "no-file"}], blank_problems=[], today=today)
    try:
        entry = await read_upload(file, work(request).kb)
        s = request.state.session
        s.check(entry.size - (s.current.size if s.current else 0))
    except api.CpssError as exc:
        return page(request, "start.html.j2", 422, problems=problems_of(exc), blank_problems=[], today=today)
    except SessionFull as exc:
        return page(request, "start.html.j2", 413, problems=[{"at": "file", "message": str(exc), "hint": None,
                    "code": "session-full"}], blank_problems=[], today=today)
    s.current = entry
    return RedirectResponse("/rate", status_code=303)


@router.post("/start/blank", response_class=HTMLResponse)
async def blank(request: Request):
    form = await form_of(request)
    country = str(form.get("country", "")).strip()
    as_of = str(form.get("as_of", "")).strip()
    problems = []
    if not country:
        problems.append({"at": "country", "message": "write the country's name", "hint": None, "code": "country"})
    try:
        _dt.date.fromisoformat(as_of)
    except ValueError:
        problems.append({"at": "as_of", "message": f"'{as_of}' is not a date; write it as YYYY-MM-DD",
                         "hint": None, "code": "as_of"})
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
    try:
        planned = work(request).plan(s)
    except api.CpssError as exc:
        return page(request, "plan.html.j2", 422, problems=problems_of(exc), brief=None, steps={})
    return page(request, "plan.html.j2", problems=[], brief=Markup(work(request).brief(s)),
                steps=work(request).steps(planned.plan))


@router.get("/plan/reasons", response_class=HTMLResponse)
def reasons(request: Request, step: str):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    try:
        record = work(request).record(s)
        text = api.render_report("explanation", api.explain(record, step), "text", knowledge=work(request).kb)
    except api.CpssError as exc:
        return page(request, "problems.html.j2", 422, problems=problems_of(exc))
    fragment = request.headers.get("hx-request") == "true"
    return page(request, "reasons_fragment.html.j2" if fragment else "reasons.html.j2", text=text, step=step)
