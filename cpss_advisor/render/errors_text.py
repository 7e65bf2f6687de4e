"""The catalogue of problem codes for people (`cpss errors [CODE]`), from `cpss_advisor.core.error_codes`."""

from __future__ import annotations

from ..core.error_codes import catalogue_text, explain_text, lookup
from ..kb.knowledge_base import KnowledgeBase


def render_catalogue(data: dict, kb: KnowledgeBase | None = None) -> str:
    return catalogue_text() + "\n"


def render_code(data: dict, kb: KnowledgeBase | None = None) -> str:
    return explain_text(data["code"], lookup(data["code"]))
