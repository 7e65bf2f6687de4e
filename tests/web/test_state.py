"""Where the work lives: in bounded in-memory sessions, nothing on disk without --data; with --data, saved files
never replace another."""

from __future__ import annotations

from pathlib import Path

from cpss_advisor.web.sessions import SessionStore

from .conftest import csrf, example_bytes, example_workbook, upload


def test_sessions_are_bounded_in_number_least_recently_used_first():
    store = SessionStore(max_sessions=2, ttl=100, max_bytes=1000)
    a, b = store.new(), store.new()
    store.get(a.id)  # a is used again: b is now the oldest
    c = store.new()
    assert store.get(b.id) is None and store.get(a.id) is a and store.get(c.id) is c
    assert len(store) == 2


def test_sessions_expire_when_unused():
    now = [0.0]
    store = SessionStore(max_sessions=10, ttl=60, max_bytes=1000, clock=lambda: now[0])
    s = store.new()
    now[0] = 59
    assert store.get(s.id) is s
    now[0] = 59 + 61
    assert store.get(s.id) is None and len(store) == 0


def test_a_new_browser_past_the_bound_ends_the_oldest_session(make_client):
    first = make_client(max_sessions=1)
    token = csrf(first)
    app = first.app
    from fastapi.testclient import TestClient

    second = TestClient(app, base_url=str(first.base_url))
    csrf(second)
    r = first.post("/start/blank", data={"csrf_token": token, "country": "X", "as_of": "2026-01-01"})
    assert r.status_code == 403  # its session is gone: the page asks to reload


def test_a_session_is_bounded_in_size(make_client):
    c = make_client(max_session_bytes=20_000)
    token = csrf(c)
    assert upload(c, "beremia.yaml", example_bytes(), token).status_code == 200
    files = [("files", (f"b{i}.yaml", example_bytes())) for i in range(6)]
    r = c.post("/compare/add", files=files, data={"csrf_token": token})
    assert r.status_code == 422 and "would hold more than" in r.text


def test_a_session_cookie_from_nowhere_gets_a_new_session(client):
    client.cookies.set("cpss_session", "made-up")
    r = client.get("/")
    assert r.status_code == 200 and "made-up" not in r.headers.get("set-cookie", "made-up")


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_nothing_is_written_without_data(make_client, tmp_path, monkeypatch):
    """A whole session (upload, rate, plan, what-if, every export) leaves no file behind: not in the working
    directory, the home directory or the temporary directory."""
    for d in ("cwd", "home", "tmp"):
        (tmp_path / d).mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    c = make_client()
    token = csrf(c)
    upload(c, "beremia.xlsx", example_workbook(), token)
    c.get("/plan")
    c.post("/whatif/run", data={"csrf_token": token, "set-5.1": "3"})
    for path in ("/export/plan.docx", "/export/plan.xlsx", "/export/record.json", "/export/assessment.xlsx"):
        assert c.get(path).status_code == 200
    assert c.post("/export/save", data={"csrf_token": token}).status_code == 404
    assert "Save on this computer" not in c.get("/export").text
    assert _files(tmp_path) == {tmp_path / "cwd", tmp_path / "home", tmp_path / "tmp"}


def test_with_data_saving_never_replaces_a_file(make_client, tmp_path):
    (tmp_path / "beremia.yaml").write_text("mine\n")
    c = make_client(data_dir=tmp_path)
    token = csrf(c)
    upload(c, "beremia.yaml", example_bytes(), token)
    assert "Save on this computer" in c.get("/export").text
    r = c.post("/export/save", data={"csrf_token": token})
    assert r.status_code == 200 and "beremia-2.yaml" in r.text and "beremia-record.json" in r.text
    c.post("/export/save", data={"csrf_token": token})
    assert (tmp_path / "beremia.yaml").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "beremia-2.yaml", "beremia-3.yaml", "beremia-record-2.json", "beremia-record.json", "beremia.yaml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_with_data_a_directory_that_went_away_is_a_message(make_client, tmp_path):
    c = make_client(data_dir=tmp_path / "gone")
    token = csrf(c)
    upload(c, "beremia.yaml", example_bytes(), token)
    r = c.post("/export/save", data={"csrf_token": token})
    assert r.status_code == 422 and 'class="problems"' in r.text and "cannot write into" in r.text


def test_a_large_upload_stays_in_memory(client, monkeypatch):
    """An upload over 1 MB (Starlette's default spooling threshold) is not written to a temporary file."""
    import tempfile

    spilled = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: spilled.append(1) or real(*a, **k))
    big = example_bytes() + b"# padding\n" * 150_000  # about 1.5 MB, under the 2 MB an assessment may be
    assert len(big) > 1024 * 1024
    r = upload(client, "big.yaml", big)
    assert r.status_code == 200 and r.url.path == "/rate"
    assert spilled == []
