"""Cross-story findings: one thing given incompatible figures in two stories.

Each story contributes one small `Record` per claim that `compare.group_key`
can place (what is counted, what happened to it, where, when) — never the
story itself. Records are grouped in a dict on that key, so the cost is linear
in the number of claims; no two stories are ever compared pair by pair.

Figures are compared only when their place is known. Within a group, time decides
what must agree:

- stories of the same day (same dateline) must agree;
- a claim that states its own time ("killed on Tuesday") must agree with every
  story that states the same time, whatever their datelines;
- running totals (the `cumulative` predicates of `rules/crossstory.toml`) may
  rise from one day to a later one, but a total that falls within `window_days`
  is flagged.

Inside one bucket, figures written the same way are merged, and every other
figure is compared (with `compare.agree`) against the two extremes only: the
figure with the highest floor and the one with the lowest ceiling. Two
intervals that do not overlap leave one of them below the highest floor or the
other above the lowest ceiling, so every figure in conflict is found while the
work stays linear. A story's conflicts with itself are left to the in-story rule.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Iterable

from factcheck.compare import Key, agree, bounds, group_key, scale_unit, source_name
from factcheck.data import load_toml
from factcheck.model import Claim, Finding, Result

RULE_ID = "conflicting-figures"
_CLAIM_FIELDS = ("text", "start", "end", "kind", "value", "low", "high", "qualifier", "unit", "dimension",
                 "base_value", "base_low", "base_high", "base_unit", "difference", "subject",
                 "subject_key", "predicate", "place", "time", "source")


@dataclass(frozen=True, slots=True)
class Record:
    """What cross-story comparison keeps of one claim: its key, where it stands, and the
    claim itself with the fields `compare` reads (not the pipeline's extras)."""
    key: Key
    order: int                 # the story's place in the input, for a stable report
    path: str
    dateline: str | None
    line: int
    column: int
    claim: Claim

    @property
    def name(self) -> str:
        return f"{self.path}#{self.claim.id}"

    def figure(self) -> tuple:
        """Figures written alike are one figure: compared once, reported together."""
        c = self.claim
        return (c.text.lower(), c.qualifier, c.unit, c.low, c.high, c.value)

    def where(self) -> str:
        return f"{self.path} line {self.line}"


def records(result: Result, order: int) -> list[Record]:
    """The records of one story's claims that have a key with a place, and an interval."""
    story = result.story
    dateline = story.dateline.isoformat() if story.dateline else None
    out = []
    for c in result.claims:
        key = group_key(c)
        if key is None or key[2] is None or (c.low is None and c.high is None and c.value is None):
            continue                  # across stories, a figure with no place may be any event's
        line, column = story.position(c.start)
        out.append(Record(key=key, order=order, path=story.path, dateline=dateline, line=line, column=column,
                          claim=Claim(id=c.id, **{f: getattr(c, f) for f in _CLAIM_FIELDS})))
    return out


@dataclass(frozen=True)
class Comparison:
    """What the comparison reads: the merged settings and rates, the running-total
    predicates, and the severity the run gives the rule (None: its default)."""
    compare: dict[str, Any]
    rates: dict[str, Any]
    cumulative: frozenset[str]
    window_days: int
    severity: str | None = None

    @classmethod
    def load(cls, packs: tuple[str, ...] = (), severity: str | None = None) -> "Comparison":
        table = load_toml("crossstory.toml", packs)
        return cls(compare=load_toml("settings.toml", packs), rates=load_toml("rates.toml", packs),
                   cumulative=frozenset(table["cumulative"]), window_days=int(table["window_days"]),
                   severity=severity)


class _Figure:
    """The records of one bucket that give one figure, and that figure as a claim."""
    __slots__ = ("records", "claim", "low", "high")

    def __init__(self, records: list[Record], settings: Comparison):
        self.records = records
        self.claim = records[0].claim
        self.low, self.high, _, _ = bounds(self.claim, settings.compare, settings.rates)

    @property
    def first(self) -> Record:
        return self.records[0]


def _figures(members: list[Record], settings: Comparison) -> list[_Figure]:
    alike: dict[tuple, list[Record]] = {}
    for r in members:
        alike.setdefault(r.figure(), []).append(r)
    return [_Figure(rs, settings) for rs in alike.values()]


def _describe(fig: _Figure) -> str:
    r = fig.first
    others = len({x.path for x in fig.records}) - 1
    more = f" and {others} other {'story' if others == 1 else 'stories'}" if others else ""
    day = f", {r.dateline}" if r.dateline else ""
    return f'"{r.claim.text}" ({r.where()}{day}, {source_name(fig.claim)}){more}'


def _what(r: Record) -> str:
    c = r.claim
    words = [c.subject or c.subject_key or "", c.predicate or ""]
    if c.place:
        words.append(f"in {c.place}")
    if c.time:
        words.append(f"({c.time})")
    return " ".join(w for w in words if w)


def _severity(a: _Figure, b: _Figure) -> str:
    ids_a = {r.claim.source.identity for r in a.records if r.claim.source}
    ids_b = {r.claim.source.identity for r in b.records if r.claim.source}
    if (not ids_a and not ids_b) or ids_a & ids_b:
        return "error"          # the newsroom's own figures, or one source, contradict each other
    return "warning"


def _finding(a: _Figure, b: _Figure, settings: Comparison, falls: bool) -> tuple[tuple, Finding]:
    if (a.first.order, a.first.claim.start) > (b.first.order, b.first.claim.start) and not falls:
        a, b = b, a
    what = _what(a.first)
    if falls:
        message = (f"The running total of {what} falls from {_describe(a)} to {_describe(b)} "
                   f"in a later story.")
        hint = "Check the later story: a total revised down should say so and why."
    else:
        message = f"Stories disagree on {what}: {_describe(a)} vs {_describe(b)}."
        hint = ("Check which figure is right; where the sources differ, say so in the story "
                "(\"the UN puts the figure at ...\").")
    members = b.records + a.records if falls else a.records + b.records   # where to look first
    first = members[0]
    finding = Finding(
        rule=RULE_ID, severity=settings.severity or _severity(a, b), message=message,
        claims=[r.name for r in members], start=first.claim.start, end=first.claim.end, hint=hint,
        extra={"locations": [{"claim": r.name, "path": r.path, "line": r.line, "column": r.column,
                              "dateline": r.dateline} for r in members]})
    order = (a.first.order, a.first.claim.start, b.first.order, b.first.claim.start, message)
    return order, finding


def _disagreements(members: list[Record], settings: Comparison) -> Iterable[tuple[tuple, Finding]]:
    figures = _figures(members, settings)
    if len(figures) < 2:
        return
    top = max(figures, key=lambda f: f.low)           # first of the highest floors
    bottom = min(figures, key=lambda f: f.high)       # first of the lowest ceilings
    reported: set[frozenset[int]] = set()
    for fig in figures:
        for anchor in (top, bottom):
            if fig is not anchor and _across(fig, anchor) \
                    and not agree(fig.claim, anchor.claim, settings.compare, settings.rates):
                pair = frozenset((id(fig), id(anchor)))
                if pair not in reported:
                    reported.add(pair)
                    yield _finding(anchor, fig, settings, falls=False)
                break


def _across(a: _Figure, b: _Figure) -> bool:
    """Two figures of which at least two stories give one each: one story's own
    contradictions are the in-story rule's to report."""
    return len({r.path for r in a.records} | {r.path for r in b.records}) > 1


def _falls(days: dict[str | None, list[Record]], settings: Comparison) -> Iterable[tuple[tuple, Finding]]:
    """Running totals that fall from an earlier day within the window to a later one."""
    floors: deque[tuple[dt.date, _Figure]] = deque()  # the window's best floors, highest first
    for day in sorted(d for d in days if d is not None):
        today = dt.date.fromisoformat(day)
        while floors and (today - floors[0][0]).days > settings.window_days:
            floors.popleft()
        figures = _figures(days[day], settings)
        if floors:
            floor = floors[0][1]
            for fig in figures:
                if fig.high < floor.low and not agree(fig.claim, floor.claim, settings.compare,
                                                      settings.rates):
                    yield _finding(floor, fig, settings, falls=True)
        best = max(figures, key=lambda f: f.low)
        while floors and floors[-1][1].low <= best.low:
            floors.pop()
        floors.append((today, best))


def group_findings(key: Key, members: list[Record], settings: Comparison) -> list[tuple[tuple, Finding]]:
    """The findings of one group: records that share `key`, in any order."""
    members = sorted(members, key=lambda r: (r.order, r.claim.start))
    cumulative = key[1] in settings.cumulative
    per_day = cumulative or key[3] is None
    out: list[tuple[tuple, Finding]] = []
    scales: dict[tuple, list[Record]] = defaultdict(list)
    for r in members:                                 # only figures on one scale compare
        scales[(r.claim.dimension, scale_unit(r.claim))].append(r)
    for on_scale in scales.values():
        days: dict[str | None, list[Record]] = defaultdict(list)
        for r in on_scale:
            days[r.dateline if per_day else None].append(r)
        for day_members in days.values():
            out.extend(_disagreements(day_members, settings))
        if cumulative:
            out.extend(_falls(days, settings))
    return out


def ordered(found: Iterable[tuple[tuple, Finding]]) -> list[Finding]:
    """The findings of all groups in a stable order, whatever order the groups came in."""
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


class CrossIndex:
    """The records of every story so far, grouped on their key (a dict of lists)."""

    def __init__(self) -> None:
        self.groups: dict[Key, list[Record]] = defaultdict(list)

    def add(self, found: Iterable[Record]) -> None:
        for r in found:
            self.groups[r.key].append(r)

    def findings(self, settings: Comparison) -> list[Finding]:
        return ordered(pair for key, members in self.groups.items()
                       for pair in group_findings(key, members, settings))
