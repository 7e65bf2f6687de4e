"""The rule set in French (`cpss --lang fr`): the plan is made with the French rule texts, and only its texts
differ from the English plan's: the same steps, order, months, ids, rules fired and facts matched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpss_advisor import api
from cpss_advisor.engine.rule_loader import load_rulebook
from cpss_advisor.engine.rule_texts import localise_rulebook, rule_texts
from cpss_advisor.kb.translations import Translations, read_translations
from tests.conftest import EXAMPLES

#: every assessment among the examples (the consensus folder holds participants' ratings of one country)
ASSESSMENTS = sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("later/*.yaml"),
                      *EXAMPLES.glob("consensus/beremia/*.yaml")])
#: the fields of a plan's JSON that hold words for people (a text, or a list of texts); everything else (ids,
#: numbers, months, kinds, codes, rule ids, the facts' ids and numbers) must be the same in both languages
TEXT_FIELDS = frozenset({"title", "subdomain_title", "description", "text", "label", "reason", "name", "summary", "qualifiers", "rationale",
                         "criteria", "to_level_name", "level_name"})


def _words_removed(value, key: str | None = None):
    """`value` without its words for people (see TEXT_FIELDS)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in TEXT_FIELDS and (isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))):
                continue
            out[k] = _words_removed(v, k)
        return out
    if isinstance(value, list):
        return [_words_removed(v) for v in value]
    return value


def test_every_example_is_an_assessment():
    assert len(ASSESSMENTS) >= 6
    for path in ASSESSMENTS:
        api.load_assessment(path)


@pytest.mark.parametrize("path", ASSESSMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_french_plan_has_the_english_plan_s_structure(path: Path, kb_en, kb_fr):
    en = json.loads(api.to_json(api.recommend(path, knowledge=kb_en).model_dump(mode="json")))
    fr = json.loads(api.to_json(api.recommend(path, knowledge=kb_fr).model_dump(mode="json")))
    assert fr["provenance"] == en["provenance"], "the hashes are the files', the same in both languages"
    assert _words_removed(fr) == _words_removed(en)
    assert fr != en


def test_the_french_plan_quotes_the_french_rule_texts(kb_fr):
    plan = api.recommend(EXAMPLES / "beremia-conflict.yaml", knowledge=kb_fr)
    advice = [a["text"] for a in plan.advice]
    assert any(t.startswith("Crise prolongée") for t in advice), advice
    labels = {t.label for r in plan.recommendations for t in r.score_terms}
    assert any(label.startswith("fonction essentielle") for label in labels), labels
    texts = [x["text"] for r in plan.recommendations for x in r.rationale]
    assert not any(t.startswith("Because") for t in texts)


def test_the_rule_set_in_french_keeps_the_rules_and_their_hash(kb_en, kb_fr):
    en = load_rulebook(kb_en)
    fr = load_rulebook(kb_fr)
    assert fr.language == "fr" and en.language == "en"
    assert fr.sha256 == en.sha256 and fr.cases is en.cases and list(fr.rules) == list(en.rules)
    for rid, rule in en.rules.items():
        french = fr.rules[rid]
        assert french.patterns == rule.patterns and french.layer == rule.layer and french.source == rule.source
        assert [d.fact for d in french.derivations] == [d.fact for d in rule.derivations]
        for d_fr, d_en in zip(french.derivations, rule.derivations):
            assert [n for n, _v in d_fr.fields] == [n for n, _v in d_en.fields]
    assert load_rulebook(kb_fr) is fr, "the French rule set is made once per knowledge base"
    assert load_rulebook(kb_fr, language="en") is en


def test_every_rule_text_reaches_the_french_rule_set(kb_en, kb_fr):
    """The count of rule texts a French plan can quote: every one is translated and current."""
    english = rule_texts(load_rulebook(kb_en))
    french = rule_texts(load_rulebook(kb_fr))
    total = sum(len(f) for f in english.values())
    same = [f"{k}.{f}" for k, fields in english.items() for f, text in fields.items() if french[k][f] == text]
    assert total == 130  # 47 rules: titles, rationales and the texts they derive
    assert same == []


def test_a_missing_or_stale_translation_keeps_the_english(kb_en):
    book = load_rulebook(kb_en)
    tr = read_translations(kb_en.directory, "fr")
    rid = "acute-onset-advice"
    entry = tr.entries[f"rule.{rid}"]
    stale = Translations("fr", {**tr.entries, f"rule.{rid}": type(entry)(entry.key, entry.texts, "0" * 12,
                                                                            entry.source, entry.doc, entry.loc)})
    missing = Translations("fr", {k: v for k, v in tr.entries.items() if k != f"rule.{rid}"})
    for partial in (stale, missing):
        out = localise_rulebook(book, partial)
        assert out.rules[rid].title == book.rules[rid].title
        assert out.rules[rid].derivations == book.rules[rid].derivations
        assert out.rules["core-function-weighs"].title != book.rules["core-function-weighs"].title


def test_a_rule_set_is_localised_from_english_only(kb_fr):
    with pytest.raises(ValueError, match="already in 'fr'"):
        localise_rulebook(load_rulebook(kb_fr), Translations("fr"))


def test_english_and_french_evaluations_share_one_engine_and_never_mix(kb_en, kb_fr):
    """Two languages one after the other (and back): each plan has its own words."""
    path = EXAMPLES / "beremia-conflict.yaml"
    first = api.recommend(path, knowledge=kb_en)
    french = api.recommend(path, knowledge=kb_fr)
    again = api.recommend(path, knowledge=kb_en)
    assert first.model_dump() == again.model_dump()
    assert {a["text"] for a in french.advice}.isdisjoint({a["text"] for a in first.advice})


def test_a_french_decision_record_says_its_language_and_verifies_in_it(tmp_path, kb_en):
    """`cpss --lang fr recommend --record`: the record names its language; `cpss verify` makes the plan again in
    it (without --lang); an advisor in another language names the language as the cause of the difference."""
    from cpss_advisor.audit.record import read_record, verify
    from tests.conftest import run_cli

    record = tmp_path / "record.json"
    made = run_cli("--lang", "fr", "recommend", EXAMPLES / "aldovia-early-stable.yaml", "--record", record,
                   "-o", tmp_path / "plan.json")
    assert made.code == 0, made.stderr
    rec = read_record(record)
    assert rec["language"] == "fr" and "language" not in rec["plan"]
    checked = run_cli("verify", record)
    assert checked.code == 0 and "identical" in checked.stdout, checked.stdout + checked.stderr
    english = verify(rec, api.advisor(kb_en), record_name=str(record))
    assert not english.identical
    assert [c["kind"] for c in english.causes] == ["language"]


def test_the_rule_cases_run_in_english_whatever_the_language():
    """The cases expect the rules' texts as written: `cpss --lang fr rules test` runs them on the English texts."""
    from tests.conftest import run_cli

    r = run_cli("--lang", "fr", "rules", "test")
    assert r.code == 0 and " 0 en échec" in r.stdout, r.stdout[-2000:]  # its report in the run's language
