"""Stage 6: reports, one module per output format."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from factcheck.model import Finding, Result

SEVERITY_NAMES = (("error", "errors"), ("warning", "warnings"), ("info", "infos"))


@dataclass
class Tally:
    """The counts a report's summary gives, kept as the stories stream past so that
    no report has to hold every story to count them."""
    documents: int = 0
    claims: int = 0
    unreadable: int = 0
    severities: dict[str, int] = field(default_factory=lambda: {s: 0 for s, _ in SEVERITY_NAMES})

    def add(self, result: Result) -> None:
        self.documents += 1
        self.claims += len(result.claims)
        self.count(result.findings)

    def count(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.severities[f.severity] += 1

    def summary(self) -> list[tuple[str, str]]:
        """The summary line in pieces, each with what it counts: a severity, "unreadable", or ""
        for the words between (the terminal report colours the pieces by it)."""
        counts, n, unreadable = self.severities, self.documents, self.unreadable
        pieces = [(f"{n} {'story' if n == 1 else 'stories'} checked, {self.claims} figures: ", "")]
        for i, (key, word) in enumerate(SEVERITY_NAMES):
            pieces.append((f"{counts[key]} {word if counts[key] != 1 else key}", key if counts[key] else ""))
            pieces.append((", " if i < 2 else "", ""))
        if unreadable:
            pieces.append((f"; {unreadable} file{'s' if unreadable != 1 else ''} could not be read", "unreadable"))
        pieces.append((".", ""))
        return pieces

    @classmethod
    def of(cls, results: Iterable[Result], cross: Iterable[Finding], unreadable: int) -> "Tally":
        tally = cls(unreadable=unreadable)
        for result in results:
            tally.add(result)
        tally.count(cross)
        return tally
