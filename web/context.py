"""What every page shares: the template environment, the session of a request, the CSRF check, and the planner
that calls the API (with its knowledge base and rules loaded once, and each session's last plan kept)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from cpss_advisor import api

from .security import CSRF_FIELD, csrf_ok
from .sessions import Entry, Session
from .settings import Settings


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The app's templates; every output expression is escaped (autoescape)."""
    return Environment(loader=PackageLoader("cpss_advisor.web", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page (or an htmx fragment) rendered for the request's session."""
    s: Session = request.state.session
    html = environment().get_template(template).render(
        csrf=s.csrf if s else "", csrf_field=CSRF_FIELD, current=s.current if s else None, path=request.url.path,
        saving=settings(request).data_dir is not None, **context)
    return HTMLResponse(html, status_code=status)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def work(request: Request) -> "Work":
    return request.app.state.work


async def form_of(request: Request):
    """The request's form, once its CSRF token is checked (403 otherwise)."""
    form = await request.form(max_files=50, max_fields=5000, max_part_size=MAX_PART)
    if request.state.session is None or not csrf_ok(request, form, request.state.session.csrf):
        await form.close()
        raise HTTPException(403, "The form's security token is missing or out of date: reload the page and "
                                 "try again.")
    return form


#: the largest upload: a workbook the command line reads
MAX_PART = 20 * 1024 * 1024


@dataclass
class Planned:
    intake: Any
    plan: Any


class Work:
    """The API, with the knowledge base and rules loaded once for every request."""

    def __init__(self, knowledge: Path | None = None, rules: Path | None = None):
        self.advisor = api.advisor(knowledge, rules)
        self.kb = self.advisor.kb
        self.form = api.rating_form(knowledge=self.kb)

    def read(self, entry: Entry):
        """The intake of an entry's data (`InputError` with every problem)."""
        return api.read_assessment(entry.data, knowledge=self.kb, name=entry.name)

    def plan(self, s: Session) -> Planned:
        """The plan of the session's assessment, made once per change of its data or horizon."""
        key = json.dumps([s.current.data, s.horizon_years], sort_keys=True, default=str)
        if s.cache.get("key") != key:
            intake = self.read(s.current)
            s.cache = {"key": key, "planned": Planned(intake, api.recommend(
                intake.assessment, horizon_years=s.horizon_years, knowledge=self.kb, rules=self.advisor.book))}
        return s.cache["planned"]

    def whatif_base(self, s: Session):
        """The lean base plan every what-if of the session's assessment is compared with (made once)."""
        planned = self.plan(s)
        if "whatif_base" not in s.cache:
            s.cache["whatif_base"] = api.whatif_base(planned.intake.assessment, horizon_years=s.horizon_years,
                                                     knowledge=self.kb, rules=self.advisor.book)
        return s.cache["whatif_base"]

    def brief(self, s: Session) -> str:
        planned = self.plan(s)
        if "brief" not in s.cache:
            s.cache["brief"] = api.brief_fragment(planned.plan, knowledge=self.kb)
        return s.cache["brief"]

    def record(self, s: Session) -> dict:
        planned = self.plan(s)
        if "record" not in s.cache:
            s.cache["record"] = api.decision_record(planned.intake, planned.plan, horizon_years=s.horizon_years)
        return s.cache["record"]

    def steps(self, plan) -> dict[str, str]:
        return api.step_words(plan, knowledge=self.kb)
