"""Dates: the story's dateline, and every calendar date or weekday it mentions.

The dateline comes from the first of: `--date`; front matter `date:`; HTML
`<meta property="article:published_time">` or `<time datetime>`; a dateline
near the top of the text ("October 11, 2017 - 7:49 AM", "Oct. 11, 2017");
a YYYY-MM-DD in the file name.
"""
from __future__ import annotations

import datetime as dt
import os

import regex

from factcheck.model import DateMention, Sentence, Story

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
         "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|(?:" + "|".join(_ABBR) + r")\.?)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DATE = regex.compile(
    r"(?i)\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
    r"|\b" + _WEEKDAY.replace("weekday", "lone") + r"\b")
_ISO = regex.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TOP_CHARS = 1500


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or _ABBR[name]


def _iso_date(s: str) -> dt.date | None:
    m = _ISO.search(s or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_dateline(story: Story, override: dt.date | None = None) -> dt.date | None:
    if override:
        return override
    for key in ("date",):
        found = _iso_date(story.meta.get(key, ""))
        if found:
            return found
    top = story.text[:_TOP_CHARS]
    for m in _DATE.finditer(top):
        if m.group("month") and m.group("year"):
            try:
                return dt.date(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
            except ValueError:
                continue
    return _iso_date(os.path.basename(story.path))


def _resolve_weekday(name: str, dateline: dt.date | None) -> dt.date | None:
    """A bare weekday in a story means that day of the story's week: the day itself or the one before."""
    if dateline is None:
        return None
    back = (dateline.weekday() - WEEKDAYS.index(name.capitalize())) % 7
    return dateline - dt.timedelta(days=back)


def extract_dates(story: Story, sentences: list[Sentence]) -> list[DateMention]:
    out: list[DateMention] = []
    for sent in sentences:
        for m in _DATE.finditer(story.text, sent.start, sent.end):
            iso = None
            weekday = m.group("weekday") or m.group("lone")
            if m.group("month"):
                year = int(m.group("year")) if m.group("year") else (
                    story.dateline.year if story.dateline else None)
                if year:
                    try:
                        iso = dt.date(year, _month(m.group("month")), int(m.group("day"))).isoformat()
                    except ValueError:
                        iso = None
            else:
                resolved = _resolve_weekday(weekday, story.dateline)
                iso = resolved.isoformat() if resolved else None
            out.append(DateMention(text=story.raw[m.start():m.end()], start=m.start(), end=m.end(),
                                   iso=iso, weekday=weekday.capitalize() if weekday else None,
                                   sentence=sent.index))
    return out
