"""Dates and the dateline, through the real pipeline (cases in tests/cases/dates*.toml)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casefile import check_passage, expected, load_cases
from conftest import SEED, report_of
from factcheck.dates import METHODS, find_dateline
from factcheck.load import make_story, read_story

CASES = load_cases("dates.toml")
DATELINES = load_cases("dateline.toml")


def _mention_fields(mention, want: dict) -> dict:
    got = {"text": mention.text, "iso": mention.iso, "weekday": mention.weekday,
           "kind": mention.extra.get("kind"), "period": mention.extra.get("period"),
           "bound": mention.extra.get("bound")}
    return {key: got[key] for key in want}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:60])
def test_date_mentions(case):
    result = check_passage(case["text"], expected(case["date"]))
    want = [{k: expected(v) for k, v in m.items()} for m in case["mentions"]]
    got = [_mention_fields(d, w) for d, w in zip(result.dates, want)]
    assert len(result.dates) == len(want), [(d.text, d.iso) for d in result.dates]
    assert got == want
    for d in result.dates:
        assert result.story.raw[d.start:d.end] == d.text
        assert result.sentences[d.sentence].start <= d.start < result.sentences[d.sentence].end


def test_no_figure_inside_a_date():
    """The number extractor skips what the date extractor claims: years and days are not counts."""
    result = check_passage("In 2016, 1,200 people fled; on Oct. 3, 2017 another 300 left.", "2017-10-11")
    assert [d.text for d in result.dates] == ["2016", "Oct. 3, 2017"]
    assert not any(c.text in ("2016", "3", "2017") for c in result.claims)


@pytest.mark.parametrize("case", DATELINES, ids=lambda c: c["name"])
def test_dateline(case):
    story = make_story(case["name"], case["content"].encode("utf-8"))
    methods = case.get("methods", list(METHODS))
    assert find_dateline(story, methods=methods) == (
        dt.date.fromisoformat(case["dateline"]) if case["dateline"] else None)


def test_date_option_wins_over_everything():
    story = make_story("2017-01-01-story.md", b"---\ndate: 2017-02-02\n---\nMarch 3, 2017\n\nText.\n")
    assert find_dateline(story, dt.date(2017, 4, 4)) == dt.date(2017, 4, 4)


def test_unknown_method_is_named():
    with pytest.raises(ValueError, match="'rss'"):
        find_dateline(make_story("a.txt", b"Text."), methods=["rss"])


def test_seed_dateline_is_the_line_not_the_caption():
    """The caption's "Friday, July 28, 2017" comes first; the dateline is "October 11, 2017 - 7:49 AM"."""
    assert find_dateline(read_story(str(SEED))) == dt.date(2017, 10, 11)


def test_seed_dates_in_the_report():
    report, proc = report_of(str(SEED))
    assert proc.returncode in (0, 1)
    doc = report["documents"][0]
    assert doc["dateline"] == "2017-10-11"
    by_text = {d["text"]: d for d in doc["dates"]}
    assert by_text["Friday, July 28, 2017"]["iso"] == "2017-07-28"
    assert by_text["Friday, July 28, 2017"]["weekday"] == "Friday"
    assert by_text["since June"]["period"] == ["2017-06-01", "2017-06-30"]
    assert by_text["last week"]["iso"] == "2017-10-02"
    assert {d["iso"] for d in doc["dates"] if d["text"] == "Wednesday"} == {"2017-10-11"}
    assert not any(c["text"] in ("2017", "7:49", "49", "28") for c in doc["claims"])


_TOKENS = ["May", "may", "Oct.", "3", "31", "2017", "'87", "Friday", "next", "last", "week", "of", "the", "first",
           "-", "/", ",", "to", "and", "between", "since", "end", "year", "q1", "H2", "2016-17", "10/11/2017",
           "2/29", "5.12", "$", "1,000", "percent", "two", "days", "ago", "in", "w/c", "twenty", "second", "Sat",
           "weekend", "today", "1990s", "mid", "2020/23/Sep", "will", "spring", "quarter", ".", "\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=14), st.sampled_from(["2017-10-11", ""]))
def test_any_jumble_of_date_words_gives_well_formed_mentions(words, date):
    text = " ".join(words)
    assume(text.strip())
    result = check_passage(text, expected(date))
    for d in result.dates:
        assert text[d.start:d.end] == d.text
        assert d.iso is None or dt.date.fromisoformat(d.iso)
        period = d.extra.get("period")
        assert period is None or (period[0] <= period[1]) != bool(d.extra.get("reversed"))
