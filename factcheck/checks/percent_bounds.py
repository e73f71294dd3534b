"""percent-bounds: a share above 100 %, or shares of one whole adding up to more than 100 %."""
from __future__ import annotations

import functools
from collections import defaultdict

import regex

from factcheck.checks.arithmetic import share_pair
from factcheck.checks.base import Context, Rule, alternation, words_pattern
from factcheck.compare import number, precision
from factcheck.guard import fuse
from factcheck.model import Claim



@functools.cache
def _implied_share(cues: tuple[str, ...]) -> regex.Pattern | None:
    """A share verb right before a percentage with no whole of its own ("He had 49 percent")."""
    return regex.compile(r"(?i)\b(?:" + alternation(cues) + r")\s*$") if cues else None


@functools.cache
def _patterns(growth: tuple[str, ...], share: tuple[str, ...], skip: tuple[str, ...]):
    # "of the vote", "of voters" right after the figure: the whole it is a share of
    whole = regex.compile(r"(?i)\s*of\s+(?:(?:the|all|its|their|his|her)\s+)?+"
                          r"(?P<whole>(?!(?:" + alternation(skip) + r")\b)[\p{L}-]+)")
    # a growth word up to 40 characters before the figure, but not inside a share cue ("made up")
    # nor a compound ("the runner-up")
    not_in_share = r"\b(?:" + alternation(share) + r")\b(*SKIP)(*FAIL)|" if share else ""
    before = regex.compile(r"(?i)" + not_in_share + r"(?<![-‐])\b(?:" + alternation(growth) + r")\b[^.;:]{0,40}$")
    shared = regex.compile(r"(?i)\b(?:" + alternation(share) + r")\b[^.;:]{0,40}$")
    return whole, before, shared


_other_count = functools.cache(words_pattern)   # "in the runoff": compiled once per lexicon


_LEAD = 80        # characters before a percentage searched for growth and share cues
_CLAUSE_END = regex.compile(r"\s*(?:[.,;:!?)]|and\b|$)")   # no noun after it: "He had 49 percent." "has 32.9 percent and"


def _share(claim: Claim) -> bool:
    return claim.dimension == "percentage" and claim.unit in (None, "percent")


def _fraction(claim: Claim) -> bool:
    """A fraction of a whole in words or digits ("almost three-quarters", "1/3"), read as a share."""
    return claim.dimension == "count" and claim.unit is None and claim.value is not None \
        and 0 < claim.value < 1


def _percent(claim: Claim) -> float | None:
    """A share's lower figure in percent: "almost three-quarters" is 75."""
    value = claim.low if claim.low is not None else claim.value
    return value * 100 if value is not None and _fraction(claim) else value


def check(ctx: Context):
    if not any(_share(c) or _fraction(c) for c in ctx.claims):
        return                  # nothing to read: its patterns need not even be compiled
    table = ctx.table("percent-bounds")
    whole_re, growth_re, share_re = _patterns(tuple(table.get("growth_cues", ())),
                                              tuple(table.get("share_cues", ())),
                                              tuple(table.get("not_a_whole", ())))
    other_count = _other_count(tuple(table.get("other_count_cues", ())))
    implied = _implied_share(tuple(table.get("implied_share_cues", ())))
    implied_wholes = {family: words_pattern(tuple(words))
                      for family, words in table.get("implied_wholes", {}).items()}
    text = ctx.story.text
    wholes: dict[tuple[int, str], list[Claim]] = defaultdict(list)   # (sentence, whole) -> shares
    last_whole: dict[int, str] = {}                                   # as written: "the vote"
    last_family: dict[int, str] = {}                                  # its family: "voters"
    story_wide: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)  # (whole, place) -> shares
    paragraphs: dict[int, int] = {}                                   # paragraph -> where it starts
    for sent in ctx.sentences:
        paragraphs.setdefault(sent.paragraph, sent.start)

    def counts_other(claim: Claim) -> bool:
        """Whether a cue counts the share as another count: in its clause ("up from 10 percent in
        the last election") or in its sentence's opening clause ("In the runoff, he won 52 percent")."""
        if other_count is None:
            return False
        sent = ctx.sentence_of(claim)
        comma = text.find(",", sent.start, sent.end)
        opening = comma if comma >= 0 else sent.end
        lo = max(sent.start, text.rfind(",", sent.start, claim.start) + 1)
        hi = text.find(",", claim.end, sent.end)
        hi = sent.end if hi < 0 else hi
        return any(other_count.search(text, a, b, **fuse()) for a, b in ((lo, hi), (sent.start, opening)))

    previous = None
    for claim in sorted(ctx.claims, key=lambda c: c.start):
        before, previous = previous, claim
        fraction = _fraction(claim)
        if not (_share(claim) or fraction):
            continue
        sent = ctx.sentence_of(claim)
        lead = text[max(sent.start, claim.start - _LEAD):claim.start]
        if growth_re.search(lead, **fuse()):
            continue                                   # "prices rose 150 %": a growth rate
        m = whole_re.match(text, claim.end, sent.end, **fuse())
        if fraction and not m:
            continue                                   # "two-thirds" alone: a ratio, not a share
        whole = m.group().strip()[2:].strip() if m else last_whole.get(claim.sentence)   # "the vote"
        low = claim.low if claim.low is not None else claim.value
        if low is not None and low > 100 and (m or share_re.search(lead, **fuse())):
            yield RULE.finding(
                f"\"{ctx.story.raw[claim.start:m.end() if m else claim.end]}\" (line {ctx.line(claim)}) is a "
                f"share above 100 %: no part can be more than its whole.", [claim],
                hint="Check the figure; if it is a growth rate or a ratio, say so "
                     "(\"rose 112 %\", \"1.12 times\").")
            continue
        if whole:
            if m:
                last_whole[claim.sentence] = whole
                last_family[claim.sentence] = _family(claim, whole)
            wholes[(claim.sentence, whole.lower())].append(claim)
            if not counts_other(claim):             # "..., while Casa had around five percent": the same whole
                story_wide[(last_family[claim.sentence], _place(claim))].append(claim)
        elif before is not None and before.subject_key and share_pair(text, before, claim) \
                and not counts_other(claim):       # "15.4 million votes, or 54 percent": of all votes
            wholes[(claim.sentence, before.subject_key)].append(claim)
            story_wide[(before.subject_key, _place(claim))].append(claim)
        elif implied is not None and not counts_other(claim) and _CLAUSE_END.match(text, claim.end) \
                and implied.search(text, max(paragraphs[sent.paragraph], claim.start - _LEAD), claim.start,
                                   **fuse()):                # not "had 62 percent support"
            family = _implied_whole(ctx, claim, implied_wholes, paragraphs[sent.paragraph])
            if family:                                 # "That was 51 percent" after "people voted"
                wholes[(claim.sentence, family)].append(claim)
                story_wide[(family, _place(claim))].append(claim)
    flagged = False
    for (_, whole), parts in wholes.items():
        if len(parts) >= 2 and _total(parts) > 100 + sum(precision(p) for p in parts):
            flagged = True
            yield _overflow(ctx, whole, parts, f"on line {ctx.line(parts[0])}")
    if flagged:
        return
    for (whole, _), shares in story_wide.items():
        parts = _distinct(shares)
        if len({p.sentence for p in parts}) >= 2 and len({p.time for p in parts if p.time}) <= 1 \
                and _total(parts) > 100 + sum(precision(p) for p in parts):
            lines = sorted({ctx.line(p) for p in parts})
            yield _overflow(ctx, whole, parts, "on lines " + ", ".join(map(str, lines)))


def _family(claim: Claim, whole: str) -> str:
    """The whole a share is of, as its subject family when the subjects stage read it
    ("ballots cast" and "the vote" are both "voters"; "of total valid votes", read as "total",
    is the subject "total valid votes"), else as written."""
    subject = (claim.subject or "").lower().split()
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
        f"{number(total)} %, more than the whole.", parts, end=parts[-1].end,
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
before them ("people voted"); a share restated later within a
point of an earlier one ("nearly 66 %", then "65.8 %") is counted once. Growth
rates ("prices rose 150 %") and changes are not shares and are not checked;
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
paragraph that name the whole such a share is of: voters = "voted").""",
    check=check,
)
