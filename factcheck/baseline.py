"""Baselines, for adopting factcheck on an archive full of old findings.

`--write-baseline FILE` records today's findings; `--baseline FILE` hides
exactly those and shows new ones. An entry is keyed by the story's path
(relative to the baseline file), the rule and the figures involved as written,
never by line numbers, so edits above a finding do not bring it back. The same
key, hashed, is the `partialFingerprints` of the SARIF report.

    {"schema": "factcheck-baseline/1",
     "findings": [{"path": "stories/raqqa.md", "rule": "range-order",
                   "figures": ["Between 400 and 300"], "message": "..."}]}
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from factcheck.files import write_atomic
from factcheck.model import Claim, Finding, Result

SCHEMA = "factcheck-baseline/1"


class BaselineError(Exception):
    """The baseline file cannot be read; str(self) says why."""


@dataclass(frozen=True)
class Key:
    path: str                      # the story, relative to a root, with forward slashes
    rule: str
    figures: tuple[str, ...]       # the figures involved, as written


def involved(results_by_path: dict[str, Result], result: Result | None,
             f: Finding) -> list[tuple[Result, Claim]]:
    """Each figure a finding involves, with the story it stands in (a cross-story finding
    names its figures "path#id")."""
    out = []
    for ref in f.claims:
        path, _, claim_id = ref.rpartition("#")
        owner = results_by_path.get(path) if path else result
        out += [(owner, c) for c in (owner.claims if owner else ()) if c.id == claim_id]
    return out


def figures(results_by_path: dict[str, Result], result: Result | None, f: Finding) -> tuple[str, ...]:
    """The texts of the figures a finding involves; a finding about no figure (a comment in
    the story) is known by the text it covers."""
    texts = [c.text for _, c in involved(results_by_path, result, f)]
    if not texts and result is not None:
        texts.append(" ".join(result.story.raw[f.start:f.end].split()))
    return tuple(texts)


def relative(path: str, root: str | Path) -> str:
    """`path` relative to the folder `root`, with forward slashes."""
    return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(root))).as_posix()


def keyed(results: list[Result], cross: list[Finding],
          root: str | Path) -> Iterator[tuple[Key, Result | None, Finding]]:
    """Every finding of a run with its key; cross-story findings belong to their first story."""
    by_path = {r.story.path: r for r in results}
    for result in results:
        for f in result.findings:
            yield Key(relative(result.story.path, root), f.rule, figures(by_path, result, f)), result, f
    for f in cross:
        first = f.claims[0].rpartition("#")[0] if f.claims else ""
        yield Key(relative(first, root), f.rule, figures(by_path, None, f)), None, f


def write(path: str, results: list[Result], cross: list[Finding]) -> int:
    """Record every finding of the run in `path`; returns how many."""
    root = os.path.dirname(os.path.abspath(path))
    entries = sorted(({"path": k.path, "rule": k.rule, "figures": list(k.figures), "message": f.message}
                      for k, _, f in keyed(results, cross, root)),
                     key=lambda e: (e["path"], e["rule"], e["figures"], e["message"]))
    write_atomic(path, json.dumps({"schema": SCHEMA, "findings": entries}, ensure_ascii=False,
                                  indent=2) + "\n")
    return len(entries)


@dataclass(frozen=True)
class Stale:
    key: Key
    message: str

    def describe(self, baseline: str) -> str:
        figures = ", ".join(f"\"{t}\"" for t in self.key.figures)
        return (f"{baseline}: stale entry: {self.key.path} {self.key.rule} {figures} is no longer "
                f"found (corrected or reworded); run --write-baseline again to drop it")


class Baseline:
    def __init__(self, path: str):
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: not a factcheck baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise BaselineError(f"{path}: not a factcheck baseline (expected \"schema\": \"{SCHEMA}\")")
        self.entries: Counter[Key] = Counter()
        self.messages: dict[Key, str] = {}
        try:
            for entry in data["findings"]:
                key = Key(entry["path"], entry["rule"], tuple(entry["figures"]))
                self.entries[key] += 1
                self.messages.setdefault(key, entry.get("message", ""))
        except (KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: an entry lacks path, rule or figures ({exc})") from None

    def hide(self, results: list[Result], cross: list[Finding],
             active: Callable[[str], set[str]]) -> tuple[list[Finding], list[Stale]]:
        """Drop the recorded findings from `results` (in place) and from `cross` (returned), and
        list the entries that matched nothing although their story was checked for their rule."""
        left = Counter(self.entries)
        hidden: set[int] = set()
        for key, _, f in keyed(results, cross, self.root):
            if left[key] > 0:
                left[key] -= 1
                hidden.add(id(f))
        for result in results:
            result.findings = [f for f in result.findings if id(f) not in hidden]
        checked = {relative(r.story.path, self.root): active(r.story.path) for r in results}
        stale = [Stale(key, self.messages[key]) for key, n in sorted(
                    left.items(), key=lambda kv: (kv[0].path, kv[0].rule, kv[0].figures))
                 for _ in range(n) if key.rule in checked.get(key.path, ())]
        return [f for f in cross if id(f) not in hidden], stale
