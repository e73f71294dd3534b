"""unattributed-figure: a contested figure (casualties, crowds, estimates) that nobody is cited for."""
from __future__ import annotations

from factcheck.checks.arithmetic import multiples_of
from factcheck.checks.base import Context, Rule, dated_before, headlines_of, is_fraction, story_year, words_pattern
from factcheck.compare import agree, phrase, precision
from factcheck.guard import fuse
from factcheck.model import Claim

_REACH = 40          # characters before a figure searched for an estimate marker ("believed to be")


def _contested(ctx: Context, claim: Claim, lists: dict) -> str | None:
    """Why the figure is contested, in words for the message, or None."""
    if claim.qualifier == "vague" and ((claim.predicate or "").lower() not in lists["vague_predicates"]
                                       or (claim.low or 0) < lists["vague_low"]):
        return None                                        # "displace thousands": an order of size;
                                                           # "several drivers were injured"
    if claim.subject and lists["own_source"].intersection(claim.subject.lower().split()):
        return None                                        # "the previous official death toll was 43,000"
    if claim.extra.get("per"):
        return None                                        # "56 million deaths worldwide each year": a rate
    statistic = lists["statistic"]
    if statistic is not None and (statistic.search(ctx.story.text, max(ctx.sentence_of(claim).start,
                                                                       claim.start - _REACH), claim.start, **fuse())
                                  or claim.subject and statistic.search(claim.subject, **fuse())):
        return None                                        # "an average of 52 deaths occur"; "the seasonally
                                                           # adjusted annual rate"
    if claim.predicate and claim.predicate.lower() in lists["predicates"]:
        return "figures like this are often disputed"
    head = claim.subject.split()[-1] if claim.subject else None     # "swine flu deaths" -> deaths
    for subject in (claim.subject_key, claim.subject, head):
        if subject and subject.lower() in lists["subjects"]:
            return "figures like this are often disputed"
    marker = lists["marker"]
    if marker is not None:
        sent = ctx.sentence_of(claim)
        m = marker.search(ctx.story.text, max(sent.start, claim.start - _REACH), claim.end,
                          **fuse())
        if m and not (lists["marker_not"] and lists["marker_not"].search(ctx.story.text, m.end(), claim.start,
                                                                         **fuse())):
            return f"it is an estimate (\"{m.group()}\"), and an estimate is someone's"
    return None


def _restates(ctx: Context, claim: Claim, attributed: dict[str | None, list[Claim]]) -> bool:
    """Whether the figure is one the story attributes elsewhere: the same figure for the same
    subject ("the 5,000 displaced" after "about 5,000 people were displaced, the Red Cross said";
    a lead's "622 deaths" before "Health Secretary Francisco Duque III cited 622 deaths"), or a
    round or hedged one it agrees with ("The death toll has passed 1,000" before "Health
    officials ... reporting an official figure of 1,034 deaths"): within the rounding its
    digits imply, and the approximate tolerance for a bound or "about"."""
    figure = claim.value if claim.value is not None else (claim.low if claim.low is not None else claim.high)
    if figure is None or claim.qualifier == "vague":
        return False
    approximate = float(ctx.settings.get("compare", {}).get("approximate", 0.1))
    near = precision(claim, rounded=True, cap=approximate) if claim.qualifier == "exact" else abs(figure) * approximate
    return any(other.value is not None and abs(other.value - figure) <= near
               and (claim.qualifier == "exact" or agree(claim, other, ctx.settings))
               for other in attributed.get(claim.subject_key, ()))


def check(ctx: Context):
    data = ctx.data("contested.toml")
    headlines = ctx.once(headlines_of)   # attribute nothing by convention: the story below them does
    lists = {"predicates": ctx.words("contested.toml", "predicates"),
             "subjects": ctx.words("contested.toml", "subjects"),
             "vague_predicates": ctx.words("contested.toml", "vague_predicates"),
             "own_source": ctx.words("contested.toml", "own_source"),
             "statistic": words_pattern(tuple(data.get("statistic", ()))),
             "vague_low": float(data.get("vague_low", 0)),
             "marker": words_pattern(tuple(data.get("markers", ()))),
             "marker_not": words_pattern(tuple(data.get("marker_not", ())))}
    multiples = ctx.once(multiples_of)
    attributed: dict[str | None, list[Claim]] = {}
    for c in ctx.claims:
        if c.source is not None:
            attributed.setdefault(c.subject_key, []).append(c)
    year = story_year(ctx)
    flagged: dict[int, list[tuple[Claim, str]]] = {}         # sentence -> its unattributed figures
    for claim in sorted(ctx.claims, key=lambda c: c.start):
        if claim.source is not None or claim.dimension != "count" or is_fraction(claim) or claim.sentence in headlines \
                or claim.id in multiples or _restates(ctx, claim, attributed) or dated_before(claim, year):
            continue
        why = _contested(ctx, claim, lists)
        if why:
            flagged.setdefault(claim.sentence, []).append((claim, why))
    for found in flagged.values():                           # one finding per sentence
        claims = [c for c, _ in found]
        figures = ", ".join(phrase(c) for c in claims[:-1]) + (" and " if len(claims) > 1 else "") \
            + phrase(claims[-1])
        verb = "are" if len(claims) > 1 else "is"
        yield RULE.finding(
            f"{figures} (line {ctx.line(claims[0])}) {verb} not attributed to anyone; {found[0][1]}.", claims,
            end=claims[-1].end,
            hint="Say who gives the figure (\"according to the health ministry\", \"police said\").")


RULE = Rule(
    id="unattributed-figure",
    severity="warning",
    summary="A contested figure (casualties, crowd sizes, estimates) with no source.",
    what="""
A count of something contested — people killed, wounded, missing, displaced,
trapped or evacuated, crowd sizes, and any figure written as an estimate —
that the attribution stage could not tie to a source anywhere in reach (its
sentence, a speaker carried over from the paragraph, "according to ...").
A vague figure ("dozens", "hundreds") is contested only as a toll of the
killed, wounded or missing, or a crowd, and only when it means twenty or more
("several drivers were injured" is not). Uncontested figures (five
airstrikes, a 40-storey tower, arrests), multiples
("three times as many"), a figure the story attributes elsewhere (the same
figure for the same subject) and a figure dated in a year before the story's
("In 2008, a quake in Sichuan killed almost 70,000 people") are never flagged; nor
are a share in words ("about two-thirds of the world's refugees"), a statistic ("an
average of 52 deaths occur", a seasonally adjusted annual rate, a count per period: "the 56
million deaths worldwide each year") and a count whose
subject says whose it is ("the previous official death toll was 43,000"). The
contested figures of one sentence make one finding.""",
    why="""
Tolls and crowd sizes are disputed by the parties; a figure without a source
reads as the newsroom's own finding, and the newsroom then owns it if it is
wrong.""",
    example="At least 40 people were killed in the shelling of the market.",
    correct="At least 40 people were killed in the shelling of the market, the health ministry said.",
    settings="""
rules/contested.toml: predicates, subjects and estimate markers that make a
figure contested; vague_predicates, the only ones that make a vague figure
contested, and vague_low, the least a vague figure must mean to be.""",
    check=check,
)
