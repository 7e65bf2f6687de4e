"""What every page shares: the template environment, the session of a request, the CSRF check, and the planner
that calls the API (with its knowledge base and rules loaded once, and each session's last plan kept)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from cpss_advisor import api

from .language import name_of, negotiate, words_for
from .security import CSRF_FIELD, csrf_ok
from .sessions import Entry, Session
from .settings import Settings


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The app's templates; every output expression is escaped (autoescape); their words are marked with the
    i18n extension's `_`, whose functions each render is given for its page's language (`language.words_for`)."""
    return Environment(loader=PackageLoader("cpss_advisor.web", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                       extensions=["jinja2.ext.i18n"])


def language_of(request: Request) -> str:
    """The language of the request's pages: the session's choice, else the browser's best, else the server's."""
    chosen = request.state.session.language if getattr(request.state, "session", None) else None
    if chosen:
        return chosen
    return negotiate(request.headers.get("accept-language"), api.languages(), settings(request).language)


def lang(request: Request) -> str:
    """The language chosen for this request (set once by the app's middleware)."""
    return getattr(request.state, "lang", None) or language_of(request)


def gettext(request: Request):
    """The ``_`` of the request's language, for the messages the app's own code writes."""
    return api.translator(lang(request)).gettext


#: where the language switch returns to after a form was posted: the page the form belongs to
_RETURN = {"/start": "/", "/rate": "/rate", "/whatif": "/whatif", "/export": "/export", "/compare": "/compare",
           "/consensus": "/consensus", "/plan": "/plan"}


def here(request: Request) -> str:
    """The address of the page shown, to come back to once the language is switched: the page itself when it was
    fetched (its query kept), else the page its form belongs to."""
    path = request.url.path
    if request.method == "GET":
        return path + (f"?{request.url.query}" if request.url.query else "")
    if path in ("/rate/checklist", "/rate/questionnaire"):
        return path
    return _RETURN.get("/" + path.strip("/").split("/")[0], "/")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page (or an htmx fragment) rendered for the request's session, in its language."""
    s: Session = request.state.session
    language = lang(request)
    html = environment().get_template(template).render(
        csrf=s.csrf if s else "", csrf_field=CSRF_FIELD, current=s.current if s else None, path=request.url.path,
        saving=settings(request).data_dir is not None, lang=language, dir=api.direction(language),
        languages=[(code, name_of(code)) for code in api.languages()], here=here(request),
        **words_for(language), **{"switch_form": None, **context})
    return HTMLResponse(html, status_code=status, headers={"Content-Language": language})


def switch_with(request: Request, form) -> None:
    """A form posted by the language switch (its buttons post the page's own form, `switch_form`): the session
    takes the language chosen, and the page answering the form is in it."""
    chosen = form.get("lang")
    if isinstance(chosen, str) and chosen in api.languages():
        request.state.session.language = chosen
        request.state.lang = chosen


def settings(request: Request) -> Settings:
    return request.app.state.settings


def work(request: Request) -> "Work":
    return request.app.state.work


def loaded(request: Request) -> "Loaded":
    """The knowledge base, rules and rating form in the request's language."""
    return work(request).language(lang(request))


async def form_of(request: Request):
    """The request's form, once its CSRF token is checked (403 otherwise)."""
    form = await request.form(max_files=50, max_fields=5000, max_part_size=MAX_PART)
    if request.state.session is None or not csrf_ok(request, form, request.state.session.csrf):
        await form.close()
        _ = gettext(request)
        raise HTTPException(403, _("The form's security token is missing or out of date: reload the page and "
                                   "try again."))
    return form


#: the largest upload: a workbook the command line reads
MAX_PART = 20 * 1024 * 1024


@dataclass
class Planned:
    intake: Any
    plan: Any


@dataclass
class Loaded:
    """What one language needs, loaded once per server: the knowledge base in that language, the rules made for
    it, and the rating form's texts."""

    kb: Any
    book: Any
    form: dict


class Work:
    """The API, with the knowledge base and rules loaded once for every request: in English (the JSON API's and
    the JSON downloads' language) when the app starts, in another language the first time a page asks for it."""

    def __init__(self, knowledge: Path | None = None, rules: Path | None = None):
        self.advisor = api.advisor(knowledge, rules)
        self.kb = self.advisor.kb
        self.form = api.rating_form(knowledge=self.kb)
        self._rules = rules
        self._languages = {self.kb.language: Loaded(self.kb, self.advisor.book, self.form)}
        self._lock = threading.Lock()

    def language(self, language: str) -> Loaded:
        """The knowledge base, rules and rating form in `language` (loaded on first use, once)."""
        found = self._languages.get(language)
        if found is not None:
            return found
        with self._lock:
            if language not in self._languages:
                kb = api.knowledge_base(self.kb, lang=language)
                adv = api.advisor(kb, self._rules)
                self._languages[language] = Loaded(adv.kb, adv.book, api.rating_form(knowledge=adv.kb))
            return self._languages[language]

    def read(self, entry: Entry):
        """The intake of an entry's data (`InputError` with every problem)."""
        return api.read_assessment(entry.data, knowledge=self.kb, name=entry.name)

    def _made(self, s: Session, language: str) -> dict:
        """What was made from the session's assessment in `language` (emptied when its data or horizon change)."""
        key = json.dumps([s.current.data, s.horizon_years], sort_keys=True, default=str)
        if s.cache.get("key") != key:
            s.cache = {"key": key}
        return s.cache.setdefault(language, {})

    def plan(self, s: Session, language: str | None = None) -> Planned:
        """The plan of the session's assessment in `language` (default English), made once per change of its
        data or horizon."""
        language = language or self.kb.language
        made = self._made(s, language)
        if "planned" not in made:
            L = self.language(language)
            intake = self.read(s.current)
            made["planned"] = Planned(intake, api.recommend(intake.assessment, horizon_years=s.horizon_years,
                                                            knowledge=L.kb, rules=L.book))
        return made["planned"]

    def whatif_base(self, s: Session, language: str | None = None):
        """The lean base plan every what-if of the session's assessment is compared with (made once)."""
        language = language or self.kb.language
        planned = self.plan(s, language)
        made = self._made(s, language)
        if "whatif_base" not in made:
            L = self.language(language)
            made["whatif_base"] = api.whatif_base(planned.intake.assessment, horizon_years=s.horizon_years,
                                                  knowledge=L.kb, rules=L.book)
        return made["whatif_base"]

    def brief(self, s: Session, language: str | None = None) -> str:
        language = language or self.kb.language
        planned = self.plan(s, language)
        made = self._made(s, language)
        if "brief" not in made:
            made["brief"] = api.brief_fragment(planned.plan, knowledge=self.language(language).kb)
        return made["brief"]

    def record(self, s: Session, language: str | None = None) -> dict:
        language = language or self.kb.language
        planned = self.plan(s, language)
        made = self._made(s, language)
        if "record" not in made:
            made["record"] = api.decision_record(planned.intake, planned.plan, horizon_years=s.horizon_years)
        return made["record"]

    def steps(self, plan, language: str | None = None) -> dict[str, str]:
        return api.step_words(plan, knowledge=self.language(language or self.kb.language).kb)
