"""How a story is laid out for review, shared by the HTML page and `factcheck show`.

Paragraphs of the story text with the figures cut out as highlights, the
findings that start in each paragraph, a key of sources, and the figures
grouped by subject with one column per source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.model import Claim, Finding, Result

_SPACE = re.compile(r"\s+")


@dataclass
class SourceKey:
    key: str | None          # the source identity; None for figures with no source
    tag: str                 # "S1", "S2", ... ("–" for none): shown beside each highlight
    index: int               # position in the key (colour number)
    name: str


@dataclass
class Piece:
    text: str
    claim: Claim | None = None
    source: SourceKey | None = None


@dataclass
class Paragraph:
    line: int
    pieces: list[Piece] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Layout:
    sources: list[SourceKey]
    paragraphs: list[Paragraph]
    loose: list[Finding]                                  # findings outside every paragraph
    by_subject: list[tuple[str, list[list[Claim]]]]       # subject -> one cell per source


def source_of(claim: Claim) -> str | None:
    return claim.source.identity if claim.source else None


def _sources(result: Result) -> dict[str | None, SourceKey]:
    keys: dict[str | None, SourceKey] = {}
    for claim in result.claims:
        key = source_of(claim)
        if key is not None and key not in keys:
            keys[key] = SourceKey(key, f"S{len(keys) + 1}", len(keys), claim.source.name)
    keys[None] = SourceKey(None, "–", -1, "no source given")
    return keys


def layout(result: Result) -> Layout:
    story = result.story
    keys = _sources(result)
    spans: dict[int, list[int]] = {}
    for sent in result.sentences:
        span = spans.setdefault(sent.paragraph, [sent.start, sent.end])
        span[0], span[1] = min(span[0], sent.start), max(span[1], sent.end)
    ordered = sorted(spans.values())
    claims = sorted(result.claims, key=lambda c: c.start)
    paragraphs: list[Paragraph] = []
    ci = 0
    for start, end in ordered:
        para = Paragraph(line=story.position(start)[0])
        cursor = start
        while ci < len(claims) and claims[ci].start < end:
            claim = claims[ci]
            ci += 1
            if claim.start < cursor:          # overlapping figures: keep the first
                continue
            para.pieces.append(Piece(_SPACE.sub(" ", story.text[cursor:claim.start])))
            para.pieces.append(Piece(_SPACE.sub(" ", story.text[claim.start:claim.end]).strip(),
                                     claim, keys[source_of(claim)]))
            cursor = claim.end
        para.pieces.append(Piece(_SPACE.sub(" ", story.text[cursor:end])))
        para.findings = [f for f in result.findings if start <= f.start < end]
        paragraphs.append(para)
    loose = [f for f in result.findings if not any(s <= f.start < e for s, e in ordered)]
    columns = list(keys)
    table: dict[str, dict[str | None, list[Claim]]] = {}
    for claim in result.claims:
        subject = claim.subject_key or claim.subject or "(no subject)"
        table.setdefault(subject, {k: [] for k in columns})[source_of(claim)].append(claim)
    by_subject = [(s, [row[k] for k in columns]) for s, row in sorted(table.items())]
    return Layout(list(keys.values()), paragraphs, loose, by_subject)
