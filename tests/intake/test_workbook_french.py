"""The intake workbook in French (`cpss --lang fr template -o a.xlsx`, or `CPSS_LANG=fr`): its sheets, headers and
drop-downs in French, read back to the same assessment and the same plan as the English one, through LibreOffice
too, with problems located at the French sheet and cell."""

from __future__ import annotations

import datetime as _dt
import io
import json

import pytest
from openpyxl import load_workbook

from cpss_advisor.core.errors import InputError
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.render.workbook import template_workbook
from tests.conftest import EXAMPLES, run_cli
from tests.intake.test_workbook import EXAMPLE_NAMES, _convert, _same_plan

AS_OF = _dt.date(2026, 1, 15)
SHEETS_FR = ["Mode d'emploi", "Évaluation", "Notations", "Situation", "Indicateurs", "Gestion des cas"]
PHASES_FR = ["Mise en place", "Renforcement", "Intégration", "Maturité"]
_FIELDS = ("country", "as_of", "ratings", "context", "targets", "figures", "notes", "unrated", "case_management")


def _written(kb, name: str, tmp_path, lang: str):
    """The template in `kb`'s language, filled with the example's values by the writer, saved."""
    a = load_assessment(EXAMPLES / f"{name}.yaml", kb)
    path = tmp_path / f"{name}.{lang}.xlsx"
    path.write_bytes(template_workbook(kb, AS_OF, filled=a))
    return path


def _plan_json(path, lang: str = "en") -> dict:
    r = run_cli("--lang", lang, "recommend", path, "--format", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


def test_the_french_template_names_its_sheets_headers_and_choices_in_french(kb_fr):
    wb = load_workbook(io.BytesIO(template_workbook(kb_fr, AS_OF)))
    assert wb.sheetnames == SHEETS_FR
    ratings = wb["Notations"]
    assert [c.value for c in ratings[1]][:7] == ["Résultat intermédiaire", "Sous-domaine", "Titre", "Phase",
                                                 "Confiance", "Éléments probants", "Phase cible"]
    assert ratings["H1"].value == "1 Mise en place : critères"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ratings.data_validations.dataValidation}
    assert lists["D2"] == lists["G2"] == '"' + ",".join(PHASES_FR) + '"'
    assert lists["E2"] == '"faible,moyenne,élevée"'
    context = wb["Situation"]
    assert [c.value for c in context[1]] == ["Catégorie", "Identifiant du contexte", "S'applique (Oui/Non)", "Titre",
                                             "Description"]
    assert context["C2"].value == "Non" and context["A2"].value == "Choc"
    assert {str(dv.sqref).split(":")[0]: dv.formula1 for dv in context.data_validations.dataValidation} == {
        "C2": '"Oui,Non"'}
    assert [c.value for c in wb["Gestion des cas"][1]] == ["Dimension", "Passage de niveau",
                                                         "Identifiant de l'action", "Fait (Oui/Non)",
                                                         "Action de la liste de contrôle"]
    assert [c.value for c in wb["Évaluation"]["A"]][1:] == ["Pays", "À la date du (AAAA-MM-JJ)", "Notes",
                                                            "Notes sur la gestion des cas", "Version du schéma"]
    assert wb["Indicateurs"]["B2"].value.startswith(("au plus ", "au moins "))
    assert wb["Mode d'emploi"]["A1"].value == "Classeur d'évaluation CPSS (cpss-advisor)"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_french_workbook_gives_the_assessment_and_plan_of_the_english_one(name, tmp_path, kb, kb_fr):
    """Each shipped example written into the template in both languages and read back: the same assessment and
    the same plan (JSON), whichever language the run is in."""
    en, fr = _written(kb, name, tmp_path, "en"), _written(kb_fr, name, tmp_path, "fr")
    assert load_workbook(fr).sheetnames[1:3] == ["Évaluation", "Notations"]
    from_en, from_fr = load_assessment(en, kb), load_assessment(fr, kb)
    from_yaml = load_assessment(EXAMPLES / f"{name}.yaml", kb)
    for field in _FIELDS:
        assert getattr(from_fr, field) == getattr(from_en, field) == getattr(from_yaml, field), field
    assert load_assessment(fr, kb_fr).ratings == from_en.ratings
    _same_plan(_plan_json(fr), _plan_json(en))
    fr_plan, en_plan = _plan_json(fr, "fr"), _plan_json(en, "fr")
    assert fr_plan["recommendations"] == en_plan["recommendations"] and fr_plan["recommendations"]


def test_values_typed_in_french_read_as_the_drop_downs_give_them(tmp_path, kb, kb_fr):
    """People type: phases without accents or with "du système", confidence in other forms, oui/non."""
    path = _written(kb_fr, "corvania-decentralisation", tmp_path, "fr")
    wb = load_workbook(path)
    ws = wb["Notations"]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["3.3"], 4).value = "integration"
    ws.cell(rows["3.3"], 5).value = "Élevée"
    ws.cell(rows["1.1"], 4).value = "Renforcement du système"
    ws.cell(rows["1.1"], 5).value = "moyen"
    ws.cell(rows["1.1"], 7).value = "Maturite"
    wb.save(path)
    a = load_assessment(path, kb)
    assert (a.ratings["3.3"].phase, a.ratings["3.3"].confidence) == (3, "high")
    assert (a.ratings["1.1"].phase, a.ratings["1.1"].confidence, a.targets["1.1"]) == (2, "medium", 4)


@pytest.mark.parametrize("changes,expected", [
    ({"Notations!D7": "Integation"}, "Notations!D7: 'Integation' is not a phase"),
    ({"Situation!C3": "peut-être"}, "Situation!C3: 'peut-être' is not Yes or No"),
    ({"Notations!E5": "certaine"}, "Notations!E5:"),
    ({"Gestion des cas!D4": "fait"}, "Gestion des cas!D4: 'fait' is not Yes or No"),
])
def test_problems_in_a_french_workbook_name_the_french_sheet_and_cell(changes, expected, tmp_path, kb_fr):
    path = _written(kb_fr, "corvania-decentralisation", tmp_path, "fr")
    wb = load_workbook(path)
    for ref, value in changes.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    wb.save(path)
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb_fr)
    messages = [f"{p.location()}: {p.message}" for p in exc.value.problems]
    assert any(m.startswith(f"{path}:{expected}") for m in messages), messages
    r = run_cli("--lang", "fr", "validate", path)
    assert r.code == 1 and f"{path}:{expected.split(':')[0]}" in r.stderr


def test_the_template_command_writes_french_with_lang_and_cpss_lang(tmp_path, monkeypatch):
    out = tmp_path / "a.xlsx"
    assert run_cli("--lang", "fr", "template", "--as-of", "2026-01-15", "-o", out).code == 0
    assert load_workbook(out).sheetnames == SHEETS_FR
    monkeypatch.setenv("CPSS_LANG", "fr")
    again = tmp_path / "b.xlsx"
    assert run_cli("template", "--as-of", "2026-01-15", "-o", again).code == 0
    assert again.read_bytes() == out.read_bytes()


def test_libreoffice_resaves_the_french_template_and_it_reads_back(tmp_path, kb, kb_fr, soffice):
    src = tmp_path / "src"
    src.mkdir()
    path = _written(kb_fr, "corvania-decentralisation", src, "fr")
    _convert(soffice, tmp_path / "lo-profile", "xlsx", tmp_path / "resaved", path)
    resaved = tmp_path / "resaved" / path.name
    assert resaved.read_bytes() != path.read_bytes()
    a, y = load_assessment(resaved, kb), load_assessment(EXAMPLES / "corvania-decentralisation.yaml", kb)
    for field in _FIELDS:
        assert getattr(a, field) == getattr(y, field), field
    _same_plan(_plan_json(resaved), _plan_json(EXAMPLES / "corvania-decentralisation.yaml"))
    wb = load_workbook(resaved)
    assert wb.sheetnames == SHEETS_FR
    lists = {str(dv.sqref): dv.formula1 for dv in wb["Notations"].data_validations.dataValidation}
    assert lists["D2:D20"] == '"' + ",".join(PHASES_FR) + '"'


def test_the_yaml_template_in_french_keeps_its_keys_and_reads_back(tmp_path, kb, kb_fr):
    """`cpss --lang fr template`: the comments in French, the keys and ids as the reader reads them; filled with a
    French phase name, it reads, and its placeholder country is still noticed."""
    from cpss_advisor.render.assessment_template import blank_assessment
    from tests.render.test_workplan_french import _ENGLISH

    en, fr = (blank_assessment(k, AS_OF).splitlines() for k in (kb, kb_fr))
    assert len(en) == len(fr)
    keys = [line for line in fr if line and not line.lstrip().startswith("#")]
    assert keys == [line.replace('"Country name"', '"Nom du pays"') for line in en
                    if line and not line.lstrip().startswith("#")]
    own = [line for line, english in zip(fr, en) if line.startswith("#") and line != english
           and not line.startswith("#   ")]  # the lists of ids and figures aside
    assert len(own) > 10
    english = sorted({m.group() for line in own for m in _ENGLISH.finditer(line.split("context:")[0])})
    assert english == [], english
    path = tmp_path / "a.yaml"
    path.write_text("\n".join(fr).replace('  # "3.3": 1', '  "3.3": renforcement', 1) + "\n", encoding="utf-8")
    a = load_assessment(path, kb)
    assert a.ratings["3.3"].phase == 2
    assert [p.message for p in a.warnings] == ["the country is still the template's placeholder 'Nom du pays'"]


@pytest.mark.parametrize("typed,answer", [("oui", "yes"), ("Oui", "yes"), ("en  partie", "partly"),
                                          ("partiellement", "partly"), ("non", "no"), ("inconnu", "unknown"),
                                          ("ne sait pas", "unknown"), ("peut-être", None)])
def test_questionnaire_answers_in_french(typed, answer):
    from cpss_advisor.intake.questionnaire import normalise_answer

    assert normalise_answer(typed) == answer
