"""The plan's full page, every rule, fact, edge and criterion of the plan: the annex of `cpss recommend FILE --format
html --detail full` (after the brief, `brief_html`), which `render_html` routes to.

Rendered from the same typed plan as the text, Markdown and JSON outputs (`plan_model.Plan`), so it says the same
thing. This module builds the page's view (plain data: every label the page shows is resolved from the knowledge
base here, by `_Labels`) and renders the Jinja2 templates in `templates/` (`plan.html.j2` over `base.html.j2`); the
two charts are drawn by `svg_charts`.

The page needs nothing outside itself: CSS and SVG are inline, there are no scripts, fonts, images or links to the
network, and a Content-Security-Policy forbids loading anything. Every text from the assessment is user input: the
template environment (`templating`) escapes every output expression and shows control characters as escapes, so
the view holds text, never markup. The same data gives the same bytes: no time stamps, ordering from the data and
the knowledge base, integer SVG coordinates.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core.i18n import N_, translator
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_html import brief_context, render_brief_html
from .plan_words import code, distinct_reasons
from .svg_charts import dependency_chart, phase_chart, phase_short
from .templating import render
from .text_table import number

#: where a warning comes from, and how strongly a dependency binds, in words (translated where used)
SOURCES = {"input": N_("input"), "rules": N_("rules"), "planner": N_("planner"), "plan": N_("plan")}
STRENGTHS = {"hard": N_("hard"), "soft": N_("soft")}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

DASH = "\u2013"  # an empty cell


def render_html(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    """The plan's page: the brief (`brief_html`), or with ``detail="full"`` the brief followed by its annex, the
    full page of this module. A string, the same for the same plan."""
    if detail == "brief":
        return render_brief_html(plan, kb)
    context = {**page_view(plan.model_dump(mode="json"), kb), **brief_context(plan, kb, detail)}  # refuses others
    return render("brief_full.html.j2", **context, container="div", language=kb.language)


def page_view(data: dict, kb: KnowledgeBase) -> dict:
    """Everything `plan.html.j2` shows, from the plan's JSON form (`Plan.model_dump(mode="json")`)."""
    labels = _Labels(kb)
    anchors = _anchors(data)
    return {
        "csp": CSP,
        "country": data["country"],
        "as_of": data["as_of"],
        "schema_version": data["schema_version"],
        "provenance": data["provenance"],
        "trace_length": len(data["trace"]),
        "horizon": _horizon(data, labels),
        "rated": {"count": len(data["ratings"]), "total": len(data["ratings"]) + len(data["unrated"]),
                  "unrated": ", ".join(data["unrated"])},
        "contexts": ", ".join(labels.context_with_id(c) for c in data["context"]) or labels._("none given"),
        "capacity": data["capacity"],
        "advice": [{"text": a["text"], "rule": a.get("rule")} for a in data["advice"]],
        "phase_chart": phase_chart(data, kb),
        "phase_caption": _content(labels._(
            "Each bar runs up to the phase a subdomain is rated at; the hatched part is the climb to its target over "
            "the horizon (the assessment's own target, or the default for the horizon). The numbers on the right say "
            "the same, with the waves in which the subdomain's steps start.")),
        "graph_caption": _content(labels._(
            "The knowledge base's dependencies: a subdomain needs its prerequisite at a given phase before it can "
            "reach its own next phase. Each box shows the current phase and the target; the plan's steps have a thick "
            "border and name their wave. Every dependency behind a step is listed with its reason and source under")),
        "dependency_chart": dependency_chart(data, kb),
        "periods": _periods(data, labels, anchors),
        "steps": [_step(r, labels, anchors) for r in data["recommendations"]],
        "deferred": [_deferred(d, labels, anchors) for d in data["deferred"]],
        "warnings": [_warning(w, labels) for w in data["warnings"]],
    }


def _content(text: str) -> Markup:
    """Text for an element's content: escaped, with its apostrophes as they are (they need no escape outside an
    attribute, and the page's captions have always been written so)."""
    return Markup(str(escape(text)).replace("&#39;", "'").replace("&#x27;", "'"))


class _Labels:
    """The knowledge base's names for what the plan refers to by id (ids stay as they are when not found)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._ = translator(kb.language).gettext
        v = kb.vocabulary
        terms = [] if v is None else [*v.action_types, *v.actors, *v.duration_bands]
        self.vocabulary = {x.id: x.title for x in terms}

    def title(self, key: str) -> str:
        """The title of an action type, actor or duration band."""
        return self.vocabulary.get(key, key)

    def term(self, key: str | None) -> str:
        """The title of an action type or duration band; a dash for none."""
        return self.title(key) if key else DASH

    def context(self, cid: str) -> str:
        return self.kb.contexts[cid].title if cid in self.kb.contexts else cid

    def context_with_id(self, cid: str) -> str:
        return f"{self.kb.contexts[cid].title} ({cid})" if cid in self.kb.contexts else cid

    def step_title(self, r: dict) -> str:
        """A phase step as "3.3 Case management: 1 → 2 Building" ("restore" before a restoration); an action by
        its own title."""
        if r.get("kind", "climb") not in ("climb", "restore"):
            return r["title"]
        verb = self._("restore ") if r.get("kind") == "restore" else ""
        return (f"{r['subdomain']} {self.kb.subdomains[r['subdomain']].short}: {verb}"
                f"{r['from_phase']} \u2192 {r['to_phase']} {phase_short(self.kb, r['to_phase'])}")

    def deferred_label(self, d: dict) -> str:
        if d["subdomain"] not in self.kb.subdomains:
            return d["id"]
        return f"{d['id']} {self.kb.subdomains[d['subdomain']].short}: {d['from_phase']} \u2192 {d['to_phase']}"


def _anchors(data: dict) -> dict[str, str]:
    """The page id of every step and deferred step."""
    out = {r["id"]: f"step-{_slug(r['id'])}" for r in data["recommendations"]}
    out.update({d["id"]: f"deferred-{_slug(d['id'])}" for d in data["deferred"]})
    return out


def _slug(step_id: str) -> str:
    return step_id.replace(":", "-")


def _links(ids: list[str], anchors: dict[str, str]) -> list[dict]:
    return [{"id": i, "anchor": anchors.get(i)} for i in ids]


def _horizon(data: dict, labels: _Labels) -> dict:
    return {"years": data["horizon_years"], "setting": data["setting"]["title"].lower(),
            "periods": len(data["waves"]),
            "months": ", ".join(labels._("months {months}").format(months=w["months"]) for w in data["waves"]),
            "capacity": data["capacity"], "per_lead_capacity": data["per_lead_capacity"]}


def _periods(data: dict, labels: _Labels, anchors: dict[str, str]) -> list[dict]:
    """The roadmap: for every period, the steps that start in it."""
    out = []
    for w in data["waves"]:
        steps = [{"rank": r["rank"], "anchor": anchors[r["id"]], "title": labels.step_title(r),
                  "start_month": r["start_month"], "end_month": r["end_month"], "track": code(labels.kb, r["track"]),
                  "score": number(r["score"]),
                  "first_intervention": next((iv["title"] for iv in r["interventions"] if not iv.get("checklist")),
                                             DASH)}
                 for r in data["recommendations"] if r["wave"] == w["wave"]]
        out.append({"wave": w["wave"], "months": w["months"], "steps": steps})
    return out


def _step(r: dict, labels: _Labels, anchors: dict[str, str]) -> dict:
    """One step of the plan and why."""
    checklist = [iv for iv in r["interventions"] if iv.get("checklist")]
    return {
        "anchor": anchors[r["id"]], "id": r["id"], "rank": r["rank"], "title": labels.step_title(r),
        "wave": r["wave"], "start_month": r["start_month"], "end_month": r["end_month"],
        "track": code(labels.kb, r["track"]), "kind": code(labels.kb, r["kind"]), "score": number(r["score"]),
        "subdomain_title": r["subdomain_title"],
        "requires": _links(r["requires"], anchors), "unblocks": _links(r["unblocks"], anchors),
        "placement": r["placement"]["text"],
        "holds": [{"until_month": h["until_month"], "reason": h["reason"]} for h in r["holds"]],
        "checks": [c["text"] for c in r.get("checks") or []],
        "score_terms": [{"weight": _signed(t["weight"]), "label": t["label"], "rule": t["rule"]}
                        for t in r["score_terms"]],
        "actions": [_action(iv, labels) for iv in r["interventions"] if not iv.get("checklist")],
        "checklist": [_checklist_action(iv, labels) for iv in checklist],
        "checklist_rules": sorted({iv["added_by"] for iv in checklist if iv.get("added_by")}),
        "qualifiers": r["qualifiers"],
        "description": r.get("description"),
        "sources": "; ".join(r["sources"]),
        "reasons": [{"text": x["text"], "rule": x["rule"], "source": x["source"]}
                    for x in distinct_reasons(r["rationale"])],
        "edges": [{"strength": d["strength"], "strength_words": labels._(STRENGTHS.get(d["strength"], d["strength"])),
                   "text": d["text"], "rationale": d["rationale"], "source": d["source"]} for d in r["edges"]],
        "criteria": _criteria(r.get("criteria") or {}),
    }


def _signed(weight: float) -> str:
    return ("+" if weight >= 0 else "\u2212") + number(abs(weight))


def _intervention(iv: dict, labels: _Labels) -> dict:
    return {"id": iv["id"], "title": iv["title"], "source": iv.get("source"),
            "action_type": labels.term(iv.get("action_type"))}


def _action(iv: dict, labels: _Labels) -> dict:
    """An intervention of the step: who leads it, for how long, and why it is here."""
    actors = [labels.title(a) for a in iv.get("lead_actors") or []]
    contexts = [labels.context(c) for c in iv.get("contexts") or []]
    return {**_intervention(iv, labels),
            "lead": actors[0] if actors else DASH, "lead_with": ", ".join(actors[1:]) if len(actors) > 1 else None,
            "duration": labels.term(iv.get("duration")),
            "added_by": iv.get("added_by"),
            "why": (labels._("added for {contexts}").format(contexts=", ".join(contexts)) if contexts
                    else labels._("added"))}


def _checklist_action(iv: dict, labels: _Labels) -> dict:
    """A case management checklist action a rule added to the step (it names no lead actor or duration)."""
    return {**_intervention(iv, labels), "dimension": iv.get("unit") or iv.get("dimension") or DASH,
            "level": iv.get("to_level_name") or DASH}


def _criteria(crit: dict) -> dict | None:
    """The criteria of the current and the next phase, or None."""
    if not crit:
        return None
    cur, nxt = crit["current"], crit["next"]
    return {"current": {"phase": cur["phase"], "name": cur["name"], "summary": cur.get("summary") or ""},
            "next": {"phase": nxt["phase"], "name": nxt["name"], "summary": nxt.get("summary") or "",
                     "criteria": nxt.get("criteria") or [], "source": nxt.get("source")}}


def _deferred(d: dict, labels: _Labels, anchors: dict[str, str]) -> dict:
    return {"anchor": anchors[d["id"]], "label": labels.deferred_label(d), "score": number(d["score"]),
            "requires": _links(d["requires"], anchors), "reason": d["reason"]}


def _warning(w: dict, labels: _Labels) -> dict:
    source = w.get("source") or "plan"
    return {"text": w["text"], "source": labels._(SOURCES.get(source, source)), "rule": w.get("rule"), "at": w.get("at")}
