"""The figure extractor on real news phrasing, through the real pipeline.

Each case in tests/cases/extract/*.toml is one passage and the claims it must
yield (the format is described at the top of each file).
"""
from __future__ import annotations

import math
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from casefile import CASES, check_passage, expected

FILES = sorted((CASES / "extract").glob("*.toml"))
FIELDS = ("value", "low", "high", "qualifier", "unit", "dimension", "kind", "base_value", "base_unit",
          "difference")


def _cases():
    for path in FILES:
        with path.open("rb") as fh:
            for n, case in enumerate(tomllib.load(fh)["case"], 1):
                yield pytest.param(case, id=f"{path.stem}-{n}: {case['text'][:40]}")


def _same(got, want) -> bool:
    if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
        return math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9)
    return got == want


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case):
    result = check_passage(case["text"], case.get("date"))
    claims = result.claims
    for claim in claims:
        assert result.story.raw[claim.start:claim.end] == claim.text
    found = [c.text for c in claims]
    wanted = case["claims"]
    if case.get("only", True):
        assert found == [w["text"] for w in wanted], f"claims: {found}"
    remaining = list(claims)
    for want in wanted:
        match = next((c for c in remaining if c.text == want["text"]), None)
        assert match is not None, f"no claim {want['text']!r} among {found}"
        remaining.remove(match)
        for name in FIELDS:
            if name in want:
                got = getattr(match, name)
                assert _same(got, expected(want[name])), f"{want['text']!r}: {name} is {got!r}, not {want[name]!r}"
    for text in case.get("not", []):
        assert not any(text in c for c in found), f"{text!r} should not be inside a claim: {found}"


SEED = Path(__file__).resolve().parent.parent / "seeds" / "raqqa-2017-10-11.txt"
SEED_FIGURES = [  # (text, low, high, qualifier, unit)
    ("an estimated 4,000", 4000, 4000, "approximate", None),
    ("over 1,000", 1000, None, "more-than", None),
    ("8,000", 8000, 8000, "exact", None),
    ("at least 700", 700, None, "at-least", None),
    ("Between 300 and 400", 300, 400, "range", None),
    ("about 4 square kilometres", 4, 4, "approximate", "square kilometre"),
    ("1.5 square miles", 1.5, 1.5, "exact", "square mile"),
    ("up to 15", None, 15, "at-most", None),
    ("five", 5, 5, "exact", None),
    ("At least three", 3, None, "at-least", None),
    ("at least two", 2, None, "at-least", None),
    ("17", 17, 17, "exact", None),
]


def test_seed_figures():
    result = check_passage(SEED.read_text(encoding="utf-8"))
    by_text = {c.text: c for c in result.claims}
    for text, low, high, qualifier, unit in SEED_FIGURES:
        claim = by_text.get(text)
        assert claim is not None, f"{text!r} missing from {list(by_text)}"
        assert (claim.low, claim.high, claim.qualifier, claim.unit) == (low, high, qualifier, unit), text
    area = by_text["about 4 square kilometres"]
    assert area.base_value == pytest.approx(4e6) and area.base_unit == "square metre"
    texts = " | ".join(by_text)
    for trap in ("2017", "7:49", "AM", "Wednesday", "Friday", "28"):
        assert trap not in texts, f"{trap!r} read as a figure: {texts}"


def test_quantulum_parser_never_imported():
    """Its unit files are read directly; importing its parser would cost over a second."""
    code = ("import sys; from factcheck.load import make_story; "
            "from factcheck.pipeline import Options, check_story; "
            "check_story(make_story('s.txt', b'It used 7.3 MWh and 2.80 GHz over 45 acres.'), Options()); "
            "print(sorted(m for m in sys.modules if m.startswith('quantulum3')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rule_pack_adds_units_and_vague_phrases(tmp_path):
    """A newsroom's rule pack extends units.txt and vague.toml."""
    (tmp_path / "units.txt").write_text("@dimension length measure\nli = 500 metre = shi li\n", encoding="utf-8")
    (tmp_path / "vague.toml").write_text('[phrases]\n"a smattering of" = [2, 9]\n', encoding="utf-8")
    from factcheck.load import make_story
    from factcheck.pipeline import Options, check_story

    text = "The wall runs 1,000 li, and a smattering of tourists walked it."
    result = check_story(make_story("pack.txt", text.encode()), Options(packs=(str(tmp_path),)))
    wall, tourists = result.claims
    assert (wall.text, wall.unit, wall.base_value, wall.base_unit) == ("1,000 li", "li", 500_000, "metre")
    assert (tourists.text, tourists.qualifier, tourists.low, tourists.high) == ("a smattering of", "vague", 2, 9)
    plain = check_passage(text)
    assert [c.unit for c in plain.claims] == [None]
