"""The report for people at a terminal: `full` (findings with their source lines), and the
table of figures (`--claims`). The `concise` report is in `concise.py`."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.model import Claim, Finding, Result
from factcheck.report import Tally

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SUMMARY_STYLE = {**STYLE, "unreadable": "bold red"}
_MAX_LINE = 160


def _fmt(x: float | None) -> str:
    if x is None:
        return "…"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


def interval(c: Claim) -> str:
    if c.low is not None and c.low == c.high:
        return _fmt(c.low)
    return f"{_fmt(c.low)}–{_fmt(c.high)}"


def _source_line(result: Result, line_no: int, claims: list[Claim]) -> Text:
    """The stored line, underlined where the given claims stand (trimmed around them if long)."""
    start, end = result.story.line_bounds(line_no)
    line = result.story.raw[start:end].rstrip("\r")
    spans = [(c.start - start, c.end - start) for c in claims if start <= c.start < end]
    lo, hi = 0, len(line)
    if len(line) > _MAX_LINE and spans:
        centre = spans[0][0]
        lo = max(0, centre - _MAX_LINE // 2)
        hi = min(len(line), lo + _MAX_LINE)
    text = Text(("…" if lo else "") + line[lo:hi] + ("…" if hi < len(line) else ""))
    shift = 1 if lo else 0
    for s, e in spans:
        if s >= lo and e <= hi:
            text.stylize("bold underline", s - lo + shift, e - lo + shift)
    return text


def render_full(console: Console, results: list[Result], cross: list[Finding]) -> None:
    for result in results:
        if not result.findings:
            continue
        by_id = {c.id: c for c in result.claims}
        console.print(Text(result.story.path, style="bold"))
        for f in result.findings:
            line, col = result.story.position(f.start)
            head = Text("  ")
            head.append(f"{f.severity:<7}", style=STYLE[f.severity])
            head.append(f" {f.rule}", style="bold")
            head.append(f"  {line}:{col}", style="dim")
            console.print(head)
            involved = [by_id[i] for i in f.claims if i in by_id]
            lines = sorted({result.story.position(c.start)[0] for c in involved} or {line})
            for n in lines:
                gutter = Text(f"  {n:>5} │ ", style="dim")
                console.print(gutter + _source_line(result, n, involved), overflow="fold")
            console.print(Text("    " + f.message), overflow="fold")
            if f.hint:
                console.print(Text("    hint: ", style="dim") + Text(f.hint), overflow="fold")
            console.print()
    for f in cross:
        head = Text("  ")
        head.append(f"{f.severity:<7}", style=STYLE[f.severity])
        head.append(f" {f.rule}  across stories", style="bold")
        console.print(head)
        console.print(Text("    " + f.message), overflow="fold")
        console.print()


def summary_line(tally: Tally) -> Text:
    return Text.assemble(*((words, _SUMMARY_STYLE.get(kind, "")) for words, kind in tally.summary()))


def claims_table(result: Result) -> Table:
    table = Table(title=f"Figures in {result.story.path}", title_justify="left", expand=False)
    for name in ("line", "figure", "interval", "unit", "subject", "source"):
        table.add_column(name, overflow="fold")
    for c in result.claims:
        table.add_row(str(result.story.position(c.start)[0]), c.text, interval(c), c.unit or "",
                      c.subject or "", c.source.name if c.source else "—")
    return table
