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

    @classmethod
    def of(cls, results: Iterable[Result], cross: Iterable[Finding], unreadable: int) -> "Tally":
        tally = cls(unreadable=unreadable)
        for result in results:
            tally.add(result)
        tally.count(cross)
        return tally
