"""conflicting-figures: one subject, predicate, place and time given figures that cannot both be true."""
from __future__ import annotations

import bisect
import functools
from collections import defaultdict

import regex

from factcheck.checks.arithmetic import next_words
from factcheck.checks.base import SPACES, Context, Rule, alternation, by_sentence, claims_by_sentence, restated_headlines, \
    words_pattern
from factcheck.checks.unit_conversion import conversion_pairs
from factcheck.compare import agree, bounds, describe, group_key, scale_key
from factcheck.guard import fuse
from factcheck.model import Claim

_WORD_BEFORE = regex.compile(r"(?r)(\p{L}+)\s*$")
# between two figures listed side by side: a few words, then "and", "or" or a comma, no verb of speech or contrast
_LISTED_WORD = r"(?!(?:while|but|whereas|said|says|according)\b)[\p{L}'’-]+"   # no word of contrast or speech
_LISTED = regex.compile(r"(?i)(?:\s+" + _LISTED_WORD + r"){0,5}\s*(?:,\s*and|,|and|or)\s+"
                        r"(?:" + _LISTED_WORD + r",?\s+){0,3}")   # "365 dead, and Teresopolis, 308"
_PROJECTION_REACH = 40    # characters before a figure, in its clause, searched for a hedge ("could pass")


def _sentences_with(ctx: Context, claims: list[Claim], cue: regex.Pattern | None) -> set[int]:
    """Indexes of the claims' sentences that hold one of the cue words."""
    if cue is None:
        return set()
    out = set()
    for index in {c.sentence for c in claims}:
        sent = ctx.sentences[index]
        if cue.search(ctx.story.text, sent.start, sent.end, **fuse()):
            out.add(index)
    return out


def _parts(ctx: Context, table: dict, keyed: set[str]) -> set[str]:
    """Ids of the figures of `keyed` that are a part of another: after a subset cue in their clause
    ("..., including two women", "Among the dead were seven women") or followed by one
    in it ("Seven women were among the dead", "12 of them"). The total of such a
    sentence ("13 people were killed, including two women") stays a total, and so does a part
    given a place of its own other than the figure's before it ("at least six people around
    Europe, including three in France": France's count)."""
    before = words_pattern(tuple(sorted(ctx.words("predicates.toml", "subset", "words"))))
    after = words_pattern(tuple(table.get("subset_cues_after", ())))
    text, out = ctx.story.text, set()
    for claims in ctx.once(claims_by_sentence).values():
        for i, c in enumerate(claims):
            if c.id not in keyed:
                continue
            lo, hi = ctx.clause(c)                  # ... and no further than the figures around it
            lo = max(lo, claims[i - 1].end) if i else lo
            hi = min(hi, claims[i + 1].start) if i + 1 < len(claims) else hi
            own_place = i and c.place is not None and not c.extra.get("place_inferred") \
                and claims[i - 1].place not in (None, c.place)
            if not own_place and (before is not None and before.search(text, lo, c.start, **fuse()) or
                                  after is not None and after.search(text, c.end, hi, **fuse())):
                out.add(c.id)
    return out


def _increments(ctx: Context, table: dict, keyed: set[str]) -> set[str]:
    """Ids of the figures of `keyed` that count an addition, not a total: a word of `increment_words`
    opens their noun or stands right before or after them ("12 new deaths", "another 12", "12
    more")."""
    words = {w.lower() for w in table.get("increment_words", ())}
    text, out = ctx.story.text, set()
    for c in ctx.claims:
        if c.id not in keyed:
            continue
        noun = (c.subject or "").lower().split()
        before = _WORD_BEFORE.search(text, max(0, c.start - 20), c.start, **fuse())
        if (noun and noun[0] in words) or (before and before.group(1).lower() in words) \
                or ctx.once(next_words).get(c.id) in words:
            out.add(c.id)
    return out


def _coordinated(text: str, a: Claim, b: Claim) -> bool:
    """Whether two figures of one sentence are listed side by side ("12 deaths from cholera and 8
    from measles"): categories, not two readings of one."""
    return a.sentence == b.sentence and bool(_LISTED.fullmatch(text, a.end, b.start, **fuse()))


def _other_events(ctx: Context, table: dict, candidates: list[Claim]) -> dict[int, int]:
    """Sentences about another event ("In a separate attack, gunmen killed five"; settings
    other_event_cues), each its own: sentence -> itself. Their figures are compared only with
    each other."""
    cue = words_pattern(tuple(table.get("other_event_cues", ())))
    if cue is None:
        return {}
    text = ctx.story.text
    return {i: i for i in {c.sentence for c in candidates}
            if cue.search(text, ctx.sentences[i].start, ctx.sentences[i].end, **fuse())}


def _projections(ctx: Context, table: dict, keyed: set[str]) -> set[str]:
    """Ids of the figures of `keyed` that a hedge in their clause before them makes a projection,
    not a count ("the number of dead could pass 25,000", "is expected to reach 40,000")."""
    cue = words_pattern(tuple(table.get("projection_cues", ())))
    if cue is None:
        return set()
    text = ctx.story.text
    return {c.id for c in ctx.claims if c.id in keyed
            and cue.search(text, max(ctx.clause(c)[0], c.start - _PROJECTION_REACH), c.start, **fuse())}


@functools.cache
def _event_patterns(events: tuple[str, ...], specifiers: tuple[str, ...]):
    """(any mention of an event, a bare definite reference back to one: "in the shelling",
    "Wednesday's earthquake", not "in the shelling of a nearby village")."""
    named = regex.compile(r"(?i)\b(?:" + alternation(events) + r")\b")
    not_after = r"(?!\s+(?:" + alternation(specifiers) + r")\b)" if specifiers else ""
    back = regex.compile(r"(?i)(?:\bthe|(?-i:\b\p{Lu}\p{Ll}+)['\u2019]s)\s+(" + alternation(events) + r")\b"
                         + not_after)
    return named, back


def _same_event(ctx: Context, table: dict, candidates: list[Claim], rates: dict):
    """(earlier, later, event) pairs about one event whatever places the story gives them: the
    later figure's sentence names no place of its own and refers back to an event ("13
    people were killed in the shelling"), and the last earlier sentence naming that event
    with a figure for the same subject and predicate ("shelling killed at least 18 people
    in northern Syria") and the same time, or no time on one side, gives the earlier figure."""
    events = tuple(table.get("events", ()))
    if not events:
        return
    named, back = _event_patterns(events, tuple(table.get("event_specifiers", ())))
    family = {w.lower(): head for head, words in table.get("event_families", {}).items() for w in words}
    text = ctx.story.text
    grouped = by_sentence(candidates)
    named_in: dict[str, list[int]] = defaultdict(list)       # event -> sentences naming it, in order
    for i in grouped:
        sent = ctx.sentences[i]
        for event in {family.get(e, e) for e in (SPACES.sub(" ", m.lower())
                                                 for m in named.findall(text, sent.start, sent.end, **fuse()))}:
            named_in[event].append(i)
    refers_to: dict[int, str | None] = {}                    # sentence -> the event it refers back to
    for b in candidates:
        if b.place is not None and not b.extra.get("place_inferred"):
            continue
        if b.sentence not in refers_to:
            sent = ctx.sentences[b.sentence]
            ref = back.search(text, sent.start, sent.end, **fuse())
            word = SPACES.sub(" ", ref.group(1).lower()) if ref else None
            refers_to[b.sentence] = family.get(word, word)
        event = refers_to[b.sentence]
        if event is None:
            continue
        earlier = named_in.get(event, [])
        for index in reversed(earlier[:bisect.bisect_left(earlier, b.sentence)]):
            same = [a for a in grouped[index] if (a.subject_key, a.predicate) == (b.subject_key, b.predicate)
                    and scale_key(a, rates) == scale_key(b, rates)
                    and (None in (a.time, b.time) or a.time == b.time)]
            if same:
                yield from ((a, b, event) for a in same if group_key(a) != group_key(b)
                            and not agree(a, b, ctx.settings, rates))
                break


def _confirmed(ctx: Context, table: dict, candidates: list[Claim]) -> set[str]:
    """Ids of the figures a cue before them in their clause makes confirmed counts ("confirmed 93
    deaths were caused by dengue")."""
    cue = words_pattern(tuple(table.get("confirmed_cues", ())))
    if cue is None:
        return set()
    return {c.id for c in candidates if cue.search(ctx.story.text, ctx.clause(c)[0], c.start, **fuse())}


def _trails(a: Claim, b: Claim, confirmed: set[str]) -> bool:
    """Whether one figure is a confirmed count lower than the other, which is not confirmed:
    "the death of 242 people" reported, "93 deaths" confirmed."""
    if (a.id in confirmed) == (b.id in confirmed) or a.value is None or b.value is None:
        return False
    low, high = (a, b) if a.id in confirmed else (b, a)
    return low.value < high.value


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
    keyed = {c.id for c in ctx.claims if group_key(c) is not None}     # the others are never compared
    left_out = {b.id for _, b in ctx.once(conversion_pairs)}       # "(1.5 square miles)" restates "4 km2"
    left_out |= _parts(ctx, table, keyed)                     # "seven women were among the dead"
    left_out |= _projections(ctx, table, keyed)               # "the number of dead could pass 25,000"
    left_out |= _increments(ctx, table, keyed)                # "12 new deaths ..., bringing the total to 340"
    left_out |= ctx.once(restated_headlines)                  # "113 Dead" over "at least 113"
    superseded = frozenset(w.lower() for w in table.get("superseded", ()))
    left_out |= {c.id for c in ctx.claims if c.subject and superseded.intersection(c.subject.lower().split())}
    candidates = [c for c in ctx.claims if c.id in keyed and c.id not in left_out]
    apart = _other_events(ctx, table, candidates)
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in candidates:
        groups[(*group_key(claim), *scale_key(claim, rates), apart.get(claim.sentence))].append(claim)
    updates = _sentences_with(ctx, candidates, words_pattern(tuple(table.get("update_cues", ()))))
    confirmed = _confirmed(ctx, table, candidates)
    for members in groups.values():
        for a, b in _conflicts(sorted(members, key=lambda c: c.start), ctx, rates, updates):
            if not _coordinated(ctx.story.text, a, b) and not _trails(a, b, confirmed):
                yield _finding(ctx, a, b)
    for a, b, event in _same_event(ctx, table, candidates, rates):
        if b.sentence not in updates:
            yield _finding(ctx, a, b, f", both for the {event}")


def _finding(ctx: Context, a: Claim, b: Claim, about: str = ""):
    pair = f"{describe(a, ctx.story)} vs {describe(b, ctx.story)}{about}"
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
        bare = a if a.source is None else b
        return RULE.finding(f"{pair}: the figures disagree and only one is attributed.", [a, b],
                            severity="warning",
                            hint=f"Attribute \"{bare.text}\" (line {ctx.line(bare)}), and say in the story "
                                 f"that the figures differ.")
    return RULE.finding(f"{pair}: different sources disagree.", [a, b], severity="warning",
                        hint=f"Say in the story that {a.source.name} and {b.source.name} give different "
                             f"figures, or check which is right.")


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
women were among the dead", "..., including two women"; the total of such a
sentence is still compared), a projection ("the number of dead could pass
25,000", "is expected to reach 200"), an addition ("12 new deaths", "another
12"), and figures listed side by side in one sentence ("12 deaths from cholera
and 8 from measles"), a confirmed count lower than one reported ("the death of
242 people" reported, "confirmed 93 deaths"), an earlier figure the story has
moved on from ("the previous official death toll was 43,000"), and a headline
figure a figure of the story restates ("113 Dead" over "at least 113 people":
the headline is read through it); a sentence about another event ("In a
separate attack, gunmen killed five") is compared only with itself. A figure
whose sentence names no place and refers back to an event ("13 people were
killed in the shelling", "the blast killed seven" after "a powerful bomb went
off") is compared with the figures of the last earlier sentence naming that
event, or another name of it ("shelling killed at least 18 people in northern
Syria"), whatever places the two are given.""",
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
revision), projection_cues (hedges that make a figure a projection),
increment_words (words that make a figure an addition), other_event_cues
(words that put a sentence in another event),
subset_cues_after and rules/predicates.toml [subset] (words after
or before a figure that make it part of another), events and event_specifiers (event nouns a
later figure may refer back to: "in the shelling");
rules/rates.toml for money in different currencies.""",
    check=check,
)
