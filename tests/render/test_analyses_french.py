"""The analyses' reports in French (`cpss --lang fr portfolio|compare|consensus|robustness|sensitivity`): golden
files (workbooks: their sheets, headers and some cells), no English function word left in the words the renderers
write, and the same figures as in English."""

from __future__ import annotations

import contextlib

import io
import re
from collections import Counter

import pytest

from cpss_advisor import api
from cpss_advisor.audit.record import make_record, write_record
from cpss_advisor.planning.pipeline import PlanOptions
from tests.conftest import EXAMPLES, ROOT
from tests.render.test_brief_formats import _golden, page_text
from tests.render.test_brief_french import ENGLISH

ALDOVIA = EXAMPLES / "aldovia-early-stable.yaml"
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
BEREMIA_2028 = EXAMPLES / "later" / "beremia-conflict-2028.yaml"
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")
#: what the reports quote rather than write: citations in brackets, the benchmarks' own section titles
_QUOTED = re.compile(r"\[seed.*?\]\]?|\[[^\]]*\]|\*\([^)]*\([^)]*\)\)\*|\*\([^)]*\)\*|Source ?: .*|seed \d+[^)]*")
_HASH = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{16}\b")


def _normalise(text: str, *paths) -> str:
    for p in paths:
        text = text.replace(str(p), "<record>")
    text = text.replace(str(ROOT) + "/", "")
    text = re.sub(r"(?<=cpss-advisor )\d+\.\d+\.\d+(?:[-+][\w.]*\w)?", "<version>", text)
    return _HASH.sub("<sha256>", text)


def _render(report: str, data: dict, fmt: str, kb) -> str:
    return api.render_report(report, data, fmt, knowledge=kb)


# --- the data of each report, in each language --------------------------------------------------------------------

@pytest.fixture(scope="module")
def robustness(kb_fr, kb_en):
    return {kb.language: api.robustness(ALDOVIA, samples=40, seed=1, knowledge=kb) for kb in (kb_en, kb_fr)}


@pytest.fixture(scope="module")
def sensitivity(kb_fr, kb_en):
    return {kb.language: api.sensitivity(ALDOVIA, knowledge=kb) for kb in (kb_en, kb_fr)}


@pytest.fixture(scope="module")
def portfolio(kb_fr, kb_en, tmp_path_factory):
    region = tmp_path_factory.mktemp("portfolio-fr") / "region"
    region.mkdir()
    for p in (ALDOVIA, BEREMIA, BEREMIA_2028, EXAMPLES / "corvania-decentralisation.yaml"):
        (region / p.name).write_bytes(p.read_bytes())
    with contextlib.chdir(region.parent):  # named relative to where it runs: widths not set by the temporary path
        return {kb.language: (api.portfolio([region.name], knowledge=kb), region.name) for kb in (kb_en, kb_fr)}


@pytest.fixture(scope="module")
def compare(kb_fr, kb_en, tmp_path_factory):
    """Run where the files are named as a user names them (examples/..., beremia-plan.json), so that the wrapped
    text does not depend on the checkout's or the temporary directory's path."""
    adv = api.advisor()
    intake = api.read_assessment(BEREMIA, knowledge=adv.kb)
    work = tmp_path_factory.mktemp("compare")
    for p in (BEREMIA, BEREMIA_2028):
        (work / p.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        (work / p.relative_to(ROOT)).write_bytes(p.read_bytes())
    record = work / "beremia-plan.json"
    plan = adv.plan(intake.assessment, PlanOptions())
    write_record(record, make_record(intake.name, intake.content(), PlanOptions(), plan,
                                     created="2026-06-30T12:00:00Z"))
    with contextlib.chdir(work):
        return {kb.language: (api.compare(BEREMIA.relative_to(ROOT), BEREMIA_2028.relative_to(ROOT),
                                          record=record.name, knowledge=kb), record.name)
                for kb in (kb_en, kb_fr)}


@pytest.fixture(scope="module")
def consensus(kb_fr, kb_en):
    with contextlib.chdir(ROOT):
        files = sorted((EXAMPLES / "consensus" / "beremia").relative_to(ROOT).glob("*.yaml"))
        return {kb.language: api.consensus(files, knowledge=kb) for kb in (kb_en, kb_fr)}


def _outputs(name, fixture, kb_fr, formats=("text", "markdown", "html")):
    data = fixture["fr"]
    data, extra = data if isinstance(data, tuple) else (data, None)
    return {fmt: _normalise(_render(name, data, fmt, kb_fr), *([extra] if extra else [])) for fmt in formats}


EXT = {"text": "txt", "markdown": "md", "html": "html"}


# --- golden files --------------------------------------------------------------------------------------------------

def test_golden_french_robustness_and_sensitivity(robustness, sensitivity, kb_fr):
    for name, fixture in (("robustness", robustness), ("sensitivity", sensitivity)):
        for fmt, text in _outputs(name, fixture, kb_fr).items():
            _golden(f"{name}-aldovia-early-stable.fr.{EXT[fmt]}", text)


def test_golden_french_portfolio_compare_and_consensus(portfolio, compare, consensus, kb_fr):
    for fmt, text in _outputs("portfolio", portfolio, kb_fr).items():
        _golden(f"portfolio-regional-examples.fr.{EXT[fmt]}", text)
    for fmt, text in _outputs("compare", compare, kb_fr).items():
        _golden(f"compare-beremia-2026-2028.fr.{EXT[fmt]}", text)
    for fmt, text in _outputs("consensus", consensus, kb_fr).items():
        _golden(f"consensus-beremia.fr.{EXT[fmt]}", text)


# --- the workbooks: French sheets, headers and cells ----------------------------------------------------------------

def _book(report: str, data, kb):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(_render(report, data, "xlsx", kb)))


def test_the_french_portfolio_workbook(portfolio, kb_fr):
    wb = _book("portfolio", portfolio["fr"][0], kb_fr)
    assert wb.sheetnames == ["Phases", "Première période", "Goulets d'étranglement", "Investissements", "Jalons",
                             "Profils", "Résultats", "Progrès", "Fichiers non valides", "Provenance"]
    assert [c.value for c in wb["Phases"][1][:3]] == ["Pays", "Fichier", "Date"]
    assert wb["Goulets d'étranglement"]["B1"].value == "Sous-domaine"
    assert wb["Jalons"]["C1"].value == "Plans qu'il retient (sur 3 pays)"
    assert wb["Provenance"]["A2"].value == "Établi avec" and wb["Provenance"]["A4"].value == "Planification"
    assert "Mise en place du système" in [c.value for c in wb["Phases"]["B"]]
    assert wb["Phases"].oddFooter.right.text == "Page &P sur &N"


def test_the_french_comparison_workbook(compare, kb_fr):
    wb = _book("compare", compare["fr"][0], kb_fr)
    assert wb.sheetnames == ["Synthèse", "Modifications", "Étapes prévues", "Vers la cible", "Provenance"]
    assert [c.value for c in wb["Modifications"][1]] == ["Sous-domaine", "Phase antérieure", "Phase ultérieure",
                                                          "Évolution", "Éléments probants, antérieure",
                                                          "Éléments probants, ultérieure"]
    assert wb["Modifications"]["D2"].value == "en hausse de 1 phase"
    assert wb["Synthèse"]["A3"].value == "Comparé" and wb["Synthèse"]["A1"].value.startswith("Progrès, Beremia")


def test_the_french_consensus_workbook(consensus, kb_fr):
    wb = _book("consensus", consensus["fr"], kb_fr)
    assert wb.sheetnames == ["Notations", "Désaccords", "À propos", "Fichiers"]
    assert wb["Notations"]["A1"].value == "Sous-domaine" and wb["Notations"]["E1"].value == "Accord"
    assert wb["Notations"]["E2"].value == "accord"
    assert [c.value for c in wb["Désaccords"][1]] == ["Sous-domaine", "Participant ou notation",
                                                       "Phase ou modification du plan", "Éléments probants"]


# --- no English left in the renderers' words ------------------------------------------------------------------------

def _english_words(text: str, quoted: tuple[str, ...] = ()) -> list[str]:
    text = re.sub(r"\s+", " ", text)
    for q in quoted:
        text = text.replace(re.sub(r"\s+", " ", q), "")
    text = _QUOTED.sub("", text)
    return sorted({m.group() for m in _ENGLISH.finditer(text)})


@pytest.mark.parametrize("name", ["robustness", "sensitivity"])
def test_no_english_function_word_in_the_french_robustness_reports(name, robustness, sensitivity, kb_fr):
    fixture = {"robustness": robustness, "sensitivity": sensitivity}[name]
    for fmt, text in _outputs(name, fixture, kb_fr, ("text", "markdown")).items():
        assert _english_words(text) == [], (name, fmt)


def test_no_english_function_word_in_the_french_portfolio(portfolio, kb_fr):
    data, region = portfolio["fr"]
    for fmt in ("text", "markdown"):
        assert _english_words(_render("portfolio", data, fmt, kb_fr), (str(region),)) == [], fmt


def test_no_english_function_word_in_the_french_consensus(consensus, kb_fr):
    data = consensus["fr"].as_dict()
    quoted = tuple(data["participants"]) + tuple(x for s in data["subdomains"] for x in s["evidence"].values() if x)
    for fmt in ("text", "markdown"):
        assert _english_words(_render("consensus", consensus["fr"], fmt, kb_fr), quoted) == [], fmt
    text, _tags = page_text(_render("consensus", consensus["fr"], "html", kb_fr))
    assert _english_words(text, quoted) == []


def test_no_english_function_word_in_the_french_pages(portfolio, compare, robustness, kb_fr):
    data, region = portfolio["fr"]
    text, _tags = page_text(_render("portfolio", data, "html", kb_fr))
    # the sources are cited by their own (English) titles and sections
    titles = tuple(doc.title for doc in kb_fr.sources.values())
    assert _english_words(re.sub(r"Section \d[^)]*\)", "", text), (str(region), *titles)) == []
    data, _record = compare["fr"]
    evidence = tuple(x for c in data["subdomains"] for x in (c["old_evidence"], c["new_evidence"]) if x)
    text, _tags = page_text(_render("compare", data, "html", kb_fr))
    assert _english_words(text, evidence) == []
    text, _tags = page_text(_render("robustness", robustness["fr"], "html", kb_fr))
    assert _english_words(text) == []


def test_no_english_function_word_in_the_french_comparison(compare, kb_fr):
    data, _record = compare["fr"]
    for fmt in ("text", "markdown"):
        text = _render("compare", data, fmt, kb_fr)
        # the assessments' own evidence is quoted as the assessor wrote it
        evidence = tuple(x for c in data["subdomains"] for x in (c["old_evidence"], c["new_evidence"]) if x)
        assert _english_words(text, evidence) == [], fmt


# --- the same figures in both languages ------------------------------------------------------------------------------

def _table_numbers(markdown: str) -> Counter:
    """The numbers of the Markdown tables' rows (decimal commas read as points, shares with or without a space)."""
    rows = [line for line in markdown.splitlines() if line.startswith("|") and "---" not in line]
    text = re.sub(r"(\d),(\d)", r"\1.\2", "\n".join(rows[1:]))
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("name", ["robustness", "sensitivity", "portfolio", "compare", "consensus"])
def test_english_and_french_tables_hold_the_same_figures(name, robustness, sensitivity, portfolio, compare, consensus,
                                                          kb_fr, kb_en):
    fixture = {"robustness": robustness, "sensitivity": sensitivity, "portfolio": portfolio, "compare": compare,
               "consensus": consensus}[name]
    en, fr = fixture["en"], fixture["fr"]
    en, fr = (en[0], fr[0]) if isinstance(en, tuple) else (en, fr)
    md_en = _render(name, en, "markdown", kb_en)
    md_fr = _render(name, fr, "markdown", kb_fr)
    assert _table_numbers(md_en) == _table_numbers(md_fr)
    assert md_en != md_fr


def test_the_french_robustness_page_says_its_language(robustness, kb_fr, kb_en):
    french = _render("robustness", robustness["fr"], "html", kb_fr)
    english = _render("robustness", robustness["en"], "html", kb_en)
    assert '<html lang="fr">' in french and "Quelle notation vérifier" in french
    assert '<html lang="en">' in english and "Which rating to verify" in english and "notation" not in english


def test_french_then_english_never_mix(portfolio, kb_fr, kb_en):
    """The language goes with each call (the knowledge base's), never left behind in shared state."""
    french = _render("portfolio", portfolio["fr"][0], "html", kb_fr)
    english = _render("portfolio", portfolio["en"][0], "html", kb_en)
    assert "Où en est chaque pays" in french and "Where each country stands" not in french
    assert "Where each country stands" in english and "Où en est chaque pays" not in english
