"""Messages made in English and shown in another language (`cpss_advisor.core.translatable`): the English text
is the string itself; the translation is made from the template and arguments when the message is shown."""

from __future__ import annotations

from cpss_advisor.core.errors import did_you_mean, shorten, shown
from cpss_advisor.core.translatable import M_, Message, Mn_, alternatives, located
from cpss_advisor.core.validation import CustomMessage


def test_a_message_is_its_english_text():
    m = M_("unknown subdomain '%(id)s'", id="9.9")
    assert m == "unknown subdomain '9.9'" and isinstance(m, str)
    assert m.translate("en") == "unknown subdomain '9.9'"
    assert m.translate("fr") == "sous-domaine '9.9' inconnu"


def test_arguments_that_are_messages_are_translated_too():
    hint = did_you_mean("armed_conflit", ["armed_conflict", "armed_conflicts"])
    assert hint == "did you mean 'armed_conflict' or 'armed_conflicts'?"
    assert hint.translate("fr") == "vouliez-vous dire 'armed_conflict' ou 'armed_conflicts' ?"
    assert alternatives(["'a'"]) == "'a'"
    assert located("ratings.3.3", M_("no such file")).translate("fr") == "ratings.3.3: fichier introuvable"
    assert located("", M_("no such file")) == "no such file"


def test_plurals_follow_the_language():
    assert Mn_("%(count)s problem", "%(count)s problems", 1, count="1") == "1 problem"
    assert Mn_("%(count)s problem", "%(count)s problems", 2, count="2").translate("fr") == "2 problèmes"
    assert Mn_("%(count)s problem", "%(count)s problems", 1, count="1").translate("fr") == "1 problème"


def test_a_template_without_a_translation_stays_english():
    m = Message("%(where)s: %(message)s", {"where": "x", "message": M_("no such file")})
    assert m.translate("fr") == "x: fichier introuvable"
    assert M_("a text no catalogue has").translate("fr") == "a text no catalogue has"


def test_the_values_shown_in_messages_are_translated():
    assert shown(None).translate("fr") == "une valeur vide"
    assert shorten("x" * 50, 10).translate("fr") == "xxxxxxxxxx... (50 caractères)"
    assert shown(10 ** 30).translate("fr").endswith("(31 chiffres)")


def test_a_custom_error_is_translated_from_the_catalogue_template_that_makes_it():
    """pydantic keeps the text of a custom error, not its template: the template is found among the catalogue's
    {placeholder} messages; an argument that is a message is translated as well."""
    m = CustomMessage("phase 7 is out of range 1-4", {"value": "7"})
    assert m == "phase 7 is out of range 1-4"
    assert m.translate("fr") == "la phase 7 est hors de l'intervalle 1-4"
    allowed = M_("1-4, or building, enhancement, integration, maturity")
    m = CustomMessage(f"'x' is not a phase; allowed: {allowed}", {"value": "'x'", "allowed": allowed})
    assert m.translate("fr").startswith("'x' n'est pas une phase ; valeurs autorisées : 1-4, ou building")
    assert CustomMessage("no template makes this", {"value": "1"}).translate("fr") == "no template makes this"
