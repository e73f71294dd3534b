"""What a rule is, and what it is given.

A rule is a module that declares one `RULE = Rule(...)`: its stable id from the
contract, its default severity, its documentation in fixed sections, and a
`check(ctx)` function from a story's claims, dates and sources to findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from factcheck.model import Claim, DateMention, Finding, Sentence, Story

SEVERITIES = ("error", "warning", "info")


@dataclass
class Context:
    story: Story
    sentences: list[Sentence]
    claims: list[Claim]
    dates: list[DateMention]
    settings: dict[str, Any] = field(default_factory=dict)   # rules/settings.toml, merged with packs

    def line(self, claim: Claim) -> int:
        return self.story.position(claim.start)[0]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str            # one line, for `factcheck rules`
    what: str               # what it checks
    why: str                # why it matters
    example: str            # a passage that is flagged
    correct: str            # the corrected form
    settings: str           # the settings it reads, and where
    check: Callable[[Context], Iterable[Finding]]

    def documentation(self) -> str:
        sections = [("What it checks", self.what), ("Why it matters", self.why),
                    ("Example (flagged)", self.example), ("Correct form", self.correct),
                    ("Settings", self.settings)]
        head = f"{self.id}  (default severity: {self.severity})\n{self.summary}\n"
        return head + "".join(f"\n## {title}\n{body.strip()}\n" for title, body in sections)

    def finding(self, message: str, claims: list[Claim], *, hint: str = "",
                severity: str | None = None, start: int | None = None, end: int | None = None,
                **extra: Any) -> Finding:
        first = claims[0] if claims else None
        return Finding(rule=self.id, severity=severity or self.severity, message=message,
                       claims=[c.id for c in claims],
                       start=start if start is not None else first.start,
                       end=end if end is not None else first.end, hint=hint, extra=extra)
