"""range-order: a range whose ends are reversed or equal."""
from __future__ import annotations

from factcheck.checks.base import Context, Rule, words_pattern
from factcheck.compare import number
from factcheck.guard import fuse
from factcheck.model import Claim

_LEAD = 40        # characters before a "from X to Y" searched for a change verb


def _is_change(ctx: Context, claim: Claim, verbs) -> bool:
    """"fell from 8.1 to 7.9": a change from one figure to another, not a span."""
    if verbs is None or not claim.text.lower().startswith("from"):
        return False
    start = max(ctx.sentence_of(claim).start, claim.start - _LEAD)
    return verbs.search(ctx.story.text, start, claim.start, **fuse()) is not None


def check(ctx: Context):
    verbs = words_pattern(tuple(ctx.table("range-order").get("change_verbs", ())))
    for claim in ctx.claims:
        if claim.qualifier == "range" and claim.low is not None and claim.high is not None \
                and claim.low >= claim.high and not _is_change(ctx, claim, verbs):
            kind = "reversed" if claim.low > claim.high else "empty"
            yield RULE.finding(
                f"The range \"{claim.text}\" (line {ctx.line(claim)}) is {kind}: it runs from "
                f"{number(claim.low)} to {number(claim.high)}.", [claim],
                hint="Put the smaller figure first, or give a single figure if both ends are equal.")


RULE = Rule(
    id="range-order",
    severity="error",
    summary="A range whose ends are reversed or equal (\"between 400 and 300\").",
    what="""
Every range a story states — "between X and Y", "X to Y", "X-Y", "from X to Y"
as a span, not as a change over time — must run from the smaller figure to
the larger one.""",
    why="""
A reversed range is almost always a typo or a transposed edit, and a reader
cannot tell which end is wrong. "Fell from 8.1 to 7.9 percent" is a change,
not a range, and is never flagged.""",
    example="Between 400 and 300 militants are believed to be holed up in the city.",
    correct="Between 300 and 400 militants are believed to be holed up in the city.",
    settings="""
[range-order] change_verbs in rules/settings.toml: verbs that make "from X to
Y" right after them a change, not a range.""",
    check=check,
)
