"""Stage 2: paragraphs and sentences, as offsets into the story.

Paragraphs are blocks separated by blank lines. Sentences are pysbd's
(Pragmatic Sentence Boundary Disambiguation), which knows news abbreviations
("U.S.", "Col.", "No. 10", "a.m."), initials and decimals. A line that ends
without punctuation (a headline, a dateline, a photo credit) ends its sentence.

pysbd is slow: it runs over a hundred patterns on every piece of text, one
substitution over the whole piece for each abbreviation-like word in it (so a
long paragraph takes quadratic time), and it compiles more patterns than the
`re` module caches, so many are compiled again on every call. Most news text
needs only some of its rules, so `_quick` applies pysbd's own rules (its
patterns and abbreviation lists, read from the pysbd package) to such a piece,
each compiled once and run once, and gives the same sentences; a piece that
needs a rule `_quick` does not apply (a line break, "!" or "??", an ellipsis, a
list, a single quotation mark, pysbd's placeholder characters...) goes to
pysbd itself. tests/test_segment.py holds the two to the same sentences.
"""
from __future__ import annotations

import functools
import re

from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer

from factcheck.model import Sentence

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")        # two line ends with only spaces between
_LINE_END = re.compile(r"\n")
_OPEN_LINE = re.compile(r"(?m)^[^\n]*[^\s.!?:;,\"'”’)\]—–-][ \t]*\n(?=[ \t]*\S)")  # from line starts only: linear


def _line_paragraphs(text: str) -> bool:
    """Whether a story with no blank line writes one paragraph per line (as saved from many web
    pages): three lines or more, and the long ones end their sentences, as hard-wrapped text does not."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    long = [line for line in lines if len(line) > 80]
    return len(lines) >= 3 and bool(long) and sum(line.endswith(_CLOSING) for line in long) * 3 >= len(long) * 2


def _paragraphs(text: str):
    """(start, block) for each paragraph: a stretch between blank lines, stripped of white space; a
    line, in a story with no blank line that writes one paragraph per line."""
    start = 0
    breaks = list(_BLANK_LINE.finditer(text))
    if not breaks and "\n" in text.strip() and _line_paragraphs(text):
        breaks = list(_LINE_END.finditer(text))
    for blank in [*breaks, None]:
        end = blank.start() if blank else len(text)
        block = text[start:end]
        body = block.strip()
        if body:
            yield start + len(block) - len(block.lstrip()), body
        start = blank.end() if blank else end


def _pieces(block: str):
    """Split a paragraph at lines that end without punctuation (headlines, datelines)."""
    start = 0
    if "\n" in block:
        for m in _OPEN_LINE.finditer(block):
            nxt = block[m.end():m.end() + 40].lstrip()
            if len(m.group().strip()) < 90 and not nxt[:1].islower():   # not hard-wrapped text: "at 14.8
                yield start, m.end()                                    # \nmillion in 2015"
                start = m.end()
    yield start, len(block)


# ----------------------------------------------------------------------------- pysbd's rules in one pass
#
# Placeholders stand one character for one, so that offsets into the working copy are offsets
# into the piece: pysbd's own for a period that ends no sentence (∯), one inside a word or
# address (∮), the dots of an ellipsis (ƪ, ☏) and the temporary end of a text (ȸ); ours for a
# quote mark, "(", ")" and a question mark that ends no sentence, which pysbd hides behind
# several characters.
_PERIOD, _INNER, _END, _QUOTE, _OPEN, _CLOSE, _QUESTION = "∯", "∮", "ȸ", "\ue000", "\ue001", "\ue002", "\ue003"
# a sentence as pysbd's last rules see it: every placeholder back but the quote mark's
_SHOWN = str.maketrans({_PERIOD: ".", _INNER: ".", _OPEN: "(", _CLOSE: ")", _QUESTION: "?", "☏": ".", "ƪ": "."})
_ENDS = "。．.！!?？ȸȹ☉☈☇☄"                        # what ends a sentence in pysbd's boundary pattern
_AM_PM = re.compile(r"\(\?<=([^()]+)\)" + _PERIOD)     # pysbd's am/pm rule: its lookbehind, then the mark


@functools.cache
def _rules() -> dict:
    """pysbd's English rules that `_quick` applies, compiled once."""
    en, lists = English, ListItemReplacer
    abbr = en.Abbreviation
    starters = "|".join(r"(?=\s{}\s)".format(w) for w in en.AbbreviationReplacer.SENTENCE_STARTERS)
    capital, digit = re.compile(r"\.(?<=[A-Z]\.)"), re.compile(r"\.(?:(?<=\d\.)|(?=\d))")
    # what _quick does not do: a rule whose trigger is here sends the piece to pysbd (other line
    # breaks, "!" and "??", odd marks, placeholders, single quotation marks)
    # (a class alone, so that `re` scans for its characters quickly; "??" and an opening single
    # quotation mark are looked for apart)
    unsure = (r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029!\\°«»{}（）「」。．！？ǃ\u017f\u212a\u0130\u0131"
              r"∯∮ȸȹ☉☈☇☄♨☝✂⌬ᓴᓷᓰᓱᓳᓸ⎋♬♭ƪ☏♟♝\ue000-\ue003]")
    return {
        "unsure": re.compile(unsure),
        "opening_quote": re.compile(r"(?:^|\s)['‘]"),
        # each with, when it opens with an assertion (which `re` tries at every character), a
        # pattern found at least as often in the text with a space before it (pysbd's own trick
        # for its start), which opens with a class: where that is found less than twice, so is it
        "lists": [(re.compile(pattern), alphabet, bound and re.compile(bound)) for pattern, alphabet, bound in (
            (lists.ALPHABETICAL_LIST_WITH_PERIODS, lists.LATIN_NUMERALS + lists.ROMAN_NUMERALS, r"\s[a-z]\."),
            (lists.ALPHABETICAL_LIST_WITH_PARENS, lists.LATIN_NUMERALS + lists.ROMAN_NUMERALS, r"[\s(][a-z]+\)"),
            (lists.NUMBERED_LIST_REGEX_1, None, r"[\s\-⁃]\d{1,2}\.(?=[\s)])"),
            (lists.NUMBERED_LIST_PARENS_REGEX, None, None))],
        "line_start": re.compile(r"\n(?:[A-Z]|\d\d?)\."),
        # a list item's mark: " a." (a letter alone), "a)", "1. ", "1)", "1) "; written to open
        # with "." or ")", so that `re` scans for those two characters quickly
        "list_hint": re.compile(r"\.(?:(?<=(?<!\S)[a-z]\.)|(?<=\d\.)(?=[\s)]))|\)(?:(?<=[a-z]\))|(?<=\d\))(?=\s))"),
        # each substitution with a string it cannot match without, to skip it quickly, and for
        # some a pattern it cannot match without either, which opens with that string (so `re`
        # scans for it quickly) and rules out more: a capital or a digit next to the full stop
        "before": [(re.compile(r.pattern), needle, hint) for r, needle, hint in (
            (en.PossessiveAbbreviationRule, "'s", None), (en.KommanditgesellschaftRule, "Co.", None),
            *((rule, ".", capital) for rule in en.SingleLetterAbbreviationRules.All))],
        "abbreviations": {a for a in abbr.ABBREVIATIONS if "." not in a},
        # those with a period inside ("e.g", "ph.d"), by their last letter (the letter before the period)
        "dotted": _by_last_letter(a for a in abbr.ABBREVIATIONS if "." in a),
        "prepositive": frozenset(abbr.PREPOSITIVE_ABBREVIATIONS),
        "number_abbr": frozenset(abbr.NUMBER_ABBREVIATIONS),
        "after_prepositive": re.compile(r"\s|:\d+"),
        "after_number": re.compile(r"\s\d|\s+\("),
        "after_other": re.compile(r"(\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())"),
        "multi_period": re.compile(en.MULTI_PERIOD_ABBREVIATION_REGEX, re.I),
        # what "multi_period" (which opens with \b) cannot match without; it opens with "."
        "multi_period_hint": re.compile(r"\.[a-z]\.", re.I),
        # a.m. or U.S. before a sentence starter ends a sentence after all; then the numbers
        # (an am/pm rule's needle is its lookbehind's text and the mark: " P∯M∯")
        "after": [(re.compile(r.pattern), r.replacement, _AM_PM.match(r.pattern).group(1) + _PERIOD, None)
                  for r in en.AmPmRules.All]
                 + [(re.compile(r"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({})".format(starters)),
                     "\\1.", _PERIOD, None)]
                 + [(re.compile(r.pattern), r.replacement, ".", digit) for r in en.Numbers.All],
        "reference": re.compile(en.NUMBERED_REFERENCE_REGEX),
        # what "reference" and "spaced_dots" cannot match without: cheap scans that rule them out
        "reference_hint": re.compile(r"[.∯][\d\[]"),
        "spaced_dots_hint": re.compile(r"\.\s\."),
        "inner": [(re.compile(abbr.WithMultiplePeriodsAndEmailRule.pattern),
                   abbr.WithMultiplePeriodsAndEmailRule.replacement, ".", re.compile(r"\.(?<=[a-zA-Z0-9_]\.)(?=[a-zA-Z0-9_])")),
                  (re.compile(en.FileFormatRule.pattern), en.FileFormatRule.replacement, ".", re.compile(r"\.(?<=\s\.)"))],
        # ellipses: those spaced out (". . .") go to pysbd, which gives them back re-spaced
        "spaced_dots": re.compile("|".join(r.pattern for r in (en.EllipsisRules.ThreeSpaceRule,
                                                               en.EllipsisRules.FourSpaceRule))),
        "dots": [(re.compile(r.pattern), r.replacement, "...") for r in (
            en.EllipsisRules.FourConsecutiveRule, en.EllipsisRules.ThreeConsecutiveRule,
            en.EllipsisRules.OtherThreePeriodRule)],
        "parens_in_quotes": re.compile(en.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX),
        # BetweenPunctuation's spans, in its order (its patterns match what these do): each with its
        # closing mark and whether to stop at the last one (where the span may hold its opener)
        "spans": [(re.compile(r'"[^"\\]+"'), '"', False), (re.compile(r"\[[^\]\\]+\]"), "]", True),
                  (re.compile(r"\([^()\\]+\)"), ")", False), (re.compile(r"--[^-]*--"), "--", False),
                  (re.compile(r"“[^”\\]+”"), "”", True)],
        "question_in_quote": re.compile(en.QuestionMarkInQuotationRule.pattern),
        "roman": re.compile(lists.ROMAN_NUMERALS_IN_PARENTHESES),
        # pysbd's sentence, its "\S.*?[.!?...]" (the class tried at every character, in the
        # matcher's main loop) written as the run of other characters it stands for
        "boundary": re.compile(en.SENTENCE_BOUNDARY_REGEX.replace(rf"\S.*?[{_ENDS}]", rf"\S[^{_ENDS}\n]*[{_ENDS}]")),
        "letters": re.compile(r"\A[a-zA-Z]*\Z"),
        "quote_end": re.compile(en.QUOTATION_AT_END_OF_SENTENCE_REGEX),
        "quote_split": re.compile(en.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX),
        "punctuation": frozenset(en.Punctuations),
    }


def _by_last_letter(words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word in words:
        out.setdefault(word[-1], []).append(word)
    return out


def _abbreviated(w: str, p: int, r: dict) -> bool:
    """Whether pysbd's abbreviation replacer hides the period at `p`: the word before it,
    from a space or the start, is one of its abbreviations followed by what that kind takes."""
    q = p
    while q > 0 and p - q <= 10 and not w[q - 1].isspace():
        q -= 1
    kinds = []
    word = w[q:p].lower()
    if (q == 0 or w[q - 1].isspace()) and word.isascii() and word in r["abbreviations"]:
        kinds.append(word)
    for dotted in r["dotted"].get(w[p - 1].lower(), ()) if p else ():   # pysbd reads their "." as any character
        q = p - len(dotted)
        if q >= 0 and (q == 0 or w[q - 1].isspace()) and all(
                a == "." and c != "\n" or c.lower() == a for a, c in zip(dotted, w[q:p])):
            kinds.append(dotted)
    for kind in kinds:
        after = r["after_prepositive"] if kind in r["prepositive"] else \
            r["after_number"] if kind in r["number_abbr"] else r["after_other"]
        if after.match(w, p + 1):
            return True
    return False


def _quick(piece: str) -> list[tuple[int, int]] | None:
    """pysbd's sentences of a piece, as (start, end) offsets into it, or None when the
    piece needs a rule this does not apply. pysbd ends a sentence at every line break and
    reads each line alone, except for its rules about lists, a line that starts with a
    letter or number and a full stop, and brackets between quotation marks across lines."""
    r = _rules()
    if r["unsure"].search(piece) or "??" in piece \
            or ("'" in piece or "‘" in piece) and r["opening_quote"].search(piece):
        return None
    lines = piece.replace("\n", "\r")               # as pysbd reads them
    if r["list_hint"].search(piece):
        for pattern, alphabet, bound in r["lists"]:
            if bound and len(bound.findall(" " + lines)) < 2:
                continue
            if sum(alphabet is None or f in alphabet for f in pattern.findall(lines)) > 1:
                return None                  # two list items: pysbd may break the line
    if "\n" in piece and (r["line_start"].search(piece) or r["parens_in_quotes"].search(lines)):
        return None
    out = []
    at = 0
    for line in piece.split("\n"):
        spans = _quick_line(line, r)
        if spans is None:
            return None
        out += [(at + start, at + end) for start, end in spans]
        at += len(line) + 1
    return out


def _quick_line(piece: str, r: dict) -> list[tuple[int, int]] | None:
    """`_quick` for one line."""
    w = piece
    for pattern, needle, hint in r["before"]:
        if needle in w and (hint is None or hint.search(w)):
            w = pattern.sub(_PERIOD, w)
    if "." in w:
        chars = list(w)
        at = w.find(".")
        while at != -1:
            if _abbreviated(w, at, r):
                chars[at] = _PERIOD
            at = w.find(".", at + 1)
        w = "".join(chars)
        if r["multi_period_hint"].search(w):
            w = r["multi_period"].sub(lambda m: m.group().replace(".", _PERIOD), w)
    for pattern, replacement, needle, hint in r["after"]:
        if needle in w and (hint is None or hint.search(w)):
            w = pattern.sub(replacement, w)
    if r["reference_hint"].search(w) and r["reference"].search(w) or "(" in w and r["parens_in_quotes"].search(w):
        return None                          # pysbd breaks the line there
    for pattern, replacement, needle, hint in r["inner"]:
        if needle in w and hint.search(w):
            w = pattern.sub(replacement, w)
    if r["spaced_dots_hint"].search(w) and r["spaced_dots"].search(w):
        return None
    for pattern, replacement, needle in r["dots"]:
        if needle in w:
            w = pattern.sub(replacement, w)
    if not w or r["punctuation"].isdisjoint(w):
        spans = [(0, len(w))]
    else:
        if w[-1] not in r["punctuation"]:
            w += _END
        for pattern, closer, stop in r["spans"]:   # punctuation between quotes and brackets ends nothing
            if closer in w:
                last = w.rfind(closer) + 1 if stop else len(w)       # no scan past the last closer
                w = pattern.sub(_hide, w[:last]) + w[last:]
        if "?" in w:
            w = r["question_in_quote"].sub(_QUESTION, w)
        if ")" in w:
            w = r["roman"].sub(lambda m: _OPEN + m.group(1) + _CLOSE, w)
        spans = [m.span() for m in r["boundary"].finditer(w)]
    out = []
    for start, end in spans:
        seg = w[start:end]
        if not seg.isascii():                  # every mark put in is not
            seg = seg.replace(_END, "").translate(_SHOWN)
        cut = start
        if r["quote_end"].search(seg) and not (len(seg) > 2 and r["letters"].search(seg)):
            for m in r["quote_split"].finditer(seg):       # a quotation that ends a sentence
                out.append((cut, start + m.start()))
                cut = start + m.end()
        out.append((cut, min(end, len(piece))))
    return out


def _hide(m: re.Match) -> str:
    return m.group().replace(".", _PERIOD).replace("?", _QUESTION).replace("'", _QUOTE)


@functools.cache
def _pysbd():
    """pysbd's segmenter, for the pieces `_quick` cannot vouch for."""
    import pysbd
    return pysbd.Segmenter(language="en", clean=False)


_PYSBD_MAX = 3000    # characters: pysbd's time grows with the square of what it is given


def _bounded(piece: str):
    """The piece in chunks pysbd reads in bounded time, cut after a sentence end (or at
    least a space) near the limit; only hostile text ("1. 1. 1. ...") is ever cut."""
    start = 0
    while len(piece) - start > _PYSBD_MAX:
        window = piece[start:start + _PYSBD_MAX]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < _PYSBD_MAX // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else _PYSBD_MAX
        yield piece[start:start + cut]
        start += cut
    yield piece[start:]


def _sentences(piece: str) -> list[str]:
    """pysbd's sentences of a piece of a paragraph."""
    body = piece.rstrip()
    spans = _quick(body) if body else []
    if spans is None:
        return [sent for chunk in _bounded(piece) for sent in _pysbd().segment(chunk)]
    return [body[start:end] for start, end in spans]


def segment(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for par_index, (par_start, block) in enumerate(_paragraphs(text)):
        for p_start, p_end in _pieces(block):
            piece = block[p_start:p_end]
            cursor = 0
            for sent in _sentences(piece) if piece.strip() else ():
                body = sent.strip()
                if not body:
                    continue
                at = piece.find(body, cursor)
                if at < 0:
                    continue
                cursor = at + len(body)
                start = par_start + p_start + at
                last = sentences[-1] if sentences else None
                if last is not None and last.paragraph == par_index and not closed(text, last) \
                        and body[0].islower() and (text[last.end - 1] in ",;" or "\n" in text[last.end:start]):
                    sentences[-1] = Sentence(last.start, start + len(body), par_index, last.index)
                    continue            # a line break inside a sentence: "... 2,000 feet,\nor about 900 meters",
                                        # "at 14.8\nmillion in 2015" in hard-wrapped copy
                sentences.append(Sentence(start, start + len(body), par_index, len(sentences)))
    return sentences


_CLOSING = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")", ":")


def closed(text: str, sent: Sentence) -> bool:
    """Whether the sentence ends with closing punctuation (a full stop, a quotation mark...)."""
    return text[sent.start:sent.end].rstrip().endswith(_CLOSING)


def headlines(text: str, sentences: list[Sentence], max_words: int) -> frozenset[int]:
    """Indexes of the sentences of title blocks: paragraphs whose sentences are each one line with
    no closing punctuation and at most `max_words` words (headlines, bylines, datelines, captions;
    a longer line is a lead that lost its full stop)."""
    def title_line(s: Sentence) -> bool:
        line = text[s.start:s.end].strip()
        return "\n" not in line and not closed(text, s) and len(line.split()) <= max_words

    blocks: dict[int, bool] = {}
    for sent in sentences:
        blocks[sent.paragraph] = blocks.get(sent.paragraph, True) and title_line(sent)
    return frozenset(s.index for s in sentences if blocks[s.paragraph])
