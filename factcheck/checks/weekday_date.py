"""weekday-date: a weekday that does not match the date it is written with."""
from __future__ import annotations

import datetime as dt

import regex

from factcheck.checks.base import Context, Rule, body_paragraphs, words_pattern
from factcheck.dates import WEEKDAYS
from factcheck.guard import fuse

_YEAR = regex.compile(r"\b(?:1[6-9]|2\d)\d\d\b")
_CUE_REACH = 80      # characters before a bare weekday, in its clause, searched for a word that makes it
                     # the coming one


def _nearest(day: dt.date, weekday: int) -> dt.date:
    """The date with that weekday nearest to `day` (the later one on a tie)."""
    ahead = (weekday - day.weekday()) % 7
    return day + dt.timedelta(days=ahead if ahead <= 3 else ahead - 7)


def _long(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day.strftime('%B')} {day.day}, {day.year}"


def _in_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:               # February 29
        return None


def check(ctx: Context):
    reach = int(ctx.table("weekday-date").get("year_reach_days", 183))
    dateline = ctx.story.dateline
    yield from _day_after_dateline(ctx, ctx.table("weekday-date"))
    for mention in ctx.dates:
        if not mention.weekday or not mention.iso or mention.weekday not in WEEKDAYS:
            continue
        day = dt.date.fromisoformat(mention.iso)
        said = WEEKDAYS.index(mention.weekday)
        if day.weekday() == said:
            continue
        year_written = bool(_YEAR.search(mention.text))
        if not year_written and dateline is not None:
            # no year: any year within reach of the dateline in which the weekday fits will do
            near = (_in_year(day, y) for y in (dateline.year - 1, dateline.year, dateline.year + 1))
            if any(d and d.weekday() == said and abs((d - dateline).days) <= reach for d in near):
                continue
        was = f"{day:%B} {day.day}, {day.year} was a {WEEKDAYS[day.weekday()]}, not a {mention.weekday}"
        if not year_written and dateline is not None:
            was += f" (the year is the dateline's: {_long(dateline)})"
        yield RULE.finding(
            f"\"{mention.text}\" (line {ctx.line(mention)}): {was}.", [], start=mention.start, end=mention.end,
            hint=f"Either the weekday is wrong ({_long(day)}) or the date is "
                 f"({_long(_nearest(day, said))}); check which one the source meant.")


def _day_after_dateline(ctx: Context, table: dict):
    """ "surged to a pair of victories, Thursday" in a story dated Wednesday 13 August 2008: a bare
    weekday in the lead, read as past, lies `bare_days_back` days before the dateline, where a
    story would say "last Thursday"; more likely the day after the dateline was meant, or the
    dateline's own day. Not when a word before it makes it the coming one ("until Thursday")."""
    dateline = ctx.story.dateline
    days_back = int(table.get("bare_days_back", 6))
    if dateline is None or days_back <= 0:
        return
    lead = set(body_paragraphs(ctx)[:int(table.get("bare_lead_paragraphs", 2))])
    future = words_pattern(tuple(table.get("bare_future_cues", ())))
    for mention in ctx.dates:
        sent = ctx.sentences[mention.sentence]
        if not (mention.weekday and mention.iso and len(mention.iso) == 10 and sent.paragraph in lead
                and mention.text.strip().capitalize() in WEEKDAYS):       # a weekday written alone
            continue
        if future is not None and future.search(ctx.story.text, max(ctx.clause(mention)[0], mention.start - _CUE_REACH),
                                                mention.start, **fuse()):
            continue            # "would officially be presented with a victory certificate on Friday"
        day = dt.date.fromisoformat(mention.iso)
        if (dateline - day).days == days_back:
            yield RULE.finding(
                f"\"{mention.text}\" (line {ctx.line(mention)}) in a story dated {_long(dateline)}: read as past, "
                f"it is {_long(day)}, {days_back} days earlier, which a story would call \"last {mention.weekday}\"; "
                f"read as the coming one, it is {_long(day + dt.timedelta(days=7))}.", [],
                severity="warning", start=mention.start, end=mention.end,
                hint=f"Check the day: if the event was on the dateline's day, say {WEEKDAYS[dateline.weekday()]}; "
                     f"if it was a week ago, say \"last {mention.weekday}\" or give the date.")


RULE = Rule(
    id="weekday-date",
    severity="error",
    summary="A weekday that does not match its date (\"Friday, July 27, 2017\"), or the dateline's year.",
    what="""
Every date written with a weekday ("Friday, July 28, 2017", "on Tuesday,
Oct. 10") is checked: with a year, the weekday must be that date's; without
one, the weekday must fit the date in a year within reach of the story's
dateline (a story dated January 3 may speak of "Friday, Dec. 29" of the year
before). A bare weekday ("on Wednesday") is read from the dateline; it is
flagged, as a warning, only when it is in the story's lead and falls on the
day after the dateline's weekday, so that read as past it lies six days back,
where a story would say "last Thursday" ("surged to a pair of victories,
Thursday" in a story dated Wednesday), and no word before it makes it the
coming one ("until late Thursday"). The message offers both readings, since
either the weekday or the date may be the mistake.""",
    why="""
A weekday that contradicts its date is a plain error that readers catch at
once, and it usually means one of the two was changed without the other.""",
    example="In this Friday, July 27, 2017 file photo, a man mourns at a cemetery in Kobani.",
    correct="In this Friday, July 28, 2017 file photo, a man mourns at a cemetery in Kobani.",
    settings="""
[weekday-date] year_reach_days in rules/settings.toml: how far from the
dateline a date written without a year may lie; bare_days_back: how many
days before the dateline a bare weekday is flagged (0: never);
bare_lead_paragraphs: in how many of the story's first paragraphs;
bare_future_cues: words before it that make it the coming one.""",
    check=check,
)
