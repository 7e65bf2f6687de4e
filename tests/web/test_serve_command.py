"""`cpss serve`: its options, and the warning and access token beyond loopback (the server itself is not started
here: uvicorn.run is replaced)."""

from __future__ import annotations

import uvicorn
from click.testing import CliRunner

from cpss_advisor.cli.main import cli
from cpss_advisor.web.settings import Settings, is_loopback


def _run(monkeypatch, args):
    seen = {}

    def fake_run(app, **kw):
        seen.update(kw, settings=app.state.settings)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", *args])
    return result, seen


def test_serve_binds_loopback_by_default(monkeypatch):
    result, seen = _run(monkeypatch, [])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8765 and seen["settings"].token is None
    assert "http://127.0.0.1:8765/" in result.output and "WARNING" not in result.output


def test_serve_beyond_loopback_warns_and_needs_a_token(monkeypatch):
    result, seen = _run(monkeypatch, ["--host", "0.0.0.0", "--port", "9000"])
    assert result.exit_code == 0
    token = seen["settings"].token
    assert token and len(token) >= 24
    assert "WARNING" in result.output and f"?token={token}" in result.output


def test_serve_data_must_be_a_directory(monkeypatch, tmp_path):
    result, _ = _run(monkeypatch, ["--data", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_loopback_names():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.5.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")
    assert Settings(host="::1", port=1).allowed_hosts() >= {"[::1]:1", "localhost:1"}
    assert Settings(host="10.0.0.2", port=5).allowed_hosts() == {"10.0.0.2:5"}


def test_bound_to_every_address_numbers_are_accepted_names_are_not():
    """On 0.0.0.0 the app is reached by the machine's addresses, which it cannot list: an address in numbers with
    its port passes the Host check, a name (what DNS rebinding needs) does not."""
    s = Settings(host="0.0.0.0", port=8765, token="t")
    assert s.host_allowed("192.168.1.20:8765") and s.host_allowed("[fe80::1]:8765") and s.host_allowed("localhost:8765")
    assert not s.host_allowed("attacker.example:8765") and not s.host_allowed("192.168.1.20:80")
    assert s.origin_allowed("http://192.168.1.20:8765") and not s.origin_allowed("http://attacker.example:8765")
    bound = Settings(host="192.168.1.20", port=8765, token="t")
    assert not bound.host_allowed("10.0.0.1:8765") and bound.host_allowed("192.168.1.20:8765")


def test_serve_lang_sets_the_default_language(monkeypatch):
    result, seen = _run(monkeypatch, ["--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert seen["settings"].language == "fr"
    result, seen = _run(monkeypatch, [])
    assert seen["settings"].language == "en"


def test_serve_takes_the_language_of_cpss_lang(monkeypatch):
    monkeypatch.setenv("CPSS_LANG", "fr")
    result, seen = _run(monkeypatch, [])
    assert result.exit_code == 0, result.output
    assert seen["settings"].language == "fr"


def test_serve_refuses_a_language_it_does_not_have(monkeypatch):
    result, _ = _run(monkeypatch, ["--lang", "xx"])
    assert result.exit_code == 2 and "available: en, fr" in result.output
