"""Dates: the story's dateline, and every calendar date or weekday it mentions.

The dateline comes from the first of `find_dateline`'s `methods` that gives one
(after `--date`, which always wins):

- ``"front-matter"``: the `date:` key of a Markdown story's front matter;
- ``"meta"``: an HTML page's `<meta property="article:published_time">` or
  `<time datetime>`;
- ``"text"``: a dateline near the top of the text: a line that is a date
  ("October 11, 2017 - 7:49 AM", "Published 11 October 2017") or a wire
  dateline ("WASHINGTON, Oct. 11, 2017 (Reuters) -"); a date inside a sentence
  or a photo caption is not a dateline;
- ``"filename"``: a YYYY-MM-DD in the file name.

Date mentions are found with one pattern compiled from `rules/dates.toml`
(tried only near an anchor: a digit, a month or weekday name, "week", "today"...)
and resolved against the dateline by the code below: "Wednesday" is that day of
the story's week (the dateline itself or the day before it), or the coming one
when the sentence speaks of the future ("will be held on Friday"); "next
Friday" the Friday of the next week; "Oct. 3" the latest Oct. 3 up to the
dateline unless the next one is close ahead; "since June", "last week", "in
2017", "the 1990s" their periods. A date written in an unusual field order
("2020/23/Sep") is read by dateparser, imported only then. Numbers that are
counts, scores, decimals or codes ("2000 people", "won 3-2", "5.12 percent",
"Route 2017") are not dates.

Every mention carries `extra["kind"]` (date, weekday, month, week, quarter,
year, decade, season, relative, range) and, when resolved, `extra["period"]`:
the first and last day it covers; a season is named, never resolved. `iso` is the first day, except that a bound moves it:
"after 2016" is 2017-01-01, "before 2018" and "until May 3" are the day the
bound falls on ("by the end of the month": the day after the month ends).
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field

import regex

from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.model import DateMention, Sentence, Story
from factcheck.openers import openers
from factcheck.scan import ascii_window, skim

METHODS = ("front-matter", "meta", "text", "filename")
_SPACES = regex.compile(r"\s+")
_ORDINAL = regex.compile(r"(\d+)(?:st|nd|rd|th)")
_DIGITS = regex.compile(r"\d+")
_WORDS = regex.compile(r"[a-z0-9']+\.?")
_YEAR = regex.compile(r"(?:19|20)\d\d|'\d\d")
_HALF = regex.compile(r"h([12])")
_QUARTER = regex.compile(r"q([1-4])")
_COMMA_GAP = regex.compile(r"\s*,?\s*")
_ISO = regex.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY = dt.timedelta(days=1)


def _alt(words) -> str:
    """An alternation of words, longest first, spaces matching any white space."""
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _names(table: dict[str, int], name: str, lists: dict[str, list[str]]) -> str:
    """Names and their abbreviations, as named lists; only an abbreviation takes a full
    stop ("Oct.", "Tue.")."""
    longest = {}
    for word, n in table.items():
        longest[n] = max(longest.get(n, ""), word, key=len)
    lists[name] = [w for w in table if longest[table[w]] == w]
    lists[name + "_short"] = [w for w in table if longest[table[w]] != w]
    return rf"(?:\L<{name}>|\L<{name}_short>(?:\.(?!\d))?)"


@dataclass
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    not_alone: frozenset[str]
    names_after: frozenset[str]
    ambiguous: frozenset[str]
    month_cues: frozenset[str]
    capital_cues: frozenset[str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    days: dict[str, int]
    direction: dict[str, int]
    anaphora: frozenset[str]
    units: dict[str, str]
    bounds: dict[str, str]
    parts: dict[str, list[float]]
    from_dateline: frozenset[str]
    quarters: dict[str, int]
    years: dict
    dateline: dict
    seasons: dict
    range_words: tuple[str, ...]
    slash_cues: frozenset[str]
    dash_cues: frozenset[str]
    resolve: dict
    pattern: regex.Pattern = field(repr=False, default=None)      # a date where no ASCII digit stands
    at_digit: regex.Pattern = field(repr=False, default=None)     # a date where one stands
    prefix: regex.Pattern = field(repr=False, default=None)
    prefix_back: regex.Pattern = field(repr=False, default=None)
    part: regex.Pattern = field(repr=False, default=None)
    connector: regex.Pattern = field(repr=False, default=None)
    word_before: regex.Pattern = field(repr=False, default=None)
    to_month: regex.Pattern = field(repr=False, default=None)
    dateline_line: regex.Pattern = field(repr=False, default=None)
    wire: regex.Pattern = field(repr=False, default=None)
    token: regex.Pattern = field(repr=False, default=None)
    anchor_words: frozenset[str] = field(repr=False, default=frozenset())
    heads: frozenset[str] | None = field(repr=False, default=None)
    anchors: re.Pattern = field(repr=False, default=None)
    future: regex.Pattern = field(repr=False, default=None)


@functools.cache
def _lexicon() -> _Lexicon:
    d = load_toml("dates.toml")
    lex = _Lexicon(
        months=d["months"], weekdays={k: v for k, v in d["weekdays"].items() if isinstance(v, int)},
        not_alone=frozenset(d["weekdays"]["not_alone"]), names_after=frozenset(d["weekdays"]["names_after"]),
        ambiguous=frozenset(d["ambiguous_months"]["words"]),
        month_cues=frozenset(d["ambiguous_months"]["cues"]),
        capital_cues=frozenset(d["ambiguous_months"]["capital_cues"]),
        numbers=d["numbers"]["cardinal"], ordinals=d["numbers"]["ordinal"],
        days=d["relative"]["days"], direction=d["direction"],
        anaphora=frozenset(d.get("anaphora", {}).get("words", ())), units=d["units"], bounds=d["bounds"],
        parts=d["parts"], from_dateline=frozenset(d["parts_from_dateline"]["phrases"]), quarters=d["quarters"], years=d["years"], dateline=d["dateline"],
        slash_cues=frozenset(d["context"]["slash_cues"]), dash_cues=frozenset(d["context"]["dash_cues"]), resolve=d["resolve"], seasons=d["seasons"],
        range_words=tuple(d["context"]["range_words"]))
    # word lists go into the patterns as named lists (\L<name>): a set lookup, quick to
    # compile and to match, where an alternation of words is neither
    lists: dict[str, list[str]] = {}
    month = _names(lex.months, "month", lists)
    wday = _names(lex.weekdays, "wday", lists)
    lists["units_o"] = [w for w, v in lex.ordinals.items() if v < 10]
    lists["units_c"] = [w for w, v in lex.numbers.items() if v < 10 and w.isalpha() and len(w) > 2 and w != "few"]
    lists["tens"] = [w for w, v in lex.numbers.items() if v in (20, 30)]
    lists["ordinals"] = list(lex.ordinals)
    lists["nth"] = [w for w, v in lex.ordinals.items() if v <= 5]
    lists["numbers"] = [w for w in lex.numbers if w.isalpha()]
    lists["units"] = list(lex.units)
    lists["direction"] = list(lex.direction)
    lists["days"] = list(lex.days)
    lists["seasons"] = lex.seasons["names"]
    dayword = r"(?:\L<tens>[\s-](?:\L<units_o>|\L<units_c>)|\L<ordinals>)"
    daynum = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:%]|\.\d|,\d{3})(?!\s*(?:%|per\s*cent|percent))"
    lex.token = regex.compile(r"(?i)" + dayword + r"|[a-z]+|\d+(?:st|nd|rd|th)?|'\d\d", ignore_unused=True, **lists)
    pieces = {"month": month, "wday": wday, "day": r"(?:" + daynum + r"|" + dayword + r"\b)",
              "dayword": dayword, "year": r"(?:(?:1[89]|20)\d\d(?![\d%])|'\d\d(?!\d))",
              "num": r"(?:\d{1,3}|\L<numbers>)", "unit": r"\L<units>", "direction": r"\L<direction>"}
    # pasted into every branch that uses them: calling them by name ("(?&month)") would
    # compile faster but makes every match attempt dozens of times slower
    month, wday, day, dayword, year, num, unit, direction = pieces.values()
    ordq = r"(?:" + _alt(lex.quarters) + r")"
    # One alternation; at each position the first branch that matches wins, so
    # longer shapes come first. Every branch is a fixed sequence of bounded
    # pieces: no nested repetition, linear in the text.
    branches = {
        "mixed": r"(?<![\w/.-])(?:\d{1,4}[-/]" + month + r"[-/]\d{1,4}|\d{1,4}[-/]\d{1,4}[-/]" + month
                 + r"|" + month + r"[-/]\d{1,4}[-/]\d{1,4})(?![\w/-]|-\d)",
        "ymd": r"(?<!\d)(?<!\d[/.])(?:(?:19|20)\d\d(?P<s1>[-/.])\d{1,2}(?P=s1)\d{1,2}|(?:19|20)\d\d\s\d{1,2}\s\d{1,2}"
               r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?![\d/])(?!\.\d)",
        "mdy": r"(?<!\d)(?<!\d[/.])\d{1,2}(?P<s2>[-/.])\d{1,2}(?P=s2)(?:\d{4}|\d{2})(?![\d/])(?!\.\d)",
        "wday_week": r"\b" + wday + r"\s+(?:of\s+|on\s+)?(?:the\s+)?" + direction + r"\s+week\b",
        "week_wday": r"\b" + direction + r"\s+week\s*(?:[-,]\s*)?(?:on\s+)?" + wday + r"(?!\w)",
        "dir_wday": r"\b" + direction + r"\s+" + wday + r"(?!\w)(?!,?\s+(?:\d|" + month + r"))",
        "md": r"(?:\b" + wday + r",?\s+(?:the\s+)?)?\b" + month + r"(?:\s*[/-]\s*|\s*,\s*(?=\S+(?:st|nd|rd|th)\b|[a-z])|\s*)"
              r"(?:the\s+)?" + day + r"(?:(?:\s*,\s*|\s+of\s+|\s+in\s+|\s+)" + year + r")?",
        "dm": r"(?:\b" + wday + r",?\s+)?(?<![$€£¥]\s?)(?<![\d.,])\b(?:the\s+)?" + day + r"(?:\s+of\s+|\s*[-/]\s*|\s+)"
              + month + r"(?!\w)(?:(?:\s*,\s*|\s+of\s+|\s+in\s+|\s*[-/]\s*|\s+)(?:" + year + r"|(?<=of\s+)\d\d(?!\d)))?",
        "wday_day": r"\b" + wday + r",?\s+(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?=\s*(?:[!?,;)]|\.(?!\d)|$))"
                    r"|\b" + wday + r",?\s+(?:the\s+)?(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)|" + dayword + r")\b",
        "my": r"\b" + month + r"(?:\s*[,/-]\s*|\s+of\s+|\s+in\s+|\s+)(?:" + year + r"|(?<=of\s+)\d\d(?!\d))",
        "ym": r"(?<![\d.,])\b(?:19|20)\d\d\s+" + month + r"(?!\w)",
        "yq": r"(?<![\d.,])\b(?:(?:19|20)\d\d[-\s]?(?:[qh][1-4])|(?:[qh][1-4])[-\s]?(?:19|20)\d\d)\b",
        "quarter": r"\b(?:" + direction + r"\s+year'?s\s+)?(?:the\s+)?" + ordq + r"\s+quarter(?:\s+of\s+(?:(?:the|this|next|last)\s+year|"
                   + year + r"))?",
        "dir_quarter": r"\b" + direction + r"\s+quarter\b",
        "ordweek": r"\b(?:the\s+)?(?:last|\L<nth>|[1-5](?:st|nd|rd|th))\s+(?:week|" + wday + r")\s+(?:of|in)\s+(?=" + month + r"|"
                   + year + r"|(?:this|last|next)\s+month)",
        "weekof": r"\b(?:the\s+)?week\s+(?:of|beginning|starting(?:\s+on)?|commencing)\s+(?=\S)|\bw/c\s+(?=\S)",
        "weeknum": r"\b(?:the\s+)?week\s+(?:0?[1-9]|[1-4]\d|5[0-3])\b(?:\s+of\s+" + year + r")?",
        "ago": r"\b" + num + r"\s+" + unit + r"\s+ago\b",
        "in_n": r"\bin\s+(?!an?\b)" + num + r"\s+" + unit + r"\b(?!\s+(?:of|in|to|from|after|before)\b)",
        "n_from": r"\b" + num + r"\s+" + unit + r"\s+(?:from|after|before)\s+(?:today|now|tomorrow|yesterday)\b",
        "next_n": r"\b(?:the\s+)?" + direction + r"\s+" + num + r"\s+" + unit + r"\b"
                  r"|\b" + num + r"\s+" + direction + r"\s+" + unit + r"\b",
        "wday": r"\b" + wday + r"(?!\w)",
        "dir_unit": r"\b(?:the\s+)?" + direction + r"\s+(?:calendar\s+)?" + unit
                    + r"\b(?!\s+of\s+(?:" + month + r"|" + year + r"|this|last|next))",
        "ytd": r"\b(?:the\s+)?year\s+to\s+date\b",
        "the_unit": r"\bthe\s+(?:day|week|month|year|weekend)\b(?:\s+(?:before|after)(?=\s*(?:[.!?,;]|$)))?",
        "the_next_day": r"\bthe\s+(?:next|following)\s+day\b",
        "weekend": r"\bweekend\b",
        "endof": r"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:week|month|year)\b",
        "rel_day": r"\b\L<days>\b",
        "the_day": r"(?<=\b(?:on|for)\s+)(?:the\s+)?(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)|" + dayword + r")\b(?!\s+[a-z])",
        "md_slash": r"(?<![\d./$])(?<!\d\s)(?:[12]\d|3[01]|0?[1-9])(?P<s3>[/.-])(?:[12]\d|3[01]|0?[1-9])(?![\d%]|[./]\d)"
                    r"(?!\s*(?:%|per|of\b))",
        "ym_num": r"(?<![\d./-])(?:(?:19|20)\d\d[-–/](?:\d\d|[1-9])|(?:1[0-2]|0?[1-9])-(?:19|20)\d\d)(?![\d-])",
        "month": r"\b" + direction + r"\s+" + month + r"(?!\w)(?!\s*[/-]?\s*\d)|(?<![$\w])" + month + r"(?!\w)",
        "season": r"(?:\b" + direction + r"\s+)?\b\L<seasons>\b",
        "decade": r"(?<![\d$€£¥.,])(?:\b(?:1[89]|20)\d0|'\d0)s\b",
        "year": r"(?<![\d$€£¥.,])(?<![$€£¥]\s)\b(?:1[89]\d\d|20\d\d|2100)\b(?![%]|,\d|\.\d|-\d\d?\b)",
    }
    # the words a date can start with: a cheap test before the branches are tried one by one
    lists["first"] = [*lex.months, *lex.weekdays, *lex.direction, *lex.numbers, *lex.ordinals, *lex.days,
                      *lex.units, *lists["seasons"], "the", "in", "end", "w/c"]
    # two patterns, of the branches that can open with a digit and of those that can open with
    # anything else (read from the branches: `openers`); one is tried at a digit, the other elsewhere
    opens = {k: openers(v, lists) for k, v in branches.items()}
    lex.at_digit, lex.pattern = (regex.compile(
        head + "|".join(f"(?P<{k}>{v})" for k, v in branches.items() if opens[k][side]) + ")", ignore_unused=True, **lists)
        for side, head in ((0, r"(?i)(?:"), (1, r"(?i)(?=[\d']|[qh][1-4]|\L<first>(?![a-z]))(?:")))
    # the letters that open each word a date may start with ("w/c": "w"), and "q", "h" of "Q3",
    # "H1": a word in ASCII letters that is none of them starts no date (see `_may_start`);
    # a word with another letter might match a name under (?i) ("ſ", "K"), so then none is ruled out
    if all(w.isascii() for w in lists["first"]):
        lex.heads = frozenset(_LETTERS.match(w.lower()).group() for w in lists["first"]) | {"q", "h"}
    # every branch holds one of these; the pattern is tried only at the few words before each
    lex.anchor_words = frozenset(w.lower() for w in (*lex.months, *lex.weekdays, *lex.days, *lex.units, *lex.ordinals,
                                                      *lists["seasons"], "w/c"))
    # for `skim`: `_ANCHOR`'s tokens in an ASCII window of the lowered text, each after what holds
    # no anchor: signs, spaces, and words (a-z) that are no anchor word (possessive: never given back)
    from factcheck.checks.base import trie      # not at the top: the rules import this module
    words = trie(w for w in lex.anchor_words if w != "w/c")
    lex.anchors = re.compile(r"(?:(?=[a-z])(?!w/c)(?!" + words + r"(?![a-z]))[a-z]++|[\W_]++)*+"
                             r"(?:(" + _ANCHOR.pattern + r")|\Z)", re.ASCII)
    lex.future = regex.compile(r"(?i)\b(?:" + _alt(lex.resolve["future_markers"]) + r")\b|'ll\b")
    bounds = _alt(lex.bounds)
    parts = _alt(lex.parts)
    prefix = r"(?:\b(?P<bound>" + bounds + r")\s+)?(?:\b(?P<between>between|from)\s+)?(?:the\s+)?$"
    lex.prefix = regex.compile(r"(?i)" + prefix)
    # searched backwards it reads "from" as the other group, but finds a group exactly when
    # the forward search does (a match with one starts earlier): a quick test for `_bound_before`
    lex.prefix_back = regex.compile(r"(?ri)" + prefix)
    lex.part = regex.compile(            # searched backwards from the date, like word_before
        r"(?ri)(?:\b(?P<offset>(?:\d{1,3}|" + _alt([w for w in lex.numbers if w.isalpha()]) + r")\s+(?:" + _alt(lex.units)
        + r")\s+(?:after|before|from))\s+|(?:\bthe\s+)?\b(?P<part>" + parts + r")(?:\s*-\s*|\s+)(?:of\s+|in\s+)?)(?:the\s+)?$")
    lex.connector = regex.compile(r"(?i)\s*(?:-|–|—|" + _alt(lex.range_words) + r"|and)\s*(?:the\s+)?")
    # searched backwards ((?r)) from the date: a forward search tries every start in the window
    lex.word_before = regex.compile(r"(?ri)(?:(?P<w2>[\w.']+)\s+)?(?P<w1>[\w.']+)[\s-]*$")
    lex.to_month = regex.compile(r"(?i)\s*(?:-|–|to|through|until)\s*" + month, ignore_unused=True, **lists)
    labels = _alt(lex.dateline["labels"])
    lex.dateline_line = regex.compile(
        r"(?i)^[\W_]*(?:by\s[^|•·\n]{1,60}[|•·]\s*)?(?:(?:" + labels + r")\s*:?\s*)?"
        r"(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?,?\s+)?(?:" + wday + r",?\s+)?(?P<date>\S)",
        ignore_unused=True, **lists)
    agencies = _alt(lex.dateline["agencies"])
    lex.wire = regex.compile(
        r"^\s*[A-Z][A-Z .'-]{1,40}(?:,\s*(?!(?i:" + month + r")\b)[A-Z][\w. ]{1,30})?,\s+(?P<date>.{3,40}?)\s*(?:\((?i:" + agencies + r")\)\s*)?[-–—]", ignore_unused=True, **lists)
    return lex


# ---------------------------------------------------------------- calendar helpers

def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _period(grain: str, d: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar period of a grain that holds day `d`."""
    if grain == "day":
        return d, d
    if grain == "week":
        s = _week_start(d)
        return s, s + 6 * _DAY
    if grain == "weekend":
        s = _week_start(d) + 5 * _DAY
        return s, s + _DAY
    if grain == "fortnight":
        s = _week_start(d)
        return s, s + 13 * _DAY
    if grain == "month":
        return d.replace(day=1), _month_end(d.year, d.month)
    if grain == "quarter":
        m = 3 * ((d.month - 1) // 3) + 1
        return dt.date(d.year, m, 1), _month_end(d.year, m + 2)
    if grain == "decade":
        return dt.date(d.year // 10 * 10, 1, 1), dt.date(d.year // 10 * 10 + 9, 12, 31)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _shift(grain: str, d: dt.date, n: int) -> dt.date:
    if grain in ("day",):
        return d + n * _DAY
    if grain in ("week", "weekend"):
        return d + 7 * n * _DAY
    if grain == "fortnight":
        return d + 14 * n * _DAY
    if grain == "month":
        return _add_months(d, n)
    if grain == "quarter":
        return _add_months(d, 3 * n)
    return _add_months(d, (120 if grain == "decade" else 12) * n)


def _nearest(ref: dt.date | None, month: int, day: int | None, year: int | None,
             ahead: bool = False) -> dt.date | None:
    """The date with that month and day: in `year` if given; else the latest one up to the
    dateline, unless the next one comes within `future_days` of it ("on Oct. 20" in a story
    of Oct. 11 is nine days ahead; "the March 8 rally" is the March before) or the sentence
    speaks of the future (`ahead`: "the vote will be held in March")."""
    if year is not None:
        try:
            return dt.date(year, month, day or 1)
        except ValueError:
            return None
    if ref is None:
        return None
    past = future = None
    for y in range(ref.year - 8, ref.year + 9):
        try:
            cand = dt.date(y, month, day or 1)
        except ValueError:
            continue
        if cand <= ref:
            past = cand
        elif future is None:
            future = cand
    if future and (ahead or past is None or (future - ref).days <= _lexicon().resolve["future_days"]):
        return future
    return past


def _iso_week(year: int, week: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


# ---------------------------------------------------------------- candidates

@dataclass
class _Atom:
    start: int
    end: int
    kind: str
    first: dt.date | None = None
    last: dt.date | None = None
    weekday: str | None = None
    grain: str = "day"
    month: int | None = None        # for a date whose year another date gives ("Nov 18-Dec 19, 2015")
    day: int | None = None
    year_given: bool = True
    weak: bool = False              # kept only inside a range or after a cue ("7/6")
    iso: dt.date | None = None      # when a bound moves it off `first`
    bound: str | None = None
    part: str = ""                  # the part of a period it names: "end of", "late", "early"
    waiting: bool = False           # "the first Monday of", "the week of": needs the date after it
    anaphoric: bool = False         # "the same day": the period of the date before it

    def set(self, grain: str, day: dt.date | None) -> "_Atom":
        self.grain = grain
        if day is not None:
            self.first, self.last = _period(grain, day)
        return self


def _int_word(lex: _Lexicon, s: str) -> int | None:
    s = _SPACES.sub(" ", s.lower().replace("-", " ")).strip()
    if s.isdigit():
        return int(s)
    m = _ORDINAL.fullmatch(s)
    if m:
        return int(m.group(1))
    total = 0
    for w in s.split():
        v = lex.ordinals.get(w, lex.numbers.get(w))
        if v is None:
            return None
        total += v
    return total


def _find(lex: _Lexicon, words: str):
    """Tokens of a matched date: month number, weekday, numbers, in order."""
    month = weekday = None
    nums: list[str] = []
    for tok in lex.token.findall(words.casefold()):      # as `_atom` reads it: "Auguſt" is August
        key = tok.rstrip(".")
        if key in lex.months and month is None:
            month = lex.months[key]
        elif key in lex.weekdays and weekday is None:
            weekday = WEEKDAYS[lex.weekdays[key]]
        elif tok[0].isdigit() or tok[0] == "'" or _int_word(lex, tok) is not None:
            nums.append(tok)
    return month, weekday, nums


def _year(tok: str, ref: dt.date | None) -> int:
    if tok.startswith("'") or len(tok) == 2:
        y = int(tok.lstrip("'"))
        century = (ref.year // 100 * 100) if ref else 2000
        return century + y if century + y <= (ref.year if ref else 2099) + 10 else century - 100 + y
    return int(tok)


def _weekday_in_week(lex: _Lexicon, name: str, week_of: dt.date) -> dt.date:
    return _week_start(week_of) + lex.weekdays[name.lower().rstrip(".")] * _DAY


def _wday_name(lex: _Lexicon, word: str) -> str:
    return WEEKDAYS[lex.weekdays[word.lower().rstrip(".")]]


def _words_before(lex: _Lexicon, m) -> tuple[str, str]:
    """The two words before a match, lowercased ("" when there are none)."""
    return _words_before_at(lex, m.string, m.start(), 0)


def _words_before_at(lex: _Lexicon, text: str, at: int, lo: int) -> tuple[str, str]:
    before = lex.word_before.search(text, max(lo, at - 30), at, **fuse())
    if not before:
        return "", ""
    return (before.group("w2") or "").lower(), before.group("w1").lower()


def _ahead(lex: _Lexicon, m, lo: int) -> bool:
    """Whether the words just before a date speak of the future ("will", "is due to")."""
    return bool(lex.future.search(m.string, max(lo, m.start() - lex.resolve["future_window"]), m.start(),
                                  **fuse()))


def _atom(lex: _Lexicon, m, ref: dt.date | None, lo: int = 0) -> _Atom | None:
    """One date expression `m` resolved against the dateline `ref`; `lo`: where its sentence starts."""
    kind = m.lastgroup
    s = m.group()
    a = _Atom(m.start(), m.end(), "date")
    low = s.casefold()      # as the case-insensitive patterns read it: "ſince" is "since"
    if kind == "mixed":
        found = _date_parser().get_date_data(s).date_obj
        a.set("day", found.date() if found else None)
        return a
    if kind in ("ymd", "mdy"):
        nums = [int(x) for x in _DIGITS.findall(s)]
        if kind == "ymd":
            if len(nums) == 1:
                n = str(nums[0])
                nums = [int(n[:4]), int(n[4:6]), int(n[6:])]
            y, mo, d = nums
        else:
            mo, d, y = nums
            y = _year(str(y) if y >= 100 else f"{y:02d}", ref)
            if mo > 12 >= d:
                mo, d = d, mo
        try:
            return a.set("day", dt.date(y, mo, d))
        except ValueError:         # "2/29/2019" is a date with an impossible day; "2015-1-32" a code
            return a if mo <= 12 and d <= 31 else None
    if kind in ("md", "dm", "wday_day", "my", "ym"):
        month, weekday, nums = _find(lex, s)
        a.weekday = weekday
        day = year = None
        for tok in nums:
            v = _int_word(lex, tok)
            if tok.startswith("'") or (v is not None and v > 31) or (kind == "dm" and "of" in low and day is not None):
                year = _year(tok, ref)
            elif day is None:
                day = v
        if kind in ("my", "ym"):
            year, day = (_year(nums[-1], ref) if nums else None), None
        if kind == "wday_day":
            a.kind = "date"
            return _day_of_month(a, day, weekday, ref)
        if month is None:
            return None             # "Auguſt 20": matched by case folding, not a month as written
        a.month, a.day, a.year_given = month, day, year is not None
        found = _nearest(ref, month, day, year, ahead=_ahead(lex, m, lo))
        if kind in ("my", "ym"):
            a.kind = "month"
            return a.set("month", found)
        if found is None and year is None and ref is not None:
            return a            # "Feb 30": a date, but no such day
        return a.set("day", found)
    if kind in ("wday", "dir_wday", "wday_week", "week_wday"):
        a.kind = "weekday"
        words = low.split()
        name = next((w for w in _WORDS.findall(low) if w.rstrip(".") in lex.weekdays), None)
        if name is None:
            return None             # "ſunday": matched by case folding, not a weekday as written
        if kind in ("wday", "dir_wday") and name.rstrip(".") in lex.not_alone or \
                kind == "wday" and _words_before(lex, m)[1] in lex.names_after:
            return None             # "last sat", "The Sun"; "Good Friday"
        a.weekday = _wday_name(lex, name)
        if ref is None:
            return a
        dirs = [lex.direction[w] for w in words if w in lex.direction]
        if not dirs:
            back = (ref.weekday() - lex.weekdays[name.rstrip(".")]) % 7
            if back and _ahead(lex, m, lo):         # "the vote will be held on Friday"
                return a.set("day", ref + (7 - back) * _DAY)
            return a.set("day", ref - back * _DAY)
        return a.set("day", _weekday_in_week(lex, name, ref + 7 * dirs[0] * _DAY))
    if kind == "month":
        *lead, key = low.rstrip(".").split()
        if key not in lex.months:                       # "Aprİl": a letter whose lower case is two
            return None
        w1 = lead[0] if lead else _words_before(lex, m)[1]     # "last May", "in May"
        if key in lex.ambiguous and w1 not in lex.month_cues and not (
                s.split()[-1][0].isupper() and (w1 in lex.capital_cues or lex.to_month.match(m.string, m.end(), **fuse()))):
            return None
        a.kind, a.month, a.year_given = "month", lex.months[key], False
        if ref is None:
            return a
        step = lex.direction.get(w1)
        if step == 0:                                   # "this May": the dateline's year
            y = ref.year
        elif step is not None and step < 0 or w1 == "since":   # "last May"; "since May" may be this May
            y = ref.year if a.month < ref.month or (w1 == "since" and a.month == ref.month) else ref.year - 1
        elif step is not None:                          # "next May"
            y = ref.year if a.month > ref.month else ref.year + 1
        else:
            return a.set("month", _nearest(ref, a.month, None, None, ahead=_ahead(lex, m, lo)))
        return a.set("month", dt.date(y, a.month, 1))
    if kind == "year":
        return _bare_year(lex, m, a)
    if kind == "season":
        # a season is named, not resolved: its months depend on the hemisphere
        *lead, name = low.split()
        if not lead and name in lex.seasons["need_cue"] and _words_before(lex, m)[1] not in lex.seasons["cues"]:
            return None
        a.kind = "season"
        return a
    if kind == "decade":
        a.kind = "decade"
        return a.set("decade", dt.date(_year(s[:-1], ref), 1, 1))
    if kind == "ym_num":
        y, n = sorted((int(x) for x in _DIGITS.findall(s)), reverse=True)
        if n == (y + 1) % 100:      # "2016-17": a season or a fiscal year
            a.kind, a.grain = "range", "year"
            a.first, a.last = dt.date(y, 1, 1), dt.date(y + 1, 12, 31)
            return a
        if not 1 <= n <= 12:
            return None
        a.kind = "month"
        return a.set("month", dt.date(y, n, 1))
    if kind == "md_slash":
        mo, d = (int(x) for x in _DIGITS.findall(s))
        if mo > 12:
            mo, d = d, mo           # "22/04"
            if mo > 12:
                return None
        a.weak, a.month, a.day, a.year_given = True, mo, d, False
        w1 = _words_before(lex, m)[1]
        if m.group("s3") != "/":    # "7-6", "5.12": a score or a decimal unless a cue says date
            if w1 not in lex.dash_cues and w1.rstrip(".") not in lex.weekdays:
                return None
            a.weak = False
        elif w1 in lex.slash_cues or d > 12:
            a.weak = False
        return a.set("day", _nearest(ref, mo, d, None))
    if kind == "the_day":
        return _day_of_month(a, _int_word(lex, s[4:] if low.startswith("the ") else s), None, ref)
    if kind in ("yq", "quarter", "dir_quarter"):
        a.kind = "quarter"
        return _quarter(lex, a, low, ref)
    if kind in ("ordweek", "weekof"):
        a.waiting = True    # completed by the date that follows ("of July", "April 10th")
        if "week" in low or "w/c" in low:
            a.kind = "week"
        else:
            a.kind = "weekday"
            name = next((w for w in _WORDS.findall(low) if w.rstrip(".") in lex.weekdays), None)
            if name is None:
                return None         # matched by case folding only
            a.weekday = _wday_name(lex, name)
        return a
    if kind == "weeknum":
        a.kind = "week"
        nums = [int(x) for x in _DIGITS.findall(s)]
        y = _year(_YEAR.findall(s)[0], ref) if len(nums) > 1 else (ref.year if ref else None)
        return a.set("week", _iso_week(y, nums[0]) if y else None)
    a.kind = "relative"
    # "the day" alone names the dateline; "the day he died" does not
    a.weak = kind == "the_unit" and bool(_WORD_AFTER.match(m.string, m.end(), **fuse()))
    words = _WORDS.findall(low)
    if kind == "dir_unit" and lex.anaphora.intersection(words):   # "the same day": resolved from the
        a.anaphoric = True                                          # date before it, in extract_dates
        a.grain = next((lex.units[w] for w in reversed(words) if w in lex.units), "day")
        return a
    if ref is None:
        return a
    return _relative(lex, a, kind, low, ref)


def _nearest_day(ref: dt.date, day: int, months: int) -> dt.date | None:
    base = _add_months(ref.replace(day=1), months)
    try:
        return base.replace(day=day)
    except ValueError:
        return None


def _day_of_month(a: _Atom, day: int | None, weekday: str | None, ref: dt.date | None) -> _Atom:
    """"on the 4th": that day in the month before, of or after the dateline, the nearest;
    "Monday 21": the one of these in which it falls on a Monday, or if none the nearest, so
    that the weekday-date rule sees the weekday does not fit."""
    if ref is None or not day:
        return a
    cands = [c for c in (_nearest_day(ref, day, k) for k in (0, -1, 1)) if c]
    fits = [c for c in cands if weekday and c.weekday() == WEEKDAYS.index(weekday)]
    return a.set("day", min(fits or cands, key=lambda c: abs((c - ref).days)) if cands else None)


def _bare_year(lex: _Lexicon, m, a: _Atom) -> _Atom | None:
    y = int(m.group())
    if not lex.years["min"] <= y <= lex.years["max"]:
        return None
    w2, w1 = _words_before(lex, m)
    cue = w1 in lex.years["cues"] or w1 in lex.bounds or f"{w2} {w1}" in lex.bounds
    if cue:
        # "between 1900 and 2000 people" counts people; "in 2007 to 440 prisoners" runs from a year
        after = _RANGE_TAIL.match(m.string, m.end(), min(len(m.string), m.end() + 40), **fuse())
        if after and int(after.group("end").replace(",", "")) < y:
            after = None
    else:
        if w1 in lex.years["not_cues"] or f"{w2} {w1}" in lex.years["not_cues"]:
            return None
        after = _NEXT_WORD.match(m.string, m.end(), min(len(m.string), m.end() + 30), **fuse())
    if after and _counts(lex, after.groups()[-1].lower()):          # the word after the range or the year
        return None
    a.kind, a.month, a.year_given = "year", None, True
    return a.set("year", dt.date(y, 1, 1))


def _counts(lex: _Lexicon, word: str) -> bool:
    """Whether a word after a number makes it a count: "people", "homes", "more"."""
    return word in lex.years["count_nouns"] or (word.endswith("s") and len(word) > 3 and not word.endswith("ss"))


def _quarter(lex: _Lexicon, a: _Atom, low: str, ref: dt.date | None) -> _Atom:
    words = _WORDS.findall(low)
    if ref is None and not _YEAR.search(low):
        return a
    if any(w in lex.direction for w in words) and "year" not in low and "year's" not in low:
        n = next(lex.direction[w] for w in words if w in lex.direction)
        return a.set("quarter", _shift("quarter", _period("quarter", ref)[0], n))
    yrs = _YEAR.findall(low)
    y = int(yrs[0]) if yrs else ref.year + (1 if "next" in words else -1 if "last" in words else 0)
    half = _HALF.search(low)
    if half:
        a.first = dt.date(y, 6 * int(half.group(1)) - 5, 1)
        a.last = _month_end(y, 6 * int(half.group(1)))
        a.grain = "half"
        return a
    q = next((lex.quarters[w] for w in words if w in lex.quarters), None)
    if q is None:
        q = int(_QUARTER.search(low).group(1))
    return a.set("quarter", dt.date(y, 3 * q - 2, 1))


def _relative(lex: _Lexicon, a: _Atom, kind: str, low: str, ref: dt.date) -> _Atom:
    words = _WORDS.findall(low)
    unit = next((lex.units[w] for w in reversed(words) if w in lex.units), "day")
    n = next((_int_word(lex, w) for w in words if _int_word(lex, w) is not None and w not in lex.direction), 1)
    if kind == "rel_day":
        return a.set("day", ref + lex.days[low] * _DAY)
    if kind == "ago":
        return a.set("day", _shift(unit, ref, -n))
    if kind == "in_n":
        return a.set("day", _shift(unit, ref, n))
    if kind == "n_from":
        base = ref + lex.days.get(words[-1], 0) * _DAY
        return a.set("day", _shift(unit, base, -n if "before" in words else n))
    if kind == "next_n":
        if any(lex.direction.get(w, 0) < 0 for w in words):
            a.first, a.last = _shift(unit, ref, -n), ref     # "the last three weeks": from 21 days before the dateline
        else:
            a.first, a.last = ref + _DAY, _shift(unit, ref, n)
        a.grain = unit
        return a
    if kind == "the_next_day":
        return a.set("day", ref + _DAY)
    if kind == "weekend" or low.endswith("weekend") and kind == "the_unit":
        # on a Monday to Thursday "the weekend" is the one just past; from Friday the coming one
        return a.set("weekend", ref if ref.weekday() >= 4 else ref - 7 * _DAY)
    if kind == "ytd":
        a.first, a.last, a.grain = dt.date(ref.year, 1, 1), ref, "year"
        return a
    if kind == "the_unit":
        if words[-1] in ("before", "after"):
            return a.set(unit, _shift(unit, ref, 1 if words[-1] == "after" else -1))
        return a.set(unit, ref)
    if kind == "endof":
        first, last = _period(unit, ref)
        return _apply_part(a, first, last, "end of", lex.parts["end of"], ref, unit)
    # dir_unit: "last week", "this month", "next year", "the following week"
    word = next((w for w in words if w in lex.direction), None)
    if word is None:
        return None                 # "thİs weekend": matched by case folding only
    n = lex.direction[word]
    if unit == "day" and n < 0:
        return None                 # "the last day" of something, not yesterday
    if word == "past":              # "the past year": the twelve months to the dateline
        a.first, a.last, a.grain = _shift(unit, ref, -1), ref, unit
        return a
    return a.set(unit, _shift(unit, ref, n))


def _apply_part(a: _Atom, first: dt.date, last: dt.date, part: str, frac, ref, grain) -> _Atom:
    if grain in ("year", "decade"):
        months = 12 if grain == "year" else 120
        a.first = _add_months(first, int(months * frac[0]))
        a.last = _add_months(first, int(months * frac[1])) - _DAY if frac[1] < 1 else last
    else:
        span = (last - first).days + 1
        a.first = first + int(span * frac[0]) * _DAY
        a.last = first + (int(span * frac[1]) - 1) * _DAY if frac[1] < 1 else last
    if part in _lexicon().from_dateline and ref and a.first < ref <= a.last:
        a.first = ref           # "later this week" on a Friday starts that Friday
    a.part = part
    return a


@functools.cache
def _date_parser():
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past",
                                                      "REQUIRE_PARTS": ["day", "month", "year"]})


# ---------------------------------------------------------------- combining

def _combine(lex: _Lexicon, text: str, atoms: list[_Atom], ref: dt.date | None, lo: int) -> list[_Atom]:
    """Join "from X to Y" into ranges, a weekday with the date it names, and apply
    the parts ("late", "end of") and bounds ("since", "before") written before a date."""
    earlier = None
    for a in atoms:
        _part(lex, text, a, ref, lo)
        # "from Friday afternoon to Saturday morning": the second weekday follows the first
        if a.kind == "weekday" and a.first and earlier and a.first < earlier and \
                _words_before_at(lex, text, a.start, lo)[1] in lex.range_words:
            a.set("day", a.first + 7 * _DAY)
        if a.kind == "weekday" and a.first:
            earlier = a.first
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        gap = text[a.end:nxt.start] if nxt else None
        # a weekday followed by the date it names: "Friday, 7/6", "Friday 2018-7-6"
        if nxt and a.kind == "weekday" and nxt.kind == "date" and _COMMA_GAP.fullmatch(gap, **fuse()):
            nxt.start, nxt.weekday, nxt.weak = a.start, a.weekday, False
            i += 1
            continue
        # "the last week of July", "the week of April 10th"
        if nxt and a.waiting and gap == "":
            _week_of(lex, a, nxt, text)
            i += 2
            out.append(a)
            continue
        # ranges: "from 10/1 to 11/7", "Nov 18-Dec 19, 2015", "between Jan 22 and now"
        if nxt and (nxt.first is not None or nxt.month):
            conn = lex.connector.fullmatch(gap, **fuse()) if gap is not None and len(gap) < 12 else None
            if conn and ("and" not in gap.lower() or _opened_by(lex, text, a.start, "between")) and \
                    a.kind != "weekday" and nxt.kind != "weekday" and \
                    not (a.kind == "year" and nxt.kind != "year" and "-" in gap):
                # one end without a year takes it from the other: "Nov. 18 to Dec. 19, 2015"
                if not a.year_given and nxt.year_given and a.month and nxt.first:
                    y = nxt.first.year - (1 if (a.month, a.day or 1) > (nxt.first.month, nxt.first.day) else 0)
                    a.set(a.grain, _nearest(None, a.month, a.day, y))
                elif a.year_given and not nxt.year_given and nxt.month and a.first:
                    y = a.first.year + (1 if (nxt.month, nxt.day or 1) < (a.first.month, a.first.day) else 0)
                    nxt.set(nxt.grain, _nearest(None, nxt.month, nxt.day, y))
                elif not a.year_given and not nxt.year_given and a.first and nxt.first and nxt.first < a.first:
                    nxt.set(nxt.grain, _nearest(None, nxt.month, nxt.day, a.first.year + 1) if nxt.month else None)
                both = a.first is not None and nxt.last is not None     # else the range is unresolved
                rng = _Atom(a.start, nxt.end, "range", a.first if both else None, nxt.last if both else None,
                            a.weekday, a.grain)
                out.append(rng)
                i += 2
                continue
        if a.waiting:
            i += 1
            continue
        # a weak date stays only with a cue: "the week" alone is dropped, "later in the week" kept
        if a.weak and not a.weekday and not (a.kind == "relative" and (a.part or _bound_before(lex, text, a, lo))):
            i += 1
            continue
        out.append(a)
        i += 1
    for a in out:
        _bound(lex, text, a, lo)
    return out


def _opened_by(lex, text: str, start: int, word: str) -> bool:
    m = lex.prefix.search(text, max(0, start - 40), start, **fuse())
    return bool(m and m.group("between") and m.group("between").lower() == word)


def _bound_before(lex: _Lexicon, text: str, a: _Atom, lo: int):
    """The bound ("since", "before", "by") or "between"/"from" written just before a date."""
    back = lex.prefix_back.search(text, max(lo, a.start - 40), a.start, **fuse())
    if not back or not (back.group("bound") or back.group("between")):
        return None
    m = lex.prefix.search(text, max(lo, a.start - 40), a.start, **fuse())
    return m if m and (m.group("bound") or m.group("between")) else None


def _week_of(lex: _Lexicon, a: _Atom, nxt: _Atom, text: str) -> None:
    """"the week of April 10th"; "the last week of July", "the first Monday of October"."""
    low = text[a.start:a.end].lower()
    a.end = nxt.end
    if nxt.first is None:
        return
    nth = next((w for w in _WORDS.findall(low) if w == "last" or lex.ordinals.get(w, 9) <= 5 or _ORDINAL.fullmatch(w)), None)
    if not nth:
        a.set("week", nxt.first)            # "the week of April 10th", "w/c Feb 4"
        return
    # a week belongs to the month (or year) that holds its Thursday
    wday = next((lex.weekdays[w.rstrip(".")] for w in _WORDS.findall(low) if w.rstrip(".") in lex.weekdays), 3)
    if nth == "last":
        day = nxt.last - ((nxt.last.weekday() - wday) % 7) * _DAY
    else:
        day = nxt.first + ((wday - nxt.first.weekday()) % 7) * _DAY + 7 * (_int_word(lex, nth) - 1) * _DAY
    if a.kind == "weekday":
        a.set("day", day)
    else:
        a.set("week", day)


def _part(lex: _Lexicon, text: str, a: _Atom, ref: dt.date | None, lo: int) -> None:
    """Apply a part ("late", "the end of") or an offset ("two weeks after") written just
    before a date, and take it into the date's span."""
    m = lex.part.search(text, max(lo, a.start - 40), a.start, **fuse())
    if not m or a.first is None:
        return
    if m.group("offset"):                 # read case-folded, as the pattern matched ("firſt", "thİs")
        words = _WORDS.findall(m.group("offset").casefold())
        count = _int_word(lex, words[0]) if len(words) >= 2 and words[1] in lex.units else None
        if count is None:
            return
        n = count * (-1 if words[-1] == "before" else 1)
        unit = lex.units[words[1]]
        a.first, a.last, a.grain = _shift(unit, a.first, n), _shift(unit, a.first, n), "day"
        a.kind, a.weekday = "date", None      # a weekday written names the day before the offset
    elif a.grain in ("week", "month", "year", "quarter", "decade") and not a.part:
        part = _SPACES.sub(" ", m.group("part").casefold())
        if part not in lex.parts:
            return
        _apply_part(a, a.first, a.last, part, lex.parts[part], ref, a.grain)
    else:
        return
    a.start = m.start()


def _bound(lex: _Lexicon, text: str, a: _Atom, lo: int) -> None:
    """Apply a bound ("since", "before", "by") written just before a date and take it,
    or a "between" / "from" that opens a range, into the date's span."""
    m = _bound_before(lex, text, a, lo)
    if not m:
        return
    if m.group("bound"):
        bound = lex.bounds.get(_SPACES.sub(" ", m.group("bound").casefold()))   # "ſince": matched by case folding
        if bound is None:
            return
        a.bound = bound
        if a.first is not None:
            ends = a.part and lex.parts[a.part][1] == 1      # "by the end of the month"
            after = a.first if a.part or a.grain == "day" else a.last + _DAY
            a.iso = {"from": a.first, "after": after, "before": a.last + _DAY if ends else a.first,
                     "until": a.last + _DAY if ends else a.first}[a.bound]
    a.start = m.start()


def _mention(story: Story, a: _Atom, sent: Sentence) -> DateMention:
    extra: dict = {"kind": a.kind}
    if a.first is not None:
        extra["period"] = [a.first.isoformat(), a.last.isoformat()]
        if a.last < a.first:
            extra["reversed"] = True        # "from 2016 to 2014": a range that runs backwards
    if a.bound:
        extra["bound"] = a.bound
    if a.anaphoric:
        extra["anaphoric"] = True           # "the same day": a time given by the date before it
    iso = a.iso or a.first
    return DateMention(text=story.raw[a.start:a.end], start=a.start, end=a.end,
                       iso=iso.isoformat() if iso else None, weekday=a.weekday,
                       sentence=sent.index, extra=extra)


# what may follow the date on a dateline line: a time, a zone, a byline
_DATELINE_TAIL = regex.compile(r"(?i)[\s,|•·/–—-]*(?:at\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"
                               r"[\s,|•·/–—-]*(?:(?:by|updated|posted)\b[^\n]*)?\s*")
_WORD_AFTER = regex.compile(r"[ \t]*\w")
_RANGE_TAIL = regex.compile(r"(?i)\s*(?:and|to|-|–)\s*(?P<end>\d[\d,]*)\s+([a-z]+)")
_NEXT_WORD = regex.compile(r"(?i)\s*([a-z]+(?:\s+cent)?)")
# what may anchor a date: a run of digits (digits in thousands groups are read whole, to be
# passed over), "w/c", or a word, kept when it is in the lexicon's anchor words
_ANCHOR = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+|[wW]/[cC]|[^\W\d_]+")
_WORD_START = regex.compile(r"(?<![\w'])['\w]")
_ASCII_WORD_START = re.compile(_WORD_START.pattern, re.ASCII)  # the same on ASCII text, which re scans faster
_LEAD_WORDS = 4        # a date starts at most this many words before its first anchor ("the next two weeks")
_LEAD_CHARS = 40
_LETTERS = re.compile(r"[a-zA-Z]*")


def _may_start(lex: _Lexicon, text: str, pos: int, end: int) -> bool:
    """False where `lex.pattern` cannot match at `pos` (its opening lookahead fails), found
    without calling it: a word in ASCII letters ended by an ASCII character (or `end`) that
    none of the words a date may start with begins with. Calling the pattern costs ten times more."""
    if lex.heads is None or not ("a" <= text[pos] <= "z" or "A" <= text[pos] <= "Z"):
        return True
    word = _LETTERS.match(text, pos, end).group()
    after = pos + len(word)
    return word.lower() in lex.heads or after < end and not text[after].isascii()


def _date_at(lex: _Lexicon, text: str, pos: int, end: int):
    """The date that starts at `pos` (before `end`), if any."""
    if "0" <= text[pos] <= "9":
        return lex.at_digit.match(text, pos, end, **fuse())
    return _may_start(lex, text, pos, end) and lex.pattern.match(text, pos, end, **fuse())


def _atoms(lex: _Lexicon, text: str, start: int, end: int, ref: dt.date | None) -> list[_Atom]:
    """The date expressions between `start` and `end`, left to right, none overlapping.

    Trying the whole alternation at every character is slow; every date holds an anchor
    (a digit, a month or weekday name, "week", "today"...), so it is tried only at the
    starts of the few words before each anchor and at the anchor itself. A start tried in
    vain is not tried again before the next anchor: a match depends only on where it starts."""
    atoms = []
    done = start
    tried = start           # the starts before it were tried in vain, or can lead to no later anchor
    for at, word in skim(lex.anchors, _ANCHOR, text, start, end):
        if at < done or word[0].isalpha() and word.lower() not in lex.anchor_words \
                or "," in word:              # "8,000": digits in groups are never part of a date
            continue
        lo = max(done, tried, at - _LEAD_CHARS)
        if not fuse() and ascii_window(text, lo, at):
            lead = [w.start() for w in _ASCII_WORD_START.finditer(text, lo, at)]
        else:
            lead = [w.start() for w in _WORD_START.finditer(text, lo, at, **fuse())]
        for pos in lead[-_LEAD_WORDS:] + [at]:
            m = _date_at(lex, text, pos, end)
            if m:
                done = m.end()
                a = _atom(lex, m, ref, start)
                if a is not None:
                    atoms.append(a)
                break
        else:
            tried = at + 1
    return atoms


def extract_dates(story: Story, sentences: list[Sentence]) -> list[DateMention]:
    """Every calendar date, period and weekday the story mentions, resolved against its dateline."""
    lex = _lexicon()
    out: list[DateMention] = []
    last: dict[str, tuple[dt.date, dt.date]] = {}        # grain -> the period of the last date of that grain
    for sent in sentences:
        atoms = _atoms(lex, story.text, sent.start, sent.end, story.dateline)
        for a in _combine(lex, story.text, atoms, story.dateline, sent.start):
            if a.anaphoric and a.grain in last:
                a.first, a.last = last[a.grain]          # "on the same day" as the date before
            elif a.first is not None and a.grain in ("day", "week", "month", "year"):
                last[a.grain] = (a.first, a.last)
            out.append(_mention(story, a, sent))
    return out


# ---------------------------------------------------------------- the dateline

def _iso_date(s: str | None) -> dt.date | None:
    m = _ISO.search(s or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _text_dateline(story: Story, fallback: dt.date | None) -> dt.date | None:
    """A line near the top that is a full date (maybe with a time or a byline), or a wire
    dateline ("WASHINGTON, Oct. 11 (Reuters) -", whose year may come from `fallback`).
    A date inside a sentence or a caption is neither."""
    lex = _lexicon()
    cfg = lex.dateline
    pos = 0
    for line in story.text[:cfg["lines"] * 500].splitlines(keepends=True)[:cfg["lines"]]:
        start, body = pos, line.strip()
        pos += len(line)
        if not body or len(body) > cfg["max_chars"] + 60:
            continue
        head = lex.dateline_line.match(line, **fuse()) if len(body) <= cfg["max_chars"] else None
        for m, wire in ((head, False), (lex.wire.match(line, **fuse()), True)):
            if not m:
                continue
            found = _date_at(lex, story.text, start + m.start("date"), start + len(line))
            if not found or found.lastgroup not in ("md", "dm", "ymd", "mdy", "mixed"):
                continue
            if not wire and not _DATELINE_TAIL.fullmatch(story.text, found.end(), start + len(line),
                                                         **fuse()):
                continue
            a = _atom(lex, found, fallback)
            if a and a.first and (a.year_given or wire and fallback):
                return a.first
    return None


def find_dateline(story: Story, override: dt.date | None = None, *,
                  methods: tuple[str, ...] | list[str] = METHODS) -> dt.date | None:
    """The story's date: `override` (--date) if given, else the first of `methods` that finds one.

    methods, tried in order: "front-matter" (a Markdown story's front matter `date:`),
    "meta" (an HTML page's article:published_time meta or <time datetime>), "text"
    (a dateline line near the top), "filename" (a YYYY-MM-DD in the file name).
    """
    if override:
        return override
    from_name = _iso_date(os.path.basename(story.path))
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"unknown dateline method {method!r}; use {', '.join(METHODS)}")
        found = None
        if method == "front-matter" and story.format == "markdown" or method == "meta" and story.format == "html":
            found = _iso_date(story.meta.get("date"))
        elif method == "text":
            found = _text_dateline(story, from_name)
        elif method == "filename":
            found = from_name
        if found:
            return found
    return None
