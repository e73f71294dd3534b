"""What changed against a git ref: `--diff REF` and `--diff-lines`.

`--diff REF` keeps the stories that differ between the merge base of REF and
HEAD and the working tree (what a pull request changes, plus uncommitted edits
and new files not yet added); `--diff-lines` then keeps only the findings that
touch a changed line, through `git diff` itself.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from factcheck.model import Finding, Result

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


class GitError(Exception):
    """git is missing, this is not a repository, or the ref is unknown; str(self) says which."""


def _git(*args: str, cwd: str | Path | None = None) -> str:
    import subprocess                     # only a --diff run needs it
    try:
        proc = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("--diff needs git, and git is not installed") from None
    if proc.returncode:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return proc.stdout.decode("utf-8", "surrogateescape")


@functools.cache
def toplevel(cwd: str = ".") -> Path | None:
    """The root of the git working tree holding `cwd`, or None outside one."""
    try:
        return Path(_git("rev-parse", "--show-toplevel", cwd=cwd).strip())
    except GitError:
        return None


class Changes:
    """The files and lines changed against `ref`, for the repository of the current folder."""

    def __init__(self, ref: str):
        root = toplevel(os.getcwd())
        if root is None:
            raise GitError(f"--diff {ref}: {os.getcwd()} is not inside a git repository")
        self.root, self.ref = root, ref
        try:
            _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=root)
        except GitError:
            raise GitError(f"--diff {ref}: no such branch, tag or commit in this repository") from None
        try:
            names = _git("diff", "--merge-base", ref, "--name-only", "-z", "--no-renames",
                         "--diff-filter=d", cwd=root)
        except GitError as exc:
            raise GitError(f"--diff {ref}: {exc} (in CI, fetch the full history: "
                           "actions/checkout with fetch-depth: 0)") from None
        new = _git("ls-files", "--others", "--exclude-standard", "-z", cwd=root)
        self.untracked = {self._key(root / n) for n in new.split("\0") if n}
        self.files = {self._key(root / n) for n in names.split("\0") if n} | self.untracked
        self._lines: dict[str, frozenset[int]] = {}

    @staticmethod
    def _key(path: str | Path) -> str:
        return os.path.realpath(path)

    def changed(self, files: list[str]) -> list[str]:
        """The files among `files` that changed (standard input always counts as changed)."""
        return [f for f in files if f == "-" or self._key(f) in self.files]

    def lines(self, path: str) -> frozenset[int] | None:
        """The changed line numbers of a file as it is now; None means every line."""
        key = self._key(path)
        if path == "-" or key in self.untracked:
            return None
        if key not in self.files:
            return frozenset()
        if key not in self._lines:
            out = _git("diff", "--merge-base", self.ref, "-U0", "--no-color", "--no-ext-diff",
                       "--", key, cwd=self.root)
            self._lines[key] = frozenset(
                n for m in _HUNK.finditer(out)
                for n in range(int(m.group(1)), int(m.group(1)) + int(m.group(2) or 1)))
        return self._lines[key]

    def touches(self, path: str, lines: set[int]) -> bool:
        changed = self.lines(path)
        return changed is None or bool(changed & lines)

    def keep_touching(self, results: list[Result], cross: list[Finding]) -> list[Finding]:
        """Drop from each result the findings that touch no changed line (`--diff-lines`);
        returns the cross-story findings that touch one. A finding touches the lines from its
        start to its end and those of every figure it involves."""
        by_path = {r.story.path: r for r in results}
        for result in results:
            result.findings = [f for f in result.findings
                               if self.touches(result.story.path, _lines(result, f, f.claims))]

        def cross_touches(f: Finding) -> bool:
            for ref in f.claims:
                path, _, claim_id = ref.rpartition("#")
                if path in by_path and self.touches(path, _lines(by_path[path], None, [claim_id])):
                    return True
            return False
        return [f for f in cross if cross_touches(f)]


def _lines(result: Result, finding: Finding | None, claim_ids: list[str]) -> set[int]:
    story = result.story
    spans = [(c.start, c.end) for c in result.claims if c.id in claim_ids]
    if finding is not None:
        spans.append((finding.start, finding.end))
    return {n for start, end in spans
            for n in range(story.position(start)[0], story.position(max(start, end - 1))[0] + 1)}
