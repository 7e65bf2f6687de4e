"""The catalogue of problem codes for people (`cpss errors [CODE]`), from `cpss_advisor.core.error_codes`."""

from __future__ import annotations

from ..core.error_codes import catalogue_text, explain_text, lookup
from ..kb.knowledge_base import KnowledgeBase


def render_catalogue(data: dict, kb: KnowledgeBase | None = None, language: str | None = None) -> str:
    return catalogue_text(_language(kb, language)) + "\n"


def render_code(data: dict, kb: KnowledgeBase | None = None, language: str | None = None) -> str:
    return explain_text(data["code"], lookup(data["code"]), _language(kb, language))


def _language(kb: KnowledgeBase | None, language: str | None) -> str:
    """The language asked for, else the knowledge base's, else English."""
    return language or getattr(kb, "language", None) or "en"
