"""Which files a `factcheck check PATH...` run reads, in a stable order."""
from __future__ import annotations

import fnmatch
import os
import stat

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")


def _matches(path: str, patterns) -> bool:
    name = os.path.basename(path)
    posix = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(posix, p)
               or fnmatch.fnmatch(posix, "*/" + p) for p in patterns)


def _regular_or_broken(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def discover(paths, include=DEFAULT_INCLUDE, exclude=()) -> list[str]:
    """Files named directly are always taken (unless excluded); directories are walked.

    Hidden folders and files, `.git`, symbolic-link loops and what is not a
    regular file (a named pipe, which would block a read forever; a socket; a
    device) are skipped. A path that does not exist, a broken symbolic link and
    a folder that cannot be opened are returned as they are, so that the loader
    can report each in its own line.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen and not _matches(path, exclude):
            seen.add(path)
            out.append(path)

    for given in paths:
        if given == "-" or not os.path.isdir(given):
            add(given)
            continue
        found: list[str] = []
        visited: set[tuple[int, int]] = set()
        # a folder that cannot be listed is passed on to the loader, which says why
        for root, dirs, files in os.walk(given, followlinks=True, onerror=lambda exc: found.append(exc.filename)):
            st = os.stat(root)
            if (st.st_dev, st.st_ino) in visited:
                dirs[:] = []
                continue
            visited.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _matches(os.path.join(root, d), exclude))
            for name in files:
                path = os.path.join(root, name)
                if not name.startswith(".") and _matches(path, include) and _regular_or_broken(path):
                    found.append(path)
        for path in sorted(found):
            add(path)
    return out
