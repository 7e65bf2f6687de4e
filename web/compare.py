"""Compare: several assessments side by side (the portfolio view of `cpss portfolio`)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cpss_advisor import api

from .context import form_of, gettext, lang, loaded, page, work
from .pages import session_full
from .sessions import SessionFull
from .uploads import problems_of, read_upload, upload_name

router = APIRouter()

#: assessments compared at once in one session
MAX_COMPARED = 30


def _show(request: Request, problems: dict[str, list[dict]], status: int = 200):
    return page(request, "compare.html.j2", status, compared=request.state.session.compared, problems=problems,
                limit=MAX_COMPARED)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request):
    return _show(request, {})


@router.post("/compare/add", response_class=HTMLResponse)
async def add(request: Request):
    form = await form_of(request)
    s = request.state.session
    problems: dict[str, list[dict]] = {}
    _ = gettext(request)
    if form.get("current") and s.current is not None:
        try:
            work(request).read(s.current)
            s.compared.append(s.current)
        except api.CpssError as exc:
            problems[s.current.name] = problems_of(exc, lang(request))
    for file in form.getlist("files"):
        if isinstance(file, str) or not file.filename:
            continue
        if len(s.compared) >= MAX_COMPARED:
            await file.close()
            problems[upload_name(file)] = [{"at": upload_name(file), "message": _(
                "at most {n} assessments are compared at once").format(n=MAX_COMPARED),
                "hint": _("remove some first"), "code": "too-many"}]
            continue
        try:
            entry = await read_upload(file, work(request).kb, _)
            s.check(entry.size)
            s.compared.append(entry)
        except api.CpssError as exc:
            problems[upload_name(file)] = problems_of(exc, lang(request))
        except SessionFull as exc:
            problems[upload_name(file)] = [session_full(upload_name(file), exc, _)]
    return _show(request, problems, 422 if problems else 200)


@router.post("/compare/remove", response_class=HTMLResponse)
async def remove(request: Request):
    form = await form_of(request)
    s = request.state.session
    index = str(form.get("index", ""))
    if index.isdigit() and int(index) < len(s.compared):
        del s.compared[int(index)]
    return RedirectResponse("/compare", status_code=303)


@router.get("/compare/portfolio.html", response_class=HTMLResponse)
def portfolio(request: Request):
    s = request.state.session
    if not s.compared:
        _ = gettext(request)
        raise HTTPException(404, _("Add assessments to compare first."))
    w, L = work(request), loaded(request)
    items = [(e.name, w.read(e).assessment) for e in s.compared]
    data = api.portfolio_of(items, knowledge=L.kb, rules=L.book)
    return HTMLResponse(api.render_report("portfolio", data, "html", knowledge=L.kb))
