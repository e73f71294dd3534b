"""Stage 3: the figures in a story (first cut; the extraction issue grows this).

Finds numbers written in digits or words, their qualifiers ("at least", "up
to", "between X and Y") and a unit or the noun they count.
"""
from __future__ import annotations

import regex

from factcheck.model import Claim, DateMention, Sentence, Story

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
          "twenty": 20, "fifty": 50, "hundred": 100, "dozen": 12}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|(?:" + "|".join(_WORDS) + r")\b"
_FIGURE = regex.compile(
    r"(?i)\b(?:(?P<between>between)\s+(?P<a>" + _NUM + r")\s+and\s+(?P<b>" + _NUM + r")"
    r"|(?P<qual>at\s+least|up\s+to|about|over|more\s+than|an\s+estimated|nearly)?\s*(?P<n>" + _NUM + r"))"
    r"(?:\s*(?P<unit>%|percent|square\s+kilometres?|square\s+miles?|kilometres?|miles?))?")
_QUAL = {"at least": ("at-least", True, False), "up to": ("at-most", False, True),
         "about": ("approximate", True, True), "nearly": ("approximate", True, True),
         "an estimated": ("approximate", True, True), "over": ("more-than", True, False),
         "more than": ("more-than", True, False)}
_UNITS = {"%": ("percent", "percentage"), "percent": ("percent", "percentage"),
          "square kilometre": ("square kilometre", "area"), "square mile": ("square mile", "area"),
          "kilometre": ("kilometre", "length"), "mile": ("mile", "length")}


def _number(s: str) -> float:
    s = s.lower()
    return float(_WORDS[s]) if s in _WORDS else float(s.replace(",", ""))


def extract_claims(story: Story, sentences: list[Sentence], dates: list[DateMention]) -> list[Claim]:
    """The figures of every sentence; numbers inside the given date mentions are not figures."""
    in_date = [(d.start, d.end) for d in dates]
    claims: list[Claim] = []
    text = story.text
    for sent in sentences:
        for m in _FIGURE.finditer(text, sent.start, sent.end):
            if m.group("n") and regex.fullmatch(r"(1[89]|20)\d\d", m.group("n")):
                continue
            if any(s <= m.start("n" if m.group("n") else "a") < e for s, e in in_date):
                continue
            unit_raw = (m.group("unit") or "").lower().replace("  ", " ")
            unit_raw = unit_raw[:-1] if unit_raw.endswith("s") else unit_raw
            unit, dim = _UNITS.get(regex.sub(r"\s+", " ", unit_raw), (None, "count"))
            if m.group("between"):
                low, high = _number(m.group("a")), _number(m.group("b"))
                value, qualifier = (low + high) / 2, "range"
            else:
                value = _number(m.group("n"))
                qual = regex.sub(r"\s+", " ", (m.group("qual") or "").lower())
                qualifier, has_low, has_high = _QUAL.get(qual, ("exact", True, True))
                low, high = (value if has_low else None), (value if has_high else None)
            start = m.start("between") if m.group("between") else m.start("qual") if m.group("qual") else m.start("n")
            claims.append(Claim(
                id=f"c{len(claims) + 1}", text=story.raw[start:m.end()], start=start, end=m.end(),
                kind="percent" if dim == "percentage" else "measure" if unit else "count",
                value=value, low=low, high=high, qualifier=qualifier, unit=unit, dimension=dim,
                sentence=sent.index))
    return claims
