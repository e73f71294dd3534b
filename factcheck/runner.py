"""Run the pipeline over many stories, in a stable order, one bad file never stopping the rest."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Iterator

from factcheck.load import LoadError, make_story, read_story
from factcheck.model import Result
from factcheck.pipeline import Options, check_story


@dataclass
class Unreadable:
    path: str
    reason: str


def check_path(path: str, options: Options, stdin_name: str | None = None) -> Result | Unreadable:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            story = make_story(stdin_name or "-", data, max_bytes=options.max_bytes)
        else:
            story = read_story(path, max_bytes=options.max_bytes)
    except LoadError as exc:
        return Unreadable(stdin_name or path if path == "-" else path, str(exc))
    return check_story(story, options)


def run(paths: list[str], options: Options, stdin_name: str | None = None) -> Iterator[Result | Unreadable]:
    for path in paths:
        yield check_path(path, options, stdin_name)
