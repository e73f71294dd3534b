"""conflicting-figures: one subject, predicate, place and time given figures that cannot both be true."""
from __future__ import annotations

from collections import defaultdict

import regex

from factcheck.checks.base import Context, Rule, words_pattern
from factcheck.checks.unit_conversion import conversion_pairs
from factcheck.compare import agree, bounds, describe, group_key, scale_key
from factcheck.guard import REGEX_TIMEOUT
from factcheck.model import Claim


def _sentences_with(ctx: Context, claims: list[Claim], cue: regex.Pattern | None) -> set[int]:
    """Indexes of the claims' sentences that hold one of the cue words."""
    if cue is None:
        return set()
    out = set()
    for index in {c.sentence for c in claims}:
        sent = ctx.sentences[index]
        if cue.search(ctx.story.text, sent.start, sent.end, timeout=REGEX_TIMEOUT):
            out.add(index)
    return out


def _same_source(a: Claim, b: Claim) -> bool:
    return a.source is not None and b.source is not None and a.source.identity == b.source.identity


def _conflicts(members: list[Claim], ctx: Context, rates: dict, updates: set[int]):
    """(earlier, later) pairs that cannot both be true, each later figure at most once, in
    one pass: a figure disagrees with some earlier one exactly when it disagrees with the
    earlier figure of the lowest upper bound or the one of the highest lower bound."""
    lowest_high: tuple[float, Claim] | None = None
    highest_low: tuple[float, Claim] | None = None
    for b in members:
        if b.sentence not in updates and lowest_high and highest_low:   # "has risen to 31" revises
            partner = next((a for _, a in (lowest_high, highest_low) if not agree(a, b, ctx.settings, rates)),
                           None)
            if partner is not None:
                yield partner, b
        low, high, _, _ = bounds(b, ctx.settings, rates)
        if lowest_high is None or high < lowest_high[0]:
            lowest_high = (high, b)
        if highest_low is None or low > highest_low[0]:
            highest_low = (low, b)


def check(ctx: Context):
    table = ctx.table("conflicting-figures")
    rates = ctx.data("rates.toml")
    restated = {b.id for _, b in conversion_pairs(ctx)}       # "(1.5 square miles)" restates "4 km2"
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in ctx.claims:
        key = group_key(claim)
        if key is not None and claim.id not in restated:
            groups[(*key, *scale_key(claim, rates))].append(claim)
    grouped = [c for members in groups.values() if len(members) > 1 for c in members]
    updates = _sentences_with(ctx, grouped, words_pattern(tuple(table.get("update_cues", ()))))
    subsets = _sentences_with(ctx, grouped, words_pattern(tuple(table.get("subset_cues", ()))))
    for members in groups.values():
        members = sorted((c for c in members if c.sentence not in subsets), key=lambda c: c.start)
        for a, b in _conflicts(members, ctx, rates, updates):   # a part ("among the dead") is left out
            yield _finding(ctx, a, b)


def _finding(ctx: Context, a: Claim, b: Claim):
    pair = f"{describe(a, ctx.story)} vs {describe(b, ctx.story)}"
    if a.source is None and b.source is None:
        return RULE.finding(f"{pair}: the story gives two figures for the same thing, neither attributed.",
                            [a, b], severity="error",
                            hint="Check which figure is right and correct the other, or attribute each "
                                 "to its source.")
    if _same_source(a, b):
        return RULE.finding(f"{pair}: the same source gives two figures for the same thing.", [a, b],
                            severity="error",
                            hint=f"Check with {a.source.name} which figure stands and correct the other.")
    if a.source is None or b.source is None:
        return RULE.finding(f"{pair}: the figures disagree and only one is attributed.", [a, b],
                            severity="warning",
                            hint="Attribute the other figure, and say in the story that the figures differ.")
    return RULE.finding(f"{pair}: different sources disagree.", [a, b], severity="warning",
                        hint="Say so in the story (\"the UN puts the figure at ...\") or reconcile the figures.")


RULE = Rule(
    id="conflicting-figures",
    severity="warning",
    summary="The same subject, place and time get figures that cannot both be true.",
    what="""
Two figures about the same thing — the same subject family ("civilians" and
"people"), the same predicate family ("trapped"), the same place and the same
time — whose intervals are incompatible once their qualifiers are read: "at
least 30" and "34" agree, "fewer than 100" and "450" do not, "hundreds" and
"300 to 400" agree, "about" allows its tolerance. Severity is error when one
source gives both figures or neither is attributed, warning when they come
from different sources (or only one is attributed). Never compared: different
events, places or times ("two killed on Wednesday" vs "17 killed last week"),
different predicates (700 evacuated vs 4,000 trapped), different subjects
(patients vs nurses), a figure and its own conversion, a later figure
written as an update ("has risen to 31"), and a part of a figure ("seven
women were among the dead").""",
    why="""
Readers notice when paragraph 3 and paragraph 9 give different tolls. When
sources disagree the story should say so; when one source or the newsroom
itself gives two figures, one of them is wrong.""",
    example="""
At least 30 people were killed in the bombing of the market in Kabul, police said.
Police said 12 people were killed in the bombing of the market in Kabul.""",
    correct="""
At least 30 people were killed in the bombing of the market in Kabul, police said.
Police said 12 of the dead were children.""",
    settings="""
[compare] approximate in rules/settings.toml (the tolerance of "about");
[conflicting-figures] update_cues (words that mark a later figure as a
revision), subset_cues (words that make a figure part of another);
rules/rates.toml for money in different currencies.""",
    check=check,
)
