"""Whether a pattern can open with an ASCII digit, or with anything else, read from the pattern.

A long alternation tried at a place whose first character is known need hold only the
branches that can start there (`dates` keeps one for digits and one for the rest). The
pattern is read with Python's own parser, and the reading errs on the side of "can":
assertions are passed over, and a negated class, a back-reference or anything unknown can
open with any character. A `regex` named list (\\L<name>) is read as its words' first
characters, which is all that matters of it here.
"""
from __future__ import annotations

import re
from re import _constants as sre
from re import _parser

_DIGITS = range(ord("0"), ord("9") + 1)
_LIST = re.compile(r"\\L<(\w+)>")
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def openers(pattern: str, lists: dict[str, list[str]]) -> tuple[bool, bool]:
    """(whether `pattern` can match at a place where an ASCII digit stands, whether at one where
    another character or the end stands); `lists` are the named lists it uses."""
    def first_letters(m: re.Match) -> str:
        words = lists[m.group(1)]
        heads = "".join(sorted({re.escape(w[0]) for w in words if w}))
        return "(?:[" + heads + "]" + ("|" if "" in words else "") + ")" if heads else "(?:)"
    try:
        items = _parser.parse(_LIST.sub(first_letters, pattern), re.IGNORECASE)
    except (re.error, KeyError):
        return True, True
    digit, other, empty = _sequence(items)
    return digit or empty, other or empty


def _sequence(items) -> tuple[bool, bool, bool]:
    """(can open with a digit, with anything else, can match the empty string) for a sequence."""
    digit = other = False
    for op, av in items:
        d, o, empty = _item(op, av)
        digit, other = digit or d, other or o
        if not empty:
            return digit, other, False
    return digit, other, True


def _item(op, av) -> tuple[bool, bool, bool]:
    if op in _ZERO_WIDTH:
        return False, False, True
    if op is sre.LITERAL:
        return av in _DIGITS, av not in _DIGITS, False
    if op is sre.IN:
        return _in(av) + (False,)
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
        return _sequence(av[-1] if op is sre.SUBPATTERN else av)
    if op is sre.BRANCH:
        parts = [_sequence(alt) for alt in av[1]]
        return any(p[0] for p in parts), any(p[1] for p in parts), any(p[2] for p in parts)
    if op in _REPEATS:
        low, high, body = av
        d, o, empty = _sequence(body)
        return d and high > 0, o and high > 0, empty or low == 0
    if op in (sre.NOT_LITERAL, sre.ANY):
        return True, True, False
    return True, True, True            # a back-reference or anything else: it may open with anything


def _in(items) -> tuple[bool, bool]:
    """A character class: (can hold a digit, can hold anything else)."""
    digit = other = False
    for op, av in items:
        if op is sre.LITERAL:
            digit, other = digit or av in _DIGITS, other or av not in _DIGITS
        elif op is sre.RANGE:
            low, high = av
            digit = digit or low <= _DIGITS[-1] and high >= _DIGITS[0]
            other = other or low < _DIGITS[0] or high > _DIGITS[-1]
        elif op is sre.CATEGORY and av in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_DIGIT, sre.CATEGORY_NOT_WORD):
            other = True
        else:                               # \d, \w, \S, a negation...: anything, to be safe
            digit = other = True
    return digit, other
