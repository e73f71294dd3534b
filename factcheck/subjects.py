"""Stage 3b: what each figure counts and in what scope (first cut; the extraction issue grows this).

Sets `claim.subject` (the noun phrase counted or measured), `claim.predicate`
(trapped, killed, evacuated...), `claim.place` and `claim.time`.
"""
from __future__ import annotations

import regex

from factcheck.model import Claim, DateMention, Sentence, Story

_NOUN = regex.compile(r"\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]+s)\b")


def describe(story: Story, sentences: list[Sentence], claims: list[Claim],
             dates: list[DateMention]) -> None:
    """Fill in subject, predicate, place and time of each claim, in place."""
    for claim in claims:
        if claim.unit is None and claim.subject is None:
            sent = sentences[claim.sentence]
            noun = _NOUN.match(story.text, claim.end, sent.end)
            claim.subject = noun.group("noun") if noun else None
