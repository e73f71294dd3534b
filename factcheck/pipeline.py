"""One story through the stages: load -> segment -> extract -> attribute -> rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


def check_story(story: Story, options: Options) -> Result:
    with guard.checking(story.text):
        story.dateline = find_dateline(story, options.date, methods=options.date_methods)
        sentences = segment(story.text)
        dates = extract_dates(story, sentences)
        claims = extract_claims(story, sentences, dates, options.packs)
        describe(story, sentences, claims, dates, options.packs)
        attribute(story, sentences, claims, options.packs)
        ctx = Context(story, sentences, claims, dates, settings=load_toml("settings.toml", options.packs),
                      packs=options.packs)
        findings = suppress.apply(story, run_rules(ctx, options.selection), options.selection)
        return Result(story, sentences, claims, dates, findings)
