"""Document type and status from titles (``policygraph.doctypes``), case by case from a data file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygraph.doctypes import document_type, policy_status

CASES = json.loads((Path(__file__).parent / "data" / "doctypes" / "cases.json").read_text(encoding="utf-8"))
KEYS = {"title_en", "title_zh", "summary", "type", "status", "why"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.get("title_en") or c.get("title_zh"))
def test_type_and_status(case: dict) -> None:
    assert set(case) <= KEYS, f"unknown keys: {set(case) - KEYS}"
    en, zh = case.get("title_en"), case.get("title_zh")
    assert document_type(en, zh) == case["type"]
    assert policy_status(en, zh, case.get("summary", "")) == case["status"]
