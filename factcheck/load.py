"""Stage 1: read a story file into a `Story`.

Decoding: UTF-8 with or without BOM; UTF-16 or UTF-32 with a BOM; otherwise
Windows-1252 with a notice. Binary files (by their signature, NUL bytes or
control characters), empty files and files over the size limit are refused
with a `LoadError` whose message is the one line the CLI prints. The file is
only ever opened for reading.

`Story.text` is the masked story folded one character for one (`fold`), so
that later stages see ASCII digits and plain spaces while offsets still point
into the file as stored and a claim's text, taken from `Story.raw`, shows what
was written.
"""
from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import regex

from factcheck.guard import REGEX_TIMEOUT
from factcheck.model import Story

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
DEFAULT_MAX_BYTES = 10_000_000

_MAGIC = [
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office document"),
    (b"{\\rtf", "an RTF document; save it as plain text"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
]
_SAMPLE = 65536                  # bytes looked at to tell text from binary
_CONTROLS = bytes(range(32)).translate(None, b"\t\n\x0b\x0c\r")  # no story text holds these
_MAX_CONTROL_SHARE = 0.01       # more than this share of control bytes, and
_MIN_CONTROLS = 16               # more than this many, is binary, not a stray control in a story

# ----------------------------------------------------------------------------- the fold
#
# `fold` maps one character to one character, so story.text keeps the length of
# story.raw. It guarantees the later stages that story.text holds:
#   - only ASCII digits: every Unicode decimal digit (Arabic-Indic, Persian,
#     Devanagari, full-width ...) becomes its ASCII digit;
#   - ASCII for full-width ASCII forms ("４，０００" -> "4,000", "ｋｍ" -> "km");
#   - "," and "." for the Arabic thousands and decimal separators (and "," for the
#     Arabic comma, "%" for the Arabic percent sign), "-" for the minus sign U+2212;
#   - a plain space for every other space character (no-break, thin, narrow
#     no-break, figure, em/en, ideographic spaces);
#   - INVISIBLE in place of every default-ignorable character (zero-width space
#     and joiners, soft hyphen, word joiner, byte-order mark, left-to-right and
#     right-to-left marks and embeddings, variation selectors) and of combining
#     marks on a digit ("4\u0301,000", keycap "5\ufe0f\u20e3"): whitespace to every
#     pattern between words; inside a figure it stands for nothing, so "4<ZWSP>000"
#     and "4,<ZWJ>000" read 4000. (An HTML entity keeps its first character and
#     the rest of it becomes INVISIBLE: "12&nbsp;km" is "12", a space, five INVISIBLEs and "km".)
# Everything else, combining marks on letters included, is left as it is. The fold
# is applied once, to the masked text (INVISIBLE is a thin space, which a second
# fold would make a plain space).

INVISIBLE = "\u2009"             # THIN SPACE: the fold turns every real one into a plain space
_SIGNS = {"\u066b": ".", "\u066c": ",", "\u060c": ",", "\u066a": "%", "\u2212": "-"}
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")


def _fold_char(code: int) -> int:
    ch = chr(code)
    if ch in _SIGNS:
        return ord(_SIGNS[ch])
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return ord("0") + digit
    if 0xFF01 <= code <= 0xFF5E:                      # full-width ASCII forms
        return code - 0xFEE0
    if unicodedata.category(ch) == "Zs":
        return ord(" ")
    if _IGNORABLE.match(ch):
        return ord(INVISIBLE)
    return code


class _FoldTable(dict):
    """The str.translate table of the fold, filled in once per character met."""

    def __missing__(self, code: int) -> int:
        self[code] = folded = _fold_char(code)
        return folded


_FOLD = _FoldTable()


# a run of digits each carrying marks, matched whole so that a file of them is a few matches
_MARKED_DIGITS = regex.compile(r"(?:[0-9][\p{M}" + INVISIBLE + r"]*\p{M}[\p{M}" + INVISIBLE + r"]*)+")


def fold(text: str) -> str:
    """The one-to-one character fold described above; ASCII text is returned as it is."""
    if text.isascii():
        return text
    folded = text.translate(_FOLD)
    chars: list[str] = []
    for m in _MARKED_DIGITS.finditer(folded, timeout=REGEX_TIMEOUT):
        chars = chars or list(folded)
        for at in range(m.start(), m.end()):
            if not "0" <= chars[at] <= "9":
                chars[at] = INVISIBLE
    return "".join(chars) if chars else folded


class LoadError(Exception):
    """The file cannot be checked; str(self) is the reason, for one line on stderr."""


def story_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def shown(path: str) -> str:
    """A path as a report can print it: a file name that is not valid UTF-8 (kept by
    Python as surrogate escapes) gets U+FFFD where its undecodable bytes are."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(f"skipped: binary file ({what}), not a story")
    if b"\x00" in data:
        raise LoadError("skipped: binary file (contains NUL bytes), not a story; "
                        "if it is UTF-16 text, save it with a byte-order mark or as UTF-8")
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > max(_MAX_CONTROL_SHARE * len(sample), _MIN_CONTROLS):
        raise LoadError(f"skipped: binary file ({controls:,} control bytes in the first "
                        f"{len(sample):,}), not a story")


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a notice saying how it was read."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-8 mark but is not UTF-8 (byte {exc.start + 3})") from None
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16")):
        if data.startswith(boms):
            try:
                return data.decode(codec), f"read as {codec}"
            except UnicodeDecodeError as exc:
                raise LoadError(f"starts with a {codec} mark but is not {codec} (byte {exc.start})") from None
    _refuse_binary(data)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, f"not valid UTF-8 (byte {where}); read as Windows-1252"


def _over_limit(max_bytes: int, size: int | None) -> LoadError:
    """`size` is None when only the first max_bytes + 1 bytes were read (a pipe)."""
    known = f"{size:,} bytes, " if size is not None else ""
    return LoadError(f"skipped: {known}over the limit of {max_bytes:,} bytes (--max-bytes)")


def make_story(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name_for_format: str | None = None) -> Story:
    if len(data) > max_bytes:
        raise _over_limit(max_bytes, None if len(data) == max_bytes + 1 else len(data))
    raw, notice = decode(data)
    if not raw:
        raise LoadError("empty file: no story text to check")
    if not raw.strip():
        raise LoadError("only blank space: no story text to check")
    fmt = story_format(name_for_format or path)
    masked = None
    if fmt != "text":
        from factcheck.markup import mask_html, mask_markdown   # here: plain text needs no markup reader
        masked = mask_markdown(raw) if fmt == "markdown" else mask_html(raw)
    story = Story(path=shown(path), raw=raw, text=fold(masked.text if masked else raw), format=fmt,
                  meta=masked.meta if masked else {})
    if notice:
        story.notices.append(notice)
    if not story.text.strip():
        raise LoadError(f"no story text found in this {fmt} file")
    return story


def read_story(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise _over_limit(max_bytes, size)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        if os.path.islink(path):
            raise LoadError(f"broken symbolic link (points to {shown(os.readlink(path))}, "
                            "which does not exist)") from None
        raise LoadError("no such file") from None
    except IsADirectoryError:
        try:
            os.listdir(path)
        except OSError as exc:
            raise LoadError(f"cannot open folder: {exc.strerror}") from None
        raise LoadError("is a folder, not a story file") from None
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    return make_story(path, data, max_bytes=max_bytes)
