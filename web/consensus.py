"""Consensus: placeholder until the consensus analysis is in place."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
