"""The plan's ids and values in words, for the workplan's readers: the knowledge base's titles for actors, contexts,
subdomains and phases, a step named by what it does ("Case management and referral: from Building to
Enhancement"), and the texts of rules and of the planner with the step ids, dependency edges and snake_case values
they quote put into words. Ids stay in the JSON and in the workplan's hidden key columns.

The words are in the knowledge base's language (`kb.language`): its titles, and the renderers' own words through
`Words._` (the translator of that language), which every sheet of the workplan uses."""

from __future__ import annotations

import re

from ..core.i18n import gettext_for
from ..kb.knowledge_base import KnowledgeBase

#: A step or action id ("3.3:1-2", "3.3:restore-2", "3.1:respond-family-based-care").
_STEP_ID = re.compile(r"\b(\d+\.\d+):([a-z0-9][a-z0-9-]*[a-z0-9]|\d-\d)\b")
_CLIMB = re.compile(r"^(\d)-(\d)$")
#: A dependency edge quoted in parentheses: "(co_requisite dependency 3.3@2<-3.2@2)", "(soft dependency ...)".
_EDGE_NOTE = re.compile(r"\s*\((?:([a-z_]+) )?dependency [^()]*@[^()]*\)")
_EDGE = re.compile(r"\b\d+\.\d+@\d<-\d+\.\d+@\d\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
#: What a phase's full name adds to its short name, per language ("System Integration", "Intégration du système").
_PHASE_SUFFIX = {"fr": " du système"}


def short_phase(kb: KnowledgeBase, n: int) -> str:
    """"Enhancement" ("Renforcement"): a phase's name without "System" ("du système")."""
    short = kb.phase_short(n)
    suffix = _PHASE_SUFFIX.get(kb.language)
    return short[:-len(suffix)] if suffix and short.endswith(suffix) else short


class Words:
    """Names in words for one plan and knowledge base."""

    def __init__(self, plan, kb: KnowledgeBase):
        self.plan, self.kb = plan, kb
        self.language = kb.language
        self._ = gettext_for(kb.language)
        vocabulary = kb.vocabulary
        self._actors = {a.id: a.title for a in vocabulary.actors} if vocabulary else {}
        self._steps = {r.id: r for r in plan.recommendations}
        self._deferred = {d.id: d for d in plan.deferred}

    # --- names ---------------------------------------------------------------------------------------------------

    def actor(self, aid: str | None) -> str | None:
        return None if aid is None else self._actors.get(aid, self._plain_slug(aid))

    def context(self, cid: str) -> str:
        ctx = self.kb.contexts.get(cid)
        return ctx.title if ctx else self._plain_slug(cid)

    def subdomain(self, sid: str) -> str:
        """"3.3 Case management and referral": the benchmark's number and the subdomain's short title."""
        sd = self.kb.subdomains.get(sid)
        return f"{sid} {sd.short}" if sd else sid

    def outcome(self, oid: str) -> str:
        out = self.kb.outcomes.get(oid)
        return f"{oid} {out.title}" if out else oid

    def phase(self, n: int | None) -> str | None:
        """"Enhancement" ("Renforcement"): a phase's name without "System"."""
        return None if n is None else short_phase(self.kb, n)

    def step(self, rid: str) -> str:
        """A step or an action by what it does: "Case management and referral: from Building to Enhancement",
        "Case management and referral: back to Enhancement", or the action's title."""
        rec = self._steps.get(rid) or self._deferred.get(rid)
        if rec is not None:
            kind = rec.kind
            if kind == "climb":
                return self._climb(rec.subdomain, rec.from_phase, rec.to_phase)
            if kind == "restore":
                return self._("{subdomain}: back to {phase}").format(subdomain=self._short(rec.subdomain),
                                                                     phase=self.phase(rec.to_phase))
            title = getattr(rec, "title", None)
            if title:
                return title
        return self._parsed_step(rid)

    def steps(self, ids) -> str | None:
        return "; ".join(self.step(i) for i in ids) or None

    def track(self, track: str) -> str:
        _ = self._
        return {"response": _("Response"), "system": _("System")}.get(track, track.capitalize())

    def months(self, start: int | None, end: int | None) -> str | None:
        if start is None or end is None:
            return None
        return f"{start}-{end}"

    # --- texts ---------------------------------------------------------------------------------------------------

    def text(self, text: str | None) -> str | None:
        """A text of a rule or of the planner in words: dependency edges dropped (their kind kept), step ids
        replaced by the steps' names, snake_case values by their titles (or their words), the first letter
        upper case."""
        if not text:
            return text
        out = _EDGE_NOTE.sub(lambda m: self._edge_note(m.group(1)) if m.group(1) else "", text)
        out = _EDGE.sub(self._("a dependency"), out)
        out = _STEP_ID.sub(lambda m: f'"{self.step(m.group(0))}"', out)
        out = _SNAKE.sub(lambda m: self._snake(m.group(0)), out)
        return out[:1].upper() + out[1:]

    # --- helpers -------------------------------------------------------------------------------------------------

    def _short(self, sid: str) -> str:
        sd = self.kb.subdomains.get(sid)
        return sd.short if sd else sid

    def _climb(self, sid: str, a: int, b: int) -> str:
        return self._("{subdomain}: from {start} to {end}").format(subdomain=self._short(sid), start=self.phase(a),
                                                                   end=self.phase(b))

    def _edge_note(self, kind: str) -> str:
        """" (co-requisite dependency)": the kind of a dependency a text quoted, in words."""
        _ = self._
        words = {"co_requisite": _("co-requisite dependency"), "soft": _("soft dependency"),
                 "hard": _("hard dependency")}
        return " ({})".format(words.get(kind) or self._("{kind} dependency").format(kind=kind.replace("_", "-")))

    def _parsed_step(self, rid: str) -> str:
        m = _STEP_ID.fullmatch(rid)
        if not m:
            return self._plain_slug(rid)
        sid, rest = m.groups()
        climb = _CLIMB.match(rest)
        if climb:
            return self._climb(sid, int(climb.group(1)), int(climb.group(2)))
        action = self.kb.response_actions.get(rest)
        return action.title if action else f"{self._short(sid)}: {self._plain_slug(rest)}"

    def _snake(self, word: str) -> str:
        if word in self.kb.contexts:
            return self.kb.contexts[word].title
        if word in self._actors:
            return self._actors[word]
        return self._plain_slug(word)

    @staticmethod
    def _plain_slug(slug: str) -> str:
        return slug.replace("_", " ").replace("-", " ") if slug else slug
