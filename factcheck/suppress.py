"""Suppressions an editor writes into the story itself, as HTML comments readers never see.

    <!-- factcheck: disable-next-line range-order -->            the next line that is not blank
    <!-- factcheck: disable range-order, unit-conversion -->    from here ...
    <!-- factcheck: enable range-order, unit-conversion -->     ... to here (or to the end)
    <!-- factcheck: disable-file unattributed-figure -->        the whole story

A reason may follow two dashes: `<!-- factcheck: disable-next-line range-order -- quoted as
written -->`. In a Markdown story a directive is any HTML comment outside code and front
matter; in HTML, any comment the parser finds; in a plain-text story, the same comment on a
line of its own. A directive must name the rules it silences. The rule `unused-suppression`
(`factcheck.checks.unused_suppression`) reports directives that cannot be understood, and
`apply` reports those that silenced nothing, so stale ones get cleaned up.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.model import Finding, Story

RULE_ID = "unused-suppression"
ACTIONS = ("disable-next-line", "disable", "enable", "disable-file")
_COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
_OWN_LINE = re.compile(r"^[ \t]*<!--(?P<body>.*?)-->[ \t]*$", re.M)
_DIRECTIVE = re.compile(r"\s*factcheck\s*:(?P<rest>.*)", re.S)
_NOT_PROSE = {"fence", "code_block", "front_matter"}
_END = 10**9   # "to the end of the story", as a line number


@dataclass(frozen=True)
class Directive:
    action: str                   # one of ACTIONS, or what was written instead
    rules: tuple[str, ...]
    start: int                    # offsets of the whole comment in story.raw
    end: int
    line: int                     # the line the comment ends on
    text: str                     # the directive as written, without the comment marks

    @property
    def problem(self) -> str | None:
        if self.action not in ACTIONS:
            return (f"is not a factcheck directive: use {', '.join(ACTIONS[:-1])} or "
                    f"{ACTIONS[-1]}, followed by the rules it applies to")
        if not self.rules:
            return ("names no rule, so it silences nothing: name the rules, as in "
                    f"\"factcheck: {self.action} range-order\"")
        return None


@functools.cache
def _blocks():
    """The Markdown block parser, imported and built on the first Markdown story."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin
    return MarkdownIt("commonmark").use(front_matter_plugin)


def _comments(story: Story) -> list[tuple[int, int, str]]:
    """(start, end, body) of every HTML comment that may hold a directive."""
    if story.format == "html":
        from factcheck.markup import html_comments   # here: only an HTML story needs html.parser
        return html_comments(story.raw)
    if story.format == "markdown":
        hidden = {line for tok in _blocks().parse(story.raw) if tok.type in _NOT_PROSE and tok.map
                  for line in range(tok.map[0] + 1, tok.map[1] + 1)}
        return [(m.start(), m.end(), m.group("body")) for m in _COMMENT.finditer(story.raw)
                if story.position(m.start())[0] not in hidden]
    return [(m.start(), m.end(), m.group("body")) for m in _OWN_LINE.finditer(story.raw)]


def parse(story: Story) -> list[Directive]:
    """Every factcheck directive in the story, in order, understood or not."""
    if "factcheck" not in story.raw:
        return []
    out = []
    for start, end, body in _comments(story):
        m = _DIRECTIVE.match(body)
        if not m:
            continue
        text = " ".join(re.split(r"\s--(?:\s|$)", m.group("rest"), maxsplit=1)[0].split())
        action, _, names = text.partition(" ")
        rules = tuple(r for r in re.split(r"[\s,]+", names) if r)
        out.append(Directive(action=action, rules=rules, start=start, end=end,
                             line=story.position(end - 1)[0], text=f"factcheck: {text}".strip()))
    return out


@dataclass(frozen=True)
class _Scope:
    rule: str
    first: int                    # lines it covers, inclusive
    last: int
    directive: Directive


def _next_line(story: Story, line: int) -> int:
    n_lines = story.position(len(story.raw))[0]
    for n in range(line + 1, n_lines + 1):
        start, end = story.line_bounds(n)
        if story.raw[start:end].strip():
            return n
    return line + 1


def _scopes(story: Story, directives: list[Directive]) -> tuple[list[_Scope], list[tuple[Directive, str]]]:
    """The lines each directive covers, and the enables that closed nothing."""
    scopes: list[_Scope] = []
    stray: list[tuple[Directive, str]] = []
    open_: dict[str, Directive] = {}
    for d in directives:
        for rule in d.rules:
            if d.action == "disable-file":
                scopes.append(_Scope(rule, 1, _END, d))
            elif d.action == "disable-next-line":
                n = _next_line(story, d.line)
                scopes.append(_Scope(rule, n, n, d))
            elif d.action == "disable":
                open_.setdefault(rule, d)
            elif rule in open_:
                opened = open_.pop(rule)
                scopes.append(_Scope(rule, opened.line, d.line, opened))
            else:
                stray.append((d, rule))
    scopes += [_Scope(rule, d.line, _END, d) for rule, d in open_.items()]
    return scopes, stray


def apply(story: Story, findings: list[Finding], selection) -> list[Finding]:
    """The findings no directive silences, plus one `unused-suppression` finding for each
    directive that silenced nothing (when that rule runs)."""
    active = {rule.id: rule for rule in selection.active()}
    directives = [d for d in parse(story) if d.problem is None]
    if not directives:
        return findings
    scopes, stray = _scopes(story, directives)
    used: set[_Scope] = set()
    kept = []
    for f in findings:
        first, last = story.position(f.start)[0], story.position(max(f.start, f.end - 1))[0]
        hits = [s for s in scopes if s.rule == f.rule and s.first <= last and first <= s.last]
        used.update(hits)
        if not hits:
            kept.append(f)
    reporter = active.get(RULE_ID)
    if reporter is None:
        return kept
    idle: dict[Directive, list[str]] = {}
    for s in scopes:
        if s not in used and s.rule in active:
            idle.setdefault(s.directive, []).append(s.rule)
    for d, rule in stray:
        if rule in active:
            idle.setdefault(d, []).append(rule)
    severity = selection.severity.get(RULE_ID, reporter.severity)
    for d, rules in idle.items():
        kept.append(reporter.finding(
            f"The comment \"{d.text}\" on line {d.line} silenced nothing: "
            f"{_why_idle(story, d, rules)}.", [], start=d.start, end=d.end, severity=severity,
            hint="Remove the comment (or the rules it no longer needs), so that it cannot hide "
                 "a new error later."))
    kept.sort(key=lambda f: (f.start, f.end, f.rule, f.message))
    return kept


def _why_idle(story: Story, d: Directive, rules: list[str]) -> str:
    names = ", ".join(rules)
    if d.action == "enable":
        return f"{names} was not disabled above it"
    where = {"disable-next-line": f"on line {_next_line(story, d.line)}",
             "disable-file": "in this story",
             "disable": "in the lines it covers"}[d.action]
    return f"there is no {names} finding {where}"
