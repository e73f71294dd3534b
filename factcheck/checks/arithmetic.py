"""arithmetic: a derived figure (change, multiple, share, per-head figure) checked against its operands.

Within one sentence, each figure gets a role from the word written just before
it ("from", "to", "by", "of", "or", "for") and, for a per-head figure, the
word just after it ("per", "each"). A multiple of an earlier figure ("has
doubled since June, when it was 3,000") may find the figure it has become in an
earlier sentence that names the same thing. The operands are taken as written; the
derived figure may be rounded the way round figures are (see
`compare.precision_of`); the computed value must fall within both.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import math
from dataclasses import dataclass
from typing import Callable, Iterator

import regex

from factcheck.checks.base import CLAUSE_REACH, SPACES, Context, Rule, alternation, claims_by_sentence, is_fraction, of_whole, \
    words_pattern
from factcheck.checks.real_change import real_changes
from factcheck.compare import comparable, number, precision_of, restate
from factcheck.guard import fuse
from factcheck.model import Claim

# searched backwards ((?r)) from the figure: a forward search tries every start in the window
_LAST_WORD = regex.compile(r"(?ri)(?:(?P<word>[\p{L}]+)"
                           r"(?:\s+(?:the|a|an|all|its|their|our|his|her|these|those|this|that))?"
                           r"|(?P<mark>[,(]))\s*[+±]?$")   # "from +1.1 percent"
# (past an aside in parentheses: "6.4 percent (±8.5 percent)* below")
_NEXT_WORD = regex.compile(r"(?i)\s*(?:\([^()]{0,40}\)\W*)?(?P<word>[\p{L}]+)")
# the noun a figure is "of": "a rise of 56 percent", "an increase of 2,000"
_NOUN_OF = regex.compile(r"(?ri)(?P<word>\p{L}+)\s+of\s+$")
_DELTA_BEFORE = ("by", "down", "up")          # "dropping by 7,300", "down 2,200 admissions": a change
_DELTA_AFTER = ("fewer", "more", "less")     # "2,300 fewer prisoners than in 2015": a change
_LEAD = 60        # characters before a figure searched for the word that gives its role
_NEAR = 4         # figures either side of an average or a rest searched for its operands
_MAX_MARGINS = 8  # margins checked in one story: real copy has one or two; each reads the whole story
_THAN = regex.compile(r"(?i)\s+(?P<word>\p{L}+)\s+than\b(?:\s+(?:with|in|for|at|from|to|the|of|a)\b)*"
                      r"(?:\s+(?:(?P<thing>\p{Lu}\p{L}*(?:[.-]\p{Lu}\p{L}*)*)|(?P<year>(?:1[89]|20)\d\d))"
                      r"(?=\s*(?:[.,;:)]|$)))?")
# "five more than its secure tally": the figure "than" leads to, named by a word of its noun
_THAN_OWN = regex.compile(r"(?i)\s*(?:(?:its|their|his|her|the)\s+)?(?P<own>[\p{L}-]+)\s+(?:tally|total|count|figure|number)\b")
_HEADS_NOUN = regex.compile(r"[ \t]+[\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+){0,2}[ \t]+")   # "400 families $8,000 each"
_EACH = regex.compile(r"(?i)\beach\b")
# between a share and its whole: "12 percent of its 15,000", "62 percent of the 8 million", "12 percent of
# its workforce of 15,000"
_SHARE_OF = regex.compile(r"(?i)[ \t]+of[ \t]+(?:(?:the|its|their|his|her|all)[ \t]+)?(?:[\p{L}-]+[ \t]+of[ \t]+)?")
_PART_OF = regex.compile(r"(?i)\s+of\s+(?:the|his|her|its|their|our|your|all)\s+")   # "750 of his 900"
_OF_THEM = regex.compile(r"(?i)\s+of\s+(?:them|those|these|which)\b")
# a capitalised word: "Buhari", "Akufo-Addo's"
_NAME = regex.compile(r"\b\p{Lu}[\p{L}-]+(?='s\b|\u2019s\b|\b)")
# what follows a share a verb gives a part of ("(69 percent) of the decline"): the words up to the clause's end
_SHARE_WHOLE = regex.compile(r"(?i)\)?\s+of\s+(?P<whole>[^,;.()]{1,40})")
# a count and its share of a total the story states elsewhere: "6.7 million votes -- 51.6 percent
# of the total", "6.2 million votes, or 47.4 percent"
_PAIR = regex.compile(r"(?i)(?:[ \t]+[\p{L}-]+){0,3}?[ \t]*(?:,[ \t]*or|,|\(|--|[–—])[ \t]*")


@functools.cache
def _nested_before(words: tuple[str, ...]) -> regex.Pattern | None:
    return regex.compile(r"(?i)\b(?:" + alternation(words) + r")\s*,?\s*$") if words else None


def nested_count(ctx: Context, claim: Claim, floor: int) -> bool:
    """Whether a count is written as a part of the count before it, after a word of
    `[parts-exceed-total] nested`: "51 (81%) were interviewed, and of those, 43 (84%) reported
    eating salad" (43 of the 51)."""
    pattern = _nested_before(tuple(ctx.table("parts-exceed-total").get("nested", ())))
    return pattern is not None and pattern.search(ctx.story.text, max(floor, claim.start - 20), claim.start,
                                                  **fuse()) is not None


def share_pair(text: str, part: Claim, share: Claim) -> bool:
    """Whether `share` is written as the share `part` is of some whole: "15.4 million votes, or 54
    percent", "6.7 million votes -- 51.6 percent of the total"."""
    return part.dimension == "count" and share.dimension == "percentage" and part.sentence == share.sentence \
        and _PAIR.fullmatch(text, part.end, share.start, **fuse()) is not None


@dataclass
class _Multiple:
    """A stated multiple: "doubled", "nearly tripled", "more than three times"."""
    words: str
    factor: float
    low: float                                 # the ratios it allows
    high: float
    start: int                                 # its offsets in the story
    end: int
    claim: Claim | None = None                 # the figure of "three times", if written as one


@dataclass
class _Sentence:
    claims: list[Claim]
    start: int                                 # offset of the sentence in the story
    text: str                                  # the sentence, lowercase
    role: dict[str, str]                       # claim id -> the word (or "," "(") before it, past "the"
    after: dict[str, str]                      # claim id -> the word right after it (any claim of the story)
    index: dict[str, int]                      # claim id -> its position in `claims`
    deltas: list[int] | None = None            # positions of the figures that size a change


def _figure(c: Claim) -> float | None:
    return c.value if c.value is not None else (c.low if c.low is not None else c.high)


@functools.cache
def _demonstratives(phrases: tuple[str, ...]) -> regex.Pattern | None:
    """ "That is", "That, he says, is": a demonstrative phrase opening a sentence, a short aside
    allowed after its first word."""
    if not phrases:
        return None
    forms = [regex.escape(first) + r"(?:\s*,[^,.;]{1,40},?)?\s+" + regex.escape(rest) if rest else regex.escape(first)
             for first, _, rest in (p.strip().partition(" ") for p in phrases)]
    return regex.compile(r"(?i)\s*(?:" + "|".join(forms) + r")\b")


@functools.cache
def _from_level(levels: tuple[str, ...]) -> regex.Pattern | None:
    """ "from the revised total of", "below the revised August figure of" right before a figure
    (searched backwards): the level a change starts from, the figure its old value."""
    if not levels:
        return None
    return regex.compile(r"(?ri)\b(?:from|above|below)\s+(?:the|a|an|its|their|his|her)\s+(?:[\p{L}-]+\s+){0,2}(?:"
                         + alternation(levels) + r")\s+of\s+$")


def _relative(gap: Claim, other: Claim) -> bool:
    """Whether a gap is written as a percentage of a figure that is none ("273,000 jobs, nearly 40
    percent more than the 214,000")."""
    return gap.dimension == "percentage" and gap.unit in (None, "percent") and other.dimension != "percentage"


def _usable(c: Claim) -> bool:
    """A single figure, exact, approximate or bounded on one side (not a range or "dozens")."""
    return c.qualifier not in ("range", "vague") and _figure(c) is not None


def _span(c: Claim, rounded: bool, cap: float, approx: float, under: bool = False) -> tuple[float, float]:
    """The figure widened by its written rounding; a bound ("more than 117,000") is open on one side
    and the figure itself on the other; a figure written as just under ("almost 10 million")
    goes no higher than itself and no lower than its approximate tolerance below it (not also its
    rounding: "nearly 60 percent" is 54 to 60); an operand counted in full ("nine", "2,300") is
    exact."""
    x = _figure(c)
    spread = precision_of(c.text, x, rounded=rounded, cap=cap)
    if c.dimension == "count" and not rounded and spread <= 0.5:
        spread = 0.0                 # a head count written in full is exact (as compare.bounds reads it)
    if c.qualifier == "approximate":
        spread = abs(x) * approx if under else spread + abs(x) * approx   # "nearly 60": just under 60
    above, below = c.qualifier in ("at-least", "more-than"), c.qualifier in ("at-most", "less-than")
    low = math.inf if below else (0.0 if above else spread)
    high = math.inf if above else (0.0 if under or below else spread)
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


class _Words:
    """The arithmetic table's words and patterns, which depend on the settings alone: read once per
    process (`ctx.lexicon`), and each story's checker starts with them as its attributes."""
    def __init__(self, ctx: Context):
        table = ctx.table("arithmetic")
        self.cap = float(table.get("rounding_cap", 0.1))
        self.slack = float(table.get("slack", 0.01))
        self.approx = float(ctx.settings.get("compare", {}).get("approximate", 0.1))
        self.multiple_tolerance = float(table.get("multiple_tolerance", 0.1))
        self.multiples = {k.lower(): float(v) for k, v in table.get("multiples", {}).items()}
        self.per_words = {w.lower() for w in table.get("per_words", ())}
        self.above = tuple(w.lower() for w in table.get("above", ()))
        self.below = tuple(w.lower() for w in table.get("below", ()))
        self.bound_words = {w for phrase in self.above + self.below for w in phrase.split()}
        self.stop = ctx.words("subjects.toml", "noun_phrase", "stop")
        self.rise = words_pattern(tuple(table.get("rise", ())))
        self.fall = words_pattern(tuple(table.get("fall", ())))
        self.multiple = words_pattern(tuple(self.multiples))
        self.linking = ctx.words("predicates.toml", "linking", "words")
        self.comparative = words_pattern(tuple(table.get("comparatives", ())))
        self.demonstrative = _demonstratives(tuple(table.get("demonstratives", ())))
        self.total_words = tuple(w.lower() for w in table.get("totals", ()))
        self.margin_verb = words_pattern(tuple(table.get("margin_verbs", ())))
        self.margin_noun = words_pattern(tuple(table.get("margin_nouns", ())))
        self.share_verb = words_pattern(tuple(table.get("share_verbs", ())))
        self.share_nouns = frozenset(w.lower() for w in table.get("share_nouns", ()))
        self.change_noun = words_pattern(tuple(table.get("change_nouns", ())))
        self.total_word = words_pattern(self.total_words)
        self.result_words = frozenset(w.lower() for w in table.get("result_words", ()))
        self.level_nouns = frozenset(w.lower() for w in table.get("level_nouns", ()))
        self.from_level = _from_level(tuple(self.level_nouns))


class _Checker(_Words):
    def __init__(self, ctx: Context):
        vars(self).update(vars(ctx.lexicon(_Words)))      # _Words' attributes, not read again
        self.ctx = ctx
        self.after = ctx.once(next_words)
        self.multiple_figures = ctx.once(multiples_of)
        self.totals = self.stated_totals(self.total_word)
        self.margins_left = _MAX_MARGINS
        self._names_before: dict[str, list[str]] | None = None

    def under(self, c: Claim) -> bool:
        """ "almost 10 million", "nearly 50 percent": the figure written is an upper bound."""
        return c.qualifier == "approximate" and c.text.lower().startswith(self.below)

    def operand(self, c: Claim) -> tuple[float, float]:
        return _span(c, False, self.cap, self.approx, self.under(c))

    def stated(self, c: Claim) -> tuple[float, float]:
        lo, hi = _span(c, True, self.cap, self.approx, self.under(c))
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
        role = {}
        for c in claims:
            m = _LAST_WORD.search(text, max(sent.start, c.start - _LEAD), c.start, **fuse())
            role[c.id] = (m.group("word") or m.group("mark")).lower() if m else ""
            if role[c.id] == "of" and self.from_level is not None and \
                    self.from_level.search(text, max(sent.start, c.start - _LEAD), c.start, **fuse()):
                role[c.id] = "from"          # "down about 1 percent from the revised total of 5,764"
        return _Sentence(claims, sent.start, text[sent.start:sent.end].lower(), role, self.after,
                         {c.id: i for i, c in enumerate(claims)})

    def check(self, claims: list[Claim], earlier: list[list[Claim]]):
        s = self.sentence(claims)
        by_role: dict[str, list[Claim]] = {}
        for c in claims:
            by_role.setdefault(s.role[c.id], []).append(c)
        if not by_role.get("from"):
            yield from self.multiple_since(s, earlier)
        yield from self.margins(s)
        yield from self.averages(s, earlier)
        if len(claims) < 2:
            return
        yield from self.changes(s, by_role, earlier)
        yield from self.shares(s, by_role)
        yield from self.shares_of_them(s, earlier)
        yield from self.shares_of_total(s)
        yield from self.accounted_shares(s, earlier)
        yield from self.gaps(s, earlier)
        yield from self.gap_after_that(s, earlier)
        yield from self.per_head(s, by_role)
        yield from self.each_to_total(s)

    # -- "rose 25 % to 150,000 from 100,000", "doubled from 200 to 500" ------------------------

    def changes(self, s: _Sentence, by_role: dict[str, list[Claim]], earlier: list[list[Claim]]):
        if not by_role.get("from"):
            yield from self.change_between_levels(s)
        for old in by_role.get("from", []):
            delta = self.delta(s, old)
            # "rose 25 % to 150,000 from 100,000"; else "117,000, up 30 % from 78,000"
            new = min((c for c in by_role.get("to", []) if comparable(old, c) and _usable(c)),
                      key=lambda c: abs(c.start - old.start), default=None)    # the nearest: two changes in a sentence
            if new is None and delta is not None:
                i = s.index[delta.id]
                if i > 0 and s.claims[i - 1] is old:    # "120 murders, down from 150, a decline of 25 percent"
                    i -= 1
                new = s.claims[i - 1] if i > 0 and comparable(old, s.claims[i - 1]) else None
            if new is None and delta is not None and s.index[delta.id] == 0 and self.demonstrative is not None \
                    and self.demonstrative.match(self.ctx.story.text, s.start, delta.start, **fuse()):
                new = self.referent(old, self.ctx.before_in_paragraph(earlier, old))   # "136,000 ... That
                                                                                   # is a 46 percent decline from"
            if new is None or new is old or not _usable(new) or not _usable(old) or \
                    (old.subject_key and new.subject_key and old.subject_key != new.subject_key
                     and old.subject_key not in self.level_nouns):    # "the revised August figure of"
                continue
            ops = (self.operand(old), self.operand(new))
            line = f"line {self.ctx.line(old)}"
            multiple = self.multiple_in(s)
            if multiple:
                yield from self.multiplied(multiple, old, new, ops)
                continue
            if delta is None or delta is new:
                continue
            yield from self.change(s, old, new, delta, ops, line)

    def referent(self, old: Claim, before: list[Claim]) -> Claim | None:
        """The figure of the sentence before that "That" stands for in a change from `old`: of those
        on old's scale (not a multiple), the one nearest it in size ("136,000 people crossed into 19
        countries. That is a 46 percent decline from some 212,000": 136,000), but never a part of a
        larger count of the same thing before it ("67 complaints – 58 regarding race, ...": 67)."""
        found = [c for c in before if _usable(c) and comparable(old, c) and c.id not in self.multiple_figures
                 and _figure(c) and _figure(old)]
        found = [c for c in found if not any(d.start < c.start and d.subject_key == c.subject_key
                                             and _figure(d) > _figure(c) for d in found)]
        return min(found, key=lambda c: abs(math.log(abs(_figure(c) / _figure(old)))), default=None)

    def change_between_levels(self, s: _Sentence):
        """ "which was 4.7 percent as recently as December, was 2.8 percent in May, a slowdown of
        2.1 percentage points": a change in points named by a change noun ("a slowdown of") after
        exactly two percentages of its sentence, from the first to the second."""
        for i, delta in enumerate(s.claims):
            if delta.dimension != "percentage" or delta.unit in (None, "percent") \
                    or not self.is_change_word(self.noun_of(s, delta)):
                continue
            levels = [c for c in s.claims[:i] if c.dimension == "percentage" and c.unit == "percent" and _usable(c)]
            if len(levels) == 2:
                old, new = levels
                yield from self.change(s, old, new, delta, (self.operand(old), self.operand(new)),
                                       f"line {self.ctx.line(old)}")

    def multiple_in(self, s: _Sentence) -> _Multiple | None:
        """The multiple the sentence states, as a word ("doubled") or a figure ("three times")."""
        for c in s.claims:
            if c.id in self.multiple_figures and c.dimension == "count" and _usable(c):
                factor, tol = _figure(c), _figure(c) * self.multiple_tolerance
                if c.qualifier == "approximate":
                    tol += factor * self.approx
                words = c.text.lower()
                low = -math.inf if c.qualifier in ("at-most", "less-than") or words.startswith(self.below) \
                    else factor - tol
                high = math.inf if c.qualifier in ("at-least", "more-than") else factor + tol
                return _Multiple(f"{c.text} times", factor, low, high, c.start, c.end, c)
        m = self.multiple.search(s.text) if self.multiple else None
        if not m:
            return None
        factor = self.multiples[SPACES.sub(" ", m.group().lower())]
        tol = factor * self.multiple_tolerance
        before = s.text[:m.start()].rstrip()
        low = -math.inf if before.endswith(self.below) else factor - tol
        high = math.inf if before.endswith(self.above) else factor + tol
        return _Multiple(m.group(), factor, low, high, s.start + m.start(), s.start + m.end())

    def multiplied(self, m: _Multiple, old: Claim, new: Claim, ops):
        ratio = _range_of(lambda a, b: b / a, *ops)
        if not ratio or m.low <= ratio[1] and ratio[0] <= m.high:
            return
        times = f"{number(_figure(new) / _figure(old))} times"
        if new.sentence == old.sentence:
            said = f"{new.text} is {times} {old.text}, not \"{m.words}\" (line {self.ctx.line(old)})."
        else:
            said = (f"{new.text} (line {self.ctx.line(new)}) is {times} {old.text} (line {self.ctx.line(old)}), "
                    f"not \"{m.words}\".")
        spans = [old, m] + ([new] if new.sentence == old.sentence else [])
        yield RULE.finding(
            said,
            [old, new] + ([m.claim] if m.claim else []),
            start=min(x.start for x in spans), end=max(x.end for x in spans),
            hint="Check both figures, or describe the change with its own figures.")

    # -- "has doubled since August, when the agency predicted 185,000" ------------------------

    def multiple_since(self, s: _Sentence, earlier: list[list[Claim]]):
        """A multiple of an earlier figure written after it, against the figure it has become:
        written before the multiple in the sentence, the last of the sentence before when
        this one opens "That is", or in an earlier sentence that names
        the thing that multiplied ("The forecast has doubled" -> the last sentence with
        "forecast" and a figure comparable to the earlier one)."""
        m = self.multiple_in(s)
        if m is None:
            return
        old = next((c for c in s.claims if c.start >= m.end and c is not m.claim and _usable(c)), None)
        if old is None:
            return
        if old.dimension == "percentage" and self.direction(s, old)[0]:
            yield from self.multiple_as_percent(s, m, old)    # "more than doubled, with a 109.8 percent increase"
            return
        if s.role[old.id] in self.result_words:
            yield from self.multiple_to(s, m, old, earlier)   # "more than doubled ..., totaling more than 70,000"
            return
        new = next((c for c in reversed(s.claims) if c.end <= m.start and c is not m.claim and _usable(c)
                    and comparable(old, c) and _same_thing(old, c)), None)
        if new is None and earlier and self.demonstrative is not None and \
                self.demonstrative.match(self.ctx.story.text, s.start, m.start, **fuse()):
            new = next((c for c in reversed(earlier[-1]) if _usable(c) and comparable(old, c)
                        and c.id not in self.multiple_figures), None)     # "... 2.5 percent. That is double"
        if new is not None:
            yield from self.multiplied(m, old, new, (self.operand(old), self.operand(new)))
            return
        thing = self.thing(s, m)
        for claims in reversed(earlier) if thing else ():
            sent = self.ctx.sentence_of(claims[0])
            if not thing.search(self.ctx.story.text, sent.start, sent.end, **fuse()):
                continue
            found = [c for c in claims if _usable(c) and comparable(old, c)]
            new = next((c for c in found if _same_thing(old, c)), found[0] if found else None)
            if new is not None:       # the figure as written: "up to 700,000" is the forecast
                x, spread = _figure(new), precision_of(new.text, _figure(new))
                if new.qualifier == "approximate":
                    spread += abs(x) * self.approx
                yield from self.multiplied(m, old, new, (self.operand(old), (x - spread, x + spread)))
            return

    def multiple_to(self, s: _Sentence, m: _Multiple, new: Claim, earlier: list[list[Claim]]):
        """ "... previously home to 34,000 Rohingya refugees ... The population has more than doubled
        in two weeks, totaling more than 70,000": the figure after the multiple is what it became;
        the one it multiplied is the figure before it nearest in size, in its sentence or the one
        before in its paragraph."""
        before = self.ctx.before_in_paragraph(earlier, s.claims[0]) + [c for c in s.claims if c.end <= m.start]
        old = self.referent(new, [c for c in before if c is not m.claim and _same_thing(new, c)])
        if old is not None:
            yield from self.multiplied(m, old, new, (self.operand(old), self.operand(new)))

    def multiple_as_percent(self, s: _Sentence, m: _Multiple, change: Claim):
        """A multiple and the same change as a percentage after it ("has more than doubled ..., with
        a 109.8 percent increase"): the percentage must give the multiple (+100 % is "doubled")."""
        sign, _ = self.direction(s, change)
        if not _usable(change):
            return
        ratio = _range_of(lambda p: 1 + sign * p / 100, self.operand(change))
        if ratio and not (m.low <= ratio[1] and ratio[0] <= m.high):
            yield RULE.finding(
                f"A change of {change.text} makes the figure {number(1 + sign * _figure(change) / 100)} "
                f"times what it was, not \"{m.words}\" (line {self.ctx.line(change)}).", [change],
                start=min(m.start, change.start), end=max(m.end, change.end),
                hint="Check the percentage and the word for the change against each other.")

    def thing(self, s: _Sentence, m: _Multiple) -> regex.Pattern | None:
        """The noun right before a multiple, past auxiliaries and bounds ("The forecast has more
        than doubled" -> forecast), as a whole-word pattern; None for a pronoun or none."""
        words = regex.findall(r"[\p{L}']+", s.text[:m.start - s.start])
        while words and (words[-1] in self.linking or words[-1] in self.bound_words):
            words.pop()
        if not words or words[-1] in self.stop:
            return None
        return regex.compile(r"(?i)\b" + regex.escape(words[-1]) + r"\b")

    def delta(self, s: _Sentence, old: Claim) -> Claim | None:
        """The size of the change nearest `old`: a figure after "by" or a change verb, or before
        "increase"."""
        if s.deltas is None:        # worked out only for a sentence with a change "from" a figure
            s.deltas = [i for i, c in enumerate(s.claims) if _usable(c) and (
                s.role[c.id] == "by" or self.is_change_word(s.role[c.id]) or self.is_change_word(s.after[c.id])
                or self.is_change_word(self.noun_of(s, c)) or self.restated_change(s, i))]
        at = s.index[old.id]
        k = bisect.bisect_left(s.deltas, at)
        near = [i for i in s.deltas[max(0, k - 1):k + 2] if i != at]
        return s.claims[min(near, key=lambda i: abs(i - at))] if near else None

    def restated_change(self, s: _Sentence, i: int) -> bool:
        """ "increased to $315.8 billion from $302.0 billion, or 2.7 percent": a percentage after
        "or" right after a change's two levels restates its size (not "or 2.7 percent of GDP")."""
        c = s.claims[i]
        return i >= 2 and s.role[c.id] == "or" and c.unit == "percent" and s.after[c.id] != "of" \
            and {s.role[s.claims[i - 1].id], s.role[s.claims[i - 2].id]} == {"from", "to"}

    def noun_of(self, s: _Sentence, c: Claim) -> str:
        """The change noun before "of" and the figure ("a rise of 56 percent"), or ""."""
        if s.role[c.id] != "of":
            return ""
        m = _NOUN_OF.search(self.ctx.story.text, max(s.start, c.start - _LEAD), c.start, **fuse())
        return m.group("word").lower() if m else ""

    def is_change_word(self, word: str) -> bool:
        return any(p is not None and p.fullmatch(word) for p in (self.rise, self.fall))

    def direction(self, s: _Sentence, delta: Claim) -> tuple[int, str]:
        """(+1 for a rise, -1 for a fall, 0 if unsaid; the word) around the size of a change."""
        for word in (s.role[delta.id], s.after[delta.id], self.noun_of(s, delta)):
            for sign, pattern in ((1, self.rise), (-1, self.fall)):
                if pattern is not None and pattern.fullmatch(word):
                    return sign, word
        return 0, ""

    def change(self, s, old, new, delta, ops, line):
        bare = delta.unit is None and s.after[delta.id] in ("point", "points")   # "up 9 points from 57 percent"
        points = bare or (delta.unit not in (None, "percent") and delta.dimension == "percentage")
        written = f"{delta.text} points" if bare else delta.text
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
        elif old.dimension == "percentage" and (delta.dimension == "percentage" or bare):
            rel = _range_of(lambda a, b: (b - a) / a * 100, *ops)
            if points and self.disagrees(delta, diff):
                yield RULE.finding(
                    f"From {old.text} to {new.text} is {number(_figure(new) - _figure(old))} percentage "
                    f"points, not {written} ({line}).", both,
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
        elif is_fraction(delta) and old.dimension != "percentage":    # "cut by a third, from $90 million to $70 million"
            expected = _range_of(lambda a, b: abs(b - a) / a, *ops)
            if self.disagrees(delta, expected):
                yield RULE.finding(
                    f"From {old.text} to {new.text} is a change of "
                    f"{number(abs(_figure(new) - _figure(old)) / _figure(old) * 100)} %, not {delta.text} ({line}).",
                    both, hint="Recompute the change, or check the two figures.", **where)
        elif comparable(delta, old):
            if self.disagrees(delta, diff):
                yield RULE.finding(
                    f"From {old.text} to {new.text} is a difference of "
                    f"{number(abs(_figure(new) - _figure(old)))}, not {delta.text} ({line}).", both,
                    hint="Recompute the difference, or check the two figures.", **where)

    # -- "7 of the 20, or 35 %" -----------------------------------------------------------------

    def shares(self, s: _Sentence, by_role: dict[str, list[Claim]]):
        """ "7 of the 20, or 35 %"; "Of the 40 patients, 10 died, a fatality rate of 35 percent"; "1,500 jobs,
        or 12 percent of its 15,000-strong workforce"; "62 percent of the 8 million registered voters, or
        about 5.9 million people"."""
        for whole in by_role.get("of", []):
            i = s.index[whole.id]
            opening = i == 0 and i + 2 < len(s.claims)        # "Of the 40 patients, 10 died, ..."
            if not opening and (i == 0 or i + 1 >= len(s.claims)):
                continue
            part, share = (s.claims[i + 1], s.claims[i + 2]) if opening else (s.claims[i - 1], s.claims[i + 1])
            named = opening and s.role[share.id] == "of" and self.noun_of(s, share) in self.share_nouns
            if share.dimension != "percentage" or whole.dimension == "percentage" \
                    or (s.role[share.id] not in ("or", ",", "(") and not named) \
                    or not comparable(part, whole) or not (_usable(part) and _usable(whole) and _usable(share)):
                continue
            yield from self.share(part, whole, share)
        for i in range(1, len(s.claims) - 1):
            a, b, c = s.claims[i - 1], s.claims[i], s.claims[i + 1]
            if b.dimension == "percentage" and s.role[b.id] in ("or", ",") and s.role[c.id] == "of":
                part, share, whole = a, b, c      # "cut 1,500 jobs, or 12 percent of its 15,000-strong workforce"
            elif a.dimension == "percentage" and s.role[b.id] == "of" and s.role[c.id] in ("or", ","):
                share, whole, part = a, b, c      # "62 percent of the 8 million registered voters, or about 5.9 million"
            else:
                continue
            if whole.dimension != "percentage" and comparable(part, whole) \
                    and _SHARE_OF.fullmatch(self.ctx.story.text, share.end, whole.start, **fuse()) \
                    and _usable(part) and _usable(whole) and _usable(share):
                yield from self.share(part, whole, share)

    def shares_of_them(self, s: _Sentence, earlier: list[list[Claim]]):
        """ "to fill 220 seats, and the party would take 175 of them, or 85 percent": the whole is
        the nearest figure before the part, in its sentence or the one before, that can hold it."""
        text = self.ctx.story.text
        for i in range(1, len(s.claims)):
            part, share = s.claims[i - 1], s.claims[i]
            if share.dimension != "percentage" or s.role[share.id] not in ("or", ",", "(") \
                    or not _OF_THEM.match(text, part.end, share.start, **fuse()) \
                    or not (_usable(part) and _usable(share)):
                continue
            before = s.claims[:i - 1][::-1] + (earlier[-1][::-1] if earlier else [])
            whole = next((c for c in before if c.id not in self.multiple_figures and _usable(c)
                          and comparable(part, c) and _figure(c) >= _figure(part)), None)
            if whole is not None:
                yield from self.share(part, whole, share)

    def stated_totals(self, cue: regex.Pattern | None) -> dict[str, list[Claim]]:
        """Counts the story gives as a total: a word of `totals` before them in their sentence
        ("the total number of valid votes cast was 13,434,574", "a total of 61")."""
        if cue is None:
            return {}
        text = self.ctx.story.text
        totals: dict[str, list[Claim]] = {}                       # subject family -> its totals
        for c in self.ctx.claims:
            if c.dimension == "count" and c.subject_key and _usable(c) and cue.search(
                    text, max(self.ctx.sentence_of(c).start, c.start - _LEAD), c.start, **fuse()):
                totals.setdefault(c.subject_key, []).append(c)
        return totals

    def shares_of_total(self, s: _Sentence):
        """ "Akufo-Addo won 6.7 million votes -- 51.6 percent of the total", against the total of
        the same thing the story states elsewhere ("the total number of valid votes cast was
        13,434,574"); a share "of" anything but the total is another share."""
        text = self.ctx.story.text
        for i, (part, share) in enumerate(zip(s.claims, s.claims[1:])):
            if not part.subject_key or not (_usable(part) and _usable(share)) or not share_pair(text, part, share):
                continue
            of = of_whole(text, share.end)
            if of and of.group("whole").lower() not in self.total_words:
                continue
            if nested_count(self.ctx, part, s.start):       # "of those, 43 (84%)": of the count before it
                total = next((c for c in s.claims[:i][::-1] if c.dimension == "count" and _usable(c)
                              and comparable(part, c) and _figure(c) >= _figure(part)), None)
            else:
                total = next((c for c in self.totals.get(part.subject_key, ()) if c is not part
                              and comparable(part, c) and _figure(c) > _figure(part)), None)
            if total is not None:
                yield from self.share(part, total, share)

    def accounted_shares(self, s: _Sentence, earlier: list[list[Claim]]):
        """A part said to make up a share of a whole given before it: of a change ("21,200 fewer
        than in 2015. The BOP accounted for more than a third (34 percent) of the total change,
        dropping by 7,300"), the part a change in the share's sentence ("by", "down", "up" before
        it) and the whole the change before it ("fewer", "more", "less" after it, or one of those
        words before it); of a total ("about 20 storms a year, so the nine so far make up nearly
        60 percent of a normal year's total"), the part the count just before the verb and the
        whole the count of the same thing before that."""
        if self.share_verb is None:
            return
        text = self.ctx.story.text
        for i, share in enumerate(s.claims):
            if share.dimension != "percentage" or not _usable(share):
                continue
            verb = self.share_verb.search(text, max(s.start, share.start - _LEAD), share.start, **fuse())
            whole_words = _SHARE_WHOLE.match(text, share.end, min(len(text), share.end + 60), **fuse())
            if verb is None or whole_words is None:
                continue
            span = whole_words.span("whole")
            before = [c for c in s.claims[:i][::-1] + [c for sent in earlier[-1:] for c in sent[::-1]]
                      if c.dimension == "count" and _usable(c) and c.id not in self.multiple_figures]
            if self.change_noun is not None and self.change_noun.search(text, *span, **fuse()):
                part = next((c for c in s.claims[i + 1:] + s.claims[:i][::-1] if c.dimension == "count"
                             and _usable(c) and s.role[c.id] in _DELTA_BEFORE), None)
                whole = part and next((c for c in before if c is not part and c.start < part.start
                                       and (self.after[c.id] in _DELTA_AFTER or self.role_of(c) in _DELTA_BEFORE)), None)
            elif self.total_word is not None and self.total_word.search(text, *span, **fuse()):
                part = next((c for c in s.claims[:i][::-1] if c.dimension == "count" and _usable(c)
                             and c.end <= verb.start()), None)
                whole = part and next((c for c in before if c.start < part.start and c.subject_key
                                       and c.subject_key == part.subject_key), None)
            else:
                continue
            if part is not None and whole is not None and comparable(part, whole) and _figure(whole) >= _figure(part):
                yield from self.share(part, whole, share)

    def role_of(self, c: Claim) -> str:
        """The word just before a figure of any sentence, as `sentence` reads it."""
        return self.sentence([c]).role[c.id]

    def share(self, part: Claim, whole: Claim, share: Claim):
        yield from self.derived(part, whole, share, lambda a, b: a / b * 100,
                                lambda v: f"{part.text} of {whole.text} is {v} %",
                                "Recompute the share, or check the two figures.")

    # -- "arrested 73,362 fugitives ... 239 fugitives per day (based on 250 operational days)" ----------

    def averages(self, s: _Sentence, earlier: list[list[Claim]]):
        """A rate per period ("239 fugitives per day", extra["per"] from the subjects stage) with the
        number of periods in its sentence ("based on 250 operational days") against the total of the
        same thing in its sentence or the one before in its paragraph ("arrested 73,362
        fugitives")."""
        text = self.ctx.story.text
        for i, rate in enumerate(s.claims):
            per = rate.extra.get("per")
            if not per or not _usable(rate):
                continue
            periods_re = _periods(per)
            near = s.claims[max(0, i - _NEAR):i + _NEAR + 1]         # its neighbours, not a run-on sentence
            periods = next((c for c in near if c is not rate and _usable(c) and (   # "250 days",
                c.unit == per or c.unit is None and periods_re.match(text, c.end, c.end + 40))), None)
            if periods is None:                                        # "250 operational days"
                continue
            pool = near + self.ctx.before_in_paragraph(earlier, rate)[-_NEAR:]   # a total of its paragraph
            total = next((c for c in pool if c not in (rate, periods) and c.dimension == "count"
                          and not c.extra.get("per") and c.subject_key == rate.subject_key and _usable(c)
                          and _figure(c) > _figure(rate)), None)
            if total is None:
                continue
            if self.disagrees(rate, _range_of(lambda t, d: t / d, self.operand(total), self.operand(periods)),
                              magnitude=False):
                yield RULE.finding(
                    f"{total.text} (line {self.ctx.line(total)}) over "
                    f"{periods.text if periods.unit else f'{periods.text} {per}s'} is "
                    f"{number(_figure(total) / _figure(periods))} a {per}, not {rate.text} "
                    f"(line {self.ctx.line(rate)}).", [total, rate, periods],
                    start=min(total.start, rate.start), end=max(rate.end, periods.end),
                    hint="Recompute the average, or check the total and the number of periods.")

    # -- "nearly 73 percent of votes have been counted ... only 17 percent of votes left to count" ------

    # -- "Buhari beat Jonathan by more than 3 million votes" --------------------------------------

    def margins(self, s: _Sentence):
        """A margin ("beat Jonathan by more than 3 million votes", "Mahama's margin over Akufo-Addo
        was about 225,000 votes") against the difference of the figures the story gives the two
        it names, elsewhere: each figure belongs to the last of those names written before it
        in its clause ("Buhari received 15.4 million votes, or 54 percent, to Jonathan's 12.9
        million"), and each name must own exactly one such figure."""
        text = self.ctx.story.text
        for i, margin in enumerate(s.claims):
            lead = s.claims[i - 1].end if i else s.start          # no other figure between cue and margin
            noun = self.margin_noun is not None and self.margin_noun.search(text, lead, margin.start, **fuse())
            verb = s.role[margin.id] == "by" and self.margin_verb is not None and \
                self.margin_verb.search(text, lead, margin.start, **fuse())
            if not (noun or verb) or margin.dimension != "count" or not _usable(margin) \
                    or self.margins_left <= 0:
                continue
            self.margins_left -= 1
            names = {m.group() for m in _NAME.finditer(text, max(s.start, margin.start - CLAUSE_REACH),
                                                       min(s.start + len(s.text), margin.end + CLAUSE_REACH),
                                                       **fuse()) if m.group().lower() not in self.stop}
            owned: dict[str, list[Claim]] = {}
            for c in self.ctx.claims:
                if c.sentence == margin.sentence or c.subject_key != margin.subject_key \
                        or not (_usable(c) and comparable(margin, c)):
                    continue
                owner = [name for name in self.names_before()[c.id] if name in names]
                if owner:
                    owned.setdefault(owner[-1], []).append(c)
            if len(owned) != 2 or any(len(v) != 1 for v in owned.values()):
                continue
            a, b = (v[0] for v in owned.values())
            expected = _range_of(lambda x, y: abs(x - y), self.operand(a), self.operand(b))
            if self.disagrees(margin, expected):
                first, second = sorted((a, b), key=lambda c: c.start)
                yield RULE.finding(
                    f"{first.text} (line {self.ctx.line(first)}) and {second.text} (line {self.ctx.line(second)}) "
                    f"are {number(abs(_figure(a) - _figure(b)))} apart, but the margin is given as "
                    f"{margin.text} (line {self.ctx.line(margin)}).", [margin, first, second],
                    hint="Recompute the margin from the two results, or check them.")

    def names_before(self) -> dict[str, list[str]]:
        """Claim id -> the capitalised words before it in its sentence, back to the figure before it
        (at most `CLAUSE_REACH` characters): read once per story, in one pass."""
        if self._names_before is None:
            text, self._names_before = self.ctx.story.text, {}
            for claims in self.ctx.once(claims_by_sentence).values():
                lead = self.ctx.sentence_of(claims[0]).start
                for c in claims:
                    self._names_before[c.id] = [m.group() for m in _NAME.finditer(
                        text, max(lead, c.start - CLAUSE_REACH), c.start, **fuse())]
                    lead = max(lead, c.end)
        return self._names_before

    # -- "at $6 billion, or $4 billion less than with China" --------------------------------------

    def gaps(self, s: _Sentence, earlier: list[list[Claim]]):
        """A gap written after a figure ("A, or D less than <thing>"; "A, N percent more than B")
        against A and the figure of <thing>: the next figure if "than" leads to one, else the last
        comparable figure in a sentence (this one or the three before) that names <thing>, a name
        ending the phrase ("than with China.", not "than May imports"), in it or in the sentence
        before it; or the figure before in its sentence whose noun holds the word "than" leads to
        ("predicted to win 73 seats, five more than its secure tally" after "70 secure seats")."""
        if self.comparative is None:
            return
        text = self.ctx.story.text
        for i in range(1, len(s.claims)):
            a, gap = s.claims[i - 1], s.claims[i]
            m = _THAN.match(text, gap.end, gap.end + 80, **fuse())
            # "273,000 jobs, nearly 40 percent more than the 214,000": a gap written as a percentage
            relative = _relative(gap, a)
            if s.role[gap.id] not in ("or", ",") or not m or not self.comparative.fullmatch(m.group("word")) \
                    or not (_usable(a) and _usable(gap) and (relative or comparable(a, gap))):
                continue
            b = s.claims[i + 1] if i + 1 < len(s.claims) and s.claims[i + 1].start <= m.end() + 4 else None
            if b is None and m.group("thing"):
                thing = regex.compile(r"\b" + regex.escape(m.group("thing")) + r"\b")
                for claims in [s.claims[:i - 1][::-1], *(c[::-1] for c in earlier[:-4:-1])]:
                    if not claims:
                        continue
                    sent = self.ctx.sentence_of(claims[0])
                    lo = self.ctx.sentences[sent.index - 1].start if sent.index else sent.start
                    if thing.search(text, lo, sent.end, **fuse()):       # "The deficit with China
                        b = next((c for c in claims if _usable(c) and comparable(a, c)), None)  # ... It was"
                        break
            if b is None and m.group("year"):     # "17.7 million union workers, 3.4 million more than in 2015"
                b = next((c for claims in [s.claims[:i - 1][::-1], *(c[::-1] for c in earlier[:-4:-1])]
                          for c in claims if _usable(c) and comparable(a, c) and c.time
                          and m.group("year") in c.time and (a.time is None or m.group("year") not in a.time)),
                         None)
            own = None if b is not None or m.group("thing") or m.group("year") \
                else _THAN_OWN.match(text, m.end(), gap.end + 120, **fuse())
            if own:                       # "73 seats, five more than its secure tally" after "70 secure seats"
                word = own.group("own").lower()
                b = next((c for c in s.claims[:i - 1][::-1] if comparable(a, c)
                          and word in (c.subject or "").lower().split()), None)
            if b is None or not _usable(b) or (relative and not comparable(a, b)):
                continue
            yield from self.gap(a, gap, b, m.group("word").lower(), relative)

    def gap_after_that(self, s: _Sentence, earlier: list[list[Claim]]):
        """ "... a record $2.2 billion appeal ... That is $600 million more than the $1.4 billion the
        agency sought a year ago": a gap opening its sentence after "That is", against the figure
        "than" leads to and the figure of the sentence before that "That" stands for."""
        if self.comparative is None or self.demonstrative is None or len(s.claims) < 2:
            return
        text = self.ctx.story.text
        gap, b = s.claims[0], s.claims[1]
        m = _THAN.match(text, gap.end, gap.end + 80, **fuse())
        if not m or not self.comparative.fullmatch(m.group("word")) or b.start > m.end() + 4 \
                or not self.demonstrative.match(text, s.start, gap.start, **fuse()) \
                or not (_usable(gap) and _usable(b)):
            return
        relative = _relative(gap, b)
        if not relative and not comparable(gap, b):
            return
        a = self.referent(b, self.ctx.before_in_paragraph(earlier, gap))
        if a is not None:
            yield from self.gap(a, gap, b, m.group("word").lower(), relative)

    def gap(self, a: Claim, gap: Claim, b: Claim, word: str, relative: bool):
        """A gap against the two figures it separates: as a percentage of b, or as a difference."""
        if relative:
            expected = _range_of(lambda x, y: abs(x - y) / y * 100, self.operand(a), self.operand(b))
            if self.disagrees(gap, expected):
                actual = abs(_figure(a) - _figure(b)) / _figure(b) * 100
                yield RULE.finding(
                    f"{a.text} (line {self.ctx.line(a)}) is {number(actual)} % {word} "
                    f"than {b.text} (line {self.ctx.line(b)}), not {gap.text}.",
                    [a, gap, b], start=a.start, end=max(gap.end, b.end),
                    hint="Recompute the percentage, or check the two figures.")
            return
        expected = _range_of(lambda x, y: abs(x - y), self.operand(a), self.operand(b))
        if self.disagrees(gap, expected):
            first, second = sorted((a, b), key=lambda c: c.start)
            yield RULE.finding(
                f"{b.text} (line {self.ctx.line(b)}) and {a.text} (line {self.ctx.line(a)}) are "
                f"{restate(gap, abs(_figure(a) - _figure(b)))} apart, not {gap.text}.", [first, second, gap],
                start=first.start, end=max(gap.end, second.end),
                hint="Recompute the difference, or check the two figures.")

    # -- "$2 million for 400 families, or $5,000 per family" --------------------------------------

    def per_head(self, s: _Sentence, by_role: dict[str, list[Claim]]):
        """ "$2 million for 400 families, or $5,000 per family"; "the $2 million fund will give 400
        families $8,000 each"."""
        text = self.ctx.story.text
        for i, each in enumerate(s.claims):
            if i < 2 or s.after[each.id] not in self.per_words or (
                    s.role[each.id] not in ("or", ",", "(")
                    and not _HEADS_NOUN.fullmatch(text, s.claims[i - 1].end, each.start, **fuse())):
                continue
            total, heads = s.claims[i - 2], s.claims[i - 1]
            if heads.dimension != "count" or not comparable(total, each) \
                    or not (_usable(total) and _usable(heads) and _usable(each)):
                continue
            yield from self.derived(total, heads, each, lambda a, b: a / b,
                                    lambda v: f"{total.text} for {heads.text} is {v} each",
                                    "Recompute the figure per head, or check the total and the count.")

    def each_to_total(self, s: _Sentence):
        """ "Each of the 40 families will receive $2,500, for a total of $120,000": a count, an amount
        each of it gets (the word "each" in the sentence), and a total of that amount after them
        (a word of `totals` before or after it)."""
        text = self.ctx.story.text
        if self.total_word is None or not _EACH.search(text, s.start, s.claims[-1].start):
            return
        for i in range(len(s.claims) - 2):
            heads, each, total = s.claims[i:i + 3]
            if heads.dimension != "count" or heads.unit is not None or each.unit is None \
                    or not comparable(each, total) or not (_usable(heads) and _usable(each) and _usable(total)) \
                    or not self.total_word.search(text, max(each.end, total.start - 20), min(s.start + len(s.text),
                                                                                               total.end + 12), **fuse()):
                continue
            yield from self.derived(heads, each, total, lambda a, b: a * b,
                                    lambda _: f"{heads.text} times {each.text} is "   # "$100,000", as written
                                              f"{restate(total, _figure(heads) * _figure(each), bare=True)}",
                                    "Recompute the total, or check the count and the amount each.")

    def derived(self, a: Claim, b: Claim, stated: Claim, op, said, hint: str):
        """A figure written as derived from the two before it ("7 of the 20, or 35 %", "$2 million for
        400 families, or $5,000 per family") against op(a, b); `said(value)` words the right value."""
        if self.disagrees(stated, _range_of(op, self.operand(a), self.operand(b)), magnitude=False):
            first, second = sorted((a, b), key=lambda c: c.start)
            yield RULE.finding(f"{said(number(op(_figure(a), _figure(b))))}, not {stated.text} "
                               f"(line {self.ctx.line(first)}).", [first, second, stated], start=first.start,
                               end=stated.end, hint=hint)


@functools.cache
def _periods(per: str) -> regex.Pattern:
    """The words after a count that make it a number of periods ("250 operational days")."""
    return regex.compile(r"(?:[ \t]+[\p{L}-]+)?[ \t]+" + regex.escape(per) + r"s\b")


def _says_rest(ctx: Context, remainder: regex.Pattern, leading: frozenset[str], claims: list[Claim],
               i: int) -> bool:
    """A remainder word right before claims[i] ("the remaining 25 percent", "the other four"), or
    after it in its clause but not right before the next figure ("17 percent of votes left to
    count", "The 180 who remain are ..."), unless it is one of the `leading` words only."""
    c, text = claims[i], ctx.story.text
    lo, hi = ctx.clause(c)
    if i + 1 < len(claims):
        hi = min(hi, claims[i + 1].start)
    words = list(remainder.finditer(text, max(lo, c.start - _LEAD), hi, **fuse()))
    return any(m.end() <= c.start and not text[m.end():c.start].strip()
               or m.start() >= c.end and text[m.end():hi].strip() and m.group().lower() not in leading
               for m in words)


def _said_rests(ctx: Context) -> Iterator[tuple[list[Claim], int, Callable[[list[Claim], int], bool]]]:
    """(the claims of a sentence after those of the sentence before it in its paragraph, the index
    among them of a figure of that sentence said to be the rest of a whole, the test of a rest)."""
    table = ctx.table("arithmetic")
    leading = frozenset(w.lower() for w in table.get("remainders_before", ()))
    remainder = words_pattern(tuple(table.get("remainders", ())) + tuple(leading))
    if remainder is None:
        return
    says_rest = functools.partial(_says_rest, ctx, remainder, leading)
    earlier: list[list[Claim]] = []
    for claims in ctx.once(claims_by_sentence).values():
        prev = ctx.before_in_paragraph(earlier, claims[0])
        earlier.append(claims)
        before = prev + claims
        for i in range(len(prev), len(before)):
            c = before[i]
            if (c.unit == "percent" or c.unit is None and c.dimension == "count") and _usable(c) \
                    and says_rest(before, i):
                yield before, i, says_rest


def rests_of_counts(ctx: Context) -> list[tuple[Claim, Claim, Claim]]:
    """(part, whole, rest) of the story: a count said to be the rest ("The 180 who remain", "the
    remaining 150") after a part of a whole ("telling 750 of his 900 employees") in its sentence or
    the sentence before in its paragraph."""
    text, out = ctx.story.text, []
    for before, i, _ in _said_rests(ctx):
        rest = before[i]
        if rest.unit is not None or rest.dimension != "count":
            continue
        for j in range(i - 2, max(-1, i - 2 - _NEAR), -1):
            part, whole = before[j], before[j + 1]
            if _PART_OF.fullmatch(text, part.end, whole.start, **fuse()) and _usable(part) \
                    and _usable(whole) and comparable(part, whole) and comparable(whole, rest) \
                    and _figure(part) < _figure(whole) \
                    and rest.subject_key in (None, whole.subject_key):    # not "200 of the remaining shops"
                out.append((part, whole, rest))
                break
    return out


def rests_of_shares(ctx: Context) -> list[tuple[list[Claim], Claim]]:
    """(shares, rest) of the story: a percentage said to be the rest of a whole ("only 17 percent of
    votes left to count", "the remaining 30 percent") after the shares before it, of the same whole,
    in its sentence or the sentence before in its paragraph ("nearly 73 percent of votes have been
    counted"; "took 52.3 percent ... won 41.2 percent, and smaller parties shared the remaining 9
    percent")."""
    text, out = ctx.story.text, []
    for before, i, says_rest in _said_rests(ctx):
        rest = before[i]
        if rest.unit != "percent":
            continue
        shares: list[Claim] = []
        for j in range(i - 1, max(-1, i - 1 - _NEAR), -1):
            if before[j].unit != "percent" or not _usable(before[j]):
                continue
            if says_rest(before, j) or not _same_whole(text, before[j], rest):
                break
            shares.insert(0, before[j])
        if shares:
            out.append((shares, rest))
    return out


def _short_rests(ctx: Context, checker: _Checker):
    """A rest smaller than the whole less its part ("750 of his 900 ... the 100 who remain"), or
    than 100 percent less the share before it; a larger one makes the parts exceed the whole, for
    parts-exceed-total and percent-bounds."""
    for shares, rest in ctx.once(rests_of_shares):
        expected = _range_of(lambda *xs: 100 - sum(xs), *(checker.operand(x) for x in shares))
        if expected and checker.stated(rest)[1] < expected[0]:
            told = " and ".join(x.text for x in shares)
            yield RULE.finding(
                f"{told} (line {ctx.line(shares[0])}) {'leave' if len(shares) > 1 else 'leaves'} "
                f"{number(100 - sum(_figure(x) for x in shares))} percent, "
                f"but the rest is given as {rest.text} (line {ctx.line(rest)}).", [*shares, rest],
                start=shares[0].start, end=rest.end,
                hint="The shares and the rest should make up the whole: check the figures.")
    for part, whole, rest in ctx.once(rests_of_counts):
        expected = _range_of(lambda w, p: w - p, checker.operand(whole), checker.operand(part))
        if expected and checker.stated(rest)[1] < expected[0]:
            yield RULE.finding(
                f"{part.text} of {whole.text} (line {ctx.line(part)}) leaves {number(_figure(whole) - _figure(part))}, "
                f"but the rest is given as {rest.text} (line {ctx.line(rest)}).", [part, whole, rest],
                start=part.start, end=rest.end,
                hint="The part and the rest should make up the whole: check the three figures.")


def next_word(text: str, end: int, ceil: int) -> str:
    """The word right after `end`, before `ceil`, in lower case ("" if none)."""
    n = _NEXT_WORD.match(text, end, ceil, **fuse())
    return n.group("word").lower() if n else ""


def next_words(ctx: Context) -> dict[str, str]:
    """Claim id -> the word right after the figure in its sentence, in lower case ("" if none)."""
    return {c.id: next_word(ctx.story.text, c.end, ctx.sentence_of(c).end) for c in ctx.claims}


def multiples_of(ctx: Context) -> set[str]:
    """Ids of the figures that are multiples ("three times", "more than three times"), not counts."""
    words = {w.lower() for w in ctx.table("arithmetic").get("times", ())}
    return {cid for cid, word in ctx.once(next_words).items() if word in words}


def _same_whole(text: str, a: Claim, b: Claim) -> bool:
    """Whether two shares are of one whole: the same word after "of", or none written for one."""
    wholes = [of_whole(text, c.end) for c in (a, b)]
    return not all(wholes) or wholes[0].group("whole").lower() == wholes[1].group("whole").lower()


def _same_thing(a: Claim, b: Claim) -> bool:
    return not (a.subject_key and b.subject_key and a.subject_key != b.subject_key)


def check(ctx: Context):
    checker = _Checker(ctx)
    earlier: list[list[Claim]] = []
    for claims in ctx.once(claims_by_sentence).values():
        yield from checker.check(claims, earlier)
        earlier.append(claims)
    yield from _short_rests(ctx, checker)
    yield from real_changes(ctx, RULE)


RULE = Rule(
    id="arithmetic",
    severity="error",
    summary="A derived figure (change, \"doubled\", share, per-head figure) that its operands do not give.",
    what="""
Within a sentence: a percent change with both ends ("rose 25 % to 150,000
from 100,000"; "down about 1 percent from the revised total of 5,764"; "That is
a 46 percent decline from some 212,000" against the figure of the sentence
before); "doubled", "tripled", "halved", "three times" with both ends; a
multiple of an earlier figure against the figure it has become ("48,000, four
times the 6,000 it was built for"; "The forecast has doubled since June, when
it was 3,000" against the forecast given in an earlier sentence; "home to 34,000
... more than doubled, totaling more than 70,000"); a difference
with both ends ("fell by 2,000 to 18,000, from 21,000"); a change between two
percentages, in percentage points or percent (a change in points written as
"percent" is a warning); a share with its part and whole ("7 of the 20, or 35
%"; "220 seats ... 175 of them, or 85 %"; "6.7 million votes -- 51.6 percent of the
total" against the total of votes the story states elsewhere); a gap written after a figure,
against that figure and the one it is compared with ("at $6 billion, or $4
billion less than with China", China's figure found in an earlier sentence
naming China), or as a percentage ("273,000 jobs, nearly 40 percent more than
the 214,000 added in January"); a per-head figure or average with its total and count ("$2 million for
400 families, or $5,000 per family"); an average per period with the number of
periods against the total ("239 fugitives per day (based on 250 operational
days)" after "arrested 73,362 fugitives"); a margin against the two results it
separates ("Buhari beat Jonathan by more than 3 million votes" against "Buhari
received 15.4 million votes ... to Jonathan's 12.9 million"); a share and the
rest of its whole ("nearly 73 percent of votes have been counted ... only 17
percent of votes left to count"), or the rest of a count, when it falls short
of the whole less the part ("telling 750 of his 900 employees ... The 100 who
remain": a rest above it is parts-exceed-total's); a multiple and the same change as a
percentage ("more than doubled, with a 49.8 percent increase"); a part said to
account for a share of a change or a total given before it ("2,300 fewer ... The
BOP accounted for the majority (69 percent) of the decline, down 2,200"); a gap
against the figure its noun names ("73 seats, five more than its secure tally") or
the year it names ("3.4 million more than in 2015"), or
opening a sentence after "That is", against the figure of the sentence before ("a
$2.2 billion appeal. That is $600 million more than the $1.4 billion ...");
a rate after a whole opening its sentence ("Of the 40 patients, 10 died, a
fatality rate of 25 percent"); a change by a fraction ("cut by a third, from $90
million to $60 million") or in bare points between percentages ("up 7 points from
57 percent"); a sum shared among a count ("will give 400 families $5,000 each"), or
an amount each against the total given after it ("Each of the 40 families will
receive $2,500, for a total of $120,000"); a
change after prices against the change and the price change it stems from ("Real
earnings increased 0.1 percent ... a 0.4-percent increase in earnings combined with a
0.1-percent increase in the CPI").
The operands are taken as written; the derived figure may be rounded the way round figures
are, plus a small slack.""",
    why="""
Derived figures are where arithmetic slips hide: a reader can redo the sum,
and some will.""",
    example="Exports rose 25 percent to 150,000 tonnes from 100,000 tonnes.",
    correct="Exports rose 50 percent to 150,000 tonnes from 100,000 tonnes.",
    settings="""
[arithmetic] in rules/settings.toml: slack, rounding_cap (as for
unit-conversion), multiples ("doubled" = 2 ...), times (words that make a
figure a multiple: "three times"), multiple_tolerance, above and below (bounds
before a multiple), rise and fall (change verbs), per_words ("per", "each",
"a", "apiece"), comparatives ("less", "more" before "than"), totals (words
that make a count the total a share is of), margin_verbs and margin_nouns
("beat ... by", "margin"), remainders ("left", "remaining") and
remainders_before ("the other", only right before the rest), share_verbs,
share_nouns and change_nouns ("accounted for", "rate of", "decline"), real_words and
combined_with ("real", "combined with"); rules/subjects.toml
[time.per] for rates per period.""",
    check=check,
)
