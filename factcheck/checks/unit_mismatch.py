"""unit-mismatch: one subject given in incompatible units, or a unit implausible next to the rest."""
from __future__ import annotations

import functools

import regex

from factcheck.checks.base import Context, Rule, alternation, claims_by_sentence, words_pattern
from factcheck.checks.unit_conversion import conversion_pairs
from factcheck.compare import describe, factor, scale_key
from factcheck.guard import fuse
from factcheck.model import Claim

_UNITLESS = ("count", "percentage")
_PHYSICAL = ("length", "area", "volume", "mass", "time", "speed")


_NEAR_MIN = 10        # smaller figures ("2 kilometres ... 2 miles") repeat in other units by chance
_COMPOUND = regex.compile(r"\d-\p{L}+$")
_AGE = regex.compile(r"(?i)[-\s]old$")            # "the two-year-old mark": an age, not a measure of the mark


@functools.cache
def _adjective_re(words: tuple[str, ...], not_before: tuple[str, ...]) -> regex.Pattern | None:
    """ " deep", " tall" right after a measure, but not "deep inside the province"."""
    if not words:
        return None
    tail = r"(?![ \u00a0]+(?:" + alternation(not_before) + r")\b)" if not_before else ""
    return regex.compile(r"(?i)[ \u00a0]+(?P<adj>" + alternation(words) + r")\b" + tail)


def _size(claim: Claim, rates: dict, packs: tuple[str, ...]) -> float | None:
    """The figure's size on its scale (money in its own currency unless a house rate is set)."""
    figure = claim.value if claim.value is not None else (claim.high if claim.high is not None else claim.low)
    scale = factor(claim, rates, packs) if claim.dimension != "currency" else (factor(claim, rates) or 1.0)
    return abs(figure) * scale if figure and scale else None


def check(ctx: Context):
    table = ctx.table("unit-mismatch")
    ratio = float(table.get("magnitude_ratio", 500))
    rates = ctx.data("rates.toml")
    confusable = {frozenset(pair) for pair in table.get("confusable_dimensions", ())}
    pairs = ctx.once(conversion_pairs)
    for a, b in pairs:
        if frozenset((a.dimension, b.dimension)) in confusable:
            yield RULE.finding(
                f"\"{a.text}\" (line {ctx.line(a)}) is converted into \"{b.text}\", a {b.dimension} "
                f"where the original is a {a.dimension}.", [a, b], end=b.end,
                hint=f"Convert {a.text} into a unit of {a.dimension}.")
    converted = {c.id for pair in pairs for c in pair}
    targets = {b.id for _, b in pairs}       # a figure converted is its subject's first unit; its conversion is not
    distance = ctx.data("subjects.toml").get("distance", {}).get("subject")   # many in a story, of many things
    with_unit = sorted((c for c in ctx.claims if c.unit and c.dimension not in _UNITLESS), key=lambda c: c.start)
    measures = [c for c in with_unit if c.subject_key and c.subject_key != distance and c.id not in converted
                and not _AGE.search(c.text)]
    yield from _wrong_dimension(ctx, table)
    yield from _difference_in_other_dimension(ctx, table, confusable)
    yield from _same_figure_other_unit(ctx, measures)
    yield from _departure_as_percent(ctx, table)
    yield from _same_figure_nearby(ctx, [c for c in with_unit if c.id not in converted])
    yield from _same_distance_other_unit(ctx, [c for c in with_unit if c.subject_key == distance
                                               and c.id not in converted])
    yield from _subject_in_two_dimensions(ctx, [c for c in with_unit if c.subject_key and c.subject_key != distance
                                                and c.dimension in _PHYSICAL and c.id not in targets
                                                and not _AGE.search(c.text)], confusable)
    yield from _orders_of_magnitude(ctx, measures, ratio, rates)


def _wrong_dimension(ctx: Context, table: dict):
    """ "the snow was two-thirds of a square meter deep": the adjective wants a length."""
    wanted = {k.lower(): tuple(v) for k, v in table.get("dimension_words", {}).items()}
    pattern = _adjective_re(tuple(wanted), tuple(table.get("dimension_words_not_before", ())))
    if pattern is None:
        return
    for claim in ctx.claims:
        if not claim.unit or claim.dimension not in _PHYSICAL or _COMPOUND.search(claim.text) \
                or _AGE.search(claim.text):
            continue                     # "a 20-year high", "an 18-year-old wide receiver": a compound
                                         # adjective qualifies the noun after it
        m = pattern.match(ctx.story.text, claim.end, ctx.sentence_of(claim).end, **fuse())
        if m and claim.dimension not in wanted[m.group("adj").lower()]:
            adj, dims = m.group("adj"), " or ".join(wanted[m.group("adj").lower()])
            yield RULE.finding(
                f"\"{claim.text} {adj}\" (line {ctx.line(claim)}): \"{adj}\" needs a {dims}, but "
                f"{claim.unit} is a unit of {claim.dimension}.", [claim], end=m.end(),
                hint=f"Check the unit: something {adj} is measured in a unit of {dims}.")


def _difference_in_other_dimension(ctx: Context, table: dict, confusable: set[frozenset]):
    """ "an average ice cover of about 15 million square kilometers. That is 730 kilometers above
    the record low": a sentence opening with a demonstrative gives the difference from the last
    measure before it, which must be in that measure's dimension."""
    opening = words_pattern(tuple(ctx.table("arithmetic").get("demonstratives", ())))
    after = words_pattern(tuple(table.get("difference_words", ())))
    if opening is None or after is None:
        return
    text, previous = ctx.story.text, None
    for claims in ctx.once(claims_by_sentence).values():
        first, sent = claims[0], ctx.sentence_of(claims[0])
        # the demonstrative is looked for only after a measure, before a figure with a unit
        m = opening.match(text, sent.start, first.start, **fuse()) if previous is not None and first.unit else None
        if m and not text[m.end():first.start].strip() \
                and after.match(text, sent.end - len(text[first.end:sent.end].lstrip()), sent.end, **fuse()) \
                and frozenset((previous.dimension, first.dimension)) in confusable:
            yield RULE.finding(
                f"\"{first.text}\" (line {ctx.line(first)}) is a difference from \"{previous.text}\" "
                f"(line {ctx.line(previous)}), but it is a measure of {first.dimension} and that one of {previous.dimension}.",
                [previous, first], start=first.start, end=first.end,
                hint=f"Give the difference in the unit of {previous.text}, or check which unit is right.")
        with_unit = [c for c in claims if c.unit and c.dimension in _PHYSICAL]
        previous = with_unit[-1] if with_unit else None


def _departure_as_percent(ctx: Context, table: dict):
    """"0.93 inch below the long-term average" ... "0.93 percent short of normal": one departure
    with a figure too particular to repeat by chance (a decimal) given once as a measure and once
    as a percentage, each followed by a word of difference."""
    after = words_pattern(tuple(table.get("difference_words", ())))
    if after is None:
        return
    text = ctx.story.text
    seen: dict[float, Claim] = {}
    for c in sorted(ctx.claims, key=lambda c: c.start):
        if c.value is None or float(c.value).is_integer() or "." not in c.text \
                or c.dimension not in (*_PHYSICAL, "percentage") \
                or not after.match(text, c.end + len(text[c.end:c.end + 3]) - len(text[c.end:c.end + 3].lstrip()),
                                   **fuse()):
            continue
        a = seen.setdefault(c.value, c)
        if a is not c and a.dimension != c.dimension and "percentage" in (a.dimension, c.dimension):
            yield RULE.finding(
                f"\"{a.text}\" (line {ctx.line(a)}) and \"{c.text}\" (line {ctx.line(c)}) give the same "
                f"departure as a {a.dimension} and as a {c.dimension}.", [a, c], start=c.start, end=c.end,
                hint=f"A percentage and a {a.dimension if a.dimension != 'percentage' else c.dimension} "
                     "are not the same amount: check which one the source gives.")


def _same_figure_other_unit(ctx: Context, measures: list[Claim]):
    """"the 4,000-acre fire" ... "the 4,000-hectare fire": each later figure against the first."""
    first: dict[tuple, Claim] = {}
    for b in measures:
        a = first.setdefault((b.subject_key, b.value), b)
        if a is not b and a.unit != b.unit and b.value is not None:
            kind = "a different dimension" if a.dimension != b.dimension else "a different unit"
            yield RULE.finding(
                f"{describe(a, ctx.story)} and {describe(b, ctx.story)}: the same figure for the same "
                f"{a.subject or a.subject_key} in {kind} ({a.unit} vs {b.unit}).", [a, b],
                start=b.start, end=b.end,
                hint=f"Check which unit is right: {a.text} and {b.text} are not the same amount.")


def _same_figure_nearby(ctx: Context, measures: list[Claim]):
    """"at least 43 degrees Celsius. ... temperatures at 43 degrees Fahrenheit": the same figure in
    another unit of its dimension in the same or the next sentence of its paragraph, whatever each
    counts (`measures` in text order, conversions left out); small figures repeat by chance."""
    near: dict[tuple, Claim] = {}
    for b in measures:
        if b.value is None or b.value < _NEAR_MIN:
            continue
        a = near.get((b.value, b.dimension))
        if a is not None and a.unit != b.unit and b.sentence - a.sentence <= 1 \
                and ctx.same_paragraph(a, b) \
                and not (a.subject_key and a.subject_key == b.subject_key):    # _same_figure_other_unit's
            yield RULE.finding(
                f"{describe(a, ctx.story)} and {describe(b, ctx.story)}: the same figure in another unit "
                f"of {a.dimension} ({a.unit} vs {b.unit}).", [a, b], start=b.start, end=b.end,
                hint=f"Check which unit is right: {a.text} and {b.text} are not the same amount.")
        near[(b.value, b.dimension)] = b


_NAMES = regex.compile(r"\b\p{Lu}[\p{Ll}'’-]+\b")
_NAME_REACH = 30      # characters before a distance searched for the place it is of ("Afgoye, a town 30 km")


def _same_distance_other_unit(ctx: Context, distances: list[Claim]):
    """"Afgoye, a town 30 kilometers west of the capital" ... "Afgoye, 30 miles from the capital":
    the same distance figure (10 or more) in another unit of length, of a place named right before
    both (a story gives many distances, of many places)."""
    text, seen = ctx.story.text, {}
    for b in distances:
        if b.value is None or b.value < _NEAR_MIN:
            continue
        names = {m.group() for m in _NAMES.finditer(text, max(ctx.sentence_of(b).start, b.start - _NAME_REACH),
                                                    b.start, **fuse())}
        for a, a_names in seen.get((b.value, b.dimension), ()):
            if a.unit != b.unit and names & a_names:
                yield RULE.finding(
                    f"{describe(a, ctx.story)} and {describe(b, ctx.story)}: the same distance of "
                    f"{min(names & a_names)} in another unit ({a.unit} vs {b.unit}).", [a, b],
                    start=b.start, end=b.end,
                    hint=f"Check which unit is right: {a.text} and {b.text} are not the same distance.")
                break
        seen.setdefault((b.value, b.dimension), []).append((b, names))


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _subject_in_two_dimensions(ctx: Context, measures: list[Claim], confusable: set[frozenset]):
    """"Ian's wind speed reached 205 kilometers per hour" ... "The wind speed could reach 225
    kilometers": one subject later given in a dimension easily confused with its first."""
    first: dict[str, Claim] = {}
    for b in measures:
        a = first.setdefault(b.subject_key, b)
        if a is not b and frozenset((a.dimension, b.dimension)) in confusable:
            yield RULE.finding(
                f"{describe(a, ctx.story)} and {describe(b, ctx.story)}: the same "
                f"{a.subject or a.subject_key} is given as {_article(a.dimension)} and as {_article(b.dimension)}.",
                [a, b],
                start=b.start, end=b.end, hint=f"Check the unit of {b.text}: it should be a unit of {a.dimension}.")


def _orders_of_magnitude(ctx: Context, measures: list[Claim], ratio: float, rates: dict):
    """A figure `ratio` times larger or smaller than an earlier one for the same subject and
    predicate on the same scale: each later figure against the smallest and largest before it."""
    extremes: dict[tuple, tuple[tuple[float, Claim], tuple[float, Claim]]] = {}
    for b in measures:
        size = _size(b, rates, ctx.packs) if b.dimension != "temperature" else None
        if not size:
            continue
        key = (b.subject_key, b.predicate, *scale_key(b, rates))
        smallest, largest = extremes.get(key, ((size, b), (size, b)))
        for other, a in (smallest, largest):
            if max(size, other) / min(size, other) >= ratio:
                yield RULE.finding(
                    f"{describe(a, ctx.story)} and {describe(b, ctx.story)}: the figures for the same "
                    f"{a.subject or a.subject_key} differ by a factor of "
                    f"{max(size, other) / min(size, other):,.0f} — a slip of thousands, millions or billions?",
                    [a, b], start=b.start, end=b.end,
                    hint="Check the order of magnitude of both figures against the source.")
                break
        extremes[key] = (min(smallest, (size, b), key=lambda x: x[0]), max(largest, (size, b), key=lambda x: x[0]))


RULE = Rule(
    id="unit-mismatch",
    severity="warning",
    summary="The same subject in incompatible units or dimensions, or an implausible order of magnitude.",
    what="""
Flags (1) a conversion into a dimension easily confused with the original's
("4 square kilometres (1.5 miles)": an area given as a length); (2) the same
figure for the same subject in two different units or dimensions ("the
4,000-acre fire" then "the 4,000-hectare fire"; "42 kilometres" then "the
42-mile course"); (3) the same subject and predicate whose figures in one
dimension differ by the magnitude ratio or more (a budget of "$3 million"
where the story elsewhere says "$3 billion"). A figure and its stated
conversion are never compared with each other. (4) A measure followed by an
adjective that needs another dimension ("two-thirds of a square meter deep":
a depth is a length). (5) A sentence opening "That is ..." whose figure is a
difference from the last measure before it ("... 15 million square kilometers.
That is 730 kilometers above the record low") in a dimension confusable with
that measure's. (6) The same figure (10 or more) in another unit of its
dimension in the same or the next sentence of its paragraph ("at least 43
degrees Celsius" ... "temperatures at 43 degrees Fahrenheit"), or the same distance of a place
named right before both ("Afgoye, a town 30 kilometers west of the capital" ... "Afgoye, 30 miles
from the capital"). (7) A subject
later given in a dimension easily confused with the one it was first given in
("wind speed ... 205 kilometers per hour", then "the wind speed could reach 225
kilometers"; "0.8 mile" per pixel, then "0.8 square mile" per pixel; "the
22-square-kilometer Endeavour Crater", then "The crater spans 14 miles"). (8) One departure with a decimal figure given as a measure and as a
percentage, each followed by a word of difference ("0.93 inch below the
long-term average" ... "0.93 percent short of normal").""",
    why="""
A unit slip changes a figure by a factor of 2.5 or 1,000 while looking
perfectly plausible in its own sentence; only reading the story as a whole
catches it.""",
    example="The 4,000-acre fire had grown overnight. Firefighters said the 4,000-hectare fire was 10% contained.",
    correct="The 4,000-acre fire had grown overnight. Firefighters said the 4,000-acre fire was 10% contained.",
    settings="""
[unit-mismatch] in rules/settings.toml: magnitude_ratio (how many times larger
one figure must be than another for the same thing to be flagged),
confusable_dimensions (pairs of dimensions a conversion may wrongly cross),
dimension_words (adjectives after a measure and the dimensions they need),
dimension_words_not_before (words that make such an adjective part of a place),
difference_words (words after a figure that make it a difference: "above");
[arithmetic] demonstratives (the words that open such a sentence).""",
    check=check,
)
