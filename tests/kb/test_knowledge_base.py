"""The shipped knowledge base: complete, cited, faithful to the benchmark's structure, in its own words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cpss_advisor.kb.dependency_graph import DependencyGraph

from tests.conftest import ROOT, SEEDS

EXPECTED_SUBDOMAINS = {
    "1": ["1.1", "1.2"], "2": ["2.1", "2.2", "2.3"], "3": ["3.1", "3.2", "3.3"], "4": ["4.1", "4.2"],
    "5": ["5.1", "5.2"], "6": ["6.1", "6.2", "6.3", "6.4"], "7": ["7.1", "7.2", "7.3"],
}


def test_outcomes_and_subdomains_match_the_benchmarks(kb):
    assert sorted(kb.outcomes) == list(EXPECTED_SUBDOMAINS)
    for oid, sids in EXPECTED_SUBDOMAINS.items():
        assert sorted(s for s in kb.subdomains if kb.subdomains[s].outcome == oid) == sids
    assert [kb.phases[n].name for n in (1, 2, 3, 4)] == [
        "System Building", "System Enhancement", "System Integration", "System Maturity"]


def test_criteria_for_every_phase_cited_to_table_1(kb):
    assert len(kb.criteria) == 76
    for (sid, phase), c in kb.criteria.items():
        assert c.source.seed == "000"
        assert sid in c.source.at and kb.phases[phase].name in c.source.at, c.source.at
        assert 1 <= len(c.criteria) <= 8


def test_missing_3_1_maturity_text_is_marked_inferred(kb):
    inferred = [k for k, c in kb.criteria.items() if c.source.inferred]
    assert inferred == [("3.1", 4)]
    assert kb.criteria[("3.1", 4)].source.reason


def test_every_step_has_general_interventions(kb):
    steps = {(s, n) for iv in kb.interventions.values() if iv.general for s in iv.subdomains for n in iv.steps}
    assert len(steps) == 57


def test_emergency_and_exit_interventions_are_tagged(kb):
    ctx = [iv for iv in kb.interventions.values() if not iv.general]
    assert ctx
    text = " ".join((iv.title + " " + iv.description).lower() for iv in ctx)
    for needle in ("map", "tracing", "friendly space", "second", "exit", "community"):
        assert needle in text, needle
    sources = {iv.source.seed for iv in ctx}
    assert {"001", "003"} <= sources
    exit_plans = [iv for iv in ctx if "exit" in iv.title.lower()]
    assert exit_plans and all({"protracted_crisis", "recovery"} & set(iv.contexts) for iv in exit_plans)


def test_vocabularies_in_use(kb):
    assert {iv.action_type for iv in kb.interventions.values()} <= {a.id for a in kb.vocabulary.action_types}
    assert {iv.duration for iv in kb.interventions.values()} == {"short", "medium", "long"}


def test_context_catalogue_has_the_required_ids(kb):
    required = {"armed_conflict", "natural_disaster", "displacement", "epidemic", "economic_crisis",
                "acute_onset", "protracted_crisis", "recovery", "government_capacity_weakened",
                "limited_long_term_capacity", "limited_partner_experience", "political_commitment",
                "law_reform_window", "decentralisation_reform"}
    assert required <= set(kb.contexts)
    assert all(c.description and c.source for c in kb.contexts.values())
    rules = {c.id: c.rule for c in kb.constraints}
    assert rules["one-stage"] == "at_most_one" and rules["stage-needs-shock"] == "requires_any"


def test_case_management_instrument(kb):
    cm = kb.case_management
    assert [lv.name for lv in sorted(cm.levels, key=lambda x: x.level)] == [
        "Critical to address", "Requires improvement", "Meets minimum levels", "Good practice"]
    assert [d.id for d in cm.dimensions] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert [s.id for s in kb.cm_dimension("2").sub_dimensions] == ["2a", "2b", "2c", "2d", "2e", "2f"]
    assert [s.id for s in kb.cm_dimension("5").sub_dimensions] == ["5a", "5b", "5c", "5d"]
    standards = kb.standards()
    assert standards["caseload_per_caseworker"].limit == 25 and standards["caseload_per_caseworker"].comparison == "max"
    assert standards["cases_per_data_entry_staff"].limit == 100
    assert standards["months_to_final_review_after_closure"].comparison == "min"
    assert "5.1" in kb.cm_dimension("5").maps_to


def test_dependency_edges_cite_and_explain(kb):
    assert len(kb.edges) >= 18
    for e in kb.edges:
        assert e.rationale and e.source
        assert e.subdomain != e.needs
    types = {(e.subdomain, e.to_phase, e.needs): e.type for e in kb.edges}
    # The blockers the 3.3 Enhancement text names (referral protocols across sectors, training and supervision)
    # are covered for now by interim measures while they are built.
    assert types[("3.3", 3, "5.1")] == "interim" and types[("3.3", 3, "2.3")] == "interim"
    # Case management and its SOPs are one workstream (seed 003 lines 7-28; seed 000 line 161).
    assert types[("3.3", 2, "3.2")] == "co_requisite"
    # The national mechanism sits under the lead ministry (seed 000 line 155): finish-to-start.
    assert types[("2.2", 3, "2.1")] == "finish_to_start"
    # finish-to-start only where a source names the condition: none of them is marked inferred by its type alone
    for e in kb.edges:
        if e.type == "interim":
            assert kb.interventions[e.interim].use == "interim"


def test_edges_the_planning_model_calls_for(kb):
    """planning-model.md section 2: the edges the sources support that the first graph lacked."""
    have = {(e.subdomain, e.to_phase, e.needs, e.min_phase) for e in kb.edges}
    assert ("3.3", 3, "3.1", 2) in have      # case management needs services to refer children to
    assert ("3.3", 3, "7.3", 2) in have      # referral goes with information-sharing protocols
    assert ("5.2", 3, "1.1", 3) in have      # costing needs a national plan to cost
    assert ("7.1", 3, "3.3", 3) in have      # common case forms feed administrative data
    assert ("2.3", 3, "2.1", 2) in have      # the lead agency owns coordination at every level


def test_graph_is_acyclic(kb):
    assert DependencyGraph(kb).milestone_cycle() is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_cited_lines_exist_in_the_sources(kb):
    from cpss_advisor.kb.integrity import _citations

    lengths = {sid: len((SEEDS / s.file).read_text().splitlines()) for sid, s in kb.sources.items()}
    for entity, key, _path, cit in _citations(kb):
        if cit.lines:
            assert cit.lines[1] <= lengths[cit.seed], (entity, key, cit.lines)


@pytest.mark.skipif(not (ROOT.parent / "shared" / "tools" / "seed_overlap.py").exists(),
                    reason="the overlap tool is not beside the checkout")
def test_knowledge_states_sources_in_its_own_words():
    tool = ROOT.parent / "shared" / "tools" / "seed_overlap.py"
    r = subprocess.run([sys.executable, str(tool), "knowledge", "docs", "README.md", "examples"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.stdout == "" and r.returncode == 0, r.stdout[:2000]


# --- response actions and the interventions of planning model v2 -----------------------------------------------

MOST_EXPOSED = {"3.3", "5.1", "6.4", "2.3", "5.2"}


def _stages(kb) -> set[str]:
    return {c for c, ctx in kb.contexts.items() if ctx.category == "stage"}


def _shocks(kb) -> set[str]:
    return {c for c, ctx in kb.contexts.items() if ctx.category == "shock"}


def _applies(ra, present: set[str]) -> bool:
    t = ra.triggers
    return (not t.stages or bool(set(t.stages) & present)) and (not t.contexts or bool(set(t.contexts) & present))


def _joining(kb, ra, present: set[str]) -> list[str]:
    """The action's interventions that join where `present` holds: untagged ones, and tagged ones with a tag present."""
    tags = {i: set(kb.interventions[i].contexts) for i in ra.interventions}
    return [i for i in ra.interventions if not tags[i] or tags[i] & present]


def test_response_actions_use_known_interventions_that_are_not_interim(kb):
    assert len(kb.response_actions) >= 16
    for aid, ra in kb.response_actions.items():
        for iid in ra.interventions:
            assert iid in kb.interventions, (aid, iid)
            assert kb.interventions[iid].use != "interim", (aid, iid)
        assert len(set(ra.interventions)) == len(ra.interventions), aid


def test_response_triggers_list_stages_as_stages(kb):
    stages = _stages(kb)
    for aid, ra in kb.response_actions.items():
        assert set(ra.triggers.stages) <= stages, aid
        assert set(ra.triggers.contexts) <= set(kb.contexts) - stages, aid


def test_every_shock_has_a_respond_action_at_acute_onset(kb):
    for shock in sorted(_shocks(kb)):
        present = {shock, "acute_onset"}
        acting = [ra for ra in kb.response_actions.values()
                  if ra.kind == "respond" and ra.track == "response" and _applies(ra, present)]
        assert acting, shock
        assert all(_joining(kb, ra, present) for ra in acting), shock


def test_a_triggered_action_always_has_work_to_start(kb):
    """Whatever stage and context set an action off, at least one of its interventions joins it."""
    for aid, ra in kb.response_actions.items():
        for stage in ra.triggers.stages or [None]:
            for cid in ra.triggers.contexts or [None]:
                present = {c for c in (stage, cid) if c}
                assert _joining(kb, ra, present), (aid, present)


def test_helpline_joins_case_management_only_where_movement_is_restricted(kb):
    ra = kb.response_actions["respond-cm-interim-procedures"]
    assert ra.interventions[0] == "resp-interim-interagency-cm-procedures"
    assert "resp-helpline-remote-case-management" in _joining(kb, ra, {"acute_onset", "epidemic"})
    assert "resp-helpline-remote-case-management" not in _joining(kb, ra, {"acute_onset", "natural_disaster"})


def test_restore_actions_cover_the_functions_shocks_set_back_most(kb):
    restores = {ra.subdomain: ra for ra in kb.response_actions.values() if ra.kind == "restore"}
    assert MOST_EXPOSED <= set(restores)
    for sid, ra in restores.items():
        assert ra.track == "system" and not ra.triggers.stages and not ra.triggers.contexts, ra.id
        for iid in ra.interventions:
            iv = kb.interventions[iid]
            assert iv.use == "restore" and sid in iv.subdomains, (ra.id, iid)


def test_response_and_restore_interventions_belong_to_an_action_of_their_kind(kb):
    listed = {i: ra for ra in kb.response_actions.values() for i in ra.interventions}
    for iid, iv in kb.interventions.items():
        if iv.use in ("response", "restore"):
            assert iid in listed, iid
            assert not iv.general
            assert (iv.use == "restore") == (listed[iid].kind == "restore"), iid


def test_response_track_opens_with_case_management_at_acute_onset(kb):
    first = next(iter(kb.response_actions.values()))
    assert (first.kind, first.track, first.subdomain) == ("respond", "response", "3.3")
    assert first.triggers.stages == ["acute_onset"]
    tracks = [ra.track for ra in kb.response_actions.values()]
    assert tracks == sorted(tracks, key=lambda t: t != "response"), "response-track actions come first"


def test_catalogue_holds_what_advisers_name_first(kb):
    """Planning model, section 6: each of these is in the catalogue, where a plan can reach it."""
    general = {(s, n): {iv.id for iv in kb.general_interventions(s, n)} for s in kb.subdomains for n in (1, 2, 3)}
    assert "5.1-create-and-fund-caseworker-posts" in general[("5.1", 1)] & general[("5.1", 2)]
    assert "1.1-adopt-costed-national-strategy" in general[("1.1", 2)]
    assert "1.2-review-law-and-plan-implementation" in general[("1.2", 2)]
    assert "3.3-link-case-management-with-social-protection" in general[("3.3", 2)]
    in_actions = {i for ra in kb.response_actions.values() for i in ra.interventions}
    for iid in ("resp-interim-interagency-cm-procedures", "resp-surge-caseworker-supervisor-posts",
                "resp-trafficking-prevention-emergency", "resp-helpline-remote-case-management",
                "resp-care-reform-safeguards", "resp-protect-case-information",
                "resp-activate-humanitarian-cp-coordination", "resp-partner-with-experienced-agency",
                "ctx-cm-interoperable-with-refugee-registration", "ctx-second-expert-to-government"):
        assert iid in in_actions, iid
    assert kb.interventions["ctx-cm-interoperable-with-refugee-registration"].contexts == ["displacement"]
    assert "limited_long_term_capacity" in kb.interventions["ctx-second-expert-to-government"].contexts


def test_judgements_beyond_the_sources_are_marked(kb):
    """Restore work and the emergency measures the seeds do not describe are the project's reading."""
    for iid in ("resp-interim-interagency-cm-procedures", "resp-helpline-remote-case-management",
                "resp-trafficking-prevention-emergency", "resp-care-reform-safeguards",
                "3.3-link-case-management-with-social-protection"):
        assert kb.interventions[iid].source.inferred and kb.interventions[iid].source.reason, iid
    for iv in kb.interventions.values():
        if iv.use == "restore":
            assert iv.source.inferred and iv.source.reason, iv.id
    for ra in kb.response_actions.values():
        if ra.kind == "restore":
            assert ra.source.inferred and ra.source.reason, ra.id


def test_response_action_citations_resolve(kb):
    # The integrity checks' citation registry does not cover response actions yet; this does.
    lengths = ({sid: len((SEEDS / s.file).read_text().splitlines()) for sid, s in kb.sources.items()}
               if SEEDS.is_dir() else {})
    for aid, ra in kb.response_actions.items():
        for cit in (ra.source, *ra.also):
            assert cit.seed in kb.sources, (aid, cit.seed)
            if cit.lines and lengths:
                assert cit.lines[1] <= lengths[cit.seed], (aid, cit.lines)
