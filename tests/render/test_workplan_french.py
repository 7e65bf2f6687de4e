"""The workplan in French (`cpss --lang fr recommend FILE -o plan.xlsx`): its structure against a golden file, no
English in the workbook's own words, the same ids and months as the English one, and edits carried over from a
workplan written in the other language."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from cpss_advisor import api
from cpss_advisor.render.plan_workbook import plan_workbook
from tests.conftest import EXAMPLES, run_cli
from tests.render.test_brief_formats import _golden
from tests.render.test_brief_french import ENGLISH

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
SHEETS_FR = ["Actions", "Étapes", "Calendrier", "Phases", "Données du graphique", "En attente", "À propos"]
STATUS_FR = ["Non commencé", "En cours", "Terminé", "Suspendu", "Abandonné"]
_ENGLISH = re.compile(r"\b(?:" + "|".join((*ENGLISH, "workplan", "step", "steps", "sheet")) + r")\b",
                      re.IGNORECASE)


@pytest.fixture(scope="module")
def book_fr(kb_fr):
    return load_workbook(io.BytesIO(plan_workbook(api.recommend(BEREMIA, knowledge=kb_fr), kb_fr)))


@pytest.fixture(scope="module")
def book_en(kb):
    return load_workbook(io.BytesIO(plan_workbook(api.recommend(BEREMIA, knowledge=kb), kb)))


def _row(ws, n: int) -> list:
    """Row `n`'s values, without the empty cells at its end."""
    values = [c.value for c in ws[n]]
    while values and values[-1] is None:
        values.pop()
    return values


def structure(wb) -> dict:
    """What the workbook says in its own words and the knowledge base's: sheet names, header rows, the Phases
    table, the About sheet's labels, the Roadmap's legend, drop-downs and page header and footer."""
    out: dict = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        rows = 2 if ws.title == "Calendrier" else 1
        out[ws.title] = {
            "header": [_row(ws, r) for r in range(1, rows + 1)],
            "page": [ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text,
                     ws.oddFooter.left.text, ws.oddFooter.right.text],
            "drop-downs": sorted([str(v.sqref).split(":")[0][0], v.formula1, v.promptTitle, v.prompt,
                                  v.errorTitle, v.error] for v in ws.data_validations.dataValidation),
        }
    out["Phases"]["table"] = [_row(ws, r)[:4] for ws in [wb["Phases"]] for r in range(2, wb["Phases"].max_row + 1)]
    out["À propos"]["labels"] = [c.value for c in wb["À propos"]["A"]]
    roadmap = wb["Calendrier"]
    out["Calendrier"]["legend"] = [(r[0], r[1]) for r in roadmap.iter_rows(values_only=True)
                                   if r[1] and (r[0] is None or r[0] in ("S", "R")) and not isinstance(r[0], int)]
    return out


def test_golden_structure_of_the_french_workplan(book_fr):
    data = structure(book_fr)
    assert data["sheets"] == SHEETS_FR
    assert data["Actions"]["header"][0][:12] == [
        "N°", "Étape", "Sous-domaine", "Intervention", "Description", "Chef de file", "Début (mois)", "Fin (mois)",
        "Période", "Responsable", "Budget", "Statut"]
    status = next(d for d in data["Actions"]["drop-downs"] if d[2] == "Statut")
    assert status[1] == '"' + ",".join(STATUS_FR) + '"'
    assert data["Actions"]["page"][3:] == ["Évaluation au 30 juin 2026", "Page &P sur &N"]
    assert book_fr["Phases"]["C2"].value == "2 Renforcement"
    assert book_fr["À propos"]["A2"].value == "Pays" and book_fr["À propos"]["B2"].value == "Beremia"
    _golden("workplan-beremia-conflict.fr.json", json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def _own_words(wb) -> list[str]:
    """The texts the workbook writes in its own words (not the rules' and the planner's quoted texts)."""
    data = structure(wb)
    texts = [v for sheet in wb.sheetnames for row in data[sheet]["header"] for v in row if isinstance(v, str)]
    texts += [t for sheet in wb.sheetnames for d in data[sheet]["drop-downs"] for t in d[1:] if t]
    texts += [t for row in data["Calendrier"]["legend"] for t in row if t]
    texts += [v for v in data["À propos"]["labels"] if v]
    about = wb["À propos"]
    texts += [about.cell(r, 2).value for r in range(2, about.max_row + 1)
              if about.cell(r, 1).value in ("Horizon", "Travaux simultanés", "Dans le plan", "En attente",
                                            "Sous-domaines notés", "Mode d'emploi", "Réalisé avec")
              or (about.cell(r, 1).value is None and "feuille" in str(about.cell(r, 2).value))]
    texts += [wb["Actions"].cell(r, 9).value for r in range(2, wb["Actions"].max_row + 1)]  # periods
    texts += [wb["Actions"].cell(r, 2).value for r in range(2, wb["Actions"].max_row + 1)]  # steps' names
    texts += [v for ws in wb.worksheets for v in (ws.oddHeader.right.text, ws.oddFooter.left.text,
                                                    ws.oddFooter.right.text)]
    return [t for t in texts if t]


def test_the_french_workplan_writes_no_english_in_its_own_words(book_fr):
    words = _own_words(book_fr)
    english = sorted({m.group() for t in words for m in _ENGLISH.finditer(t)})
    assert english == [], english
    assert len(words) > 100


def test_french_and_english_workplans_hold_the_same_ids_and_months(book_fr, book_en):
    def keys(wb, sheet):
        ws = wb[sheet]
        return [(r[0], r[6], r[7], r[13], r[14]) for r in ws.iter_rows(min_row=2, values_only=True)]

    assert keys(book_fr, "Actions") == keys(book_en, "Actions")
    assert [r[1] for r in book_fr["Données du graphique"].iter_rows(values_only=True)][1:] == \
        [r[1] for r in book_en["Chart data"].iter_rows(values_only=True)][1:]
    assert book_fr["Actions"].column_dimensions["N"].hidden  # the keys (N:O) stay hidden


def _table(ws) -> list[dict]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, r)) for r in rows]


def _fill(path, sheet: str, key_cols: tuple[str, str], changes: dict) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    col = {h: i + 1 for i, h in enumerate(_row(ws, 1))}
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col[key_cols[0]]).value, ws.cell(r, col[key_cols[1]]).value)
        for name, value in changes.get(key, {}).items():
            ws.cell(r, col[name]).value = value
    wb.save(path)


@pytest.mark.parametrize("first,then", [("en", "fr"), ("fr", "en")])
def test_edits_carry_over_between_languages(first, then, tmp_path):
    """A workplan filled in one language and regenerated in the other keeps Owner, Budget, Status and Notes on
    their intervention (the hidden keys are the join), the Status in the new language's words; values whose
    intervention left the plan go to the carried-over sheet, in the new language too."""
    out = tmp_path / "plan.xlsx"
    assert run_cli("--lang", first, "recommend", BEREMIA, "--horizon-years", "4", "-o", out).code == 0
    names = {"en": ("Actions", "Step key", "Intervention key", "Owner", "Budget", "Status", "Notes"),
             "fr": ("Actions", "Clé de l'étape", "Clé de l'intervention", "Responsable", "Budget", "Statut",
                    "Notes")}
    status = {"en": ("Under way", "Done"), "fr": ("En cours", "Terminé")}
    sheet, skey, ikey, owner, budget, stat, notes = names[first]
    keys = [(r[skey], r[ikey]) for r in _table(load_workbook(out)[sheet])]
    shorter = api.recommend(BEREMIA)
    after = [(r.id, iv.id) for r in sorted(shorter.recommendations, key=lambda r: r.rank) for iv in r.interventions]
    kept, other = [k for k in keys if k in after][:2]
    dropped = next(k for k in keys if k not in after)
    _fill(out, sheet, (skey, ikey), {
        kept: {owner: "Awa Diallo", budget: 12500, stat: status[first][0], notes: "Avec le ministère"},
        other: {stat: status[first][1]},
        dropped: {owner: "Ali", stat: status[first][1]}})
    r = run_cli("--lang", then, "recommend", BEREMIA, "-o", out)
    assert r.code == 0, r.stderr
    wb = load_workbook(out)
    sheet, skey, ikey, owner, budget, stat, notes = names[then]
    rows = {(r[skey], r[ikey]): r for r in _table(wb[sheet])}
    assert (rows[kept][owner], rows[kept][budget], rows[kept][stat], rows[kept][notes]) == (
        "Awa Diallo", 12500, status[then][0], "Avec le ministère")
    assert rows[other][stat] == status[then][1]
    carried = {"en": "Carried over", "fr": "Valeurs reportées"}[then]
    assert wb.sheetnames[:2] == ["Actions", carried]
    (row,) = _table(wb[carried])
    assert (row[skey], row[ikey], row[owner], row[stat]) == (*dropped, "Ali", status[then][1])
    why = {"en": "Why it has no row", "fr": "Motif de l'absence de ligne"}[then]
    assert row[why] == {"en": "The intervention is no longer part of this step in the plan.",
                        "fr": "L'intervention ne fait plus partie de cette étape du plan."}[then]
    # made again over 4 years in the first language: every value is back on its row, in that language's words
    r = run_cli("--lang", first, "recommend", BEREMIA, "--horizon-years", "4", "-o", out)
    assert r.code == 0 and "no place" not in r.stderr
    wb = load_workbook(out)
    sheet, skey, ikey, owner, budget, stat, notes = names[first]
    rows = {(r[skey], r[ikey]): r for r in _table(wb[sheet])}
    assert (rows[dropped][owner], rows[dropped][stat], rows[other][stat]) == ("Ali", status[first][1],
                                                                             status[first][1])
    assert len(wb.sheetnames) == 7 and wb.sheetnames[1] != carried


def test_a_french_workplan_of_another_country_is_kept_aside_in_english(tmp_path):
    """The country is read from the French About sheet ("Pays"): another country's edits are all kept aside."""
    out = tmp_path / "plan.xlsx"
    assert run_cli("--lang", "fr", "recommend", BEREMIA, "-o", out).code == 0
    ws_keys = _table(load_workbook(out)["Actions"])[0]
    _fill(out, "Actions", ("Clé de l'étape", "Clé de l'intervention"),
          {(ws_keys["Clé de l'étape"], ws_keys["Clé de l'intervention"]): {"Responsable": "Awa"}})
    r = run_cli("recommend", EXAMPLES / "aldovia-early-stable.yaml", "-o", out)
    assert r.code == 0, r.stderr
    (row,) = _table(load_workbook(out)["Carried over"])
    assert row["Owner"] == "Awa"
    assert row["Why it has no row"] == "The workplan it came from was made for Beremia, not Aldovia."
    assert row["From"] == "Actions row 2"
