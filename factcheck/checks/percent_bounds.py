"""percent-bounds: a share above 100 %, or shares of one whole adding up to more than 100 %."""
from __future__ import annotations

import functools
from collections import defaultdict

import regex

from factcheck.checks.arithmetic import nested_count, next_word, rests_of_shares, share_pair
from factcheck.checks.base import Context, Rule, alternation, claims_by_sentence, dated_before, is_fraction, of_whole, \
    story_year, words_pattern
from factcheck.compare import number, precision
from factcheck.guard import fuse
from factcheck.model import Claim



@functools.cache
def _implied_share(cues: tuple[str, ...]) -> regex.Pattern | None:
    """A share verb right before a percentage with no whole of its own ("He had 49 percent")."""
    return regex.compile(r"(?i)\b(?:" + alternation(cues) + r")\s*$") if cues else None


@functools.cache
def _own_share(share: tuple[str, ...]) -> regex.Pattern | None:
    """A share word right after a percentage ("79 per cent turnout"): the share of its own whole."""
    return regex.compile(r"(?i)\s+(?:" + alternation(share) + r")\b") if share else None


@functools.cache
def _patterns(growth: tuple[str, ...], share: tuple[str, ...], skip: tuple[str, ...]):
    # "of the vote", "of voters", "of the world's refugees" right after the figure: the whole it is a share of
    whole = regex.compile(r"(?i)\s*of\s+(?:(?:the|all|its|their|his|her)\s+)?+"
                          r"(?P<whole>(?!(?:" + alternation(skip) + r")\b)(?:[\p{L}-]+['\u2019]s\s+)?"
                          r"(?:(?-i:\p{Lu}[\p{L}-]*(?:[ \t]+\p{Lu}[\p{L}-]*)+)|[\p{L}-]+))")
    # a growth word up to 40 characters before the figure, but not inside a share cue ("made up")
    # nor a compound ("the runner-up")
    not_in_share = r"\b(?:" + alternation(share) + r")\b(*SKIP)(*FAIL)|" if share else ""
    before = regex.compile(r"(?i)" + not_in_share + r"(?<![-‐])\b(?:" + alternation(growth) + r")\b[^.;:]{0,40}$")
    shared = regex.compile(r"(?i)\b(?:" + alternation(share) + r")\b[^.;:]{0,40}$")
    return whole, before, shared


_other_count = functools.cache(words_pattern)   # "in the runoff": compiled once per lexicon


@functools.cache
@functools.cache
def _world(words: tuple[str, ...]) -> regex.Pattern | None:
    """A whole that opens with one of `words` ("all refugees", "the world's refugees") has no place
    of its own: its shares are where the parts are."""
    return regex.compile(r"(?i)(?:the\s+)?(?:" + alternation(words) + r")\b") if words else None


@functools.cache
def _part_place(verbs: tuple[str, ...]) -> regex.Pattern | None:
    """A verb right after a share's whole that makes the place after it where the part is, not the
    whole's scope: "80 percent of the world's refugees now are in the Middle East"."""
    if not verbs:
        return None
    return regex.compile(r"(?i)[\p{L}'\s-]{0,40}?\b(?:now\s+|still\s+)?(?:" + alternation(verbs)
                         + r")\s+(?:in|on|at|from|across)\b")


@functools.cache
def _elliptic(verbs: tuple[str, ...], openers: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern] | None:
    """(a share's verb right after it, what may stand before it in its sentence): "But 30
    percent are not protected" stands for a share of the whole before it."""
    if not verbs:
        return None
    opening = r"(?:(?:" + alternation(openers) + r")\s+)*" if openers else ""
    return (regex.compile(r"(?i)\s+(?:" + alternation(verbs) + r")\b"),
            regex.compile(r"(?i)[\W_]*" + opening))


@functools.cache
def _apposition(quantifiers: tuple[str, ...]) -> regex.Pattern | None:
    """A share set off after the whole it is of: "most of the refugees, 65 percent, flee ...",
    "most of the other refugees, some 40 percent, are from Daraa" (searched backwards)."""
    if not quantifiers:
        return None
    return regex.compile(r"(?ri)\b(?:" + alternation(quantifiers) + r")\s+of\s+(?:the|its|their|all)\s+"
                         r"(?P<whole>(?:other\s+)?[\p{L}-]+)\s*,\s*(?:\p{L}+\s+)?$")


_LEAD = 80        # characters before a percentage searched for growth and share cues
_CLAUSE_END = regex.compile(r"\s*(?:[.,;:!?)]|and\b|$)")   # no noun after it: "He had 49 percent." "has 32.9 percent and"


def _share(claim: Claim) -> bool:
    return claim.dimension == "percentage" and claim.unit in (None, "percent")


def _percent(claim: Claim) -> float | None:
    """A share's lower figure in percent: "almost three-quarters" is 75."""
    value = claim.low if claim.low is not None else claim.value
    return value * 100 if value is not None and is_fraction(claim) else value


def check(ctx: Context):
    if not any(_share(c) or is_fraction(c) for c in ctx.claims):
        return                  # nothing to read: its patterns need not even be compiled
    table = ctx.table("percent-bounds")
    whole_re, growth_re, share_re = _patterns(tuple(table.get("growth_cues", ())),
                                              tuple(table.get("share_cues", ())),
                                              tuple(table.get("not_a_whole", ())))
    other_count = _other_count(tuple(table.get("other_count_cues", ())))
    implied = _implied_share(tuple(table.get("implied_share_cues", ())))
    part_place = _part_place(tuple(table.get("part_place_verbs", ())))
    elliptic = _elliptic(tuple(table.get("elliptic_verbs", ())), tuple(table.get("elliptic_openers", ())))
    apposition = _apposition(tuple(table.get("apposition_quantifiers", ())))
    own_share = _own_share(tuple(table.get("share_cues", ())))
    world = _world(tuple(table.get("world_wholes", ())))
    implied_wholes = {family: words_pattern(tuple(words))
                      for family, words in table.get("implied_wholes", {}).items()}
    text = ctx.story.text
    wholes: dict[tuple[int, str], list[Claim]] = defaultdict(list)   # (sentence, whole) -> shares
    last_whole: dict[int, str] = {}                                   # as written: "the vote"
    last_family: dict[int, str] = {}                                  # its family: "voters"
    last_place: dict[int, str | None] = {}                           # the place of its shares' whole
    story_wide: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)  # (whole, place) -> shares
    anywhere: dict[str, list[Claim]] = defaultdict(list)   # whole -> shares of the world's, added to every
                                                            # place's shares of that whole at the same time
    place_words = ctx.words("subjects.toml", "place", "prepositions")
    paragraphs: dict[int, int] = {}                                   # paragraph -> where it starts
    for sent in ctx.sentences:
        paragraphs.setdefault(sent.paragraph, sent.start)

    year = story_year(ctx)
    opening_other: dict[int, bool] = {}                               # sentence -> its opening clause counts other

    def counts_other(claim: Claim, opening: bool = True) -> bool:
        """Whether the share counts something else: it is dated in an earlier year than the story
        ("In 1996, he received about 75 percent"), or a cue says so in its clause ("up from 10
        percent in the last election") or in its sentence's opening clause ("In the runoff, he won
        52 percent")."""
        if dated_before(claim, year):
            return True
        if other_count is None:
            return False
        if other_count.search(text, *ctx.clause(claim), **fuse()):
            return True
        if not opening:
            return False
        sent = ctx.sentence_of(claim)
        if sent.index not in opening_other:             # once per sentence: its opening clause
            comma = text.find(",", sent.start, sent.end)
            opening_other[sent.index] = bool(other_count.search(
                text, sent.start, comma if comma >= 0 else sent.end, **fuse()))
        return opening_other[sent.index]

    listed = _listed_before_whole(ctx, whole_re)
    implied_of: dict[str, str] = {}                                # an implied share -> its whole's family
    previous = None
    for claim in sorted(ctx.claims, key=lambda c: c.start):
        before, previous = previous, claim
        fraction = is_fraction(claim)
        if not (_share(claim) or fraction):
            continue
        sent = ctx.sentence_of(claim)
        lead = text[max(sent.start, claim.start - _LEAD):claim.start]
        if growth_re.search(lead, **fuse()):
            continue                                   # "prices rose 150 %": a growth rate
        m = whole_re.match(text, claim.end, min(sent.end, claim.end + _LEAD), **fuse())
        if fraction and not m:
            continue                                   # "two-thirds" alone: a ratio, not a share
        apposed = None if m or apposition is None else apposition.search(lead, **fuse())
        if apposed:
            whole = apposed.group("whole")             # "most of the refugees, 65 percent, flee from Homs"
        else:
            whole = m.group().strip()[2:].strip() if m else (listed.get(claim.id)
                                                              or last_whole.get(claim.sentence))   # "the vote"
        if not m and not apposed and whole and ((claim.subject_key and (
                claim.subject_key != last_family[claim.sentence]
                or (share_re is not None and share_re.search(claim.subject, **fuse()))))
                or (own_share is not None and own_share.match(text, claim.end, min(sent.end, claim.end + _LEAD),
                                                              **fuse()))):
            whole = None                               # "... and the turnout was 78.71 percent"; "79 per cent turnout"
        low = claim.low if claim.low is not None else claim.value
        if low is not None and low > 100 and (m or share_re.search(lead, **fuse())):
            yield RULE.finding(
                f"\"{ctx.story.raw[claim.start:m.end() if m else claim.end]}\" (line {ctx.line(claim)}) is a "
                f"share above 100 %: no part can be more than its whole.", [claim],
                hint="Check the figure; if it is a growth rate or a ratio, say so "
                     "(\"rose 112 %\", \"1.12 times\").")
            continue
        if whole:
            # "... of the world's refugees are in Africa", "most of the refugees, 65 percent, flee
            # from Homs": shares of the whole wherever the part is
            place = None if apposed or m and part_place is not None and part_place.match(
                text, m.end(), sent.end, **fuse()) else _place(claim)
            if m or apposed or claim.id in listed:
                last_whole[claim.sentence] = whole
                last_family[claim.sentence] = _family(claim, whole)
                last_place[claim.sentence] = place
            else:                                   # "56 percent of the stations were in the normal range,
                place = last_place.get(claim.sentence, place)   # with about 30 percent well above": its scope
            wholes[(claim.sentence, whole.lower())].append(claim)
            if not counts_other(claim):             # "..., while Casa had around five percent": the same whole
                story_wide[(last_family[claim.sentence], place)].append(claim)
                if m and world is not None and world.match(whole, **fuse()) \
                        and next_word(text, m.end(), sent.end) not in place_words:
                    anywhere[last_family[claim.sentence]].append(claim)   # "hosts 38 percent of all refugees"
        elif before is not None and before.subject_key and share_pair(text, before, claim) \
                and not counts_other(claim) and not nested_count(ctx, before, sent.start):
            # "15.4 million votes, or 54 percent": of all votes; not "of those, 43 (84%)": of the 51 before
            wholes[(claim.sentence, before.subject_key)].append(claim)
            story_wide[(before.subject_key, _place(claim))].append(claim)
        elif elliptic is not None and sent.index - 1 in last_family \
                and ctx.sentences[sent.index - 1].paragraph == sent.paragraph \
                and elliptic[0].match(text, claim.end, min(sent.end, claim.end + _LEAD), **fuse()) \
                and elliptic[1].fullmatch(text, sent.start, claim.start, **fuse()):
            # "... 80 percent of babies are vaccinated. But 30 percent are not": the whole before
            family = last_family[sent.index - 1]
            wholes[(claim.sentence, family)].append(claim)
            story_wide[(family, _place(claim))].append(claim)
        elif implied is not None and not counts_other(claim) and _CLAUSE_END.match(text, claim.end) \
                and implied.search(text, max(paragraphs[sent.paragraph], claim.start - _LEAD), claim.start,
                                   **fuse()):                # not "had 62 percent support"
            family = _implied_whole(ctx, claim, implied_wholes, paragraphs[sent.paragraph]) or (
                last_family.get(sent.index - 1) if sent.index and
                ctx.sentences[sent.index - 1].paragraph == sent.paragraph else None)   # "... 58 percent of the
            if family:                                 # refugees. Men account for 47 percent."; "That was 51
                                                       # percent" after "people voted"
                wholes[(claim.sentence, family)].append(claim)
                story_wide[(family, _place(claim))].append(claim)
                implied_of[claim.id] = family
        elif before is not None and before.id in implied_of and before.sentence == claim.sentence \
                and _CLAUSE_END.match(text, claim.end) and _LISTED.fullmatch(text, before.end, claim.start, **fuse()):
            family = implied_of[claim.id] = implied_of[before.id]   # "had 26.6 percent and Kalla 15.1 percent."
            wholes[(claim.sentence, family)].append(claim)
            story_wide[(family, _place(claim))].append(claim)
    flagged = False
    for (_, whole), parts in wholes.items():
        parts = [p for p in parts if not counts_other(p, opening=False)]   # "— more than the 98.79
        if len(parts) >= 2 and len({p.time for p in parts if p.time}) <= 1 \
                and _total(parts) > 100 + sum(precision(p) for p in parts):  # percent he got in the last poll"
            flagged = True
            yield _overflow(ctx, whole, parts, f"on line {ctx.line(parts[0])}")
    if flagged:
        return
    told: set[frozenset[str]] = set()                 # the same shares reached from two places' groups
    for (whole, _), shares in story_wide.items():
        world = [w for w in anywhere.get(whole, ()) if w not in shares and all(p.time == w.time for p in shares)]
        parts = _distinct(sorted(shares + world, key=lambda c: c.start))
        if len({p.sentence for p in parts}) >= 2 and len({p.time for p in parts if p.time}) <= 1 \
                and _total(parts) > 100 + sum(precision(p) for p in parts) \
                and frozenset(p.id for p in parts) not in told:
            flagged = True
            told.add(frozenset(p.id for p in parts))
            yield _overflow(ctx, _named(parts, whole), parts, _lines(ctx, parts))
    if flagged:
        return
    for shares, rest in ctx.once(rests_of_shares):    # "about 40 percent ... The remaining 65 percent"
        parts = [*shares, rest]
        if _total(parts) > 100 + sum(precision(p) for p in parts):
            written = next((m.group("whole") for m in (of_whole(text, c.end) for c in parts) if m), None)
            yield _overflow(ctx, rest.subject or written or "one whole", parts, _lines(ctx, parts))


def _named(parts: list[Claim], whole: str) -> str:
    """The whole as the shares' subject writes it ("ocean life"), else as given."""
    return next((p.subject for p in parts if p.subject and p.subject_key == whole), whole)


def _lines(ctx: Context, parts: list[Claim]) -> str:
    lines = sorted({ctx.line(p) for p in parts})
    return f"on line{'s' if len(lines) > 1 else ''} " + ", ".join(map(str, lines))


# between two shares of one list: a comma or "and", and at most four words (the next name): ", Jones ", " and Brown "
_LISTED = regex.compile(r"(?i)[ \t]*(?:,[ \t]*and|,|and)[ \t]+(?:[\p{L}'’.-]+[ \t]+){0,4}")   # a hedge is in the share's text
_POSSESSOR = regex.compile(r"^\S+['\u2019]s\s+")      # "the world's refugees" -> refugees


def _family(claim: Claim, whole: str) -> str:
    """The whole a share is of, as its subject family when the subjects stage read it
    ("ballots cast" and "the vote" are both "voters"; "of total valid votes", read as "total",
    is the subject "total valid votes"), a name of several words as written ("African
    Americans"), else as written."""
    subject = (claim.subject or "").lower().split()
    named = _POSSESSOR.sub("", whole).split()
    if len(named) > 1 and all(w[:1].isupper() for w in named):
        return " ".join(named).lower()       # "of African Americans", "of Asian Americans": two wholes
    if subject and claim.subject_key and whole.lower().split()[-1] in subject:
        return claim.subject_key
    return whole.lower()


def _implied_whole(ctx: Context, claim: Claim, wholes: dict[str, regex.Pattern | None], start: int) -> str | None:
    """The whole a share with none written is of, from a word naming it in its paragraph
    (from `start`) up to its sentence's end ("people voted for Bush. That was 51 percent")."""
    end = ctx.sentence_of(claim).end
    for family, pattern in wholes.items():
        if pattern is not None and pattern.search(ctx.story.text, start, end, **fuse()):
            return family
    return None


def _listed_before_whole(ctx: Context, whole_re: regex.Pattern) -> dict[str, str]:
    """Claim id -> the whole of the last share of a list that names it ("Smith won 55 percent, Jones
    40 percent and Brown 12 percent of the vote": the vote, for 55 and 40 too): shares of one
    sentence joined by a comma or "and" with at most a few words (the next name) between."""
    text = ctx.story.text
    out: dict[str, str] = {}
    for claims in ctx.once(claims_by_sentence).values():
        whole, later = None, None
        for c in reversed([c for c in claims if c.unit == "percent"]):    # from the last share written
            m = whole_re.match(text, c.end, min(ctx.sentence_of(c).end, c.end + _LEAD), **fuse())
            if m:
                whole = m.group().strip()[2:].strip()
            elif whole is not None and _LISTED.fullmatch(text, c.end, later.start, **fuse()):
                out[c.id] = whole
            else:
                whole = None
            later = c
    return out


def _place(claim: Claim) -> str | None:
    return claim.place.lower() if claim.place else None


def _total(parts: list[Claim]) -> float:
    return sum(_percent(p) or 0 for p in parts)


def _distinct(shares: list[Claim]) -> list[Claim]:
    """Shares of one whole from across the story, a share restated later ("nearly 66 %",
    then "65.8 %") counted once: a later share within the rounding of an earlier one
    (plus one point) repeats it."""
    out: list[Claim] = []
    for claim in shares:
        value = _percent(claim)
        if value is None:
            continue
        if not any(abs(value - _percent(o)) <= precision(o) + precision(claim) + 1 for o in out):
            out.append(claim)
    return out


def _overflow(ctx: Context, whole: str, parts: list[Claim], where: str):
    total = _total(parts)
    figures = ", ".join(f'"{p.text}"' for p in parts)
    return RULE.finding(
        f"The shares of {whole} {where} ({figures}) add up to "
        f"{number(total, 4)} %, more than the whole.", parts, end=parts[-1].end,
        hint="Check each share against the source; if respondents could give several answers, "
             "say so.")


RULE = Rule(
    id="percent-bounds",
    severity="error",
    summary="A share above 100 %, or shares of one whole that add up to more than 100 %.",
    what="""
A percentage that is a share of something ("112 percent of the vote") cannot
exceed 100; a fraction of a whole ("almost three-quarters of the vote") is a
share too; several shares of the same whole in one sentence ("55 % of the
vote, 40 % and 12 %") cannot add up to more than 100 beyond their rounding
(each written share may have been rounded by half its last digit). Shares
written "N % of <whole>" in different sentences (and the shares after them in
their sentences with no whole of their own) are added too when their wholes
are one subject family ("ballots cast", "the vote") with the same place and no
two different times, unless their clause or the sentence's opening clause
says they count something else ("up from 10 percent in the previous
election", "In the runoff, ..."). So are shares with no whole written
after a share verb that end their clause ("He had 49 percent.", "That was 51
percent.", not "had 62 percent support") when their paragraph names the whole
before them ("people voted") or the sentence before gives one ("Women make up
58 percent of the refugees. Men account for 47 percent."), and a share listed
after such a share ("Megawati had 26.6 percent and Kalla 15.1 percent."); a
share restated later within a
point of an earlier one ("nearly 66 %", then "65.8 %") is counted once. A share
opening its sentence with no whole ("But 30 percent are not protected") is a
share of the whole of the sentence before it in its paragraph. A share set off
after the whole it is of ("most of the refugees, 65 percent, flee from Homs")
is a share of that whole wherever the part is; so is a share of a whole with no
place of its own ("two-thirds of the world's refugees", "38 percent of all
refugees"), added to the shares of that whole elsewhere at the same time. A
share said to be the rest ("the remaining 65 percent") and the shares before
it, in its sentence or the one before in its paragraph, are shares of one
whole (a rest that falls short of the whole is arithmetic's). Growth rates
("prices rose 150 %") and changes are not shares and are not checked;
shares of different wholes ("55 % of men and 60 % of women") are not added.""",
    why="""
A share above 100 % or shares that overflow their whole are impossible on
their face; readers who notice stop trusting every other figure.""",
    example="Smith won 55 percent of the vote, Jones 40 percent and Brown 12 percent.",
    correct="Smith won 55 percent of the vote, Jones 40 percent and Brown 5 percent.",
    settings="""
[percent-bounds] in rules/settings.toml: growth_cues (words before a
percentage that make it a change, not a share), share_cues (words that make a
percentage a share even without "of ..."), not_a_whole (words after "of" that
are not a whole: "of growth", "of increase"), other_count_cues (words that
keep a sentence's shares from being added to other sentences' shares: "runoff",
"previous"), implied_share_cues (share verbs right before a percentage with no
whole: "had", "won") and implied_wholes (subject family = words in the
paragraph that name the whole such a share is of: voters = "voted");
part_place_verbs (verbs after a share's whole that make the place after them
where the part is: "80 percent of the world's refugees are in the Middle East"
and "25 percent of the world's refugees are in Africa" are added);
elliptic_verbs and elliptic_openers (a share opening its sentence, after
nothing but an opener, and followed by one of the verbs, is a share of the
whole of the sentence before in its paragraph: "Almost 80 percent of babies
are vaccinated. But 30 percent are not protected."); apposition_quantifiers
(words before "of the <whole>," that make a percentage set off right after it
a share of that whole: "most", "half").""",
    check=check,
)
