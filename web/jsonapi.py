"""The JSON API under /api/, for notebooks and other tools: the same JSON as the command line's `--format json`.

    POST /api/plan      {"assessment": {...}, "horizon_years": 2}                  -> `cpss recommend --format json`
    POST /api/whatif    {"assessment": {...}, "set": ["5.1=3"], "context": ["+armed_conflict"],
                         "shock": ["refugee-influx"]}                             -> `cpss whatif --format json`
    POST /api/validate  {"assessment": {...}}                                       -> `cpss validate --format json`

`assessment` is the data of an assessment file. Only `Content-Type: application/json` is accepted (a form post
from another site cannot send it without a CORS preflight, which the app never grants), and a request that
names another origin is refused (see `security`). These endpoints change nothing on the server. Bad input:
status 422 and `{"problems": [...]}`, each problem as `cpss --format json` reports it.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cpss_advisor import api

from .context import work

router = APIRouter(prefix="/api")

#: the largest request body the API reads: an assessment as JSON is a few kilobytes; the command line reads 2 MB
MAX_JSON = 2 * 1024 * 1024


def _json(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type="application/json")


def _problems(status: int, problems: list[dict]) -> Response:
    return _json(json.dumps({"problems": problems}, indent=2, ensure_ascii=False, sort_keys=True) + "\n", status)


def _usage(message: str, status: int = 400) -> Response:
    return _problems(status, [{"file": "request", "line": None, "column": None, "code": "bad-request",
                               "message": message, "hint": None, "at": "request"}])


async def _body(request: Request) -> dict | Response:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return _usage("the API takes Content-Type: application/json only", 415)
    raw = await request.body()
    if len(raw) > MAX_JSON:
        return _usage(f"the request is larger than {MAX_JSON:,} bytes", 413)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return _usage("the request body is not valid JSON")
    if not isinstance(body, dict) or not isinstance(body.get("assessment"), dict):
        return _usage("the request is a JSON object with 'assessment': the data of an assessment file")
    return body


def _strings(body: dict, key: str) -> list[str]:
    value = body.get(key) or []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _horizon(body: dict) -> int | None:
    h = body.get("horizon_years")
    if h is None:
        return None
    if not isinstance(h, int) or isinstance(h, bool) or not 1 <= h <= 10:
        raise api.InputError(api.Problem("request", None, None, "bad-request", "horizon_years is 1 to 10 years"))
    return h


@router.post("/plan")
async def plan(request: Request):
    body = await _body(request)
    if isinstance(body, Response):
        return body
    w = work(request)
    try:
        p = api.recommend(body["assessment"], horizon_years=_horizon(body), knowledge=w.kb, rules=w.advisor.book,
                          name=str(body.get("name", "assessment")))
    except api.CpssError as exc:
        return _problems(422, [p.as_dict() for p in exc.problems])
    return _json(api.render_report("plan", p, "json", knowledge=w.kb))


@router.post("/whatif")
async def whatif(request: Request):
    body = await _body(request)
    if isinstance(body, Response):
        return body
    w = work(request)
    try:
        a = api.load_assessment(body["assessment"], knowledge=w.kb, name=str(body.get("name", "assessment")))
        scenarios = api.scenarios(knowledge=w.kb, sets=_strings(body, "set"), contexts=_strings(body, "context"),
                                  shocks=_strings(body, "shock"))
        report = api.whatif(a, scenarios, horizon_years=_horizon(body), knowledge=w.kb, rules=w.advisor.book)
    except api.CpssError as exc:
        return _problems(422, [p.as_dict() for p in exc.problems])
    return _json(api.render_report("whatif", report, "json", knowledge=w.kb))


@router.post("/validate")
async def validate(request: Request):
    body = await _body(request)
    if isinstance(body, Response):
        return body
    w = work(request)
    try:
        summary = api.validate(body["assessment"], knowledge=w.kb, name=str(body.get("name", "assessment")))
    except api.CpssError as exc:
        return _problems(422, [p.as_dict() for p in exc.problems])
    return _json(api.render_report("summary", summary, "json", knowledge=w.kb))
