"""The app in the browser's language: Accept-Language (q-values honoured) among the languages the package has,
else the server's default, else English; a switch on every page that the session keeps (with its work); every
page's own words in French; the downloads in the page's language, the JSON the same in every language."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest

from cpss_advisor.web.language import negotiate, ranges
from cpss_advisor.web.pages import safe_return

from .conftest import EXAMPLES, csrf, example_bytes, text_of, upload

AVAILABLE = ("en", "fr")
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
#: English function words that no French page's own words hold (as whole words), as for the French brief
ENGLISH = ("the", "and", "of", "with", "to", "is", "it", "its", "at", "when", "from", "once", "months", "waits",
           "this", "your", "for", "or", "not", "no", "here", "first")
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")


@pytest.mark.parametrize("header, default, expected", [
    ("fr-FR,fr;q=0.9,en;q=0.8", "en", "fr"),          # a region of French is French
    ("en;q=0.2, fr;q=0.9", "en", "fr"),               # the higher q-value wins, whatever the order
    ("de-DE, en;q=0.5, fr;q=0.4", "en", "en"),        # German is not available: the next best
    ("de, es", "en", "en"),                           # nothing available: the server's default
    ("de, es", "fr", "fr"),
    ("fr;q=0, en;q=0.1", "en", "en"),                 # q=0 refuses French
    ("*", "fr", "fr"),                                # any: the server's default
    ("", "en", "en"),
    (None, "fr", "fr"),
    ("fr;q=abc, en", "fr", "en"),                     # a malformed q-value leaves its range out
    ("FR-ca", "en", "fr"),                            # tags are not case-sensitive
    ("en;q=0.9, fr;q=0.9", "en", "en"),               # a tie keeps the header's order
])
def test_the_best_language_of_an_accept_language_header(header, default, expected):
    assert negotiate(header, AVAILABLE, default) == expected


def test_a_long_header_is_read_only_so_far():
    assert len(ranges(", ".join(["xx"] * 10_000))) <= 32
    assert negotiate("x" * 100_000 + ", fr", AVAILABLE, "en") == "en"


def test_pages_follow_the_browser_and_say_their_language(client):
    english = client.get("/")
    french = client.get("/", headers=FRENCH)
    assert '<html lang="en" dir="ltr">' in english.text and ">Rate</a>" in english.text
    assert '<html lang="fr" dir="ltr">' in french.text and ">Évaluer</a>" in french.text
    assert french.headers["content-language"] == "fr"
    assert '<html lang="en"' in client.get("/", headers={"Accept-Language": "de-DE,de"}).text


def test_the_servers_default_serves_a_browser_that_asks_for_no_language_it_has(make_client):
    c = make_client(language="fr")
    assert '<html lang="fr"' in c.get("/", headers={"Accept-Language": "de"}).text
    assert '<html lang="fr"' in c.get("/").text
    assert '<html lang="en"' in c.get("/", headers={"Accept-Language": "en-GB"}).text


def test_every_page_offers_the_switch(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    for path in ("/", "/rate", "/rate/checklist", "/rate/questionnaire", "/plan", "/whatif", "/export", "/compare",
                 "/consensus"):
        html = client.get(path).text
        assert 'action="/language"' in html and 'value="fr" lang="fr"' in html and "Français" in html, path
        assert f'name="next" value="{path}"' in html, path


def test_the_switch_is_kept_by_the_session_with_its_work(client):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    before = client.get("/rate").text
    r = client.post("/language", data={"csrf_token": token, "lang": "fr", "next": "/rate"})
    assert r.status_code == 200 and str(r.url).endswith("/rate")
    assert '<html lang="fr"' in r.text and "Beremia" in r.text
    # the choice beats the browser's own language, on every page after
    assert '<html lang="fr"' in client.get("/plan", headers={"Accept-Language": "en"}).text
    # the work is the same: the same ratings checked
    checked = re.compile(r'id="(phase-[\d.]+-\d)"[^>]* checked')
    assert checked.findall(r.text) == checked.findall(before) != []
    back = client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/rate"})
    assert '<html lang="en"' in back.text


def test_the_switch_needs_the_csrf_token_and_a_known_language(client):
    token = csrf(client)
    assert client.post("/language", data={"lang": "fr", "next": "/"}).status_code == 403
    r = client.post("/language", data={"csrf_token": token, "lang": "xx", "next": "/"})
    assert r.status_code == 200 and '<html lang="en"' in r.text


@pytest.mark.parametrize("target, expected", [
    ("/rate", "/rate"), ("/plan/reasons?step=3.3%3A1-2", "/plan/reasons?step=3.3%3A1-2"),
    ("//evil.example/x", "/"), ("/\\evil.example", "/"), ("https://evil.example/", "/"), ("", "/"),
    ("/rate\r\nSet-Cookie: x=1", "/"), ("rate", "/"),
])
def test_the_switch_returns_only_to_a_page_of_the_app(target, expected):
    assert safe_return(target) == expected


def test_the_switch_never_sends_to_another_site(make_client):
    c = make_client()
    c.follow_redirects = False
    token = csrf(c)
    r = c.post("/language", data={"csrf_token": token, "lang": "fr", "next": "//evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_a_posted_page_switches_back_to_the_page_its_form_belongs_to(client):
    token = csrf(client)
    r = client.post("/start/blank", data={"csrf_token": token, "country": "", "as_of": "2026-01-01"})
    assert 'name="next" value="/"' in r.text
    upload(client, "beremia.yaml", example_bytes(), token)
    r = client.post("/whatif/run", data={"csrf_token": token, "set-3.3": "3"})
    assert 'name="next" value="/whatif"' in r.text


def _beremia(client, token: str) -> None:
    upload(client, "beremia.yaml", example_bytes(), token)


def test_the_json_api_and_json_downloads_are_the_same_in_every_language(client):
    token = csrf(client)
    _beremia(client, token)
    body = {"assessment": json.loads(json.dumps(_data(), default=str))}
    english = client.post("/api/plan", json=body).content
    english_whatif = client.post("/api/whatif", json={**body, "set": ["3.3=3"]}).content
    plan_json, record = client.get("/export/plan.json").content, client.get("/export/record.json").content
    client.post("/language", data={"csrf_token": token, "lang": "fr", "next": "/"})
    assert client.post("/api/plan", json=body, headers=FRENCH).content == english
    assert client.post("/api/whatif", json={**body, "set": ["3.3=3"]}, headers=FRENCH).content == english_whatif
    assert client.get("/export/plan.json").content == plan_json
    assert client.get("/export/record.json").content == record


def _data() -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(example_bytes())


def test_the_downloads_are_in_the_pages_language(client):
    from docx import Document
    from openpyxl import load_workbook

    token = csrf(client)
    _beremia(client, token)
    english_docx = client.get("/export/plan.docx").content
    client.post("/language", data={"csrf_token": token, "lang": "fr", "next": "/"})
    doc = Document(io.BytesIO(client.get("/export/plan.docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.language == "fr" and "Messages clés" in text and "Key messages" not in text
    assert Document(io.BytesIO(english_docx)).core_properties.language != "fr"
    html = client.get("/export/plan.html").text
    assert '<html lang="fr"' in html and "Messages clés" in html
    load_workbook(io.BytesIO(client.get("/export/plan.xlsx").content))  # the French workplan opens
    # the intake workbook in French reads back to the same assessment
    again = client.post("/start/upload", files={"file": ("again.xlsx", client.get("/export/assessment.xlsx").content)},
                        data={"csrf_token": token})
    assert again.status_code == 200 and str(again.url).endswith("/rate")


class _Own(HTMLParser):
    """A page's text without what the shared renderers write into it (the brief, a step's reasons, an analysis'
    sentences: each translated and tested where it is made) and without the user's own data (`skip`)."""

    SKIP = {"brief-on-screen", "explain", "analysis", "hint"}
    VOID = {"br", "input", "meta", "link", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth or classes & self.SKIP or tag in ("script", "style"):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def own_words(html: str) -> str:
    p = _Own()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def _french_pages(client) -> dict[str, str]:
    """Every page in French, on an assessment without notes or evidence (user data, in English in the example)."""
    from ruamel.yaml import YAML

    data = _data()
    data.pop("notes", None)
    for r in data["ratings"].values():
        if isinstance(r, dict):
            r.pop("evidence", None)
    buf = io.StringIO()
    YAML(typ="safe").dump(data, buf)
    raw = buf.getvalue().encode()
    client.headers.update(FRENCH)
    token = csrf(client)
    upload(client, "beremia.yaml", raw, token)
    pages = {p: client.get(p).text for p in ("/", "/rate", "/rate/checklist", "/rate/questionnaire", "/plan",
                                             "/whatif", "/export", "/compare", "/consensus")}
    hx = {"HX-Request": "true"}
    pages["what-if"] = client.post("/whatif/run", data={"csrf_token": token, "set-3.3": "3", "shock": "epidemic"},
                                   headers=hx).text
    pages["what-if page"] = client.post("/whatif/run", data={"csrf_token": token, "set-5.1": "4"}).text
    pages["sensitivity"] = client.post("/whatif/sensitivity", data={"csrf_token": token}, headers=hx).text
    step = re.search(r'/plan/reasons\?step=([^"]+)"', pages["/plan"]).group(1)
    pages["reasons"] = client.get(f"/plan/reasons?step={step}").text
    pages["saved"] = client.post("/rate/checklist", data={"csrf_token": token, "done": []}).text
    pages["questionnaire answered"] = client.post("/rate/questionnaire", data={"csrf_token": token,
                                                                              "q-1.1.1": "yes"}).text
    client.post("/compare/add", files=[("files", ("a.yaml", raw)), ("files", ("b.yaml", b""))],
                data={"csrf_token": token})
    pages["compared"] = client.get("/compare").text
    pages["blank refused"] = client.post("/start/blank", data={"csrf_token": token, "country": "",
                                                               "as_of": "hier"}).text
    participants = []
    for i, name in enumerate(("Ministère A", "Ministère B")):
        d = dict(data, participant=name, ratings=dict(data["ratings"]))
        d["ratings"]["3.3"] = {"phase": 1 + i}
        buf = io.StringIO()
        YAML(typ="safe").dump(d, buf)
        participants.append(("files", (f"p{i}.yaml", buf.getvalue().encode())))
    pages["consensus"] = client.post("/consensus/add", files=participants, data={"csrf_token": token}).text
    return pages


def test_every_french_page_holds_no_english_word_of_its_own(client):
    pages = _french_pages(client)
    text = text_of(pages["consensus"])
    assert "Ministère A" in text and "1 sous-domaine sur 19 est noté différemment." in text
    assert "1 de ces désaccords modifie le plan." in text
    for name, html in pages.items():
        assert '<html lang="fr"' in html or name in ("what-if", "sensitivity"), name
        words = own_words(html)
        english = sorted({m.group() for m in _ENGLISH.finditer(words)})
        assert english == [], f"{name}: {english} in {words[:400]}"


def test_every_french_page_is_french_from_top_to_bottom(client):
    """Every word, the plan's and the analyses' included; only the sources' references and notes are left out:
    they name English documents and their sections in the documents' own words."""
    pages = _french_pages(client)
    quoted = re.compile(r'<ol class="notes">.*?</ol>|<p class="reference">.*?</p>', re.S)
    found = {name: sorted({m.group() for m in _ENGLISH.finditer(text_of(quoted.sub(" ", html)))})
             for name, html in pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_a_french_page_then_an_english_one_never_mix(make_client):
    """Two browsers in two languages at once: each page is wholly in its own."""
    fr, en = make_client(), make_client()
    fr.headers.update(FRENCH)
    for _ in range(2):
        f, e = fr.get("/").text, en.get("/").text
        assert "Ouvrir une évaluation" in f and "Open an assessment" not in f
        assert "Open an assessment" in e and "Ouvrir une évaluation" not in e


def test_the_refusals_before_any_session_follow_the_browser(client):
    r = client.get("/", headers={"Host": "evil.example:8765", **FRENCH})
    assert r.status_code == 400 and "n'est pas celle" in r.text
    assert "is not the one" in client.get("/", headers={"Host": "evil.example:8765"}).text


def test_examples_exist():
    assert (EXAMPLES / "beremia-conflict.yaml").exists()


def test_the_apps_own_refusals_are_in_the_pages_language(client):
    client.headers.update(FRENCH)
    r = client.get("/export/plan.docx")
    assert r.status_code == 404 and "Rien à exporter" in r.text
    r = client.post("/start/blank", data={"country": "X", "as_of": "2026-01-01"})
    assert r.status_code == 403 and "jeton de sécurité" in r.text
    token = csrf(client)
    r = client.post("/start/upload", files={"file": ("vide.yaml", b"")}, data={"csrf_token": token})
    assert r.status_code == 422 and "le fichier est vide" in r.text


def test_the_switch_on_the_rate_page_keeps_what_was_being_filled_in(client):
    """On the Rate page the switch posts the rating form itself: the ratings being filled in are kept (saved when
    they are valid, shown again with their problems when not), and the page comes back in the language chosen."""
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    html = client.get("/rate").text
    assert 'form="rate-form" formaction="/rate" formnovalidate' in html and 'id="rate-form"' in html
    form = {"csrf_token": token, "country": "Beremia", "as_of": "2026-06-30", "phase-5.1": "4", "lang": "fr"}
    r = client.post("/rate", data=form)
    assert '<html lang="fr"' in r.text and "Enregistré." in r.text
    assert re.search(r'id="phase-5\.1-4"[^>]* checked', r.text)
    assert '<html lang="fr"' in client.get("/plan").text  # the session keeps the choice
    # not valid yet (a horizon of 99 years): nothing saved, the values shown again, in the language chosen
    r = client.post("/rate", data={**form, "phase-5.1": "3", "horizon_years": "99", "lang": "en"})
    assert r.status_code == 422 and '<html lang="en"' in r.text and "is not 1 to 10 years" in r.text
    assert re.search(r'id="phase-5\.1-3"[^>]* checked', r.text)
    assert re.search(r'id="phase-5\.1-4"[^>]* checked', client.get("/rate").text)


def test_the_switch_on_the_checklist_saves_the_ticks(client, work):
    token = csrf(client)
    upload(client, "beremia.yaml", example_bytes(), token)
    first = work.form["checklist"][0]["actions"][0]["id"]
    r = client.post("/rate/checklist", data={"csrf_token": token, "done": [first], "lang": "fr"})
    assert '<html lang="fr"' in r.text and "Enregistré : 1 action réalisée." in r.text


def test_a_problem_made_translatable_is_shown_in_the_pages_language():
    """A problem's message that keeps its template (a translatable message of the API) is said in the page's
    language; a plain string or None is shown as it is."""
    from cpss_advisor import api
    from cpss_advisor.web.uploads import problems_of, said

    class Message(str):
        template = "the file is empty"

        def translate(self, language):
            return api.translator(language).gettext(self.template)

    assert said(Message("the file is empty"), "fr") == "le fichier est vide"
    assert said("the file is empty", "fr") == "the file is empty" and said(None, "fr") is None
    exc = api.InputError(api.Problem("x.yaml", 3, 1, "empty", Message("the file is empty"), None))
    (shown,) = problems_of(exc, "fr")
    assert shown["message"] == "le fichier est vide" and shown["at"].startswith("x.yaml:3")


def test_a_language_added_later_is_offered_by_its_own_name():
    from cpss_advisor.web.language import name_of

    assert name_of("fr") == "Français" and name_of("en") == "English"
    assert name_of("es") == "Español" and name_of("ar") == "العربية"
    assert name_of("zz") == "zz"
