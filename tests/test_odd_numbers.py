"""Odd numbers in real text (issue 8, part 2): cases in tests/cases/robust/odd_numbers.toml.

Every case is written to its own story file and the whole folder goes through one
real `factcheck check` run. Each figure gives a sensible claim or none: never an
error, an infinite or NaN value in the JSON, a half-read figure or a wrong offset.
"""
from __future__ import annotations

import json
import math
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import run_factcheck

CASES_FILE = Path(__file__).resolve().parent / "cases" / "robust" / "odd_numbers.toml"
CASES = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["case"]


def _refuse(constant: str):
    raise AssertionError(f"{constant} in the JSON report")


def _file_name(index: int, case: dict) -> str:
    return f"case-{index:02d}.{case.get('format', 'txt')}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("odd")
    for index, case in enumerate(CASES):
        (folder / _file_name(index, case)).write_text(case["text"], encoding="utf-8", newline="")
    proc = run_factcheck("check", str(folder), "--format", "json", "--no-cache", cwd=str(folder.parent))
    report = json.loads(proc.stdout.decode("utf-8"), parse_constant=_refuse)
    return proc, {Path(d["path"]).name: d for d in report["documents"]}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = re.split(r"\r\n|\r|\n", text[:offset])
    return len(before), len(before[-1]) + 1


def test_no_story_is_refused(reports):
    proc, docs = reports
    assert b"error" not in proc.stderr and b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert len(docs) == len(CASES)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_odd_figure(reports, index):
    case = CASES[index]
    text = case["text"]
    doc = reports[1].get(_file_name(index, case))
    assert doc is not None, "the story was not checked (see test_no_story_is_refused)"
    for claim in doc["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"], claim
        assert (claim["line"], claim["column"]) == _line_col(text, claim["start"]), claim
        numbers = [claim[k] for k in ("value", "low", "high") if claim[k] is not None]
        assert all(math.isfinite(x) for x in numbers), claim
        if claim["low"] is not None and claim["high"] is not None:
            assert claim["low"] <= claim["high"], claim

    start = text.index(case["figure"])
    end = start + len(case["figure"])
    touching = [c for c in doc["claims"] if c["start"] < end and start < c["end"]]
    texts = [c["text"] for c in doc["claims"]]
    if case["claim"] == "none":
        assert not touching, f"no claim should read {case['figure']!r}: {texts}"
        return
    if case["claim"] == "required":
        assert touching, f"no claim for {case['figure']!r}: {texts}"
    for claim in touching:
        assert claim["start"] <= start and end <= claim["end"], \
            f"{claim['text']!r} reads only part of {case['figure']!r}: {texts}"
        if "value" in case:
            want = None if case["value"] == "" else case["value"]
            got = claim["value"]
            assert (got is None and want is None) or (None not in (got, want) and math.isclose(got, want)), \
                f"{case['figure']!r} read as {got}, expected {want}"
