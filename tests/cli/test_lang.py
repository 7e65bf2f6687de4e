"""`cpss --lang` and CPSS_LANG: reports in the chosen language, the knowledge base read in it, an unknown
language a usage error naming the available ones, and JSON whose keys and ids never change with the language."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, run_cli

ALDOVIA = EXAMPLES / "aldovia-early-stable.yaml"


def test_an_unknown_language_is_a_usage_error_listing_the_available_ones():
    r = run_cli("--lang", "xx", "recommend", ALDOVIA)
    assert r.code == 2
    assert "available: en, fr" in r.stderr


def test_cpss_lang_chooses_the_language_of_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("CPSS_LANG", "fr")
    out = tmp_path / "brief.html"
    assert run_cli("recommend", ALDOVIA, "--format", "html", "-o", out).code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in page and "Messages clés" in page


def test_the_option_overrides_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CPSS_LANG", "fr")
    out = tmp_path / "brief.html"
    assert run_cli("--lang", "en", "recommend", ALDOVIA, "--format", "html", "-o", out).code == 0
    assert '<html lang="en" dir="ltr">' in out.read_text(encoding="utf-8")


def _shape(value):
    """The keys of a JSON document, and every value held under a key that names an id, recursively."""
    if isinstance(value, dict):
        return {k: (v if (k == "id" or k.endswith(("_id", "_ids")) or k in {"subdomain", "phase", "kind"})
                    else _shape(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return None


def test_json_keys_and_ids_do_not_change_with_the_language():
    en = json.loads(run_cli("recommend", ALDOVIA, "--format", "json").stdout)
    fr = json.loads(run_cli("--lang", "fr", "recommend", ALDOVIA, "--format", "json").stdout)
    assert _shape(en) == _shape(fr)


def test_the_language_can_follow_the_command_as_the_issue_writes_it(tmp_path):
    """`cpss recommend examples/X --lang fr --format docx -o plan.docx`: a French Word brief, and the notice of
    the file written in French."""
    from docx import Document

    out = tmp_path / "plan.docx"
    r = run_cli("recommend", ALDOVIA, "--lang", "fr", "--format", "docx", "-o", out)
    assert r.code == 0, r.stderr
    doc = Document(str(out))
    assert doc.core_properties.language == "fr"
    assert "Messages clés" in [p.text for p in doc.paragraphs]
    assert "écrit" in r.stderr


def test_a_command_s_own_unknown_language_is_a_usage_error():
    r = run_cli("recommend", ALDOVIA, "--lang", "xx")
    assert r.code == 2 and "available: en, fr" in r.stderr


def test_the_run_s_language_is_read_before_parsing_wherever_lang_is_given():
    from cli.translated import language_of

    env = {}
    assert language_of(["--lang", "fr", "recommend", "a.yaml"], env) == "fr"
    assert language_of(["recommend", "a.yaml", "--lang", "fr"], env) == "fr"
    assert language_of(["recommend", "a.yaml", "--lang=fr"], env) == "fr"
    assert language_of(["recommend", "--", "--lang", "fr"], env) == "en"
    # `cpss kb check --lang fr` checks the French translations; the run stays in its own language
    assert language_of(["kb", "check", "--lang", "fr"], env) == "en"
    assert language_of(["kb", "check", "--lang", "fr"], {"CPSS_LANG": "fr"}) == "fr"
