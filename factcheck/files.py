"""Writing factcheck's own files safely: never half a file, never a story."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, TextIO


class WriteError(Exception):
    """factcheck's own file cannot be written; str(self) is the one line to print."""

    def __init__(self, path: str, exc: OSError):
        super().__init__(f"{path}: cannot write: {exc.strerror or exc}")


@contextmanager
def atomic_file(path: str) -> Iterator[TextIO]:
    """A file to write `path` through: a temporary file in the same folder, renamed
    over `path` when the block ends without error, so an interrupted run leaves the
    previous file whole. Large reports stream into it without being held in memory."""
    import tempfile                       # not imported by a run that writes no file
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".factcheck-", suffix=".tmp", dir=directory)
    except OSError as exc:                 # no such folder, not allowed to write there
        raise WriteError(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        try:
            os.replace(tmp, path)
        except OSError as exc:             # `path` is a folder
            raise WriteError(path, exc) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` whole or not at all (see `atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(text)
