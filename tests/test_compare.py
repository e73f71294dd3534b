"""factcheck/compare.py on real sentences: the first and last figure of each text, through the pipeline."""
from __future__ import annotations

import tomllib

import pytest

from factcheck.compare import agree, describe, group_key
from factcheck.load import make_story
from factcheck.pipeline import Options, check_story

from conftest import ROOT

with (ROOT / "tests" / "cases" / "compare.toml").open("rb") as fh:
    PAIRS = tomllib.load(fh)["pair"]


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_pair(pair):
    result = check_story(make_story("pair.txt", pair["text"].encode("utf-8")), Options())
    assert len(result.claims) >= 2, [c.text for c in result.claims]
    a, b = result.claims[0], result.claims[-1]
    assert agree(a, b, None) is pair["agree"] and agree(b, a, None) is pair["agree"], (a, b)
    if "same_key" in pair:
        assert (group_key(a) is not None and group_key(a) == group_key(b)) is pair["same_key"], \
            (group_key(a), group_key(b))


def test_describe_names_figure_subject_place_line_and_source():
    text = "Intro line.\nThe United Nations estimates 8,000 people are trapped in Raqqa."
    result = check_story(make_story("d.txt", text.encode("utf-8")), Options())
    assert describe(result.claims[0], result.story) == \
        '"8,000" people trapped in Raqqa (line 2, United Nations)'


def test_describe_reads_a_measured_quantity_as_such():
    text = "The U.S. Geological Survey measured the quake in Qinghai at magnitude 6.9."
    result = check_story(make_story("d.txt", text.encode("utf-8")), Options())
    claim = next(c for c in result.claims if c.text == "6.9")
    assert describe(claim, result.story) == 'a magnitude of "6.9" in Qinghai (line 1, U.S. Geological Survey)'


def test_describe_leaves_out_a_predicate_the_subject_already_says():
    text = "The final death toll from the landslide in Yunnan was 46, officials said."
    result = check_story(make_story("d.txt", text.encode("utf-8")), Options())
    claim = next(c for c in result.claims if c.text == "46")
    assert describe(claim, result.story) == '"46" final death toll in Yunnan (line 1, officials)'
