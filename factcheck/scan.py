"""Scans that pass over most of a text without stopping in Python.

A stage that looks at every token of a sentence to keep a few (the digits and
month names that may anchor a date, the digits and number words that may open a
number) pays for a Python step per word. `skim` runs instead a pattern that
passes over the tokens that cannot matter in one go and captures the next one
that may, in the story's lowered text, where a word from a lexicon in lower
case is found by a case-sensitive pattern, and only in a window in ASCII, where
a letter is one of a-z: a range, which `re` tests faster than the category of
letters. Lowering keeps every offset except where a letter lowers to two ("İ");
such a text, and a window not in ASCII, is scanned token by token.
`tried_at` runs a slow pattern only where a quick one finds, in the lowered text,
the words that open each of its matches; the quick one is run on ASCII alone (with
typographic quotation marks and dashes, which no class of it holds), so it is
compiled with `re.ASCII`, whose classes `re` tests faster.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

import regex

from factcheck.guard import fuse


def ascii_window(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] and the character before it (which \\b and a lookbehind read) are
    ASCII, where `re` and `regex` read alike. A whole text in ASCII answers at once: Python
    marks such strings when it makes them."""
    return text.isascii() or text[max(start - 1, 0):end].isascii()


# what else than ASCII a window may hold for `tried_at`'s quick scan: typographic quotation marks and
# dashes, which `re` and `regex` read alike (neither letters, digits nor spaces, nor a case of one)
_NOT_PLAIN = re.compile(r"[^\x00-\x7f‘’“”–—]")


def plain_window(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] and the character before it are ASCII or such marks."""
    return text.isascii() or _NOT_PLAIN.search(text, max(start - 1, 0), end) is None


@functools.lru_cache(maxsize=1)
def lowered(text: str) -> str | None:
    """The text in lower case, or None if that would move an offset."""
    low = text.lower()
    return low if len(low) == len(text) else None


def skim(quick: re.Pattern, whole: re.Pattern, text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, token) for the matches of `whole` in text[start:end] that `quick` does not pass
    over. `quick` matches, at each point where `whole` would in an ASCII window of the lowered
    text, what to pass over and then either that match of `whole` as its group 1 or the end.
    Elsewhere every match of `whole` is given."""
    low = lowered(text)
    if low is None or not ascii_window(text, start, end):
        return ((m.start(), m.group()) for m in whole.finditer(text, start, end))
    return ((m.start(1), text[m.start(1):m.end(1)]) for m in quick.finditer(low, start, end) if m.start(1) >= 0)


def tried_at(pattern: regex.Pattern, starts: re.Pattern | None, text: str, start: int, end: int) -> Iterator:
    """The matches of `pattern` in text[start:end], as its finditer gives them (it matches no empty
    string). Where the fuse is off (re takes none) and the window is plain (ASCII, or typographic
    quotation marks and dashes besides), `pattern` is tried only where `starts` matches,
    case-sensitively, in the lowered text; `starts` must match wherever `pattern` does: the words of
    a lexicon that open its matches, in lower case."""
    low = lowered(text)
    if starts is None or low is None or fuse() or not plain_window(text, start, end):
        yield from pattern.finditer(text, start, end, **fuse())
        return
    pos = start
    while (found := starts.search(low, pos, end)) is not None:
        m = pattern.match(text, found.start(), end)          # the fuse is off here
        if m:
            yield m
        pos = m.end() if m else found.start() + 1
