"""The guards of the web app: security headers, Host check (DNS rebinding), CSRF, same-origin JSON, the access
token beyond loopback, request size."""

from __future__ import annotations

import re

import pytest

from .conftest import csrf, example_bytes, upload

PAGES = ["/", "/rate", "/rate/checklist", "/rate/questionnaire", "/plan", "/whatif", "/export", "/compare",
         "/consensus", "/static/app.css", "/static/htmx.min.js", "/brief.css"]


@pytest.fixture
def started(client):
    assert upload(client, "beremia.yaml", example_bytes()).status_code == 200
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_security_headers(started, path):
    r = started.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith(("/static", "/brief"))])
def test_no_page_has_an_inline_script_or_loads_from_elsewhere(started, path):
    html = started.get(path).text
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script src="/static/htmx.min.js" defer>']
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handler
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from the network


def test_htmx_injects_no_style_and_evaluates_nothing(client):
    head = client.get("/").text
    assert '"includeIndicatorStyles": false' in head and '"allowEval": false' in head


def test_a_foreign_host_is_refused(client):
    """DNS rebinding: a name that resolves to 127.0.0.1 still carries its own Host header."""
    r = client.get("/", headers={"Host": "attacker.example:8765"})
    assert r.status_code == 400
    assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_a_post_without_the_csrf_token_is_refused(client):
    csrf(client)
    r = client.post("/start/upload", files={"file": ("b.yaml", example_bytes())})
    assert r.status_code == 403
    r = client.post("/start/upload", files={"file": ("b.yaml", example_bytes())}, data={"csrf_token": "wrong"})
    assert r.status_code == 403
    r = client.post("/start/blank", data={"country": "X", "as_of": "2026-01-01"})
    assert r.status_code == 403


def test_the_csrf_header_htmx_sends_is_accepted(started):
    token = csrf(started)
    r = started.post("/whatif/run", data={"set-5.1": "3"}, headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert r.status_code == 200


def test_every_state_changing_route_checks_the_token(started):
    routes = ["/start/upload", "/start/blank", "/rate", "/rate/checklist", "/rate/questionnaire", "/whatif/run",
              "/whatif/sensitivity", "/whatif/robustness", "/export/save", "/compare/add", "/compare/remove",
              "/consensus/add", "/consensus/remove", "/consensus/agree"]
    for route in routes:
        assert started.post(route, data={"csrf_token": "forged"}).status_code == 403, route


def test_a_session_token_from_another_session_is_refused(make_client):
    a, b = make_client(), make_client()
    token_a = csrf(a)
    csrf(b)
    assert b.post("/start/blank", data={"csrf_token": token_a, "country": "X", "as_of": "2026-01-01"}
                  ).status_code == 403


def test_a_cross_site_post_is_refused_even_with_a_token(client):
    token = csrf(client)
    r = client.post("/start/blank", data={"csrf_token": token, "country": "X", "as_of": "2026-01-01"},
                    headers={"Origin": "http://attacker.example"})
    assert r.status_code == 403
    r = client.post("/start/blank", data={"csrf_token": token, "country": "X", "as_of": "2026-01-01"},
                    headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_the_apps_own_form_is_accepted_as_a_browser_sends_it(client):
    """Under Referrer-Policy no-referrer, Chromium sends "Origin: null" with the app's own form posts (found by the
    browser test): accepted with the token when the browser says the request is same-origin; another port of
    this machine (same-site) is refused."""
    token = csrf(client)
    form = {"csrf_token": token, "country": "X", "as_of": "2026-01-01"}
    ok = client.post("/start/blank", data=form, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 200 and ok.url.path == "/rate"
    for site in ("same-site", "cross-site"):
        r = client.post("/start/blank", data=form, headers={"Origin": "null", "Sec-Fetch-Site": site})
        assert r.status_code == 403
    r = client.post("/start/blank", data=form, headers={"Origin": "http://127.0.0.1:3000"})
    assert r.status_code == 403


def test_the_session_cookie_is_httponly_and_strict(make_client):
    c = make_client()
    r = c.get("/", follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "cpss_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


@pytest.mark.parametrize("media", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""])
def test_the_json_api_takes_only_json(client, media):
    r = client.post("/api/plan", content=b'{"assessment": {}}', headers={"Content-Type": media} if media else {})
    assert r.status_code == 415
    assert r.json()["problems"][0]["message"] == "the API takes Content-Type: application/json only"


def test_the_json_api_refuses_another_origin(client):
    r = client.post("/api/validate", json={"assessment": {}}, headers={"Origin": "http://attacker.example"})
    assert r.status_code == 403


def test_beyond_loopback_every_request_needs_the_token(make_client):
    c = make_client(host="192.0.2.10", token="s3cret")
    base = {"Host": "192.0.2.10:8765"}
    assert c.get("/", headers=base).status_code == 401
    assert c.get("/?token=wrong", headers=base).status_code == 401
    r = c.get("/?token=s3cret", headers=base, follow_redirects=False)
    assert r.status_code == 303 and "cpss_access=s3cret" in r.headers["set-cookie"]
    assert "HttpOnly" in r.headers["set-cookie"]
    c.cookies.set("cpss_access", "s3cret")
    assert c.get("/", headers=base).status_code == 200
    c.cookies.clear()
    assert c.post("/api/validate", json={"assessment": {}},
                  headers={**base, "Authorization": "Bearer s3cret"}).status_code == 422
    # the loopback names are not accepted for an app bound elsewhere
    assert c.get("/?token=s3cret", headers={"Host": "127.0.0.1:8765"}).status_code == 400


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(client):
    r = client.post("/start/upload", headers={"Content-Length": str(30 * 1024 * 1024)}, content=b"x")
    assert r.status_code == 413


def test_no_api_docs_are_served(client):
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith(("/static", "/brief"))])
def test_every_control_has_a_label_and_the_page_a_skip_link(started, path):
    """Accessibility: each input, select and textarea (but hidden fields) is named by a label, and the first link
    skips to the content for keyboard users."""
    html = started.get(path).text
    controls = re.findall(r'<(input|select|textarea)\b([^>]*)>', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    for kind, attrs in controls:
        if 'type="hidden"' in attrs:
            continue
        cid = re.search(r'\bid="([^"]+)"', attrs)
        assert cid and cid.group(1) in labelled, f"{kind} without a label: {attrs[:80]}"
    assert re.search(r'<body[^>]*>\s*<a class="skip" href="#main">', html)
