"""The code's words in other languages: the catalogues are complete and current, the translator keeps no state
between calls, and pages say their language and direction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cpss_advisor.core import i18n

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")


def _extracted() -> set[str]:
    """Every msgid marked in the code and templates now (as `make messages` extracts them, per babel.cfg)."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "M_": None, "Mn_": (1, 2)}
    ids: set[str] = set()
    for top in ("cpss_advisor", "cli", "web"):
        for _f, _l, msg, _c, _ctx in extract_from_dir(ROOT / top, method_map, options_map, keywords=keywords):
            ids.add(msg if isinstance(msg, str) else msg[0])
    return ids


def _catalogue(language: str):
    with i18n.catalogue_path(language).open("rb") as fh:
        return read_po(fh, locale=language)


@pytest.mark.parametrize("language", [code for code in i18n.languages() if code != "en"])
def test_every_marked_text_is_translated_without_fuzzy_and_keeps_its_placeholders(language):
    catalogue = _catalogue(language)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    missing = sorted(_extracted() - set(entries))
    assert not missing, f"not in the {language} catalogue (run `make messages`): {missing[:10]}"
    for key, m in entries.items():
        assert "fuzzy" not in m.flags, f"fuzzy entry in {language}: {key!r}"
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"untranslated in {language}: {key!r}"
        ids = m.id if isinstance(m.id, tuple) else (m.id,)  # a plural's forms may use the singular's or the plural's
        allowed = {p for i in ids for p in _PLACEHOLDER.findall(i)}
        for s in strings:
            assert sorted(_PLACEHOLDER.findall(s)) == sorted(_PLACEHOLDER.findall(key)) or \
                set(_PLACEHOLDER.findall(s)) <= allowed, f"placeholders differ: {key!r}"


def test_english_is_the_identity_and_french_translates():
    assert i18n.translator("en").gettext("Key messages") == "Key messages"
    assert i18n.translator("fr").gettext("Key messages") == "Messages clés"
    assert "fr" in i18n.languages()


def test_an_unknown_language_names_the_available_ones():
    with pytest.raises(ValueError, match="available: en, fr"):
        i18n.translator("xx")


def test_direction_and_dates():
    from datetime import date

    assert i18n.direction("fr") == "ltr" and i18n.direction("ar") == "rtl"
    assert i18n.format_date(date(2026, 6, 30), "fr") == "30 juin 2026"
    assert i18n.format_date(date(2026, 6, 30), "en") == "30 June 2026"
