"""Shared helpers for case-file tests: run one passage through the real pipeline."""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from factcheck.load import make_story
from factcheck.model import Claim, Result
from factcheck.pipeline import Options, check_story

CASES = Path(__file__).resolve().parent / "cases"


def load_cases(name: str) -> list[dict]:
    with (CASES / name).open("rb") as fh:
        return tomllib.load(fh)["case"]


def case_id(case: dict) -> str:
    return f"{case['figure']}: {case['text'][:50]}"


def check_passage(text: str, date: str | None = None) -> Result:
    options = Options(date=dt.date.fromisoformat(date) if date else None)
    return check_story(make_story("passage.txt", text.encode("utf-8")), options)


def claim_with(result: Result, figure: str) -> Claim:
    """The first claim whose text contains `figure`; fails when the extractor did not find it."""
    for claim in result.claims:
        if figure in claim.text:
            return claim
    raise AssertionError(f"no claim contains {figure!r}: {[c.text for c in result.claims]}")


def expected(value):
    """Case files write "" for None (TOML has no null)."""
    return None if value == "" else value
