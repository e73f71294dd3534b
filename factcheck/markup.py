"""Find the story text inside Markdown and HTML without moving a character.

`mask_markdown` and `mask_html` return a copy of the source of exactly the
same length in which everything an editor does not read as the story is
blanked: front matter, code, HTML comments and tags, link targets, image alt
text; for HTML also script, style, navigation, header and footer, and
everything outside <article> (or <main>) when the page has one. Offsets into
the masked copy are therefore offsets into the file as stored.

Block boundaries in HTML become blank lines in the copy, so that paragraphs
survive; newlines inside HTML text become spaces, as a browser shows them.
`html_comments` finds a page's comments, where `suppress` reads directives.

Only Markdown and HTML stories import this module (and html.parser with it).
"""
from __future__ import annotations

import functools
import html
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

from factcheck.guard import REGEX_TIMEOUT


@dataclass
class Masked:
    text: str
    meta: dict[str, str] = field(default_factory=dict)   # e.g. {"date": "2017-10-11"}


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


# --------------------------------------------------------------------------- Markdown

# Only the block structure is read (which lines are paragraphs, headings, cells), so
# inline parsing, slow on lines of unclosed brackets, is switched off. Blocks nested
# deeper than maxNesting are not parsed (their text is not checked); 100 levels is far
# beyond any story and far within Python's recursion limit.
@functools.cache
def _md():
    """The Markdown parser, imported and built on the first Markdown story."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin
    return MarkdownIt("commonmark", {"maxNesting": 100}).enable("table").use(front_matter_plugin).disable(
        ["inline", "text_join"])


_TEXT_BLOCKS = {"paragraph_open", "heading_open", "th_open", "td_open"}
# Patterns that cannot backtrack (a character class, a fixed alternative) run on the whole
# file with the standard `re`, as model._NEWLINE does: the `regex` timeout bounds a whole
# scan, which on a 10 MB file of short lines would trip without any runaway. Every
# pattern that can backtrack uses `regex` with the fuse, on one line at a time.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")     # lines as markdown-it counts them
# Every search for a closing delimiter stops at the next opening one ("[^\[\]]",
# "[^<>]", "(?!<!--)"), so the scans from successive openers never overlap and a
# line of ten thousand unclosed "[" or "<" is read in linear time.
_INLINE_NOISE = regex.compile(
    r"!\[[^\[\]\n]*\]\([^()\n]*\)"        # image with alt text and target
    r"|!\[[^\[\]\n]*\]\[[^\[\]\n]*\]"      # reference image
    r"|<!--(?:(?!<!--).)*?-->"           # inline HTML comment
    r"|<[A-Za-z/][^<>\n]*>"               # inline HTML tag or autolink
    r"|`+[^`\n]*`+",                     # inline code
    regex.S,
)
_LINK = regex.compile(r"\[(?=[^\[\]\n]*\]\s?[(\[])|\]\([^()\n]*\)|\]\[[^\[\]\n]*\]")
_EMPHASIS = regex.compile(r"(?<!\w)[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}(?!\w)")
_FRONT_DATE = regex.compile(r"^date\s*[:=]\s*[\"']?([^\"'\n]+)", regex.M)


def mask_markdown(raw: str) -> Masked:
    lines = _LINE.findall(raw)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    keep = [False] * len(lines)
    html_blocks: list[tuple[int, int]] = []
    meta: dict[str, str] = {}
    for tok in _md().parse(raw):
        if tok.type == "front_matter":
            found = _FRONT_DATE.search(tok.content, timeout=REGEX_TIMEOUT)
            if found:
                meta["date"] = found.group(1).strip()
        elif tok.type in _TEXT_BLOCKS and tok.map:
            for i in range(tok.map[0], min(tok.map[1], len(lines))):
                keep[i] = True
        elif tok.type == "html_block" and tok.map:
            html_blocks.append((offsets[tok.map[0]], offsets[min(tok.map[1], len(lines))]))
    chars = list(raw)
    for i, line in enumerate(lines):
        start = offsets[i]
        if not keep[i]:
            _blank(chars, start, start + len(line))
            continue
        for pattern in (_INLINE_NOISE, _LINK, _EMPHASIS):
            for m in pattern.finditer(line, timeout=REGEX_TIMEOUT):
                _blank(chars, start + m.start(), start + m.end())
    for start, end in html_blocks:      # raw HTML in Markdown is read as HTML
        chars[start:end] = mask_html(raw[start:end]).text
    return Masked("".join(chars), meta)


# --------------------------------------------------------------------------- HTML

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
         "svg", "iframe", "button", "select", "textarea", "head", "title", "menu", "object"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
          "th", "table", "section", "article", "main", "blockquote", "figcaption", "figure",
          "pre", "hr", "dd", "dt", "dl", "body", "html", "caption", "address"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}


class _Visible(HTMLParser):
    """Collects (start, end, replacement) for visible text, and page metadata."""

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *itertools.accumulate(len(line) + 1 for line in raw.split("\n"))]
        self.raw = raw
        self.skip: list[str] = []
        self.scope: list[str] = []           # open article/main elements
        self.pieces: list[tuple[int, int, str, frozenset[str]]] = []
        self.breaks: list[int] = []
        self.meta: dict[str, str] = {}
        self.seen: set[str] = set()

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        here = self._here()
        attrs_d = {k: (v or "") for k, v in attrs}
        if tag == "meta" and attrs_d.get("property", attrs_d.get("name", "")) in (
                "article:published_time", "datePublished", "date", "pubdate"):
            self.meta.setdefault("date", attrs_d.get("content", ""))
        if tag == "time" and "datetime" in attrs_d:
            self.meta.setdefault("time", attrs_d["datetime"])
        if tag in _BLOCK:
            self.breaks.append(here)
        if tag in _VOID:
            return
        if tag in _SKIP:
            self.skip.append(tag)
        elif tag in ("article", "main"):
            self.scope.append(tag)
            self.seen.add(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.breaks.append(self._here())
        for stack in (self.skip, self.scope):
            if tag in stack:
                while stack and stack.pop() != tag:
                    pass
                return

    def _add(self, length: int, replacement: str) -> None:
        if not self.skip:
            start = self._here()
            self.pieces.append((start, start + length, replacement, frozenset(self.scope)))

    def handle_data(self, data):
        self._add(len(data), data.replace("\n", " ").replace("\r", " "))

    def handle_entityref(self, name):
        here = self._here()
        end = self.raw.find(";", here, here + 41)        # no named entity is longer
        length = end - here + 1 if end != -1 else len(name) + 1
        text = html.unescape(self.raw[here:here + length])
        # the character it stands for, then zero-width spaces (which the loader's fold
        # turns into INVISIBLE) so that "45&thinsp;000" still reads as one figure
        self._add(length, text[:1] + "\u200b" * (length - 1) if len(text) <= length else " ")

    def handle_charref(self, name):
        self.handle_entityref("#" + name)


class _Comments(HTMLParser):
    """Collects (start, end, body) for every comment."""

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=True)
        self.starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.found: list[tuple[int, int, str]] = []

    def handle_comment(self, data: str) -> None:
        line, col = self.getpos()
        start = self.starts[line - 1] + col
        self.found.append((start, start + len(data) + 7, data))


def html_comments(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, body) of every comment the parser finds in a page (where `suppress` reads
    an editor's directives)."""
    parser = _Comments(raw)
    parser.feed(raw)
    parser.close()
    return parser.found


_OPENER = re.compile(r"<(?=[A-Za-z/!?])")      # what html.parser takes for a tag or declaration


def _closable(raw: str) -> str:
    """`raw` for the parser, with the "<" of every tag, comment or CDATA section that
    nothing later in the file closes turned into a space. From each such opener
    html.parser scans to the end of the file and then steps on by one character, so
    "<a<a<a..." or ten thousand "<!--" would take quadratic time; a browser does not
    show an unclosed tag either."""
    cuts = [m.start() for m in _OPENER.finditer(raw, raw.rfind(">") + 1)]
    for opener, closer in (("<!--", "-->"), ("<![", "]]>")):
        at = raw.find(opener, raw.rfind(closer) + 1)
        while at != -1:
            cuts.append(at)
            at = raw.find(opener, at + 1)
    if not cuts:
        return raw
    chars = list(raw)
    for at in cuts:
        chars[at] = " "
    return "".join(chars)


def mask_html(raw: str) -> Masked:
    parser = _Visible(raw)
    parser.feed(_closable(raw))
    parser.close()
    scope = "article" if "article" in parser.seen else "main" if "main" in parser.seen else None
    chars = [" "] * len(raw)
    for start, end, replacement, scopes in parser.pieces:
        if scope and scope not in scopes:
            continue
        chars[start:start + len(replacement)] = replacement[: end - start]
    for at in parser.breaks:
        for i in range(at, min(at + 2, len(chars))):
            if chars[i] == " ":
                chars[i] = "\n"
    meta = dict(parser.meta)
    if "date" not in meta and "time" in meta:
        meta["date"] = meta["time"]
    meta.pop("time", None)
    return Masked("".join(chars), meta)
