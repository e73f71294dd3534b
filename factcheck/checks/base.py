"""What a rule is, and what it is given.

A rule is a module that declares one `RULE = Rule(...)`: its stable id from the
contract, its default severity, its documentation in fixed sections, and a
`check(ctx)` function from a story's claims, dates and sources to findings.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import regex

from factcheck.compare import agree, comparable
from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.model import Claim, DateMention, Finding, Sentence, Story
from factcheck.segment import closed, headlines

SEVERITIES = ("error", "warning", "info")
_OF_WHOLE = regex.compile(r"(?i)[ \t\u00a0]+of[ \t\u00a0]+(?:(?:the|all)[ \t\u00a0]+)?(?P<whole>[\p{L}-]+)")


def of_whole(text: str, pos: int) -> regex.Match | None:
    """The whole a figure ending at `pos` is "of", its first word in group "whole": "51.6 percent of
    the total", "47.74 of the total valid vote" (read by extract for a percentage left unwritten, and
    by the arithmetic rule). The window is bounded: regex's match scans to its end position for a
    pattern's required words ("of"), which would make every call cost the rest of the story."""
    return _OF_WHOLE.match(text, pos, min(len(text), pos + 80), **fuse())


# what ends a clause inside a sentence: a comma, a semicolon, or a dash set off as one ("... of the vote — even
# more than the 98.79 percent ...")
_CLAUSE_MARK = regex.compile(r"[,;]|\s[—–]\s|—|\s--\s")
CLAUSE_REACH = 300         # characters: no clause of real copy runs longer either side of its figure
SPACES = regex.compile(r"\s+")    # a phrase's white space, made one space to look it up (compiled once)


@functools.cache
def words_pattern(words: tuple[str, ...]) -> regex.Pattern | None:
    """A case-insensitive pattern matching any of the lexicon's phrases as whole words (None if it has
    none), written as a trie: it finds the longest phrase, as a longest-first alternation would, in
    less time (a bench pass's searches: 25 -> 19 ms)."""
    phrases = [w for w in words if w.strip()]
    return regex.compile(r"(?i)\b" + trie(phrases) + r"\b") if phrases else None


@functools.cache
def lowered_words(name: str, packs: tuple[str, ...], *keys: str) -> frozenset[str]:
    """The word list under `keys` of a rules/ TOML file (merged with the packs), in lower case,
    read once per process rather than once per story."""
    table = load_toml(name, packs)
    for key in keys[:-1]:
        table = table.get(key, {})
    return frozenset(w.lower() for w in table.get(keys[-1], ()))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of lexicon phrases, longest first, any run of spaces between words."""
    return "|".join(regex.escape(w.strip()).replace(r"\ ", r"\s+")
                    for w in sorted(set(words), key=len, reverse=True) if w.strip())


def trie(phrases: Iterable[str], space: str = r"\s+") -> str:
    """A regex matching the longest of the phrases (`space` between words: any run of white space),
    written as a trie: at each character one branch at most is tried, so a long lexicon costs no
    more per character of text than a short one (a plain alternation tries every phrase everywhere)."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[""] = {}                          # a phrase ends here

    def emit(node: dict) -> str:
        branches = [(space if ch == " " else regex.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            return "(?:" + "|".join(branches) + ")?" if branches else ""   # greedy: the longer phrase first
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + emit(root) + ")"


def is_fraction(claim: Claim) -> bool:
    """A fraction in words or digits ("almost three-quarters", "1/3", "by a third"): a count
    between 0 and 1 with no unit."""
    return claim.dimension == "count" and claim.unit is None and claim.value is not None \
        and 0 < claim.value < 1


def by_sentence(claims: Iterable[Claim]) -> dict[int, list[Claim]]:
    """The claims grouped by sentence index, each group and the groups in text order."""
    out: dict[int, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: c.start):
        out.setdefault(claim.sentence, []).append(claim)
    return out


def claims_by_sentence(ctx: Context) -> dict[int, list[Claim]]:
    """The story's claims by sentence (`by_sentence`), for `ctx.once`: grouped once per story and
    shared by the rules, which read the lists and never change them."""
    return by_sentence(ctx.claims)


_LEXICONS: dict[tuple[Callable, tuple[str, ...]], Any] = {}     # Context.lexicon's readings


@dataclass
class Context:
    story: Story
    sentences: list[Sentence]
    claims: list[Claim]
    dates: list[DateMention]
    settings: dict[str, Any] = field(default_factory=dict)   # rules/settings.toml, merged with packs
    packs: tuple[str, ...] = ()                              # rule-pack folders, for other data files
    _once: dict[Callable, Any] = field(default_factory=dict, repr=False)
    _marks: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)   # sentence -> clause marks

    def once(self, reading: Callable[[Context], Any]) -> Any:
        """reading(self), worked out once per story and shared by every rule that asks for it."""
        if reading not in self._once:
            self._once[reading] = reading(self)
        return self._once[reading]

    def lexicon(self, reading: Callable[[Context], Any]) -> Any:
        """reading(self), worked out once per process for the rule packs: for words and patterns read
        from the settings and data files alone, never from the story (the settings are those of
        the packs: `load_toml("settings.toml", packs)`, as the pipeline gives them)."""
        key = (reading, self.packs)
        if key not in _LEXICONS:
            _LEXICONS[key] = reading(self)
        return _LEXICONS[key]

    def line(self, item: Claim | DateMention) -> int:
        return self.story.position(item.start)[0]

    def table(self, rule_id: str) -> dict[str, Any]:
        """The rule's own table of rules/settings.toml."""
        return self.settings.get(rule_id, {})

    def data(self, name: str) -> dict[str, Any]:
        """Another TOML file of rules/ (contested.toml, rates.toml), merged with the packs."""
        return load_toml(name, self.packs)

    def words(self, name: str, *keys: str) -> frozenset[str]:
        """A word list of such a file, under `keys` ("noun_phrase", "stop"), in lower case."""
        return lowered_words(name, self.packs, *keys)

    def sentence_of(self, claim: Claim) -> Sentence:
        return self.sentences[claim.sentence]

    def clause(self, claim: Claim) -> tuple[int, int]:
        """Offsets of the claim's clause: from the comma, semicolon or dash before it to the one after
        it, within its sentence and `CLAUSE_REACH` of it (the sentence's marks are found once, and
        a clause of a hostile run-on sentence is not the whole of it: linear time)."""
        sent = self.sentence_of(claim)
        marks = self._marks.get(sent.index)
        if marks is None:
            marks = self._marks[sent.index] = [m.span() for m in _CLAUSE_MARK.finditer(
                self.story.text, sent.start, sent.end)]
        k = bisect.bisect_left(marks, (claim.start,))           # marks before the claim: marks[:k]
        j = bisect.bisect_left(marks, (claim.end,))             # marks after it: marks[j:]
        lo = min(marks[k - 1][1], claim.start) if k else sent.start
        hi = marks[j][0] if j < len(marks) else sent.end
        return max(lo, claim.start - CLAUSE_REACH), min(hi, claim.end + CLAUSE_REACH)

    def between(self, a: Claim, b: Claim) -> str:
        """The story text between the end of `a` and the start of `b`."""
        return self.story.text[a.end:b.start]

    def same_paragraph(self, a: Claim, b: Claim) -> bool:
        return self.sentence_of(a).paragraph == self.sentence_of(b).paragraph

    def before_in_paragraph(self, earlier: list[list[Claim]], claim: Claim) -> list[Claim]:
        """The claims of the last sentence of `earlier` (claims by sentence, in order) when it is
        in `claim`'s paragraph, else none."""
        return earlier[-1] if earlier and self.same_paragraph(earlier[-1][0], claim) else []


def story_year(ctx: Context) -> int | None:
    """The story's year: its dateline's, else the latest year its dates name."""
    if ctx.story.dateline:
        return ctx.story.dateline.year
    years = [int(d.iso[:4]) for d in ctx.dates if d.iso and d.iso[:4].isdigit()]
    return max(years, default=None)


def headlines_of(ctx: Context) -> frozenset[int]:
    """Indexes of the headlines, datelines and captions (see `segment.headlines`)."""
    return headlines(ctx.story.text, ctx.sentences, int(ctx.data("subjects.toml")["headline"]["max_words"]))


def restated_headlines(ctx: Context) -> set[str]:
    """Ids of the headline's figures that some figure of the story below restates for the same
    subject and predicate (or none), on the same scale, whatever its scope ("Kills 50" over "has
    killed at least 50 people"): a headline sums up one figure of the story, and the rules read
    that figure, with its qualifier, rather than the headline's shorthand."""
    heads = ctx.once(headlines_of)
    body = [c for c in ctx.claims if c.sentence not in heads and c.subject_key]
    return {h.id for h in ctx.claims if h.sentence in heads and h.subject_key
            and any(b.subject_key == h.subject_key and b.predicate in (h.predicate, None)
                    and comparable(h, b) and agree(h, b, ctx.settings) for b in body)}


def body_paragraphs(ctx: Context) -> list[int]:
    """The story's paragraphs that hold a sentence with closing punctuation, in order: not the
    headline, byline and dateline lines above it."""
    return sorted({s.paragraph for s in ctx.sentences if closed(ctx.story.text, s)})


def dated_before(claim: Claim, year: int | None) -> bool:
    """Whether the claim's time scope ends in a year before `year` ("In 1996, he received about 75
    percent", "In 2008, a quake in Sichuan killed almost 70,000 people"): another count, on record."""
    period = claim.extra.get("time_period")
    return year is not None and isinstance(period, (list, tuple)) and str(period[-1])[:4].isdigit() \
        and int(str(period[-1])[:4]) < year


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
        message = SPACES.sub(" ", message)        # figures quoted across a line break: "14.8 million"
        return Finding(rule=self.id, severity=severity or self.severity, message=message,
                       claims=[c.id for c in claims],
                       start=start if start is not None else first.start,
                       end=end if end is not None else first.end, hint=hint, extra=extra)
