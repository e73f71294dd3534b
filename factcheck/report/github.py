"""GitHub Actions workflow commands: one annotation per finding, on the line it stands on.

    ::error file=stories/raqqa.md,line=8,col=1,endLine=8,endColumn=20,title=factcheck (range-order)::The range ...

`error`, `warning` and `notice` follow the finding's severity; a file that could
not be read is an error on that file. GitHub shows only the first few annotations
of a step, so `factcheck check --format github` prints the concise report after them.
"""
from __future__ import annotations

from factcheck.baseline import relative
from factcheck.model import Finding, Result
from factcheck.report.located import locate, source_root

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, props: dict[str, object], message: str) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{level} {fields}::{escape_data(message)}\n"


def render(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    root = source_root()
    lines = []
    for loc in locate(results, cross, root):
        f = loc.finding
        props = {"file": loc.path}
        if loc.result is not None:
            props.update(line=loc.line, col=loc.column, endLine=loc.end_line, endColumn=loc.end_column)
        props["title"] = f"factcheck ({f.rule})"
        lines.append(_command(COMMAND[f.severity], props, loc.text))
    for path, message in errors:
        lines.append(_command("error", {"file": relative(path, root), "title": "factcheck"},
                              f"factcheck could not read this file: {message}"))
    return "".join(lines)
