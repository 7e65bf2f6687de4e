"""Hypothesis strategies for assessments: any phases, partial ratings, any context combination, figures, case
management done lists."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cpss_advisor.intake.assessment import Assessment, CaseManagementRecord, Rating, cm_action_ids, unique_done

SUBDOMAINS = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2",
              "5.1", "5.2", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3"]


@st.composite
def assessments(draw, kb, *, valid_contexts: bool = False) -> Assessment:
    rated = draw(st.lists(st.sampled_from(SUBDOMAINS), unique=True, min_size=0, max_size=19))
    ratings = {}
    for sid in sorted(rated):
        phase = draw(st.integers(1, 4))
        # now and then a phase lost to a shock (what-if shocks record the phase before the set-back)
        prior = draw(st.none() | st.integers(phase + 1, 4)) if phase < 4 and draw(st.integers(0, 5)) == 0 else None
        ratings[sid] = Rating(phase=phase, confidence=draw(st.sampled_from([None, "low", "medium", "high"])),
                              prior_phase=prior)
    contexts = sorted(kb.contexts)
    context = draw(st.lists(st.sampled_from(contexts), unique=True, max_size=6))
    if valid_contexts:
        stages = [c for c in context if kb.contexts[c].category == "stage"]
        context = [c for c in context if c not in stages[1:]]
        if stages and not any(kb.contexts[c].category == "shock" for c in context):
            context.append(draw(st.sampled_from([c for c in contexts if kb.contexts[c].category == "shock"])))
    targets, kept = {}, ()
    if draw(st.booleans()):
        targets = {sid: draw(st.integers(1, 4)) for sid in draw(st.lists(st.sampled_from(SUBDOMAINS), unique=True))}
        free = [s for s in SUBDOMAINS if s not in targets]
        if free:
            kept = tuple(sorted(draw(st.lists(st.sampled_from(free), unique=True, max_size=3))))
    metrics = sorted(kb.standards())
    figures = draw(st.dictionaries(st.sampled_from(metrics),
                                   st.integers(0, 200).map(float) | st.floats(0, 200, allow_nan=False), max_size=4))
    return Assessment(source="generated", country="Generated", as_of=dt.date(2026, 1, 1), ratings=ratings,
                      context=tuple(sorted(set(context))), targets=dict(sorted(targets.items())),
                      figures=dict(sorted(figures.items())), notes=None,
                      unrated=tuple(s for s in SUBDOMAINS if s not in ratings), sha256="0" * 64,
                      case_management=draw(case_management_records(kb)), kept=kept)


@st.composite
def case_management_records(draw, kb) -> CaseManagementRecord | None:
    """No case management section, or a done list: each unit of the checklist with its first 0-3 transitions
    complete (so every level occurs), plus a few actions from anywhere (gaps and actions done out of order)."""
    if kb.case_management is None or not draw(st.booleans()):
        return None
    done = []
    for d in kb.case_management.dimensions:
        for unit in [d, *d.sub_dimensions]:
            complete = draw(st.integers(0, 3))
            done += [a.id for t in unit.transitions if t.from_level <= complete for a in t.actions]
    done += draw(st.lists(st.sampled_from(sorted(cm_action_ids(kb))), max_size=8))
    return CaseManagementRecord(unique_done(done))
