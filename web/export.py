"""Export: the plan as docx, xlsx, html and json and its decision record; the assessment as YAML and as the
intake workbook. With `--data DIR`, the assessment and the record can also be saved there (never over another
file)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cpss_advisor import api

from .context import form_of, gettext, lang, page, settings, work
from .uploads import problems_of

router = APIRouter()

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "yaml": "application/yaml",
}
PLAN_FORMATS = ("docx", "xlsx", "html", "json")
#: formats written in the session's language; JSON is the same in every language (the command line's default)
LOCALISED = ("docx", "xlsx", "html")


def _nothing(request: Request) -> HTTPException:
    _ = gettext(request)
    return HTTPException(404, _("Nothing to export: start or upload an assessment first."))


def _problems(request: Request) -> HTTPException:
    _ = gettext(request)
    return HTTPException(422, _("The assessment has problems; the Rate page lists them."))


def download(data: str | bytes, filename: str, fmt: str) -> Response:
    return Response(data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _stem(s) -> str:
    return s.current.name.rsplit(".", 1)[0]


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    try:
        work(request).plan(s, lang(request))
        problems = []
    except api.CpssError as exc:
        problems = problems_of(exc, lang(request))
    return page(request, "export.html.j2", problems=problems, formats=PLAN_FORMATS, saved=[])


@router.get("/export/plan.{fmt}")
def export_plan(request: Request, fmt: str):
    s = request.state.session
    if s.current is None or fmt not in PLAN_FORMATS:
        raise _nothing(request)
    w = work(request)
    language = lang(request) if fmt in LOCALISED else w.kb.language
    try:
        planned = w.plan(s, language)
    except api.CpssError as exc:
        raise _problems(request) from exc
    return download(api.render_report("plan", planned.plan, fmt, knowledge=w.language(language).kb),
                    f"{_stem(s)}-plan.{fmt}", fmt)


@router.get("/export/record.json")
def export_record(request: Request):
    s = request.state.session
    if s.current is None:
        raise _nothing(request)
    try:
        record = work(request).record(s)
    except api.CpssError as exc:
        raise _problems(request) from exc
    return download(api.to_json(record), f"{_stem(s)}-record.json", "json")


@router.get("/export/assessment.{fmt}")
def export_assessment(request: Request, fmt: str):
    s = request.state.session
    if s.current is None or fmt not in ("yaml", "xlsx"):
        raise _nothing(request)
    if fmt == "yaml":
        try:
            text = api.assessment_yaml(s.current.data, knowledge=work(request).kb, name=s.current.name)
        except api.CpssError as exc:
            raise _problems(request) from exc
        return download(text, f"{_stem(s)}.yaml", "yaml")
    try:  # the intake workbook in the session's language (the reader takes either language back)
        data = api.assessment_workbook(s.current.data, knowledge=work(request).language(lang(request)).kb,
                                       name=s.current.name)
    except api.CpssError as exc:
        raise _problems(request) from exc
    return download(data, f"{_stem(s)}.xlsx", "xlsx")


@router.post("/export/save", response_class=HTMLResponse)
async def save(request: Request):
    await form_of(request)
    s = request.state.session
    directory = settings(request).data_dir
    if s.current is None or directory is None:
        _ = gettext(request)
        raise HTTPException(404, _("Saving needs 'cpss serve --data DIR' and an assessment."))
    saved, problems = [], []
    try:
        text = api.assessment_yaml(s.current.data, knowledge=work(request).kb, name=s.current.name)
        saved.append(api.save_new(directory, f"{_stem(s)}.yaml", text).name)
        record = work(request).record(s)
        saved.append(api.save_new(directory, f"{_stem(s)}-record.json",
                                  api.to_json(record)).name)
    except api.CpssError as exc:
        problems = problems_of(exc, lang(request))
    return page(request, "export.html.j2", 422 if problems else 200, problems=problems, formats=PLAN_FORMATS,
                saved=saved)
