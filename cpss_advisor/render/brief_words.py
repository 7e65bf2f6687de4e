"""Words for the brief: numbers, dates, lists and the knowledge base's names for what a plan names by id.

`Words` answers "what do people call this?" for an actor, a context, a subdomain, a phase, a step or a case
management figure, always from the knowledge base's titles; an id the knowledge base does not know is shown as it
is (a plan read from edited JSON may hold one), never dropped. `plain` turns a sentence that the planner wrote
for the record (where a figure or a context may appear by its id) into words.
"""

from __future__ import annotations

import re

from ..core.i18n import N_, SOURCE_LANGUAGE, format_date, gettext_for, number_words
from ..kb.knowledge_base import KnowledgeBase

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
#: words translated where they are used (marked here for extraction)
_MARKED = (N_("and"), N_("or"), N_("reaching"), N_("has reached"), N_("reached"))
#: the case management figures (`metric` of the knowledge base's standards), in words
_METRICS = (N_("caseload per caseworker"), N_("cases per data entry staff"), N_("caseworkers per supervisor"),
            N_("months since data protection assessment"), N_("months since information policies update"),
            N_("months since service mapping update"), N_("months since service provider training"),
            N_("months since sop update"), N_("months to final review after closure"))
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_STEP_ID = re.compile(r"^(\d\.\d):(\d)-(\d)$")


def number(n: int, language: str = SOURCE_LANGUAGE) -> str:
    """"six" for 6 (up to twelve), else the digits; in `language` ("six", "six" in French too; 0 is "no")."""
    if language != SOURCE_LANGUAGE:
        return number_words(n, language)
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """"one step", "six steps", "no steps"."""
    return f"{number(n)} {noun if n == 1 else (plural or noun + 's')}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """`text` with a capital first letter and a full stop at the end."""
    text = capital(text.strip())
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def listing(items, conjunction: str = "and", language: str = SOURCE_LANGUAGE) -> str:
    """"a", "a and b", "a, b and c" ("a; b; and c" when an item holds a comma)."""
    items = [x for x in items if x]
    if language != SOURCE_LANGUAGE:
        conjunction = gettext_for(language)(conjunction)
    if len(items) <= 1:
        return "".join(items)
    if len(items) > 2 and any("," in x for x in items):
        return "; ".join(items[:-1]) + f"; {conjunction} " + items[-1]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def date(iso: str, language: str = SOURCE_LANGUAGE) -> str:
    """"30 June 2026" for "2026-06-30" ("30 juin 2026" in French, Babel's long form); any other text as it is."""
    m = _DATE.match(iso)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return iso
    if language != SOURCE_LANGUAGE:
        import datetime

        try:
            return format_date(datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), language)
        except ValueError:
            return iso
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def months(start: int, end: int, language: str = SOURCE_LANGUAGE) -> str:
    """"Months 0-12 (12 months)"."""
    length = end - start
    if language != SOURCE_LANGUAGE:
        _ = gettext_for(language)
        return _("Months %(start)s\u2013%(end)s (%(length)s months)") % {"start": start, "end": end, "length": length}
    return f"Months {start}\u2013{end} ({length} month{'s' if length != 1 else ''})"


class Words:
    """The knowledge base's names for ids."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.language = kb.language
        self._ = gettext_for(kb.language)
        v = kb.vocabulary
        self.actors = {a.id: a.title for a in (v.actors if v else [])}
        self.standards = kb.standards()

    def actor(self, aid: str | None) -> str:
        if aid is None:
            return self._("not named")
        return self.actors.get(aid, aid)

    def context(self, cid: str) -> str:
        c = self.kb.contexts.get(cid)
        return c.title if c is not None else cid

    def subdomain(self, sid: str) -> str:
        """"3.3 Case management and referral"."""
        s = self.kb.subdomains.get(sid)
        return f"{sid} {s.short}" if s is not None else sid

    def phase(self, number: int) -> str:
        """"System Enhancement"."""
        p = self.kb.phases.get(number)
        return p.name if p is not None else self._("phase %(n)s") % {"n": number}

    def climb(self, sid: str, from_phase: int, to_phase: int, restore: bool = False) -> str:
        """"3.3 Case management and referral: System Building to System Enhancement"."""
        if restore:
            return self._("%(subdomain)s: back to %(phase)s") % {"subdomain": self.subdomain(sid),
                                                                  "phase": self.phase(to_phase)}
        return self._("%(subdomain)s: %(from)s to %(to)s") % {
            "subdomain": self.subdomain(sid), "from": self.phase(from_phase), "to": self.phase(to_phase)}

    def reaching(self, sid: str, phase: int, verb: str = "reaching") -> str:
        """"6.4 Community mechanisms reaching System Integration" (`verb`: "has reached", ...)."""
        return f"{self.subdomain(sid)} {self._(verb)} {self.phase(phase)}"

    def step(self, step_id: str, verb: str = "reaching") -> str:
        """A step id of the plan ("3.3:1-2") as the move it names ("3.3 Case management and referral reaching
        System Enhancement", or with `verb` "reached": "... has reached ..."); an action's id as its catalogue
        title."""
        m = _STEP_ID.match(step_id)
        if m:
            return self.reaching(m.group(1), int(m.group(3)), "has reached" if verb == "reached" else verb)
        action = self.kb.response_actions.get(step_id.split(":", 1)[-1])
        return action.title if action is not None else step_id

    def metric(self, metric: str) -> str:
        """A case management figure in words: "caseload per caseworker"."""
        return self._(metric.replace("_", " "))

    def figure(self, metric: str, value, limit, comparison: str = "max", level: str = "minimum") -> str:
        """"caseload per caseworker 38 (minimum standard: at most 25)"."""
        bound = self._("at most") if comparison == "max" else self._("at least")
        kind = self._("good practice") if level == "good_practice" else self._("minimum standard")
        return f"{self.metric(metric)} {_num(value)} ({kind}: {bound} {_num(limit)})"

    def plain(self, text: str) -> str:
        """A sentence with every snake_case id in it replaced by words: a context by its title, an actor by its
        title, a figure by its name in words."""
        def sub(m: re.Match) -> str:
            word = m.group()
            if word in self.kb.contexts:
                return self.kb.contexts[word].title
            if word in self.actors:
                return self.actors[word]
            return word.replace("_", " ")

        return _SNAKE.sub(sub, text).replace("phase(s)", "phases").replace("(s)", "s")


def _num(x) -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    return str(int(f)) if f.is_integer() else f"{f:g}"
