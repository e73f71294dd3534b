"""Property-based tests over the whole pipeline (issue 8, part 5): a bounded fuzz run.

Hypothesis writes random stories (words, figures in many notations, units,
qualifiers, dates, line endings, odd Unicode, and Markdown or HTML markup) to real
files, which go through the runner as the CLI does and into the JSON report. For
every story: nothing raises, no NaN or infinity reaches the JSON, every claim and
date satisfies text == file[start:end] with line and column agreeing with start,
low <= high, and the same file always gives the same JSON.

The loader's own promises (any bytes give a story or a LoadError; masking and the
Unicode fold keep every offset) are fuzzed on their own, where examples are cheap.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.load import INVISIBLE, LoadError, fold, make_story
from factcheck.markup import mask_html, mask_markdown
from factcheck.model import Result
from factcheck.pipeline import Options
from factcheck.report import json_report
from factcheck.runner import Unreadable, check_path

PIPELINE = settings(max_examples=150, deadline=timedelta(seconds=10), derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CHEAP = settings(max_examples=300, deadline=timedelta(seconds=2), derandomize=True)
EMPTY = ("empty file", "only blank space", "no story text found")

digits = st.integers(0, 10**12).map(str)
unicode_digits = st.builds(
    lambda n, zero: "".join(chr(zero + int(d)) for d in str(n)),
    st.integers(0, 10**7), st.sampled_from([0x660, 0x6F0, 0x966, 0xFF10, 0x1D7CE]))
figures = st.one_of(
    digits, unicode_digits,
    st.integers(0, 10**15).map("{:,}".format),
    st.floats(-1e6, 1e6, allow_nan=False).map("{:.2f}".format),
    st.builds(lambda a, sep, b: f"{a}{sep}{b:03d}", st.integers(1, 999),
              st.sampled_from([",", "\u00a0", "\u2009", "\u202f", "\u200b", "\u066c", ",\u200d", " "]),
              st.integers(0, 999)),
    st.sampled_from(["1e308", "10^1000", "1,00,000", "-0", "\u22120.0", "9" * 400, "\u0664\u066c\u0660\u0660\u0660",
                     "\uff14\uff10\uff10\uff10", "5\ufe0f\u20e3", "4\u0301,000", "NaN", "Infinity", "1/2", "\u00bd"]),
)
units = st.sampled_from(["", " people", " civilians", " kilometres", " km", " square miles", "%", " percent",
                         " dollars", " tonnes", " miles (3 km)", "C", " degrees", " million", " billion"])
qualifiers = st.sampled_from(["", "at least ", "about ", "up to ", "more than ", "nearly ", "between ", "an estimated "])
words = st.sampled_from(["the", "UN", "said", "officials", "and", "Raqqa", "trapped", "killed", "from", "to",
                         "of", "in", "doubled", "rose", "fell", "were", "Reuters", "reported", "estimates", "U.S.",
                         "Dr.", "on", "Friday,", "July", "28,", "2017", "last", "week", "(", ")", "–", "—", ";",
                         # lexicon words that case-insensitive patterns match only by case folding
                         "ſince", "Auguſt", "ſunday", "thİs", "weekend", "millionſ", "hundredſ", "\u212ailometres"])
odd = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=3)   # control bytes make a file binary
newlines = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"])
figure_phrases = st.builds(lambda q, f, u: f"{q}{f}{u}", qualifiers, figures, units)
dates = st.sampled_from(["Friday, July 28, 2017", "on Wednesday", "Oct. 11, 2017", "2017-10-11", "7:49 AM"])
pieces = {
    "txt": st.one_of(words, figure_phrases, dates, odd, newlines, st.just(". ")),
    "md": st.one_of(words, figure_phrases, dates, odd, newlines, st.sampled_from(
        ["**", "_", "`", "```\n", "# ", "> ", "- ", "1. ", "[", "](http://x/9123)", "![alt 9123](i.png)",
         "| 7 | 8 |\n", "|---|---|\n", "<!-- 9123 -->", "<b>", "---\ndate: 2017-10-11\n---\n", "    code 9123\n"])),
    "html": st.one_of(words, figure_phrases, dates, odd, newlines, st.sampled_from(
        ["<p>", "</p>", "<b>", "</b>", "<div>", "<article>", "</article>", "<script>var x = 9123;</script>",
         "<nav>9123</nav>", "&nbsp;", "&amp;", "&thinsp;", "&#8203;", "&#1636;", "<!--", "-->", "<a href='",
         "<br/>", "<table><tr><td>", "<", ">"])),
}


def stories(fmt: str):
    return st.lists(st.one_of(pieces[fmt], st.just(" ")), min_size=1, max_size=60).map(" ".join)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = re.split(r"\r\n|\r|\n", text[:offset])
    return len(before), len(before[-1]) + 1


def _refuse(constant: str):
    raise AssertionError(f"{constant} in the JSON report")


def _checked(path: Path) -> tuple[Result | None, str]:
    """The story at `path` through the runner, and its JSON report ('' when it has no story text)."""
    item = check_path(str(path), Options())
    if isinstance(item, Unreadable):
        assert item.reason.startswith(EMPTY), item.reason      # anything else is a crash or a hang
        return None, ""
    return item, json_report.render([item], [], [])


def _assert_report(result: Result, rendered: str) -> None:
    raw = result.story.raw
    [doc] = json.loads(rendered, parse_constant=_refuse)["documents"]
    for item in doc["claims"] + doc["dates"]:
        assert raw[item["start"]:item["end"]] == item["text"], item
        assert (item["line"], item["column"]) == _line_col(raw, item["start"]), item
    for claim in doc["claims"]:
        numbers = [claim[k] for k in ("value", "low", "high") if claim[k] is not None]
        assert all(math.isfinite(x) for x in numbers), claim
        if claim["low"] is not None and claim["high"] is not None:
            assert claim["low"] <= claim["high"], claim
    for finding in doc["findings"]:
        assert 0 <= finding["start"] <= finding["end"] <= len(raw), finding


def _fuzz(fmt: str, tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp(fmt) / f"story.{fmt}"
    path.write_text(text, encoding="utf-8", newline="")
    result, rendered = _checked(path)
    if result is not None:
        _assert_report(result, rendered)


@PIPELINE
@given(text=stories("txt"))
def test_plain_text_stories(tmp_path_factory, text):
    _fuzz("txt", tmp_path_factory, text)


@PIPELINE
@given(text=stories("md"))
def test_markdown_stories(tmp_path_factory, text):
    _fuzz("md", tmp_path_factory, text)


@PIPELINE
@given(text=stories("html"))
def test_html_stories(tmp_path_factory, text):
    _fuzz("html", tmp_path_factory, text)


@settings(PIPELINE, max_examples=40)
@given(text=st.one_of(stories("txt"), stories("html")), suffix=st.sampled_from(["txt", "html"]))
def test_the_same_file_gives_the_same_json(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("same") / f"story.{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    assert _checked(path)[1] == _checked(path)[1]


@CHEAP
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_give_a_story_or_a_load_error(data, name):
    try:
        story = make_story(name, data)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(story.text) == len(story.raw)


@CHEAP
@given(text=st.text(max_size=300))
def test_the_fold_keeps_every_offset(text):
    folded = fold(text)
    assert len(folded) == len(text)
    for before, after in zip(text, folded):
        if before.isascii():
            assert after == before
        if unicodedata.decimal(before, None) is not None:
            assert after == str(unicodedata.decimal(before))
    assert not re.search(r"[^\x00-\x7f]", "".join(ch for ch in folded if ch.isdecimal())), folded
    assert not [ch for ch in folded if unicodedata.category(ch) == "Zs" and ch not in (" ", INVISIBLE)]


@CHEAP
@given(text=st.text(st.sampled_from("ab7 \n\r*_`[]()!<>-|:\u00a0\u200b\u0664"), max_size=200))
def test_markdown_masking_keeps_or_blanks_each_character(text):
    masked = mask_markdown(text).text
    assert len(masked) == len(text)
    assert all(m in (r, " ", "\n") or (r in "\r" and m == " ") for r, m in zip(text, masked))


@CHEAP
@given(text=st.text(st.sampled_from("ab7 \n\r<>/!-[]&#;pdivscript=\"'"), max_size=200))
def test_html_masking_keeps_the_length(text):
    assert len(mask_html(text).text) == len(text)
