"""parts-exceed-total: stated parts add up to more than their stated total."""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Iterator, NamedTuple

import regex

from factcheck.checks.arithmetic import rests_of_counts
from factcheck.checks.base import Context, Rule, alternation, claims_by_sentence, restated_headlines
from factcheck.compare import comparable, number, restate
from factcheck.guard import fuse
from factcheck.model import Claim


# how far after a figure the words that make it a part are looked for: regex's match scans to its end
# for a pattern's required words ("of them"), so an unbounded window costs the rest of the sentence
_NEAR = 40
_CLOSE = re.compile(r"\)")
# after a list's last counted part, its members of one, the last after "and": ", a civilian employee
# and a young female officer"
_SINGLE = regex.compile(r"(?i)(?:,|,?\s+and)\s+((?:a|an|one)\s+[\p{L}'-]+(?:[ \t]+[\p{L}'-]+){0,5}?)"
                        r"(?=\s*(?:,|\s+and\b|[.;]|$))")
_SINGLES = regex.compile(r"[ \t]+[\p{L}.'-]+(?:[ \t]+[\p{L}.'-]+){0,3}?"           # the last part's noun
                         r"(?:,\s+(?:a|an|one)\s+[^,.;]*?)*,?\s+and\s+(?:a|an|one)\s+[^,.;]*?(?=[.;,]|$)", regex.I)
_LIST_REACH = 200
_OWN_VERB = regex.compile(r"[ \t]+(?:were|was|are|is|have|has|had|\p{Ll}+ed)\b")   # "15 were hospitalized", "3 died"
_ALL_BEFORE = regex.compile(r"(?i)\ball[ \t]+$")      # "and all six patients died": the whole again
_MODIFIER_BEFORE = regex.compile(r"(?i)\b(?:from|across|in)[ \t]+$")   # "251 illnesses from 26 states"
_IN_PLACE = regex.compile(r"[ \t]+(?:in|at|near)[ \t]+(?:the[ \t]+)?\p{Lu}")   # "30 in Kabul"
# between a total and the first of its parts in parentheses: its noun, then "(" ("73,362 fugitives (28,065")
_OPENS = regex.compile(r"(?:[ \t]+[\p{L}'-]+){0,2}[ \t]*\([ \t]*")
# between two coordinated figures: the first one's noun, then "and" or a comma ("five soldiers and nine")
_JOINED = regex.compile(r"[ \t]+(?:[\p{L}'-]+(?:[ \t]+[\p{L}'-]+){0,2})?[ \t]*(?:,[ \t]*and|and|,)[ \t]+")


class _Breakdown(NamedTuple):
    total: Claim
    parts: list[Claim]
    singles: tuple[str, ...] = ()   # members of one a list closes with, as written ("a civilian employee")


@functools.cache
def _patterns(cues: tuple[str, ...], nested: tuple[str, ...], verbs: tuple[str, ...], openers: tuple[str, ...]):
    # the total's clause, then a cue that opens its list of parts (a word, or a mark such as ":")
    words = tuple(c for c in cues if c[:1].isalnum())
    marks = tuple(c for c in cues if not c[:1].isalnum())
    cue = regex.compile(r"(?i)^[^.;]*?(?:(?<!\w)(?:" + alternation(words) + r")(?=\s)" +
                        (r"|" + alternation(marks) if marks else "") + r")")      # "so far—four in January"
    # "Of the 120 passengers, 70 were ...": the total leads the sentence
    lead = regex.compile(r"(?i)\W*of\s+(?:the|these|those|its|their)\s*")
    inner = regex.compile(r"(?i)\W*(?:" + alternation(nested) + r")\b")
    elliptic = regex.compile(r"(?i)\s+(?:" + alternation(verbs) + r")\b")
    # "Of them, 200 were Americans": a sentence opening on the count before it
    opener = regex.compile(r"(?i)\W*(?:" + alternation(openers) + r")\b[^.;]*$") if openers else None
    return cue, lead, inner, elliptic, opener


def _low(claim: Claim) -> float | None:
    return claim.low if claim.low is not None else claim.value


def _in_sentence(ctx: Context, claims: list[Claim], patterns, cap: float) -> Iterator[_Breakdown]:
    """"The 120 passengers included 70 Americans and 60 Canadians"; "Of the 20 arrested, 12 ..."."""
    cue_re, lead_re, nested_re = patterns[:3]
    text = ctx.story.text
    for i, total in enumerate(claims[:-1]):
        if total.high is None or total.dimension == "percentage":
            continue
        sent = ctx.sentence_of(total)
        if nested_re.match(text, total.end, min(sent.end, total.end + _NEAR), **fuse()):
            continue        # "40 people — 12 of them children —": a part itself, not a total
        if not (total.start - sent.start <= _NEAR and lead_re.fullmatch(text, sent.start, total.start, **fuse())):
            between = ctx.between(total, claims[i + 1])
            cue = cue_re.match(between, **fuse())
            if not _by_place(text, claims, i, between) and (
                    cue is None or "," in between[cue.end():]
                    or not cue.group()[-1:].isalnum() and between[cue.end():].strip()):
                continue    # no list, or one closed before the next figure: "including fines, and $13 million";
                            # after a mark (":", a dash) the first part comes straight: "-- 6.5 million inside"
        parts = []
        for part in itertools.islice(claims, i + 1, None):
            if not comparable(total, part) or nested_re.match(text, part.end, min(sent.end, part.end + _NEAR), **fuse()) \
                    or (part.predicate and total.predicate and part.predicate != total.predicate) \
                    or (_low(part) or 0) > cap * total.high \
                    or (parts and ";" in text[parts[-1].end:part.start]) \
                    or (parts and part.predicate not in (None, total.predicate, parts[0].predicate)
                        and _OWN_VERB.match(text, part.end, sent.end, **fuse())) \
                    or _ALL_BEFORE.search(text, max(sent.start, part.start - 8), part.start, **fuse()):
                break       # not a part: another kind of figure, a part of a part ("60 of them"), another
            parts.append(part)  # clause ("and wounded 40"; "; 25 patients were hospitalized"), another
                                # attribute of the whole ("Of the 23 patients, 12 were female, 15 were
                                # hospitalized"), the whole again ("and all six patients died") or
                                # another count ("two countries – 15,561")
        if not parts:
            continue        # "$845 million -- would pay for ... some 10 million people": not its list
        if _other_kind(total, parts[0]) and i and \
                _MODIFIER_BEFORE.search(text, max(sent.start, total.start - 12), total.start, **fuse()):
            continue        # "251 illnesses from 26 states, including 79 hospitalizations": the list is
                            # the illnesses', the states only say where
        if any(_other_kind(total, p) and (_low(p) or 0) > total.high for p in parts):
            continue        # "19 strikes consisting of 26 engagements": a count of another thing above
                            # the total is what it is made of, not a part of it
        singles = _singles(text, parts[-1].end, sent.end) if parts[-1] is claims[-1] else ()
        yield _Breakdown(total, parts, singles)
        return


def _other_kind(total: Claim, part: Claim) -> bool:
    """Whether a part names a thing of its own that is not the total's ("engagements" after
    "strikes"); a part whose noun the subjects stage carried over from the total is not."""
    return bool(total.subject_key and part.subject_key and total.subject_key != part.subject_key
                and not part.extra.get("subject_inferred"))


def _by_place(text: str, claims: list[Claim], i: int, between: str) -> bool:
    """Whether the total claims[i], in no place of its own, is followed after a comma by counts each
    in a place of its own: "46 people died, 30 in Kabul and 20 in Herat" (not "6 people died in
    Illinois, four in Tennessee": a list of places)."""
    return between.rstrip().endswith(",") and not _IN_PLACE.search(between, **fuse()) and i + 2 < len(claims) and all(
        c.subject is None or c.extra.get("subject_inferred") for c in claims[i + 1:i + 3]) and all(
        _IN_PLACE.match(text, c.end, c.end + 40, **fuse()) for c in claims[i + 1:i + 3])


def _singles(text: str, start: int, end: int) -> tuple[str, ...]:
    """The members of one after the last counted part of a list, up to its closing "and a ...":
    "five Americans, including four U.S. soldiers, a civilian Defense Department employee and a
    young female foreign service officer" (one each). None unless the list closes that way."""
    m = _SINGLES.match(text, start, min(end, start + _LIST_REACH), **fuse())
    return tuple(" ".join(s.split()) for s in _SINGLE.findall(m.group())) if m else ()


def _in_parentheses(ctx: Context, claims: list[Claim]) -> Iterator[_Breakdown]:
    """"arrested 73,362 fugitives (28,065 on federal and 54,297 on state and local warrants)": two
    or more figures joined by "and" or commas in parentheses right after a total and its noun."""
    if len(claims) < 3:         # a total and two parts at least: the sentence's brackets are not looked for
        return
    text = ctx.story.text
    sent = ctx.sentence_of(claims[0])
    closes = [m.start() for m in _CLOSE.finditer(text, sent.start, sent.end)]
    for i, total in enumerate(claims[:-2]):
        if total.high is None or not _OPENS.fullmatch(text, total.end, claims[i + 1].start, **fuse()):
            continue
        k = bisect.bisect_left(closes, total.end)
        if k == len(closes):
            continue
        parts = list(itertools.takewhile(lambda c: c.end <= closes[k], itertools.islice(claims, i + 1, None)))
        if len(parts) >= 2 and all(comparable(total, p) for p in parts) and all(
                _JOINED.fullmatch(text, a.end, b.start, **fuse()) for a, b in zip(parts, parts[1:])):
            yield _Breakdown(total, parts)


def _of_those(ctx: Context, grouped: dict[int, list[Claim]], nested: regex.Pattern
              ) -> Iterator[_Breakdown]:
    """"18,667 agencies are eligible ..., and 18,954 of those agencies submitted data": a figure
    followed by "of those" (`nested`) is a part of the count before it, in its sentence or the
    one before in its paragraph or, for the first of a paragraph, the last of the paragraph before;
    so are the counts of the same noun after it in its sentence
    ("310 of those defendants face criminal charges and 189 face civil actions")."""
    text = ctx.story.text
    earlier: list[list[Claim]] = []
    for claims in grouped.values():
        previous = ctx.before_in_paragraph(earlier, claims[0]) or (
            earlier[-1] if earlier and ctx.sentence_of(earlier[-1][0]).paragraph + 1
            == ctx.sentence_of(claims[0]).paragraph else [])   # "of them" opening the next paragraph
        earlier.append(claims)
        for i, c in enumerate(claims):
            if nested.match(text, c.end, min(ctx.sentence_of(c).end, c.end + _NEAR), **fuse()):
                total = next((t for t in reversed(previous + claims[:i]) if comparable(t, c)
                              and t.high is not None and t.dimension == "count"), None)
                if total is not None:
                    yield _Breakdown(total, [c, *itertools.takewhile(
                        lambda p: p.subject_key == c.subject_key and comparable(p, c)
                        and p.predicate in (None, c.predicate or total.predicate), claims[i + 1:])])


def _next_sentences(ctx: Context, by_sentence: dict[int, list[Claim]], patterns
                    ) -> Iterator[_Breakdown]:
    """"Ten thousand people work for the Bank. Twelve thousand are based in Washington.",
    "... more than nine million people die each year from hunger. Six million of them are
    children": figures in the following sentences of the paragraph that stand for their noun
    (a figure followed straight by a verb from `elliptic_verbs` or by "of them", the first of
    them opening its sentence) are parts of the last count before them; so are the counts of a
    sentence opening on it ("Some 300 people were on board. Among them were 200 Americans and
    150 Canadians.", `openers`)."""
    nested, elliptic, opener = patterns[2:]
    text = ctx.story.text
    for index, claims in by_sentence.items():
        total = claims[-1]
        if total.subject is None or total.high is None or total.dimension != "count":
            continue
        parts = []
        follow = index + 1
        while follow in by_sentence and ctx.sentences[follow].paragraph == ctx.sentences[index].paragraph:
            sent = ctx.sentences[follow]
            first = by_sentence[follow][0]
            if follow == index + 1 and opener is not None and comparable(total, first) \
                    and opener.fullmatch(text, sent.start, first.start, **fuse()):
                parts += [c for c in by_sentence[follow] if comparable(total, c) and c.high is not None]
                break                   # "Among them were 200 Americans and 150 Canadians."
            found = [c for c in by_sentence[follow] if comparable(total, c) and not _elsewhere(total, c) and any(
                pattern.match(text, c.end, min(sent.end, c.end + _NEAR), **fuse())
                for pattern in (elliptic, nested))]
            if not found or text[sent.start:found[0].start].strip(" \t\r\n\"'\u201c"):
                break                   # the first part must open its sentence: "Twelve thousand are ..."
            parts += found
            follow += 1
        if parts:
            yield _Breakdown(total, parts)


def _elsewhere(total: Claim, part: Claim) -> bool:
    """Whether two counts name two places of their own ("Two people were killed in China. At
    least 64 died in the Philippines."): the second counts another place, not a part of the first."""
    return total.place is not None and part.place is not None and total.place != part.place \
        and not total.extra.get("place_inferred") and not part.extra.get("place_inferred")


def _coordinated(ctx: Context, claims: list[Claim]) -> list[Claim]:
    """The longest run of counts in the sentence joined by "and" or commas that one predicate
    covers, each of another group ("five soldiers and nine attackers were killed")."""
    text, best, run = ctx.story.text, [], []
    for c in claims:
        if run and (c.predicate != run[-1].predicate or c.subject_key in {r.subject_key for r in run}
                    or not _JOINED.fullmatch(text, run[-1].end, c.start, **fuse())):
            best, run = max(best, run, key=len), []
        if c.predicate and c.subject_key and c.dimension == "count" and c.low is not None:
            run.append(c)
        else:
            best, run = max(best, run, key=len), []
    return max(best, run, key=len)


def _groups_against_total(ctx: Context, grouped: dict[int, list[Claim]], generic: frozenset[str]
                          ) -> Iterator[_Breakdown]:
    """"12 Dead After Gunmen Attack Mali Military Camp" ... "five soldiers and nine attackers
    were killed": groups counted in one clause of one predicate add up to the count of that
    predicate the story gives for everyone (a subject in `generic`) elsewhere, where that count
    names no other place or time."""
    restated = ctx.once(restated_headlines)         # "Kills 50" over "killed at least 50": the latter
    totals = [c for c in ctx.claims if c.dimension == "count" and c.high is not None and c.predicate
              and (c.subject or "").lower() in generic and c.id not in restated]
    for claims in grouped.values():
        parts = _coordinated(ctx, claims)
        if len(parts) < 2:
            continue
        place, time = parts[0].place, parts[0].time
        for total in totals:
            if total.sentence != parts[0].sentence and total.predicate == parts[0].predicate \
                    and total.place in (None, place) and total.time in (None, time):
                yield _Breakdown(total, parts)


@functools.cache
def _of_the_pattern(forms: tuple[str, ...]) -> regex.Pattern | None:
    return regex.compile(r"(?i)\s+of\s+(?:the|those)\s+(?:" + alternation(forms) + r")\b") if forms else None


def _of_the_toll(ctx: Context, grouped: dict[int, list[Claim]]) -> Iterator[_Breakdown]:
    """ "wounded 62 others ... police recruits accounted for 44 of the wounded and children for
    another 21": a count "of the <dead, wounded, ...>" (rules/predicates.toml [nominal]) and the
    counts after it in its sentence that count the same are parts of the last count before it of
    that predicate and subject."""
    of_the = _of_the_pattern(tuple(ctx.data("predicates.toml").get("nominal", {}).get("forms", ())))
    if of_the is None:
        return
    text = ctx.story.text
    last: dict[tuple, Claim] = {}                  # (predicate, subject) -> the last toll of it
    for claims in grouped.values():
        for i, c in enumerate(claims):
            if c.dimension != "count" or c.high is None or not c.predicate:
                continue
            if not of_the.match(text, c.end, min(ctx.sentence_of(c).end, c.end + _NEAR), **fuse()):
                last[(c.predicate, c.subject_key)] = c
            elif (c.predicate, c.subject_key) in last:
                yield _Breakdown(last[(c.predicate, c.subject_key)], [c, *(
                    p for p in claims[i + 1:] if p.extra.get("subject_from") == c.id
                    and p.predicate in (None, c.predicate))])               # not "and one later died"


def check(ctx: Context):
    table = ctx.table("parts-exceed-total")
    patterns = _patterns(tuple(table.get("cues", ())), tuple(table.get("nested", ())),
                         tuple(table.get("elliptic_verbs", ())), tuple(table.get("openers", ())))
    grouped = ctx.once(claims_by_sentence)
    cap = float(table.get("part_ratio_cap", 10))
    breakdowns = [b for claims in grouped.values() for b in _in_sentence(ctx, claims, patterns, cap)]
    breakdowns += _next_sentences(ctx, grouped, patterns)
    breakdowns += [b for claims in grouped.values() for b in _in_parentheses(ctx, claims)]
    breakdowns += _of_those(ctx, grouped, patterns[2])
    breakdowns += _groups_against_total(ctx, grouped, ctx.words("settings.toml", "parts-exceed-total",
                                                                "everyone"))
    breakdowns += [_Breakdown(whole, [part, rest]) for part, whole, rest in ctx.once(rests_of_counts)]
    breakdowns += _of_the_toll(ctx, grouped)
    seen: set[frozenset[str]] = set()
    for total, parts, singles in breakdowns:
        lows = [_low(p) for p in parts]
        ids = frozenset(p.id for p in parts)
        if not parts or any(x is None for x in lows) or sum(lows) + len(singles) <= total.high or ids in seen:
            continue                     # each breakdown once, whichever reading found it
        seen.add(ids)
        figures = " + ".join([f'"{p.text}"' for p in parts] + [f'"{s}"' for s in singles])
        said = f"add up to {_written_like(total, sum(lows) + len(singles))}, more than" \
            if len(parts) + len(singles) > 1 \
            else "is more than"
        yield RULE.finding(
            f"{'The parts ' if len(parts) + len(singles) > 1 else 'The part '}{figures} "
            f"(line {ctx.line(parts[0])}) {said} "
            f"the total \"{total.text}\" (line {ctx.line(total)}).", [total, *parts], end=parts[-1].end,
            hint="Check the parts and the total against the source; one of them is wrong, or "
                 "the parts overlap and the story should say so.")


def _written_like(total: Claim, figure: float) -> str:
    """The sum as the total is written: "11.5 million" beside "some 10 million", "1,060,000 tons"
    beside "one million tons" (a total in words is restated in digits)."""
    return restate(total, figure, bare=True) if any(ch.isdigit() for ch in total.text) else number(figure)


RULE = Rule(
    id="parts-exceed-total",
    severity="error",
    summary="Stated parts add up to more than their stated total.",
    what="""
A total followed in the same sentence by its breakdown — after "including",
"included", "among them", "of whom", a colon or a dash the first part follows
straight ("some 10 million people ... -- 6.5 million inside Syria and another 5
million"), after a comma as counts each in a place ("46 people died, 30 in Kabul
and 20 in Herat"), or in parentheses ("73,362
fugitives (28,065 on federal and 54,297 on state warrants)") — or a sentence
that opens with "Of the 120 passengers,", or the next sentence opening on the
total ("Some 300 people were on board. Among them were 200 Americans and 150
Canadians.") must not have parts adding up to more
than the total; nor may a part written "N of those" ("18,954 of those agencies",
also opening the next paragraph: "Kutupalong alone now holds some 48,000 of
them") exceed the count before it, nor groups counted in one clause ("five soldiers and
nine attackers were killed") the toll the story gives for everyone
(parts' lower bounds against the total's upper bound, so "at least 120" is
never exceeded); the counts of the same noun after such a part in its
sentence are parts too ("310 of those defendants face criminal charges and 189
face civil actions"). A list that closes with members of one after its last
figure counts each as one ("five Americans, including four soldiers, a civilian
employee and a foreign service officer": 6). A part of a whole and the count
said to be the rest of it ("telling 750 of his 900 employees ... The 180 who
remain") must not exceed the whole either, nor counts "of the wounded" (or the
dead, the missing: rules/predicates.toml [nominal]) the last toll of that
predicate before them ("wounded 62 others ... 44 of the wounded and children
another 21"). A part of a part ("70 Americans, 60 of them children") ends
the breakdown and is not added, and so do a semicolon, a count with a verb of
its own for another attribute ("Of the 23 patients, 12 were female, 15 were
hospitalized") and the whole named again ("and all six patients died").""",
    why="""
Parts that add up to more than their whole are a plain contradiction — one of
the figures is wrong, or the groups overlap without the story saying so.""",
    example="The 120 passengers included 70 Americans and 60 Canadians.",
    correct="The 120 passengers included 70 Americans and 50 Canadians.",
    settings="""
[parts-exceed-total] in rules/settings.toml: cues (words that open a
breakdown after a total), nested (words after a part that make the next
figure a part of that part, or of the count before it: "of those"),
elliptic_verbs (a count opening the next sentence before one of these is a
part of the last count: "Twelve thousand are based in Washington"), openers
(words opening the next sentence that make its counts parts: "Among them"), everyone
(subjects of a toll that covers every group: "people", "dead"), part_ratio_cap
(a figure after a cue more than this many times the total is another count).""",
    check=check,
)
