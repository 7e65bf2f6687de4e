"""The command line in French: every command's help (our texts and click's own words), the problems it reports
(located as in English: file:line:col), its notices and the catalogue of problem codes; English unchanged, and
no language left behind for the next run."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cpss_advisor.cli.main import COMMANDS, cli
from cpss_advisor.cli.translated import language_of
from cpss_advisor.core.errors import InputError, Problem, did_you_mean
from cpss_advisor.core.translatable import M_, Message

from tests.conftest import EXAMPLES, ROOT, run_cli

#: English words that French text never holds (whole words; "a" and "on" are French words too)
ENGLISH = ("the", "and", "of", "with", "to", "is", "it", "its", "at", "when", "from", "this", "that", "each",
           "which", "or", "not", "for", "in", "be", "are", "Show", "Usage", "Commands", "Example", "hint", "default")
_ENGLISH = re.compile(r"(?<![\w/.'-])(?:" + "|".join(ENGLISH) + r")(?![\w/.'-])")
#: `cpss serve` and its help belong to the web app, translated with it
NOT_YET = {"serve"}
BAD_PHASE = "schema_version: 1\ncountry: Aldovia\nas_of: 2026-01-01\nratings:\n  \"3.3\":\n    phase: 7\n  \"9.9\": 2\n"


def _commands() -> list[str]:
    out = []
    for name in COMMANDS:
        if name in NOT_YET:
            continue
        out.append(name)
        group = cli.get_command(None, name)
        for sub in getattr(group, "commands", {}):
            out.append(f"{name} {sub}")
    return out


def _english_words(text: str) -> list[str]:
    """English function words outside quoted values, option names, file names and ids."""
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`", " ", text)   # quoted examples and values
    text = re.sub(r"(?:^|\s)-{1,2}[\w-]+", " ", text)               # options
    text = re.sub(r"\bcpss(?: [a-z-]+)*(?: [\w./*:-]+)*", " ", text)  # example command lines
    return sorted({m.group() for m in _ENGLISH.finditer(text)})


@pytest.mark.parametrize("name", ["", *_commands()])
def test_every_help_is_french(name, monkeypatch):
    """`CPSS_LANG=fr cpss [COMMAND] --help`: the command's texts, its options' help and click's own words
    ("Usage:", "Options", "Show this message and exit.", "[default: ...]") hold no English function word."""
    monkeypatch.setenv("CPSS_LANG", "fr")
    r = run_cli(*name.split(), "--help")
    assert r.code == 0, r.stderr
    assert "Utilisation :" in r.stdout and "Affiche ce message et quitte." in r.stdout
    listed = "\n".join(line for line in r.stdout.splitlines() if not line.startswith(tuple(f"  {n} " for n in NOT_YET)))
    assert _english_words(listed) == [], r.stdout


def test_the_option_before_the_command_sets_the_language_of_the_help():
    r = run_cli("--lang", "fr", "recommend", "--help")
    assert "Un plan ordonné des étapes prioritaires" in r.stdout and "[par défaut\u00a0: 6, " in r.stdout
    assert "A sequenced plan" in run_cli("recommend", "--help").stdout


def test_the_language_is_found_before_parsing():
    assert language_of(["--lang", "fr", "recommend", "--help"], {}) == "fr"
    assert language_of(["--lang=fr", "kb", "check"], {}) == "fr"
    assert language_of(["--help"], {"CPSS_LANG": "fr"}) == "fr"
    assert language_of(["--lang", "en", "--help"], {"CPSS_LANG": "fr"}) == "en"
    # after the command, --lang is the command's own option (the translations `kb check` checks)
    assert language_of(["kb", "check", "--lang", "fr"], {}) == "en"
    assert language_of(["--knowledge", "fr", "--help"], {}) == "en"   # a value, not a language
    assert language_of(["--lang", "xx", "--help"], {}) == "en"         # unknown: the option's check says so


def test_a_usage_error_is_french_with_clicks_words():
    r = run_cli("--lang", "fr", "recommend", "--format", "xx", EXAMPLES / "aldovia-early-stable.yaml")
    assert r.code == 2
    assert "Utilisation : cpss recommend" in r.stderr and "Essayez 'cpss recommend --help'" in r.stderr
    assert "Erreur : Valeur invalide pour '-f' / '--format' : 'xx' ne fait pas partie de" in r.stderr
    r = run_cli("--lang", "fr", "recomend")
    assert "Commande 'recomend' inconnue. Vouliez-vous dire 'recommend' ?" in r.stderr


def test_a_bad_assessment_is_reported_in_french_at_the_same_places(tmp_path):
    """The located form (file:line:col) and the codes are those of English; the words are French."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PHASE, encoding="utf-8")
    fr, en = run_cli("--lang", "fr", "validate", bad), run_cli("validate", bad)
    assert fr.code == en.code == 1
    assert f"{bad}:6:12: ratings.\"3.3\".phase: la phase 7 est hors de l'intervalle 1-4" in fr.stderr
    assert f"{bad}:7:3: sous-domaine '9.9' inconnu" in fr.stderr
    assert "  conseil : les sous-domaines sont 1.1, 1.2," in fr.stderr and "2 problèmes" in fr.stderr
    assert f"{bad}:6:12: ratings.\"3.3\".phase: phase 7 is out of range 1-4" in en.stderr
    assert "  hint: subdomains are 1.1" in en.stderr and "2 problems" in en.stderr
    places = [re.match(r"^(\S+?:\d+:\d+):", line) for line in fr.stderr.splitlines()]
    assert [m.group(1) for m in places if m] == \
        [m.group(1) for m in (re.match(r"^(\S+?:\d+:\d+):", x) for x in en.stderr.splitlines()) if m]


def test_a_missing_file_and_a_duplicate_key_in_french(tmp_path):
    r = run_cli("--lang", "fr", "validate", tmp_path / "absent.yaml")
    assert r.code == 1 and "absent.yaml: fichier introuvable" in r.stderr
    assert "conseil : vérifiez le chemin" in r.stderr
    dup = tmp_path / "dup.yaml"
    dup.write_text("schema_version: 1\nschema_version: 1\n", encoding="utf-8")
    r = run_cli("--lang", "fr", "validate", dup)
    assert f"{dup}:2:1: clé 'schema_version' en double : la ligne 1, colonne 1 porte la même clé" in r.stderr


def test_debug_still_gives_the_traceback_in_french(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PHASE, encoding="utf-8")
    r = run_cli("--lang", "fr", "--debug", "validate", bad)
    assert r.code == 1
    assert "Traceback (most recent call last)" in r.stderr and "sous-domaine '9.9' inconnu" in r.stderr


def test_the_json_of_problems_stays_english(tmp_path, monkeypatch):
    """Problems keep their codes and English messages wherever they are data (a Problem's text is English; it is
    translated only when shown)."""
    problem = Problem("f.yaml", 1, 2, "unknown-subdomain", M_("unknown subdomain '%(id)s'", id="9.9"),
                      did_you_mean("3.", ["3.3"]))
    assert problem.as_dict()["message"] == "unknown subdomain '9.9'"
    assert json.loads(json.dumps(problem.as_dict()))["hint"] == "did you mean '3.3'?"
    assert problem.render("fr") == "f.yaml:1:2: sous-domaine '9.9' inconnu\n  conseil : vouliez-vous dire '3.3' ?"
    assert problem.render() == "f.yaml:1:2: unknown subdomain '9.9'\n  hint: did you mean '3.3'?"


def test_a_message_survives_being_pickled_for_a_worker():
    import pickle

    m = pickle.loads(pickle.dumps(M_("unknown subdomain '%(id)s'", id="9.9")))
    assert isinstance(m, Message) and m.translate("fr") == "sous-domaine '9.9' inconnu"


def test_many_problems_are_counted_in_french():
    err = InputError([Problem("f.yaml", i, 1, "unknown-subdomain", M_("unknown subdomain '%(id)s'", id=str(i)))
                      for i in range(1, 60)])
    assert err.problems[-1].render("fr") == "... et 9 autres problèmes"
    assert err.problems[-1].render() == "... and 9 more problems"


def test_notices_are_french(tmp_path):
    out = tmp_path / "plan.json"
    r = run_cli("--lang", "fr", "recommend", EXAMPLES / "aldovia-early-stable.yaml", "-o", out)
    assert r.code == 0 and f"écrit : {out}" in r.stderr


def test_the_catalogue_of_problem_codes_in_french():
    r = run_cli("--lang", "fr", "errors", "bad-phase")
    assert r.code == 0
    flat = " ".join(r.stdout.split())
    assert flat.startswith("bad-phase : Évaluations")
    assert "Ce que cela signifie : Une phase n'est ni un nombre de 1 à 4" in flat
    assert "Code de sortie : 1 (entrée incorrecte)" in flat
    assert json.loads(run_cli("--lang", "fr", "errors", "bad-phase", "--format", "json").stdout) == \
        json.loads(run_cli("errors", "bad-phase", "--format", "json").stdout)


def test_french_text_reports(tmp_path):
    r = run_cli("--lang", "fr", "cm", EXAMPLES / "beremia-conflict.yaml")
    assert r.code == 0
    assert r.stdout.startswith("Référentiels de gestion des cas pour Beremia (au 2026-06-30)")
    assert "Prochaines actions" in r.stdout and "(actions générales)" in r.stdout


def test_a_french_run_leaves_no_language_behind():
    """The language lives in the run (a context variable): the next run, and click itself, are English."""
    import click

    assert run_cli("--lang", "fr", "recommend", "--help").stdout.startswith("Utilisation")
    assert run_cli("recommend", "--help").stdout.startswith("Usage:")
    from click import core

    assert core._("Options") == "Options" and core._("Missing command.") == "Missing command."
    with pytest.raises(click.UsageError, match="No such option"):
        cli.main(["--nope"], standalone_mode=False)


def test_a_workbook_problem_in_french_at_its_cell(kb, tmp_path):
    """A problem of the intake workbook keeps its sheet and cell; its words are French, the phase choices those of
    the drop-down."""
    from tests.intake.test_workbook import _open, _yaml, fill, save
    from cpss_advisor.render.workbook import template_workbook
    import datetime as _dt

    wb = fill(_open(template_workbook(kb, _dt.date(2026, 6, 30))), _yaml("corvania-decentralisation"))
    wb["Ratings"]["D7"] = "Integation"
    wb["Assessment"]["B2"] = None
    path = save(wb, tmp_path / "assessment.xlsx")
    fr, en = run_cli("--lang", "fr", "validate", path), run_cli("validate", path)
    assert fr.code == en.code == 1
    assert f"{path}:Ratings!D7: 'Integation' n'est pas une phase ; valeurs autorisées : Building, Enhancement, " \
           "Integration, Maturity\n  conseil : vouliez-vous dire 'Integration' ?" in fr.stderr
    assert f"{path}:Assessment!B2: le pays est vide ; écrivez le nom du pays" in fr.stderr
    assert f"{path}:Ratings!D7: 'Integation' is not a phase; allowed: Building, Enhancement, Integration, Maturity" \
           in en.stderr


GOLDEN = Path(__file__).parent / "golden"
#: the text reports of the command line, in French, each compared with its golden file
FRENCH_TEXTS = {
    "cm-beremia.fr.txt": ("cm", "examples/beremia-conflict.yaml"),
    "kb-show-3.3.fr.txt": ("kb", "show", "3.3"),
    "kb-contexts.fr.txt": ("kb", "contexts"),
    "errors-bad-phase.fr.txt": ("errors", "bad-phase"),
    "help.fr.txt": ("--help",),
}


@pytest.mark.parametrize("name", sorted(FRENCH_TEXTS))
def test_french_text_reports_match_their_golden_files(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = run_cli("--lang", "fr", *FRENCH_TEXTS[name])
    assert r.code == 0, r.stderr
    golden = GOLDEN / name
    if os.environ.get("CPSS_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(r.stdout, encoding="utf-8")
    assert r.stdout == golden.read_text(encoding="utf-8"), f"{name} differs; CPSS_UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("args", [("cm", "examples/beremia-conflict.yaml"), ("kb", "show", "3.3")])
def test_english_and_french_reports_hold_the_same_ids_and_numbers(args, monkeypatch):
    """What a reader compares between the two languages: ids, levels, counts."""
    monkeypatch.chdir(ROOT)
    en, fr = run_cli(*args).stdout, run_cli("--lang", "fr", *args).stdout
    figures = re.compile(r"\b\d+(?:[./]\d+)*\b|\bcm-[\w-]+")
    assert figures.findall(en) == figures.findall(fr)
