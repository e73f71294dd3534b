"""One story through the stages: load -> segment -> extract -> attribute -> rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from factcheck import guard, suppress
from factcheck.attribute import attribute
from factcheck.checks import Context, Selection, run_rules
from factcheck.data import load_toml
from factcheck.dates import METHODS, extract_dates, find_dateline
from factcheck.extract import extract_claims
from factcheck.load import DEFAULT_MAX_BYTES
from factcheck.model import Result, Story
from factcheck.segment import segment
from factcheck.subjects import describe


@dataclass
class Options:
    selection: Selection = field(default_factory=Selection)
    date: dt.date | None = None            # --date: the dateline of every story
    packs: tuple[str, ...] = ()            # rule-pack folders
    max_bytes: int = DEFAULT_MAX_BYTES
    date_methods: tuple[str, ...] = METHODS   # where datelines are looked for, in order (config `date`)


def _no_lap(stage: str) -> None:
    pass


def check_story(story: Story, options: Options, lap: Callable[[str], None] = _no_lap) -> Result:
    """The stages in order; `lap(stage)` is called as each ends (bench/bench_speed.py times them)."""
    with guard.checking(story.longest_line()):
        story.dateline = find_dateline(story, options.date, methods=options.date_methods)
        lap("dateline")
        sentences = segment(story.text)
        lap("segment")
        dates = extract_dates(story, sentences)
        lap("dates")
        claims = extract_claims(story, sentences, dates, options.packs)
        lap("extract")
        describe(story, sentences, claims, dates, options.packs)
        lap("subjects")
        attribute(story, sentences, claims, options.packs)
        lap("attribute")
        ctx = Context(story, sentences, claims, dates, settings=load_toml("settings.toml", options.packs),
                      packs=options.packs)
        findings = suppress.apply(story, run_rules(ctx, options.selection), options.selection)
        lap("rules")
        return Result(story, sentences, claims, dates, findings)
