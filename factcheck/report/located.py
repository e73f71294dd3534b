"""Findings with their place in the repository, for the reports CI systems read (SARIF,
GitHub annotations, JUnit): the story's path relative to the repository root, and the
1-based line and column where the finding starts and ends (the end column exclusive)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from factcheck.baseline import relative
from factcheck.gitdiff import toplevel
from factcheck.model import Finding, Result


@dataclass
class Located:
    finding: Finding
    result: Result | None          # the story the finding stands in (None: not found in the run)
    path: str                      # relative to the repository root, forward slashes
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1

    @property
    def text(self) -> str:
        """The message, and what to do about it."""
        f = self.finding
        return f"{f.message} {f.hint}".strip()


def source_root() -> Path:
    """The root the paths are given from: the git working tree here, else this folder."""
    return toplevel(os.getcwd()) or Path.cwd()


def locate(results: list[Result], cross: list[Finding], root: Path) -> list[Located]:
    """Every finding of the run, in report order; a cross-story finding stands in the story of
    its first figure."""
    by_path = {r.story.path: r for r in results}
    out = []
    for result in results:
        for f in result.findings:
            out.append(_at(f, result, root))
    for f in cross:
        first = f.claims[0].rpartition("#")[0] if f.claims else ""
        out.append(_at(f, by_path.get(first), root, first))
    return out


def _at(f: Finding, result: Result | None, root: Path, path: str = "") -> Located:
    if result is None:
        return Located(f, None, relative(path, root) if path else "")
    story = result.story
    line, column = story.position(f.start)
    end_line, end_column = story.position(f.end)
    return Located(f, result, relative(story.path, root), line, column, end_line, end_column)
