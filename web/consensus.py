"""Consensus: several participants rate one country independently (uploaded files, or assessments rated in the
app and added under a participant's name); the page shows where they agree and disagree per subdomain and which
disagreements change the plan, and records the agreed rating with who agreed and the evidence. The agreed
assessment keeps every individual rating (its `consensus:` section), and so does a decision record made from it."""

from __future__ import annotations

import json
from pathlib import PurePath

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cpss_advisor import api

from .context import form_of, gettext, lang, loaded, page, work
from .pages import session_full
from .sessions import Entry, SessionFull
from .uploads import entry_of, problems_of, read_upload, upload_name

router = APIRouter()

#: participants at once (the consensus analysis takes at most this many too)
MAX_PARTICIPANTS = 12


def names_of(s) -> list[str]:
    """Each participant's name: given in the app, else the file's `participant:`, else the file's name."""
    return [e.label or e.data.get("participant") or PurePath(e.name).stem for e in s.participants]


def consensus_of(request: Request):
    """The consensus of the session's participants with the decisions so far (computed once per change)."""
    s = request.state.session
    w, L = work(request), loaded(request)
    key = json.dumps([[e.data for e in s.participants], names_of(s), s.decisions, s.horizon_years, L.kb.language],
                     sort_keys=True, default=str)
    if s.consensus is None or s.consensus[0] != key:
        sources = [w.read(e).assessment for e in s.participants]
        c = api.consensus(sources, names=names_of(s), knowledge=L.kb, rules=L.book,
                          options={"horizon_years": s.horizon_years}, decisions=s.decisions or None)
        s.consensus = (key, c)
    return s.consensus[1]


def _show(request: Request, problems: dict[str, list[dict]] | None = None, status: int = 200, agreed: bool = False,
          shown: dict | None = None):
    s = request.state.session
    c, errors = None, []
    if len(s.participants) >= 2:
        try:
            c = consensus_of(request)
        except api.CpssError as exc:
            errors = problems_of(exc, lang(request))
    said = api.consensus_words(c, knowledge=loaded(request).kb) if c is not None else None
    return page(request, "consensus.html.j2", status, participants=list(zip(names_of(s), s.participants)),
                consensus=c, said=said, errors=errors, problems=problems or {}, decisions=s.decisions if shown is None else shown,
                agreed=agreed,
                phases=loaded(request).form["phases"], limit=MAX_PARTICIPANTS)


@router.get("/consensus", response_class=HTMLResponse)
def consensus_page(request: Request):
    return _show(request)


@router.post("/consensus/add", response_class=HTMLResponse)
async def add(request: Request):
    form = await form_of(request)
    s = request.state.session
    problems: dict[str, list[dict]] = {}
    _ = gettext(request)
    label = " ".join(str(form.get("name", "")).split())[:200] or None
    if form.get("current") and s.current is not None:
        try:
            a = work(request).read(s.current).assessment
            s.participants.append(Entry(s.current.name, api.assessment_data(a), s.current.size, label))
        except api.CpssError as exc:
            problems[s.current.name] = problems_of(exc, lang(request))
    for file in form.getlist("files"):
        if isinstance(file, str) or not file.filename:
            continue
        name = upload_name(file)
        if len(s.participants) >= MAX_PARTICIPANTS:
            await file.close()
            problems[name] = [{"at": name, "message": _("a consensus compares at most {n} participants").format(
                n=MAX_PARTICIPANTS), "hint": _("group the participants' ratings"), "code": "too-many"}]
            continue
        try:
            entry = await read_upload(file, work(request).kb, _)
            s.check(entry.size)
            s.participants.append(entry)
        except api.CpssError as exc:
            problems[name] = problems_of(exc, lang(request))
        except SessionFull as exc:
            problems[name] = [session_full(name, exc, _)]
    return _show(request, problems, 422 if problems else 200)


@router.post("/consensus/remove", response_class=HTMLResponse)
async def remove(request: Request):
    form = await form_of(request)
    s = request.state.session
    index = str(form.get("index", ""))
    if index.isdigit() and int(index) < len(s.participants):
        del s.participants[int(index)]
        s.decisions = {}
    return RedirectResponse("/consensus", status_code=303)


def decisions_from(form, c) -> dict[str, dict]:
    """The decisions the form records: for each disagreement, the phase chosen, who agreed and the evidence."""
    out = {}
    for row in c.subdomains:
        phase = str(form.get(f"phase-{row.subdomain}", ""))
        if row.agree or phase not in ("1", "2", "3", "4"):
            continue
        agreed_by = [n for n in form.getlist(f"agreed-{row.subdomain}") if n in c.participants]
        evidence = " ".join(str(form.get(f"evidence-{row.subdomain}", "")).split())
        out[row.subdomain] = {"phase": int(phase), "agreed_by": agreed_by, **({"evidence": evidence} if evidence else {})}
    return out


@router.post("/consensus/agree", response_class=HTMLResponse)
async def agree(request: Request):
    form = await form_of(request)
    s = request.state.session
    if len(s.participants) < 2:
        return RedirectResponse("/consensus", status_code=303)
    c = None
    try:
        c = consensus_of(request)
        decisions = decisions_from(form, c)
        agreed = api.agree(c, decisions, knowledge=work(request).kb)
    except api.CpssError as exc:  # the decisions are shown as given, with what is wrong with them
        return _show(request, {"decisions": problems_of(exc, lang(request))}, 422,
                     shown=decisions_from(form, c) if c is not None else None)
    s.decisions = decisions
    country = "".join(ch if ch.isalnum() else "-" for ch in agreed.country.lower()).strip("-") or "assessment"
    s.current = entry_of(agreed, f"{country}-agreed.yaml", work(request).kb, 0)
    return _show(request, agreed=True)
