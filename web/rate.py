"""Rate: the 19 subdomains by outcome with the four phase criteria side by side, confidence, evidence and target;
context flags (a contradictory combination is refused with its reason); figures; the horizon. The case
management checklist and the evidence questionnaire as guided forms."""

from __future__ import annotations

import copy
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cpss_advisor import api

from .language import N_

from .context import form_of, gettext, lang, loaded, page, switch_with, work
from .uploads import problems_of

router = APIRouter()

CONFIDENCE = ("low", "medium", "high")
ANSWERS = ("yes", "partly", "no", "unknown")
#: the words shown for the values the form sends (the values themselves are the file's, in English)
WORDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high"), "yes": N_("yes"), "partly": N_("partly"),
         "no": N_("no"), "unknown": N_("unknown")}
#: the checklist's form, which the language switch posts (and so saves) on its page
CHECKLIST_FORM = ("checklist-form", "/rate/checklist")
_SUBDOMAIN = re.compile(r"\b(\d+\.\d+)\b")


def _values(data: dict) -> dict:
    """The form's values from an assessment's data."""
    ratings = data.get("ratings") or {}
    return {"country": data.get("country", ""), "as_of": str(data.get("as_of", "")),
            "notes": data.get("notes") or "", "ratings": ratings, "targets": data.get("targets") or {},
            "context": set(data.get("context") or ()), "figures": data.get("figures") or {}}


def _placed(problems: list[dict], subdomains: set[str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """Problems placed beside what they concern: a subdomain's row, the context flags, or the top of the form."""
    top, near = [], {}
    for p in problems:
        sid = next((m for m in _SUBDOMAIN.findall(p["message"]) if m in subdomains), None)
        if "context" in p["code"]:
            near.setdefault("context", []).append(p)
        elif sid is not None:
            near.setdefault(sid, []).append(p)
        else:
            top.append(p)
    return top, near


def _show(request: Request, data: dict, problems: list[dict], status: int = 200, saved: bool = False):
    L = loaded(request)
    top, near = _placed(problems, set(L.kb.subdomains))
    return page(request, "rate.html.j2", status, form=L.form, values=_values(data), top=top, near=near, saved=saved,
                horizon=request.state.session.horizon_years, value_words=WORDS, switch_form=("rate-form", "/rate"))


@router.get("/rate", response_class=HTMLResponse)
def rate(request: Request):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    try:
        work(request).read(s.current)
        problems = []
    except api.CpssError as exc:
        problems = problems_of(exc, lang(request))
    return _show(request, s.current.data, problems)


def data_from_form(form, previous: dict, kb) -> dict:
    """An assessment's data from the rating form, keeping what the form does not show (the checklist, a phase
    lost to a shock)."""
    data = copy.deepcopy(previous)
    data["country"] = str(form.get("country", "")).strip()
    data["as_of"] = str(form.get("as_of", "")).strip()
    notes = str(form.get("notes", "")).replace("\r\n", "\n").strip()
    data.pop("notes", None)
    if notes:
        data["notes"] = notes
    ratings, targets = {}, {}
    for sid in kb.subdomains:
        phase = str(form.get(f"phase-{sid}", ""))
        if phase in ("1", "2", "3", "4"):
            old = (previous.get("ratings") or {}).get(sid) or {}
            r = {"phase": int(phase)}
            if old.get("prior_phase") and old["prior_phase"] > int(phase):
                r["prior_phase"] = old["prior_phase"]
            conf = str(form.get(f"confidence-{sid}", ""))
            if conf in CONFIDENCE:
                r["confidence"] = conf
            evidence = str(form.get(f"evidence-{sid}", "")).replace("\r\n", "\n").strip()
            if evidence:
                r["evidence"] = evidence
            ratings[sid] = r
        target = str(form.get(f"target-{sid}", ""))
        if target in ("2", "3", "4"):
            targets[sid] = int(target)
        elif target == "keep":
            targets[sid] = "keep"
    data["ratings"] = ratings
    data.pop("targets", None)
    if targets:
        data["targets"] = targets
    context = [c for c in form.getlist("context") if isinstance(c, str)]
    data.pop("context", None)
    if context:
        data["context"] = sorted(set(context))
    figures = {}
    for metric in kb.standards():
        raw = str(form.get(f"figure-{metric}", "")).strip()
        if raw:
            try:
                figures[metric] = int(raw) if raw.isdigit() else float(raw)
            except ValueError:
                figures[metric] = raw  # the assessment's own check says what is wrong with it
    data.pop("figures", None)
    if figures:
        data["figures"] = figures
    return data


@router.post("/rate", response_class=HTMLResponse)
async def save(request: Request):
    form = await form_of(request)
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    switch_with(request, form)
    data = data_from_form(form, s.current.data, work(request).kb)
    horizon = str(form.get("horizon_years", "")).strip()
    if horizon and not (horizon.isdigit() and 1 <= int(horizon) <= 10):
        _ = gettext(request)
        return _show(request, data, [{"at": _("Planning horizon"),
                                      "message": _("horizon '{value}' is not 1 to 10 years").format(value=horizon),
                                      "hint": _("leave it blank for the default of the setting"),
                                      "code": "horizon"}], 422)
    try:
        api.read_assessment(data, knowledge=work(request).kb, name=s.current.name)
    except api.CpssError as exc:
        return _show(request, data, problems_of(exc, lang(request)), 422)
    s.current.data = data
    s.horizon_years = int(horizon) if horizon else None
    return _show(request, data, [], saved=True)


@router.get("/rate/checklist", response_class=HTMLResponse)
def checklist(request: Request):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    done = set((s.current.data.get("case_management") or {}).get("done") or ())
    return page(request, "checklist.html.j2", form=loaded(request).form, done=done, saved=False,
                switch_form=CHECKLIST_FORM)


@router.post("/rate/checklist", response_class=HTMLResponse)
async def save_checklist(request: Request):
    form = await form_of(request)
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    switch_with(request, form)
    known = {a["id"] for u in work(request).form["checklist"] for a in u["actions"]}
    done = [a for a in form.getlist("done") if a in known]
    cm = dict(s.current.data.get("case_management") or {})
    cm["done"] = done
    s.current.data = {**s.current.data, "case_management": cm}
    return page(request, "checklist.html.j2", form=loaded(request).form, done=set(done), saved=True,
                switch_form=CHECKLIST_FORM)


@router.get("/rate/questionnaire", response_class=HTMLResponse)
def questionnaire(request: Request):
    if request.state.session.current is None:
        return RedirectResponse("/", status_code=303)
    return page(request, "questionnaire.html.j2", form=loaded(request).form, answers={}, found=None,
                answer_choices=ANSWERS, value_words=WORDS)


@router.post("/rate/questionnaire", response_class=HTMLResponse)
async def apply_questionnaire(request: Request):
    form = await form_of(request)
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    w = work(request)
    answers = {q["id"]: str(form.get(f"q-{q['id']}", "unknown")) for qs in w.form["questions"].values() for q in qs}
    found = api.questionnaire_ratings(answers, knowledge=w.kb)
    ratings = dict(s.current.data.get("ratings") or {})
    for sid, r in found.items():
        ratings[sid] = {**(ratings.get(sid) or {}), "phase": r["phase"], "confidence": r["confidence"]}
        ratings[sid].pop("prior_phase", None)
    s.current.data = {**s.current.data, "ratings": ratings}
    return page(request, "questionnaire.html.j2", form=loaded(request).form, answers=answers, found=found,
                answer_choices=ANSWERS, value_words=WORDS)
