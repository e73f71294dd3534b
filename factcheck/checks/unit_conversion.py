"""unit-conversion: a figure and its conversion must agree within the rounding written."""
from __future__ import annotations

import functools

import regex

from factcheck.checks.base import SPACES, Context, Rule
from factcheck.compare import factor, from_base, precision_of, restate
from factcheck.model import Claim

_PAREN = regex.compile(r"\(\s*")
_ADJECTIVE = regex.compile(r"^-[\p{L}]+\s*")          # the rest of a measure written as an adjective
_OPEN_ABOVE, _OPEN_BELOW = ("more-than", "at-least"), ("less-than", "at-most")


@functools.cache
def _connectors(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_PAREN.sub("(", SPACES.sub(" ", w.strip().lower())) for w in words)


def conversion_pairs(ctx: Context) -> list[tuple[Claim, Claim]]:
    """(figure, its conversion): neighbouring measures in one sentence, in different units,
    joined only by a connector from `[unit-conversion] connectors` ("(", "or about"...). A
    reading for `ctx.once`: three rules ask for it."""
    connectors = _connectors(tuple(ctx.table("unit-conversion").get("connectors", ())))
    ordered = sorted(ctx.claims, key=lambda c: c.start)
    pairs = []
    for a, b in zip(ordered, ordered[1:]):
        if a.sentence != b.sentence or not a.unit or not b.unit or a.unit == b.unit:
            continue
        between = _PAREN.sub("(", SPACES.sub(" ", ctx.between(a, b).strip().lower()))
        between = _ADJECTIVE.sub("", between)      # "a 57-mile-wide (71-kilometer-wide) crater"
        if between.lstrip(", ") in connectors or between in connectors:
            pairs.append((a, b))
    return pairs


def _ends(claim: Claim) -> list[tuple[float, float | None]]:
    """(figure as written, the same in base units) for each end the claim states."""
    if claim.qualifier == "range" and claim.low is not None and claim.high is not None:
        return [(claim.low, claim.base_low), (claim.high, claim.base_high)]
    figure = claim.value if claim.value is not None else (claim.low if claim.low is not None else claim.high)
    base = claim.base_value if claim.base_value is not None else (
        claim.base_low if claim.base_low is not None else claim.base_high)
    return [] if figure is None else [(figure, base)]


def _holds(a: Claim, b: Claim, end_a: tuple[float, float], end_b: tuple[float, float],
           fa: float, fb: float, slack: float, cap: float) -> bool:
    """One end of `a` (taken as written) and of its conversion `b` (maybe rounded) overlap."""
    (xa, ya), (xb, yb) = end_a, end_b
    spread_a = precision_of(a.text, xa) * fa
    spread_b = (precision_of(b.text, xb, rounded=True, cap=cap) + abs(xb) * slack) * fb   # slack on the figure
    # as written: on the base value, a temperature's offset from absolute zero would widen it
    low_b, high_b = yb - spread_b, yb + spread_b
    if a.qualifier != b.qualifier and a.qualifier != "exact":
        # "nearly half a mile (more than 700 meters)": two bounds of their own, not one figure converted
        high_b = float("inf") if b.qualifier in _OPEN_ABOVE else high_b
        low_b = float("-inf") if b.qualifier in _OPEN_BELOW else low_b
    return ya - spread_a <= high_b and low_b <= ya + spread_a


def _factors(a: Claim, b: Claim, rates: dict, packs: tuple[str, ...]) -> tuple[float | None, float | None]:
    """Each side's units of the common scale: money in one currency ("$1.71 a gallon, or 45.17
    cents per liter") needs no rate, its own base says how many dollars a cent is."""
    if a.dimension == "currency" and a.base_unit and a.base_unit == b.base_unit \
            and a.value and b.value and a.base_value is not None and b.base_value is not None:
        return a.base_value / a.value, b.base_value / b.value
    return factor(a, rates, packs), factor(b, rates, packs)


def check(ctx: Context):
    table = ctx.table("unit-conversion")
    slack, cap = float(table.get("slack", 0.02)), float(table.get("rounding_cap", 0.1))
    rates = ctx.data("rates.toml")
    for a, b in ctx.once(conversion_pairs):
        if a.dimension != b.dimension or a.difference != b.difference:
            continue                     # a conversion into another dimension: unit-mismatch
        fa, fb = _factors(a, b, rates, ctx.packs)
        if fa is None or fb is None:
            continue                     # money with no house rate configured is not checked
        if a.dimension == "currency":
            base_a = [(x, x * fa) for x, _ in _ends(a)]
            base_b = [(x, x * fb) for x, _ in _ends(b)]
        else:
            base_a, base_b = _ends(a), _ends(b)
        if not base_a or len(base_a) != len(base_b) or any(x is None for _, x in base_a + base_b):
            continue
        if all(_holds(a, b, ends_a, ends_b, fa, fb, slack, cap) for ends_a, ends_b in zip(base_a, base_b)):
            continue
        right = restate(b, *(y / fb if a.dimension == "currency" else from_base(y, b, rates, ctx.packs)
                             for _, y in base_a), bare=True)     # "is about 610 meters", not "about about"
        yield RULE.finding(
            f"The conversion \"{a.text} ({b.text})\" on line {ctx.line(a)} does not add up: "
            f"{a.text} is about {right}, not {b.text}.",
            [a, b], end=b.end, hint=f"Recompute the conversion: {a.text} is about {right}. "
                                    f"If {b.text} is right, {a.text} is wrong.")


RULE = Rule(
    id="unit-conversion",
    severity="error",
    summary="A stated conversion that disagrees beyond rounding (\"50 kilometres (20 miles)\").",
    what="""
A figure followed by its conversion — in parentheses, between dashes, or after
"or", "about", "roughly", "equivalent to" — must agree with it within the rounding each side's written
precision implies, plus a small slack. The first figure is taken as written
("4" means 3.5 to 4.5); the conversion may be rounded further, as round
figures are ("60 miles" may stand for 62), but by no more than the
rounding cap. A conversion with a bound of its own ("nearly half a mile
(more than 700 meters)") need only overlap the first figure; a conversion
that repeats the first figure's qualifier, or has none, converts it as a
point. Ranges are converted end by end; a temperature difference
("20C (36F) above normal") is converted without the offset. Money is checked
only against the house exchange rates in rules/rates.toml; with no rate
configured, currency conversions are skipped.""",
    why="""
Conversions are added late, often by hand, and a wrong one is a visible error
readers write in about. Ordinary rounding ("4 square kilometres (1.5 square
miles)", really 1.54) is not an error and is never flagged.""",
    example="The convoy travelled 50 kilometres (20 miles) to the border.",
    correct="The convoy travelled 50 kilometres (31 miles) to the border.",
    settings="""
[unit-conversion] in rules/settings.toml: slack (relative tolerance added to
the conversion), rounding_cap (how far a round figure may have been rounded,
relative), connectors (what may stand between a figure and its conversion).
rules/rates.toml: house currency and exchange rates.""",
    check=check,
)
