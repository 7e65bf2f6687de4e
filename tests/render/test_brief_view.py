"""The brief's content model (`cpss_advisor.render.brief_view`): what a ministry reads, decided once for every
format. Plans of the shipped examples and of the planning scenarios; the words checked here, the layouts in
test_brief_formats.py, the printed pages in test_brief_print.py."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path

import pytest

from cpss_advisor import api
from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.render.brief_sources import Footnotes, parse
from cpss_advisor.render.brief_view import brief_view

from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "planning" / "scenarios"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
ALL_FILES = EXAMPLE_FILES + SCENARIO_FILES


@lru_cache(maxsize=None)
def _advisor():
    return api.advisor()


@lru_cache(maxsize=None)
def plan_of(path: Path) -> Plan:
    """The plan of an assessment file, planned once per test session."""
    adv = _advisor()
    return api.recommend(path, knowledge=adv.kb, rules=adv.book)


def ids(paths) -> list[str]:
    return [p.stem for p in paths]


# --- what people must never read --------------------------------------------------------------------------------

_FORBIDDEN = {
    "a step id": re.compile(r"\b\d\.\d:(?:\d-\d|[a-z])"),
    "an edge": re.compile(r"\d@\d|<-"),
    "a snake_case value": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
    "a command-line option": re.compile(r"(?<![\w-])--[a-z]"),
    "a hash": re.compile(r"\b[0-9a-f]{12,}\b"),
    "a seed citation": re.compile(r"\bseed \d{3}\b|\(lines? \d"),
}
_TOKEN = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")


@lru_cache(maxsize=None)
def _ids() -> frozenset[str]:
    """The ids of the knowledge base and the rules: interventions, actions, checklist actions, rules."""
    adv = _advisor()
    kb = adv.kb
    checklist = {a.id for d in kb.case_management.dimensions
                 for t in [*d.transitions, *(t for s in d.sub_dimensions for t in s.transitions)] for a in t.actions}
    return frozenset(set(kb.interventions) | set(kb.response_actions) | checklist | set(adv.book.rules))


def leaks(text: str) -> list[str]:
    """Every id, rule name, snake_case value, option, hash or seed citation in text meant for people."""
    found = [f"{what}: {m.group()!r}" for what, rx in _FORBIDDEN.items() for m in rx.finditer(text)]
    found += [f"an id or rule name: {t!r}" for t in sorted(set(_TOKEN.findall(text)) & _ids())]
    return found


def test_leaks_finds_what_it_looks_for():
    text = ("3.3:1-2 and 3.3:respond-x, 3.1@3<-5.2@2, lead_ministry, raise --capacity, sha 0d2b201c05b5af85, seed 000 "
            "(lines 90-92), 3.3-map-services-and-referral-pathways by core-function-weighs")
    found = leaks(text)
    assert {x.split(":")[0] for x in found} == {*_FORBIDDEN, "an id or rule name"}, found
    assert "an id or rule name: 'core-function-weighs'" in found
    assert "an id or rule name: '3.3-map-services-and-referral-pathways'" in found
    assert leaks("3.3 Case management and referral: System Building to System Enhancement, months 0\u201312.") == []


def _brief_text(b) -> str:
    """Every text of a brief (not its annex)."""
    parts = []

    def walk(value):
        if isinstance(value, str):
            parts.append(value)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                if f.name not in ("annex", "detail"):
                    walk(getattr(value, f.name))
        elif isinstance(value, tuple):
            for v in value:
                walk(v)

    walk(b)
    return "\n".join(parts)


@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_the_brief_names_things_in_words(path, kb):
    b = brief_view(plan_of(path), kb)
    assert leaks(_brief_text(b)) == []


# --- the parts of the brief -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_the_parts_of_a_brief(path, kb):
    plan = plan_of(path)
    b = brief_view(plan, kb)
    assert b.cover.country == plan.country and b.cover.as_of == plan.as_of
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", b.cover.date)
    assert all(c in {x.title for x in kb.contexts.values()} for c in b.cover.contexts)
    assert len(b.cover.contexts) == len(plan.context)
    assert 3 <= len(b.messages) <= 5 and len(set(b.messages)) == len(b.messages)
    assert [c.name for c in b.charts] == ["phases", "timeline"]
    # one card per step or action, in plan order, each with its lead, months and reasons
    assert [c.number for c in b.cards] == [r.rank for r in plan.recommendations]
    for card, r in zip(b.cards, plan.recommendations):
        assert (card.start_month, card.end_month) == (r.start_month, r.end_month)
        assert card.why and card.lead and card.first
        if r.kind in ("climb", "restore"):
            assert card.first[0].description, "a step describes its first intervention"
            assert kb.subdomains[r.subdomain].short in card.title
        else:
            assert card.summary == r.description
    assert sum(len(w.steps) for w in b.waiting) == len(plan.deferred)
    assert (b.waiting_summary is None) == (not plan.deferred)
    assert b.annex is None


@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_every_footnote_resolves_and_every_source_is_cited(path, kb):
    b = brief_view(plan_of(path), kb)
    cited = [n for c in b.cards for n in c.notes]
    numbers = [n.number for n in b.notes]
    assert numbers == list(range(1, len(numbers) + 1)), "notes are numbered 1..N"
    assert set(cited) == set(numbers), "every note is cited, every citation has its note"
    assert cited and min(cited) == 1
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == sorted(first_seen), "notes are numbered in the order the brief first cites them"
    titles = {s.title for s in kb.sources.values()}
    for d in b.documents:
        assert d.title in titles and d.notes and d.publisher
        assert all(n.section and "seed" not in n.section and "line" not in n.section for n in d.notes)


def test_citations_are_resolved_to_their_documents(kb):
    assert parse("seed 000, Section 1.1: optimal sequencing of investments (lines 90-92) [inferred]") == \
        ("000", "Section 1.1: optimal sequencing of investments", True)
    assert parse("seed 001, How to strengthen (emergency interventions) (line 16)") == \
        ("001", "How to strengthen (emergency interventions)", False)
    notes = Footnotes(kb)
    assert notes.cite("seed 003, Dimension 3 (lines 1-2)") == 1
    assert notes.cite("seed 000, Table 1 (line 5)") == 2
    assert notes.cite("seed 003, Dimension 3 (lines 1-2)") == 1, "the same section keeps its number"
    assert notes.cite("seed 999, nowhere") is None and notes.cite("<script>") is None, "unresolved: no note"
    docs = notes.documents()
    assert [d.title for d in docs] == [kb.sources["000"].title, kb.sources["003"].title]
    assert docs[0].reference == f"UNICEF (2021). {kb.sources['000'].title}."


def test_beremia_in_words(kb):
    """The example of a protracted conflict: what its brief says first."""
    plan = plan_of(EXAMPLES / "beremia-conflict.yaml")
    b = brief_view(plan, kb)
    assert b.cover.horizon == "Two years, in four periods of six months"
    assert b.cover.setting == "Protracted crisis" and "Government capacity weakened" in b.cover.contexts
    assert b.messages[0].startswith("Six steps start at once: 3.3 Case management and referral")
    assert "response track" in b.messages[1]
    assert "Eight steps wait beyond the horizon" in b.messages[2]
    assert any("Verify the rating of 6.2 Complaint mechanisms" in m for m in b.messages)
    assert any("caseload per caseworker 38 (minimum standard: at most 25)" in m for m in b.messages)
    step = next(c for c in b.cards if c.title.startswith("3.3 Case management"))
    assert step.title == "3.3 Case management and referral: System Building to System Enhancement"
    assert step.first[0].title == "Map services and the referral pathways already in use"
    assert "It is a core function" in step.why and step.lead == "Lead ministry or agency for child protection"
    assert step.unlocks == "Reaching it opens the way for 6.4 Community mechanisms reaching System Integration."
    later = next(c for c in b.cards if c.title.startswith("7.3"))
    assert "It starts at month 12, when there is room" in later.why
    assert any("no room within the horizon" in w.reason.lower() for w in b.waiting)


def test_an_interim_measure_and_a_wait_for_a_prerequisite_are_said(kb):
    plan = plan_of(SCENARIOS / "15-yselle-stable-two-years.yaml")
    card = next(c for c in brief_view(plan, kb).cards if c.title.startswith("3.3") and "Integration" in c.title)
    assert card.interim.startswith("It starts on an interim measure: ")
    assert "while 5.1 Social service workforce is built" in card.interim
    assert "once 3.3 Case management and referral has reached System Enhancement" in card.why


def test_at_acute_onset_the_response_track_comes_first(kb):
    b = brief_view(plan_of(SCENARIOS / "01-ilmaria-epidemic-acute.yaml"), kb)
    assert any(m.startswith("At acute onset the response track starts at once") and "wait until month 3" in m
               for m in b.messages)


def test_the_full_detail_adds_the_annex(kb):
    plan = plan_of(EXAMPLES / "beremia-conflict.yaml")
    brief, full = brief_view(plan, kb), brief_view(plan, kb, detail="full")
    assert full.cards == brief.cards and full.messages == brief.messages
    assert [c.name for c in full.charts] == ["phases", "timeline", "dependencies"]
    annex = full.annex
    assert dict(annex.provenance)["input_sha256"] == plan.provenance["input_sha256"]
    assert [s.id for s in annex.steps] == [r.id for r in plan.recommendations]
    fired = {x["rule"] for r in plan.recommendations for x in r.rationale}
    text = "\n".join(x for s in annex.steps for x in s.reasons)
    assert all(f"[{rule};" in text for rule in fired) and '"type": ' in text, "every rule with its facts"
    assert annex.firings == len(plan.trace) and len(annex.deferred) == len(plan.deferred)
    with pytest.raises(ValueError, match="detail"):
        brief_view(plan, kb, detail="everything")


def test_the_same_plan_gives_the_same_brief(kb):
    plan = plan_of(EXAMPLES / "corvania-decentralisation.yaml")
    again = Plan.model_validate(plan.model_dump(mode="json"))
    assert brief_view(plan, kb) == brief_view(again, kb)
