"""Translations of the knowledge base beside it (knowledge/i18n/<language>/), their check and the localised view."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cpss_advisor import api
from cpss_advisor.core.document import Document
from cpss_advisor.engine.rule_texts import rule_texts
from cpss_advisor.intake.assessment import parse_phase
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.kb import translations as tr
from cpss_advisor.kb.loader import load_knowledge
from cpss_advisor.kb.localisation import english_texts
from cpss_advisor.render.workbook import template_workbook

from tests.conftest import run_cli

ENGLISH = {
    "phase.2": {"name": "System Enhancement", "description": "The parts exist on paper."},
    "rule.x": {"rationale": "{c.subdomain|name} is at {c.phase|phase}."},
    "criteria.1.1.2": {"summary": "Growing interest.", "criteria": ["One.", "Two."]},
}


def _write(folder: Path, entries: str, language: str = "fr") -> Path:
    path = folder / "i18n" / language / "t.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"kind: translations\nschema_version: 1\nlanguage: {language}\nentries:\n{entries}",
                    encoding="utf-8")
    return path


def _fp(key: str, *fields: str) -> str:
    return tr.fingerprint({f: ENGLISH[key][f] for f in fields})


def _check(tmp_path: Path, entries: str, **kw) -> tr.Report:
    _write(tmp_path, entries)
    return tr.check_translations(ENGLISH, tr.read_translations(tmp_path, "fr"), **kw)


def _codes(problems) -> list[str]:
    return sorted(p.code for p in problems)


def test_a_current_translation_counts_and_the_rest_is_missing(tmp_path):
    rep = _check(tmp_path, f"""  phase.2:
    en: "{_fp('phase.2', 'name', 'description')}"
    name: "Renforcement du système"
    description: "Les éléments existent sur le papier."
""")
    assert rep.errors == []
    assert rep.summary() == "fr: 2 of 5 texts translated"
    assert _codes(rep.warnings) == ["translation-missing", "translation-missing"]
    assert rep.by_kind == {"criteria": [0, 2], "phase": [2, 2], "rule": [0, 1]}


def test_missing_is_an_error_when_complete(tmp_path):
    rep = _check(tmp_path, "", complete=True)
    assert rep.warnings == [] and _codes(rep.errors) == ["translation-missing"] * 3


def test_a_changed_english_text_makes_the_translation_stale(tmp_path):
    rep = _check(tmp_path, """  phase.2:
    en: "000000000000"
    name: "Renforcement du système"
""")
    stale = [p for p in rep.warnings if p.code == "translation-stale"]
    assert len(stale) == 1 and stale[0].line == 5 and _fp("phase.2", "name") in stale[0].hint
    assert rep.translated == 0 and "phase.2.name" in rep.untranslated


def test_unknown_ids_and_fields_are_errors(tmp_path):
    rep = _check(tmp_path, f"""  phase.9:
    en: "000000000000"
    name: "Phase neuf"
  phase.2:
    en: "{_fp('phase.2', 'name')}"
    name: "Renforcement du système"
    titel: "Renforcement"
""")
    assert _codes(rep.errors) == ["translation-unknown-field", "translation-unknown-id"]
    unknown = next(p for p in rep.errors if p.code == "translation-unknown-id")
    assert unknown.hint == "did you mean 'phase.2'?" and unknown.line == 5


def test_broken_placeholders_are_errors_and_fall_back_to_english(tmp_path):
    rep = _check(tmp_path, f"""  rule.x:
    en: "{_fp('rule.x', 'rationale')}"
    rationale: "{{c.subdomain|nom}} est à {{c.phase|phase}}."
""")
    (p,) = rep.errors
    assert p.code == "translation-placeholders" and "missing {c.subdomain|name}" in p.message
    assert "rule.x.rationale" in rep.untranslated and rep.translated == 0


def test_a_list_of_texts_keeps_its_length(tmp_path):
    rep = _check(tmp_path, f"""  criteria.1.1.2:
    en: "{_fp('criteria.1.1.2', 'criteria')}"
    criteria: ["Un."]
""")
    assert _codes(rep.errors) == ["translation-invalid"]


def test_a_file_of_another_language_is_refused(tmp_path):
    _write(tmp_path, "  phase.2: {name: x}\n", language="fr")
    (tmp_path / "i18n" / "fr" / "t.yaml").write_text(
        "kind: translations\nschema_version: 1\nlanguage: es\nentries: {}\n", encoding="utf-8")
    rep = tr.check_translations(ENGLISH, tr.read_translations(tmp_path, "fr"))
    assert _codes(rep.errors) == ["translation-invalid"] and "language 'es'" in rep.errors[0].message


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)),
                              max_size=12), min_size=1, max_size=4),
       names=st.lists(st.from_regex(r"[a-z]\.[a-z_]{1,8}(\|name)?", fullmatch=True), min_size=1, max_size=4))
def test_any_text_keeps_its_placeholders_through_the_check(words, names):
    """A translation with the English placeholders in any order passes; one without any of them does not."""
    english = "".join(w + "{" + n + "}" for w, n in zip(words, names))
    french = "".join("«" + w + "»{" + n + "}" for w, n in reversed(list(zip(words, names))))
    doc = Document("t.yaml", {})
    good = tr.Translations("fr", {"rule.r": tr.Entry("rule.r", {"rationale": french},
                                                     tr.fingerprint({"rationale": english}), None, doc)})
    rep = tr.check_translations({"rule.r": {"rationale": english}}, good)
    assert rep.errors == [] and rep.translated == 1
    dropped = french.replace("{" + names[0] + "}", "", 1)
    bad = tr.Translations("fr", {"rule.r": tr.Entry("rule.r", {"rationale": dropped},
                                                    tr.fingerprint({"rationale": english}), None, doc)})
    assert _codes(tr.check_translations({"rule.r": {"rationale": english}}, bad).errors) == [
        "translation-placeholders"]


# --- the shipped French ------------------------------------------------------------------------------------------

def test_the_shipped_french_has_no_errors():
    (rep,) = api.translations(lang="fr")
    assert rep.errors == [], [p.render() for p in rep.errors]
    assert rep.translated > 0


def test_french_short_names_fit_where_english_ones_do():
    fr = load_knowledge(lang="fr")
    assert all(len(sd.short) <= 40 for sd in fr.subdomains.values())


def test_the_localised_knowledge_base_has_the_same_ids_and_structure(kb):
    fr = load_knowledge(lang="fr")
    assert fr.language == "fr" and kb.language == "en"
    for store in ("phases", "outcomes", "subdomains", "criteria", "interventions", "contexts", "shock_presets",
                  "questions", "response_actions"):
        assert list(getattr(fr, store)) == list(getattr(kb, store)), store
    assert list(fr.checklist.actions) == list(kb.checklist.actions)
    assert english_texts(fr).keys() == english_texts(kb).keys()
    assert fr.phases[2].name == "Renforcement du système" and kb.phases[2].name == "System Enhancement"
    assert fr.subdomains["3.3"].short == "Gestion des cas et aiguillage"
    assert fr.outcomes["3"].subdomains[2].title == fr.subdomains["3.3"].title
    assert fr.phases[2].source == kb.phases[2].source
    assert load_knowledge(lang="fr") is fr  # loaded once


def test_what_falls_back_to_english_is_listed(kb):
    fr = load_knowledge(lang="fr")
    texts = english_texts(fr)
    for item in fr.untranslated:
        key, fld = item.rsplit(".", 1)
        assert texts[key][fld] == english_texts(kb)[key][fld]
    assert "phase.2.name" not in fr.untranslated


def test_a_stale_translation_falls_back_to_english(kb_copy):
    path = kb_copy / "i18n" / "fr" / "framework.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('name: "System Enhancement"', 'name: "System Enh."'))
    fw = kb_copy / "framework.yaml"
    fw.write_text(fw.read_text(encoding="utf-8").replace('"System Enhancement"', '"System Enhancement phase"'))
    fr = load_knowledge(kb_copy, lang="fr")
    assert fr.phases[2].name == "System Enhancement phase" and "phase.2.name" in fr.untranslated


def test_rule_texts_are_keyed_by_rule_and_field():
    book = api.advisor().book
    texts = rule_texts(book)
    assert all(k.startswith("rule.") and "title" in v and "rationale" in v for k, v in texts.items())
    assert any("advice.text" in v for v in texts.values())


def test_the_shipped_french_is_complete():
    r = run_cli("kb", "check", "--lang", "fr", "--complete")
    assert r.code == 0, r.stderr
    assert "fr: 1,293 of 1,293 texts translated; 0 warnings, 0 errors" in r.stdout
    assert "  intervention: 332 of 332" in r.stdout


def test_complete_makes_a_missing_translation_an_error(kb_copy):
    path = kb_copy / "i18n" / "fr" / "shocks.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  shock.fiscal-crisis:")
    end = text.index("  shock.refugee-influx:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    r = run_cli("--knowledge", str(kb_copy), "kb", "check", "--lang", "fr")
    assert r.code == 0 and "'shock.fiscal-crisis' has no translation of description, title" in r.stderr
    r = run_cli("--knowledge", str(kb_copy), "kb", "check", "--lang", "fr", "--complete")
    assert r.code == 3 and "'shock.fiscal-crisis' has no translation" in r.stderr
    fr = load_knowledge(kb_copy, lang="fr")
    assert fr.shock_presets["fiscal-crisis"].title == "Fiscal crisis"
    assert {"shock.fiscal-crisis.title", "shock.fiscal-crisis.description"} <= set(fr.untranslated)


def test_kb_check_reports_a_broken_placeholder(kb_copy):
    path = kb_copy / "i18n" / "fr" / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('"warning.text": "{f.metric} vaut {f.value} ; la norme de gestion des cas est d\'au moins') == 1
    path.write_text(text.replace('"warning.text": "{f.metric} vaut {f.value} ; la norme de gestion des cas est '
                                 'd\'au moins', '"warning.text": "{f.mesure} vaut {f.value} ; la norme de gestion '
                                 'des cas est d\'au moins'), encoding="utf-8")
    r = run_cli("--knowledge", str(kb_copy), "kb", "check", "--lang", "fr")
    assert r.code == 3 and "translation-placeholders" not in r.stdout
    assert "'rule.standard-minimum-missed'.warning.text does not keep the English placeholders: missing " \
           "{f.metric}; not in English {f.mesure}" in r.stderr


# --- the readers accept French -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,phase", [("mise en place", 1), ("Renforcement", 2), ("Intégration du système", 3),
                                        ("integration", 3), ("MATURITÉ", 4), ("Maturité du systeme", 4)])
def test_french_phase_names_are_read(text, phase):
    assert parse_phase(text) == phase


def test_french_phase_names_in_yaml(tmp_path, kb):
    path = tmp_path / "a.yaml"
    path.write_text("schema_version: 1\ncountry: Corvanie\nas_of: 2026-01-15\nratings:\n"
                    "  '3.3': renforcement\n  '5.1': {phase: Intégration du système, confidence: high}\n",
                    encoding="utf-8")
    a = load_assessment(path, kb)
    assert a.ratings["3.3"].phase == 2 and a.ratings["5.1"].phase == 3


def test_french_phase_names_and_headers_in_a_workbook(tmp_path, kb):
    wb = load_workbook(io.BytesIO(template_workbook(kb, _dt.date(2026, 1, 15))))
    wb["Assessment"]["B2"], wb["Assessment"]["B3"] = "Corvanie", "2026-01-15"
    ws = wb["Ratings"]
    header = next(r for r in range(1, 11) if str(ws.cell(r, 2).value or "").lower().startswith("subdomain"))
    ws.cell(header, 2).value, ws.cell(header, 4).value = "Sous-domaine", "Phase actuelle"
    row = next(r for r in range(header + 1, header + 30) if ws.cell(r, 2).value == "3.3")
    ws.cell(row, 4).value = "Renforcement"
    path = tmp_path / "fr.xlsx"
    wb.save(path)
    assert load_assessment(path, kb).ratings["3.3"].phase == 2


def test_translations_are_parsed_once_and_read_from_the_parse_cache_with_their_lines(tmp_path, monkeypatch):
    """The second read of the same files takes their data from the parse cache (no YAML parsed), and a problem
    found in it still names the line of the entry."""
    entries = """  phase.2:
    en: "000000000000"
    name: "Renforcement du système"
"""
    first = _check(tmp_path, entries)
    from cpss_advisor.core import document

    def no_parse(*_a, **_k):
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr(document, "load_document", no_parse)
    monkeypatch.setattr("cpss_advisor.core.sources.load_document", no_parse)
    again = tr.check_translations(ENGLISH, tr.read_translations(tmp_path, "fr"))
    stale = [p for p in again.warnings if p.code == "translation-stale"]
    assert len(stale) == 1 and stale[0].line == 5 and stale[0].file == str(tmp_path / "i18n" / "fr" / "t.yaml")
    assert again.summary() == first.summary()
