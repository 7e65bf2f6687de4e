"""A what-if given its base plan made once (`api.whatif_base`, as the web app keeps it per assessment) reports
exactly what it reports when it plans the base itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpss_advisor import api

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("example, changes", [
    ("beremia-conflict.yaml", {"sets": ["5.1=3"]}),
    ("aldovia-early-stable.yaml", {"shocks": ["refugee-influx"], "contexts": ["+armed_conflict"]}),
    ("corvania-decentralisation.yaml", {"sets": ["3.3=1", "7.3=3"]}),
])
def test_a_base_made_once_gives_the_same_report(example, changes):
    a = api.load_assessment(EXAMPLES / example)
    scenarios = api.scenarios(**changes)
    for horizon in (None, 3):
        base = api.whatif_base(a, horizon_years=horizon)
        assert api.whatif(a, scenarios, horizon_years=horizon, base=base) == api.whatif(a, scenarios,
                                                                                        horizon_years=horizon)
