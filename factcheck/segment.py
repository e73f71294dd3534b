"""Stage 2: paragraphs and sentences, as offsets into the story.

Paragraphs are blocks separated by blank lines. Sentences come from pysbd
(Pragmatic Sentence Boundary Disambiguation), which knows news abbreviations
("U.S.", "Col.", "No. 10", "a.m."), initials and decimals. A line that ends
without punctuation (a headline, a dateline, a photo credit) ends its sentence.
"""
from __future__ import annotations

import re

import pysbd

from factcheck.model import Sentence

_PARAGRAPH = re.compile(r"\S(?:.*?\S)??(?=\s*\n[ \t\r\f\v]*\n|\s*$)", re.S)
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
_OPEN_LINE = re.compile(r"(?m)^[^\n]*[^\s.!?:;,\"'”’)\]—–-][ \t]*\n(?=[ \t]*\S)")  # from line starts only: linear


def _pieces(block: str):
    """Split a paragraph at lines that end without punctuation (headlines, datelines)."""
    start = 0
    for m in _OPEN_LINE.finditer(block):
        if len(m.group().strip()) < 90:
            yield start, m.end()
            start = m.end()
    yield start, len(block)


def segment(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for par_index, par in enumerate(_PARAGRAPH.finditer(text)):
        block = par.group()
        for p_start, p_end in _pieces(block):
            piece = block[p_start:p_end]
            cursor = 0
            for sent in _SEGMENTER.segment(piece) if piece.strip() else ():
                body = sent.strip()
                if not body:
                    continue
                at = piece.find(body, cursor)
                if at < 0:
                    continue
                cursor = at + len(body)
                start = par.start() + p_start + at
                sentences.append(Sentence(start, start + len(body), par_index, len(sentences)))
    return sentences
