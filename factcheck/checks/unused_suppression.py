"""Directives in a story that silence nothing (see `factcheck.suppress`).

This rule's `check` reports directives factcheck cannot understand; those that
are understood but matched no finding are reported by `factcheck.suppress.apply`,
which runs after every other rule.
"""
from factcheck import checks
from factcheck.checks.base import Context, Rule
from factcheck.suppress import RULE_ID, parse


def check(ctx: Context):
    for d in parse(ctx.story):
        unknown = [r for r in d.rules if r not in checks.RULES]
        problem = d.problem or (unknown and f"names {', '.join(unknown)}, which "
                                f"{'is not a rule' if len(unknown) == 1 else 'are not rules'} "
                                f"(`factcheck rules` lists them)")
        if problem:
            yield RULE.finding(f"The comment \"{d.text}\" on line {d.line} {problem}.", [],
                               start=d.start, end=d.end, severity="warning",
                               hint="Correct the comment, or remove it.")


RULE = Rule(
    id=RULE_ID,
    severity="info",
    summary="A factcheck comment in the story that silences nothing.",
    what="""
The comments that silence a rule in a story — `<!-- factcheck: disable-next-line
RULE -->`, `<!-- factcheck: disable RULE -->` … `<!-- factcheck: enable RULE -->`
and `<!-- factcheck: disable-file RULE -->` — must name the rules they silence
and must still silence something. A comment that names no rule, names a rule
that does not exist, or is misspelt is reported as a warning; one that matched
no finding (the figure was corrected, or the text moved) is reported as info.""",
    why="""
A stale suppression is a trap: it stays in the story after the figure it
excused has been corrected, and silently hides the next real error on that
line. A suppression without rule names would hide every kind of error at once,
so factcheck does not accept one.""",
    example="""
<!-- factcheck: disable-next-line range-order -->
Between 300 and 400 militants are believed to be holed up in the city.""",
    correct="""
Between 300 and 400 militants are believed to be holed up in the city.""",
    settings="""
None. Turn it off like any rule: `--ignore unused-suppression`, or
`unused-suppression = "off"` under `[tool.factcheck.severity]`.""",
    check=check,
)
