"""The web app under FastAPI's TestClient: one loaded knowledge base and rule set for every test, an app per test."""

from __future__ import annotations

import re
from html import unescape
import warnings
from pathlib import Path

import pytest

from cpss_advisor import api

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's notice about the httpx it drives the app with
    from fastapi.testclient import TestClient

from cpss_advisor.web.app import create_app
from cpss_advisor.web.context import Work
from cpss_advisor.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="session")
def work() -> Work:
    return Work()


@pytest.fixture
def make_client(work):
    def make(**settings) -> TestClient:
        app = create_app(Settings(**settings), work=work)
        return TestClient(app, base_url=BASE, follow_redirects=True)
    return make


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def csrf(client: TestClient) -> str:
    """The session's CSRF token, as a page carries it."""
    page = client.get("/")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def upload(client: TestClient, name: str, content: bytes, token: str | None = None):
    return client.post("/start/upload", files={"file": (name, content)},
                       data={"csrf_token": token if token is not None else csrf(client)})


def example_bytes(name: str = "beremia-conflict.yaml") -> bytes:
    return (EXAMPLES / name).read_bytes()


def example_workbook(name: str = "beremia-conflict.yaml") -> bytes:
    return api.assessment_workbook(EXAMPLES / name)


def text_of(html: str) -> str:
    """A page's text, tags removed and spaces squeezed, for assertions on what a person reads."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
