"""Stage 1: read a story file into a `Story`.

Decoding: UTF-8 with or without BOM; UTF-16 with a BOM; otherwise Windows-1252
with a notice. Binary files, empty files and files over the size limit are
refused with a `LoadError` whose message is the one line the CLI prints.
The file is only ever opened for reading.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from factcheck.markup import mask_html, mask_markdown
from factcheck.model import Story

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
DEFAULT_MAX_BYTES = 10_000_000

_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
]


class LoadError(Exception):
    """The file cannot be checked; str(self) is the reason, for one line on stderr."""


def story_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a notice saying how it was read."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-8 mark but is not UTF-8 (byte {exc.start + 3})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "read as UTF-16"
        except UnicodeDecodeError:
            raise LoadError("starts with a UTF-16 mark but is not UTF-16") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(f"skipped: binary file ({what}), not a story")
    if b"\x00" in data[:65536]:
        raise LoadError("skipped: binary file (contains NUL bytes), not a story")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, f"not valid UTF-8 (byte {where}); read as Windows-1252"


def make_story(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name_for_format: str | None = None) -> Story:
    if len(data) > max_bytes:
        raise LoadError(f"skipped: {len(data):,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    raw, notice = decode(data)
    if not raw.strip():
        raise LoadError("empty file: no story text to check")
    fmt = story_format(name_for_format or path)
    if fmt == "markdown":
        masked = mask_markdown(raw)
    elif fmt == "html":
        masked = mask_html(raw)
    else:
        masked = None
    story = Story(path=path, raw=raw, text=masked.text if masked else raw, format=fmt,
                  meta=masked.meta if masked else {})
    if notice:
        story.notices.append(notice)
    if not story.text.strip():
        raise LoadError(f"no story text found in this {fmt} file")
    return story


def read_story(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise LoadError(f"skipped: {size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    return make_story(path, data, max_bytes=max_bytes)
