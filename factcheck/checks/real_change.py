"""arithmetic, real changes: a change after inflation against the change and the price change it is
said to stem from ("Real average hourly earnings increased 0.1 percent ... This result stems from a
0.4-percent increase in average hourly earnings combined with a 0.1-percent increase in the CPI-U":
0.4 less 0.1 is 0.3, not 0.1). The arithmetic rule runs it (factcheck/checks/arithmetic.py).
"""
from __future__ import annotations

from typing import Iterator

import regex

from factcheck.checks.base import Context, Rule, words_pattern
from factcheck.compare import number, precision_of
from factcheck.guard import fuse
from factcheck.model import Claim, Finding

_LEAD = 60          # characters before a change searched for its "real" and its verb
_AFTER = 24         # characters after a change searched for its noun ("a 0.4-percent increase")


def _sign(ctx: Context, claim: Claim, rise: regex.Pattern, fall: regex.Pattern) -> int | None:
    """+1 for a rise, -1 for a fall: the noun right after the figure ("a 0.4-percent increase"), else
    the last change verb before it ("increased 0.1 percent"); None when neither says."""
    text, sent = ctx.story.text, ctx.sentence_of(claim)
    after = text[claim.end:min(sent.end, claim.end + _AFTER)].lstrip(" -")
    if rise.match(after, **fuse()):
        return 1
    if fall.match(after, **fuse()):
        return -1
    lo = max(sent.start, claim.start - _AFTER)
    verbs = [(m.end(), 1) for m in rise.finditer(text, lo, claim.start, **fuse())] + \
            [(m.end(), -1) for m in fall.finditer(text, lo, claim.start, **fuse())]
    return max(verbs)[1] if verbs else None


def real_changes(ctx: Context, rule: Rule) -> Iterator[Finding]:
    table = ctx.table("arithmetic")
    real = words_pattern(tuple(table.get("real_words", ())))
    combined = words_pattern(tuple(table.get("combined_with", ())))
    rise, fall = words_pattern(tuple(table.get("rise", ()))), words_pattern(tuple(table.get("fall", ())))
    if real is None or combined is None or rise is None or fall is None:
        return
    text = ctx.story.text
    shares = [c for c in sorted(ctx.claims, key=lambda c: c.start) if c.unit == "percent"]
    for i, stated in enumerate(shares):
        sent = ctx.sentence_of(stated)
        if not real.search(text, max(sent.start, stated.start - _LEAD), stated.start, **fuse()):
            continue
        later = [c for c in shares[i + 1:i + 5] if ctx.sentence_of(c).paragraph == sent.paragraph
                 and ctx.sentence_of(c).index - sent.index <= 1]
        for nominal, prices in zip(later, later[1:]):
            if not combined.search(text, nominal.end, prices.start, **fuse()):
                continue
            signs = [_sign(ctx, c, rise, fall) for c in (stated, nominal, prices)]
            if None in signs or None in (stated.value, nominal.value, prices.value):
                break
            s_real, s_nominal, s_prices = signs
            want = s_nominal * nominal.value - s_prices * prices.value
            got = s_real * stated.value
            room = sum(precision_of(c.text, c.value) for c in (stated, nominal, prices))
            if abs(want - got) > room + 1e-9:
                way = {1: "rise", -1: "fall"}
                yield rule.finding(
                    f"A \"{nominal.text}\" {way[s_nominal]} less a \"{prices.text}\" {way[s_prices]} in prices "
                    f"(line {ctx.line(nominal)}) is about {number(want)} percent after prices, not "
                    f"\"{stated.text}\" (line {ctx.line(stated)}).",
                    [stated, nominal, prices],
                    hint="A change after prices is the change less the price change: check the three figures.")
            break
