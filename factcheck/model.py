"""The records that flow between the stages.

A `Story` is what the loader hands on: the decoded file (`raw`) and a masked
copy of it (`text`) of exactly the same length in which everything that is not
story text (markup, code, front matter, link targets) is blanked out. Every
later stage reads `text` and reports offsets that are therefore offsets into
the file as stored.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_NEWLINE = re.compile(r"\r\n|\r|\n")  # a line ends as an editor counts it
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_INNER_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")   # "Mayor Ann Rice": capitalised inside a sentence


@dataclass
class Story:
    path: str                      # the path as the user named it (or --stdin-filename)
    raw: str                       # the file as decoded
    text: str                      # same length as raw; non-story characters blanked
    format: str                    # "text", "markdown" or "html"
    dateline: date | None = None
    notices: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)   # from front matter or <meta>, e.g. "date"
    _line_starts: list[int] | None = field(default=None, repr=False)
    _common: frozenset[str] | None = field(default=None, repr=False)

    def common_word(self, word: str) -> bool:
        """Whether the story writes `word` (lower case) in lower case and never capitalises it
        inside a sentence: "Most" opening a sentence is no name when "most" appears elsewhere;
        "Price" is one when "Mayor Ann Price" does."""
        if self._common is None:
            inner = {w.lower() for w in _INNER_CAPITAL.findall(self.text)}
            self._common = frozenset(w for w in _LOWER_WORD.findall(self.text) if w not in inner)
        return word in self._common

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.raw)]
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into `raw`."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def longest_line(self) -> int:
        """The length of the story's longest line, line breaks included."""
        starts = self._starts() + [len(self.raw)]
        return max(b - a for a, b in zip(starts, starts[1:]))

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Offsets of the start and end (before the newline) of a 1-based line."""
        starts = self._starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.raw)
        while end > start and self.raw[end - 1] in "\r\n":
            end -= 1
        return start, end


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int                 # index of the paragraph it belongs to
    index: int                     # index of the sentence in the story


@dataclass
class Source:
    name: str
    cue: str
    start: int
    end: int
    identity: str                  # one id per real-world source within a story
    kind: str = "person"           # person, organisation, group, media, document
    role: str | None = None
    affiliation: str | None = None
    relay: str | None = None       # who passed the figure on ("Dillon said the UN estimates")

    def contract(self) -> dict[str, Any]:
        out = {"name": self.name, "cue": self.cue, "start": self.start, "end": self.end,
               "identity": self.identity, "kind": self.kind}
        for key in ("role", "affiliation", "relay"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class Claim:
    id: str
    text: str
    start: int
    end: int
    kind: str                      # count, measure, money, percent, duration, ratio
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    dimension: str
    sentence: int = -1             # index into the story's sentences
    base_value: float | None = None  # value in the dimension's base unit
    base_low: float | None = None
    base_high: float | None = None
    base_unit: str | None = None
    difference: bool = False       # a temperature difference ("20C above normal")
    subject: str | None = None     # as written: "civilians", "people"
    subject_key: str | None = None  # its family from rules/subjects.toml: "people"
    predicate: str | None = None   # family from rules/predicates.toml: "killed" for died/dead/killed
    place: str | None = None       # normalised place scope: "Raqqa"
    time: str | None = None        # time scope as written or resolved: "since June", "2017-10-10"
    source: Source | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    iso: str | None
    weekday: str | None
    sentence: int = -1
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    claims: list[str]
    start: int
    end: int
    hint: str = ""                 # what the editor should do; shown by the full report
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    """Everything factcheck knows about one story after the rules ran."""
    story: Story
    sentences: list[Sentence]
    claims: list[Claim]
    dates: list[DateMention]
    findings: list[Finding]
