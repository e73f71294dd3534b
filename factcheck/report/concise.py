"""The `concise` report: one plain line for each finding, and the summary line.

Plain text, written without rich: it is the default report when the output is not a
terminal, so a run that writes it does not load the terminal library.
"""
from __future__ import annotations

from factcheck.model import Finding, Result
from factcheck.report import Tally


def render_concise(results: list[Result], cross: list[Finding]) -> str:
    out = []
    for result in results:
        for f in result.findings:
            line, col = result.story.position(f.start)
            out.append(f"{result.story.path}:{line}:{col}: {f.severity} {f.rule} {f.message}")
    for f in cross:
        out.append(f"{f.claims[0].split('#')[0]}: {f.severity} {f.rule} {f.message}")
    return "".join(line + "\n" for line in out)


def summary_text(tally: Tally) -> str:
    """The summary line (as `text.summary_line` shows it, without colour), with its line end."""
    return "".join(words for words, _ in tally.summary()) + "\n"
