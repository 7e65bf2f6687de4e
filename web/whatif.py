"""What-if: change ratings, context or shock presets and see the scenario beside the base, the steps added,
removed and moved highlighted, updated as a value changes (htmx posts the form on each change); sensitivity and
robustness on demand."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cpss_advisor import api

from .context import Planned, form_of, gettext, lang, loaded, page, work
from .language import N_
from .uploads import problems_of

router = APIRouter()

#: robustness in the app: fewer samples than the command line's default, so that it answers within seconds
ROBUSTNESS_SAMPLES = 50
#: each kind of change to a step (`difference.changes[].change`) and each state of a step, in words to translate
CHANGE_WORDS = {"added": N_("added"), "removed": N_("removed"), "moved": N_("moved"), "rank": N_("re-ranked"),
                "score": N_("score changed"), "reasons": N_("reasons changed"), "deferred": N_("deferred"),
                "brought forward from deferred": N_("brought forward from deferred"),
                "added as deferred": N_("added as deferred"), "removed from deferred": N_("removed from deferred")}


def changes_of(form, kb) -> tuple[list[str], list[str], list[str]]:
    """The what-if form as the command line's changes: ``5.1=3``, ``+armed_conflict``, shock preset ids."""
    sets = [f"{sid}={v}" for sid in kb.subdomains if (v := str(form.get(f"set-{sid}", ""))) in ("1", "2", "3", "4")]
    contexts = [f"{'+' if v == 'add' else '-'}{cid}" for cid in kb.contexts
                if (v := str(form.get(f"context-{cid}", ""))) in ("add", "remove")]
    shocks = [sh for sh in form.getlist("shock") if sh in kb.shock_presets]
    return sets, contexts, shocks


def compare(w, s, sets, contexts, shocks, language: str, _) -> dict:
    """The what-if report of these changes to the session's assessment, with the words of each step, in
    `language` (`_` its words)."""
    planned = w.plan(s, language)
    L = w.language(language)
    scenarios = api.scenarios(knowledge=L.kb, sets=sets, contexts=contexts, shocks=shocks)
    if not scenarios:
        return {"empty": True}
    report = api.whatif(planned.intake.assessment, scenarios, horizon_years=s.horizon_years, knowledge=L.kb,
                        rules=L.book, base=w.whatif_base(s, language))
    scenario = report["scenarios"][0]
    changes = scenario["difference"]["changes"]
    return {"empty": False, "report": report, "scenario": scenario, "changes": changes,
            "title": describe(L.form, sets, contexts, shocks, _),
            "added": {c["step"] for c in changes if c["change"] == "added"},
            "removed": {c["step"] for c in changes if c["change"] == "removed"},
            "moved": {c["step"] for c in changes if c["change"] not in ("added", "removed")}}


def describe(form: dict, sets, contexts, shocks, _=lambda m: m) -> str:
    """The changes in words (`_`: the page's language): the shocks' titles, each rating as its subdomain and
    phase, each context by title."""
    shock_titles = {sh["id"]: sh["title"] for sh in form["shocks"]}
    shorts = {sd["id"]: sd["short"] for o in form["outcomes"] for sd in o["subdomains"]}
    contexts_by_id = {c["id"]: c["title"] for c in form["contexts"]["contexts"]}
    parts = [shock_titles.get(sh, sh) for sh in shocks]
    for spec in sets:
        sid, phase = spec.split("=")
        parts.append(_("{subdomain} at {phase}").format(subdomain=f"{sid} {shorts.get(sid, '')}",
                                                         phase=form["phases"][int(phase)]))
    for spec in contexts:
        title = contexts_by_id.get(spec[1:], spec[1:])
        parts.append((_("with {context}") if spec[0] == "+" else _("without {context}")).format(context=title))
    return _("; ").join(parts)


def _words(w, planned, result, language: str) -> dict[str, str]:
    words = w.steps(planned.plan, language)
    kb = w.language(language).kb
    if not result.get("empty"):
        for c in result["changes"]:
            words.setdefault(c["step"], api.step_label(c["step"], knowledge=kb))
        for sid in result["scenario"]["first_wave"]:
            words.setdefault(sid, api.step_label(sid, knowledge=kb))
    return words


@router.get("/whatif", response_class=HTMLResponse)
def whatif_page(request: Request):
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    w, language = work(request), lang(request)
    try:
        planned = w.plan(s, language)
    except api.CpssError as exc:
        return page(request, "problems.html.j2", 422, problems=problems_of(exc, lang(request)))
    return page(request, "whatif.html.j2", form=loaded(request).form, ratings=s.current.data.get("ratings") or {},
                context=set(s.current.data.get("context") or ()), result={"empty": True}, problems=[],
                words=w.steps(planned.plan, language), change_words=CHANGE_WORDS)


@router.post("/whatif/run", response_class=HTMLResponse)
async def run(request: Request):
    form = await form_of(request)
    s = request.state.session
    w = work(request)
    planned = _planned(request)
    if not isinstance(planned, Planned):
        return planned
    sets, contexts, shocks = changes_of(form, w.kb)
    language = lang(request)
    try:
        result, problems = compare(w, s, sets, contexts, shocks, language, gettext(request)), []
    except api.CpssError as exc:
        result, problems = {"empty": True}, problems_of(exc, lang(request))
    template = "whatif_result.html.j2" if request.headers.get("hx-request") == "true" else "whatif_page.html.j2"
    return page(request, template, 422 if problems else 200, result=result, problems=problems,
                words=_words(w, planned, result, language), change_words=CHANGE_WORDS)


def _planned(request: Request):
    """The plan of the session's assessment, or the response that says why there is none."""
    s = request.state.session
    if s.current is None:
        return RedirectResponse("/", status_code=303)
    try:
        return work(request).plan(s, lang(request))
    except api.CpssError as exc:
        return page(request, "problems.html.j2", 422, problems=problems_of(exc, lang(request)))


@router.post("/whatif/sensitivity", response_class=HTMLResponse)
async def sensitivity(request: Request):
    _ = gettext(request)
    return await _analysis(request, "sensitivity", _("Sensitivity"), {})


@router.post("/whatif/robustness", response_class=HTMLResponse)
async def robustness(request: Request):
    _ = gettext(request)
    return await _analysis(request, "robustness", _("Robustness ({n} samples)").format(
        n=ROBUSTNESS_SAMPLES), {"samples": ROBUSTNESS_SAMPLES})


async def _analysis(request: Request, report: str, title: str, options: dict):
    """The base plan's sensitivity or robustness (`api.sensitivity`, `api.robustness`) as a page of text."""
    await form_of(request)
    L = loaded(request)
    planned = _planned(request)
    if not isinstance(planned, Planned):
        return planned
    result = getattr(api, report)(planned.intake.assessment, horizon_years=request.state.session.horizon_years,
                                  knowledge=L.kb, rules=L.book, **options)
    return page(request, "analysis.html.j2", title=title,
                text=api.render_report(report, result, "text", knowledge=L.kb))
