"""The application: `create_app(settings)` wires the guards, the sessions, the static files and the pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.formparsers import MultiPartParser

from cpss_advisor import api

from . import export, jsonapi, pages, rate, whatif, compare, consensus
from .context import Work, language_of
from .security import MAX_BODY, add_headers, check_request
from .sessions import COOKIE, SessionStore
from .settings import Settings

STATIC = Path(__file__).parent / "static"

# An uploaded file stays in memory (a request is at most MAX_BODY bytes): Starlette would otherwise spool one over
# 1 MB to a temporary file, and the app writes nothing to disk without --data.
MultiPartParser.spool_max_size = MAX_BODY


def create_app(settings: Settings = Settings(), *, knowledge: Path | None = None, rules: Path | None = None,
               work: Work | None = None) -> FastAPI:
    """The app for these settings (no interactive API docs, no OpenAPI schema: nothing beyond the pages)."""
    app = FastAPI(title="cpss-advisor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.store = SessionStore(max_sessions=settings.max_sessions, ttl=settings.session_ttl,
                                   max_bytes=settings.max_session_bytes)
    app.state.work = work or Work(knowledge, rules)
    app.state.work.language(settings.language)  # the default language's knowledge base, loaded before any request
    app.state.brief_css = api.brief_stylesheet()

    @app.middleware("http")
    async def guard(request: Request, call_next):
        refused = check_request(request, settings)
        if refused is not None:
            return add_headers(refused)
        store: SessionStore = app.state.store
        session = store.get(request.cookies.get(COOKIE))
        fresh = session is None and request.method == "GET" and not request.url.path.startswith(("/static/", "/api/"))
        if fresh:
            session = store.new()
        request.state.session = session
        request.state.lang = language_of(request)
        response = await call_next(request)
        if fresh:
            response.set_cookie(COOKIE, session.id, httponly=True, samesite="strict", path="/")
        return add_headers(response)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return add_headers(PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/brief.css")
    def brief_css() -> Response:
        return Response(app.state.brief_css, media_type="text/css")

    for module in (pages, rate, whatif, export, jsonapi, compare, consensus):
        app.include_router(module.router)
    return app
