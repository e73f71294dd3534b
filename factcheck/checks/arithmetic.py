"""arithmetic: a derived figure (change, multiple, share, per-head figure) checked against its operands.

Within one sentence, each figure gets a role from the word written just before
it ("from", "to", "by", "of", "or", "for") and, for a per-head figure, the
word just after it ("per", "each"). The operands are taken as written; the
derived figure may be rounded the way round figures are (see
`compare.precision_of`); the computed value must fall within both.
"""
from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass

import regex

from factcheck.checks.base import Context, Rule, words_pattern
from factcheck.compare import comparable, number, precision_of
from factcheck.guard import REGEX_TIMEOUT
from factcheck.model import Claim

_LAST_WORD = regex.compile(r"(?i)(?:(?P<word>[\p{L}]+)"
                           r"(?:\s+(?:the|a|an|all|its|their|our|his|her|these|those|this|that))?"
                           r"|(?P<mark>[,(]))\s*$")
_NEXT_WORD = regex.compile(r"(?i)\s*(?P<word>[\p{L}]+)")
_LEAD = 60        # characters before a figure searched for the word that gives its role


@dataclass
class _Sentence:
    claims: list[Claim]
    text: str                                  # the sentence, lowercase
    role: dict[str, str]                       # claim id -> the word (or "," "(") before it, past "the"
    after: dict[str, str]                      # claim id -> the word right after it
    index: dict[str, int]                      # claim id -> its position in `claims`
    deltas: list[int]                          # positions of the figures that size a change


def _figure(c: Claim) -> float | None:
    return c.value if c.value is not None else (c.low if c.low is not None else c.high)


def _usable(c: Claim) -> bool:
    """A single figure, exact, approximate or bounded on one side (not a range or "dozens")."""
    return c.qualifier not in ("range", "vague") and _figure(c) is not None


def _span(c: Claim, rounded: bool, cap: float, approx: float) -> tuple[float, float]:
    """The figure widened by its written rounding; a bound ("more than 117,000") is open on one side."""
    x = _figure(c)
    spread = precision_of(c.text, x, rounded=rounded, cap=cap)
    if c.qualifier == "approximate":
        spread += abs(x) * approx
    low = math.inf if c.qualifier in ("at-most", "less-than") else spread
    high = math.inf if c.qualifier in ("at-least", "more-than") else spread
    return x - low, x + high


def _range_of(fn, *spans: tuple[float, float]) -> tuple[float, float] | None:
    """Bounds of fn over the corners of the operand intervals (fn is monotone in each)."""
    try:
        values = [fn(*corner) for corner in itertools.product(*spans)]
    except ZeroDivisionError:
        return None
    if not values or any(math.isnan(v) for v in values):
        return None
    return min(values), max(values)


class _Checker:
    def __init__(self, ctx: Context):
        table = ctx.table("arithmetic")
        self.ctx = ctx
        self.cap = float(table.get("rounding_cap", 0.1))
        self.slack = float(table.get("slack", 0.01))
        self.approx = float(ctx.settings.get("compare", {}).get("approximate", 0.1))
        self.multiple_tolerance = float(table.get("multiple_tolerance", 0.1))
        self.multiples = {k.lower(): float(v) for k, v in table.get("multiples", {}).items()}
        self.per_words = {w.lower() for w in table.get("per_words", ())}
        self.above = tuple(w.lower() for w in table.get("above", ()))
        self.below = tuple(w.lower() for w in table.get("below", ()))
        self.rise = words_pattern(tuple(table.get("rise", ())))
        self.fall = words_pattern(tuple(table.get("fall", ())))
        self.multiple = words_pattern(tuple(self.multiples))

    def operand(self, c: Claim) -> tuple[float, float]:
        return _span(c, False, self.cap, self.approx)

    def stated(self, c: Claim) -> tuple[float, float]:
        lo, hi = _span(c, True, self.cap, self.approx)
        return lo - abs(lo) * self.slack, hi + abs(hi) * self.slack

    def disagrees(self, stated: Claim, expected: tuple[float, float] | None, magnitude: bool = True) -> bool:
        if expected is None:
            return False
        lo, hi = self.stated(stated)
        e_lo, e_hi = expected
        if magnitude:
            e_lo, e_hi = sorted((abs(e_lo), abs(e_hi))) if e_lo * e_hi > 0 else (0.0, max(abs(e_lo), abs(e_hi)))
            lo, hi = sorted((abs(lo), abs(hi)))
        return hi < e_lo or lo > e_hi

    # -- the sentence ---------------------------------------------------------------------

    def sentence(self, claims: list[Claim]) -> _Sentence:
        sent = self.ctx.sentence_of(claims[0])
        text = self.ctx.story.text
        role, after = {}, {}
        for c in claims:
            m = _LAST_WORD.search(text, max(sent.start, c.start - _LEAD), c.start, timeout=REGEX_TIMEOUT)
            role[c.id] = (m.group("word") or m.group("mark")).lower() if m else ""
            n = _NEXT_WORD.match(text, c.end, sent.end, timeout=REGEX_TIMEOUT)
            after[c.id] = n.group("word").lower() if n else ""
        deltas = [i for i, c in enumerate(claims) if _usable(c) and (
            role[c.id] == "by" or self.is_change_word(role[c.id]) or self.is_change_word(after[c.id]))]
        return _Sentence(claims, text[sent.start:sent.end].lower(), role, after,
                         {c.id: i for i, c in enumerate(claims)}, deltas)

    def check(self, claims: list[Claim]):
        s = self.sentence(claims)
        by_role: dict[str, list[Claim]] = {}
        for c in claims:
            by_role.setdefault(s.role[c.id], []).append(c)
        yield from self.changes(s, by_role)
        yield from self.shares(s, by_role)
        yield from self.per_head(s, by_role)

    # -- "rose 25 % to 150,000 from 100,000", "doubled from 200 to 500" ------------------------

    def changes(self, s: _Sentence, by_role: dict[str, list[Claim]]):
        for old in by_role.get("from", []):
            delta = self.delta(s, old)
            # "rose 25 % to 150,000 from 100,000"; else "117,000, up 30 % from 78,000"
            new = next((c for c in by_role.get("to", []) if comparable(old, c) and _usable(c)), None)
            if new is None and delta is not None:
                i = s.index[delta.id]
                new = s.claims[i - 1] if i > 0 and comparable(old, s.claims[i - 1]) else None
            if new is None or new is old or not _usable(new) or not _usable(old) or \
                    (old.subject_key and new.subject_key and old.subject_key != new.subject_key):
                continue
            ops = (self.operand(old), self.operand(new))
            line = f"line {self.ctx.line(old)}"
            multiple = self.multiple.search(s.text) if self.multiple else None
            if multiple:
                factor = self.multiples[regex.sub(r"\s+", " ", multiple.group().lower())]
                ratio = _range_of(lambda a, b: b / a, *ops)
                tol = factor * self.multiple_tolerance
                before = s.text[:multiple.start()].rstrip()
                low = -math.inf if any(before.endswith(w) for w in self.below) else factor - tol
                high = math.inf if any(before.endswith(w) for w in self.above) else factor + tol
                if ratio and (ratio[1] < low or ratio[0] > high):
                    yield RULE.finding(
                        f"\"{multiple.group()}\" from {old.text} to {new.text} ({line}): that is "
                        f"{number(_figure(new) / _figure(old))} times, not {number(factor)} times.",
                        [old, new], start=min(old.start, new.start), end=max(old.end, new.end),
                        hint="Check both figures, or describe the change with its own figures.")
                continue
            if delta is None or delta is new:
                continue
            yield from self.change(s, old, new, delta, ops, line)

    def delta(self, s: _Sentence, old: Claim) -> Claim | None:
        """The size of the change nearest `old`: a figure after "by" or a change verb, or before
        "increase"."""
        at = s.index[old.id]
        k = bisect.bisect_left(s.deltas, at)
        near = [i for i in s.deltas[max(0, k - 1):k + 2] if i != at]
        return s.claims[min(near, key=lambda i: abs(i - at))] if near else None

    def is_change_word(self, word: str) -> bool:
        return any(p is not None and p.fullmatch(word) for p in (self.rise, self.fall))

    def direction(self, s: _Sentence, delta: Claim) -> tuple[int, str]:
        """(+1 for a rise, -1 for a fall, 0 if unsaid; the word) around the size of a change."""
        for word in (s.role[delta.id], s.after[delta.id]):
            for sign, pattern in ((1, self.rise), (-1, self.fall)):
                if pattern is not None and pattern.fullmatch(word):
                    return sign, word
        return 0, ""

    def change(self, s, old, new, delta, ops, line):
        points = delta.unit not in (None, "percent") and delta.dimension == "percentage"
        both = [old, new, delta]
        where = dict(start=min(c.start for c in both), end=max(c.end for c in both))
        sign, word = self.direction(s, delta)
        diff = _range_of(lambda a, b: b - a, *ops)
        if sign and diff and (diff[1] < 0 if sign > 0 else diff[0] > 0):
            yield RULE.finding(
                f"\"{word}\" {delta.text}, but the figures go the other way: from {old.text} to {new.text} "
                f"({line}).", both, hint="Check which way the figure moved, and both figures.", **where)
            return
        if delta.dimension == "percentage" and old.dimension != "percentage":
            expected = _range_of(lambda a, b: (b - a) / a * 100, *ops)
            if self.disagrees(delta, expected):
                actual = (_figure(new) - _figure(old)) / _figure(old) * 100
                yield RULE.finding(
                    f"From {old.text} to {new.text} is a change of {number(actual)} %, not {delta.text} ({line}).",
                    both, hint="Recompute the percentage, or check the two figures.", **where)
        elif delta.dimension == "percentage" and old.dimension == "percentage":
            rel = _range_of(lambda a, b: (b - a) / a * 100, *ops)
            if points and self.disagrees(delta, diff):
                yield RULE.finding(
                    f"From {old.text} to {new.text} is {number(_figure(new) - _figure(old))} percentage "
                    f"points, not {delta.text} ({line}).", both,
                    hint="Recompute the difference, or check the two figures.", **where)
            elif not points and self.disagrees(delta, rel):
                points_match = not self.disagrees(delta, diff)
                gap = number(_figure(new) - _figure(old))
                yield RULE.finding(
                    f"From {old.text} to {new.text} is a change of {gap} percentage points "
                    f"({number((_figure(new) - _figure(old)) / _figure(old) * 100)} %), "
                    f"{'but the story says' if not points_match else 'written as'} {delta.text} ({line}).",
                    both, severity="warning" if points_match else None,
                    hint="Say \"percentage points\" for a difference of percentages." if points_match
                    else "Recompute the change, or check the two figures.", **where)
        elif comparable(delta, old):
            if self.disagrees(delta, diff):
                yield RULE.finding(
                    f"From {old.text} to {new.text} is a difference of "
                    f"{number(abs(_figure(new) - _figure(old)))}, not {delta.text} ({line}).", both,
                    hint="Recompute the difference, or check the two figures.", **where)

    # -- "7 of the 20, or 35 %" -----------------------------------------------------------------

    def shares(self, s: _Sentence, by_role: dict[str, list[Claim]]):
        for whole in by_role.get("of", []):
            i = s.index[whole.id]
            if i == 0 or i + 1 >= len(s.claims):
                continue
            part, share = s.claims[i - 1], s.claims[i + 1]
            if share.dimension != "percentage" or s.role[share.id] not in ("or", ",", "(") \
                    or not comparable(part, whole) or not (_usable(part) and _usable(whole) and _usable(share)):
                continue
            expected = _range_of(lambda a, b: a / b * 100, self.operand(part), self.operand(whole))
            if self.disagrees(share, expected, magnitude=False):
                yield RULE.finding(
                    f"{part.text} of {whole.text} is {number(_figure(part) / _figure(whole) * 100)} %, "
                    f"not {share.text} (line {self.ctx.line(part)}).", [part, whole, share],
                    start=part.start, end=share.end,
                    hint="Recompute the share, or check the two figures.")

    # -- "$2 million for 400 families, or $5,000 per family" --------------------------------------

    def per_head(self, s: _Sentence, by_role: dict[str, list[Claim]]):
        for i, each in enumerate(s.claims):
            if i < 2 or s.after[each.id] not in self.per_words or s.role[each.id] not in ("or", ",", "("):
                continue
            total, heads = s.claims[i - 2], s.claims[i - 1]
            if heads.dimension != "count" or not comparable(total, each) \
                    or not (_usable(total) and _usable(heads) and _usable(each)):
                continue
            expected = _range_of(lambda a, b: a / b, self.operand(total), self.operand(heads))
            if self.disagrees(each, expected, magnitude=False):
                yield RULE.finding(
                    f"{total.text} for {heads.text} is {number(_figure(total) / _figure(heads))} each, "
                    f"not {each.text} (line {self.ctx.line(total)}).", [total, heads, each],
                    start=total.start, end=each.end,
                    hint="Recompute the figure per head, or check the total and the count.")


def check(ctx: Context):
    checker = _Checker(ctx)
    by_sentence: dict[int, list[Claim]] = {}
    for claim in sorted(ctx.claims, key=lambda c: c.start):
        by_sentence.setdefault(claim.sentence, []).append(claim)
    for claims in by_sentence.values():
        if len(claims) >= 2:
            yield from checker.check(claims)


RULE = Rule(
    id="arithmetic",
    severity="error",
    summary="A derived figure (change, \"doubled\", share, per-head figure) that its operands do not give.",
    what="""
Within a sentence: a percent change with both ends ("rose 25 % to 150,000
from 100,000"); "doubled", "tripled", "halved" with both ends; a difference
with both ends ("fell by 2,000 to 18,000, from 21,000"); a change between two
percentages, in percentage points or percent (a change in points written as
"percent" is a warning); a share with its part and whole ("7 of the 20, or 35
%"); a per-head figure or average with its total and count ("$2 million for
400 families, or $5,000 per family"). The operands are taken as written; the
derived figure may be rounded the way round figures are, plus a small slack.""",
    why="""
Derived figures are where arithmetic slips hide: a reader can redo the sum,
and some will.""",
    example="Exports rose 25 percent to 150,000 tonnes from 100,000 tonnes.",
    correct="Exports rose 50 percent to 150,000 tonnes from 100,000 tonnes.",
    settings="""
[arithmetic] in rules/settings.toml: slack, rounding_cap (as for
unit-conversion), multiples ("doubled" = 2 ...), multiple_tolerance, rise and
fall (change verbs), per_words ("per", "each", "a", "apiece").""",
    check=check,
)
