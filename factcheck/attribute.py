"""Stage 4: who each figure is attributed to (first cut; the attribution issue grows this)."""
from __future__ import annotations

import regex

from factcheck.model import Claim, Sentence, Source, Story

_SAID = regex.compile(r"(?P<name>(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*|activists|officials)"
                      r"\s+(?P<cue>said|says|estimates|reported|told)\b")


def attribute(story: Story, sentences: list[Sentence], claims: list[Claim]) -> None:
    """Set `claim.source` in place where the sentence names a speaker."""
    for claim in claims:
        sent = sentences[claim.sentence]
        m = _SAID.search(story.text, sent.start, sent.end)
        if m:
            name = regex.sub(r"^the\s+", "", m.group("name"), flags=regex.I)
            claim.source = Source(name=name, cue=m.group("cue"), start=m.start("name"),
                                  end=m.end("name"), identity=name.lower())
