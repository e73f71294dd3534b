"""The command line: `factcheck check`, `factcheck rules`, `factcheck rule ID`.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 a usage
error or a file that could not be read (every other file is still checked).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from pathlib import Path

from factcheck import __version__
from factcheck.checks import RULES, Selection, SelectionError
from factcheck.discover import DEFAULT_INCLUDE, discover
from factcheck.files import write_atomic
from factcheck.pipeline import Options
from factcheck.runner import Unreadable, check_path, run

FORMATS = ("full", "concise", "json", "html")
FAIL_ON = {"error": ("error",), "warning": ("error", "warning"),
           "info": ("error", "warning", "info"), "never": ()}
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _severity(value: str) -> tuple[str, str]:
    rule, sep, level = value.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected RULE=LEVEL, got {value!r}")
    return rule.strip(), level.strip()


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck", description="Check the figures in news stories: conversions, conflicts, "
                                       "arithmetic, dates and attribution.")
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check stories and report findings")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="story files or folders (default: seeds/); - reads standard input")
    check.add_argument("--format", choices=FORMATS, help="output format (default: full on a terminal, "
                       "concise otherwise)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--claims", action="store_true", help="also print a table of every figure")
    check.add_argument("--fail-on", choices=tuple(FAIL_ON), default="error",
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--select", type=_csv, action="extend", default=[], metavar="RULES",
                       help="run only these rules (comma-separated ids)")
    check.add_argument("--ignore", type=_csv, action="extend", default=[], metavar="RULES",
                       help="do not run these rules")
    check.add_argument("--severity", type=_severity, action="append", default=[], metavar="RULE=LEVEL",
                       help="give a rule another severity: error, warning, info or off")
    check.add_argument("--include", action="append", metavar="GLOB",
                       help=f"file patterns to check in folders (default: {' '.join(DEFAULT_INCLUDE)})")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="file or folder patterns to skip")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="the name to report for standard input (its suffix sets the format)")
    check.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="the stories' dateline, used to resolve 'Wednesday' or 'last week'")
    check.add_argument("--report-dir", metavar="DIR",
                       help="also write the HTML review report into DIR (e.g. reports/)")
    check.add_argument("--max-bytes", type=int, default=Options.max_bytes, metavar="N",
                       help="skip files larger than N bytes (default: 10 MB)")

    show = sub.add_parser("show", help="print a story with its figures highlighted by source")
    show.add_argument("story", metavar="STORY")
    show.add_argument("--claims", action="store_true", help="also group the figures by subject and source")
    show.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the story's dateline")

    sub.add_parser("rules", help="list every rule with its default severity")
    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("rule_id", metavar="ID")
    return parser


def _console(stream, *, plain: bool = False):
    from rich.console import Console
    if plain:
        return Console(file=stream, force_terminal=False, no_color=True, width=120, soft_wrap=False)
    return Console(file=stream, stderr=stream is sys.stderr)


def _html(results, cross, unreadable) -> str:
    from factcheck.report import html
    return html.render(results, cross, [(u.path, u.reason) for u in unreadable])


def cmd_check(args) -> int:
    selection = Selection(select=tuple(args.select), ignore=tuple(args.ignore),
                          severity=dict(args.severity))
    selection.validate()
    options = Options(selection=selection, date=args.date, max_bytes=args.max_bytes)
    paths = args.paths or ["seeds"]
    if not args.paths and not os.path.isdir("seeds"):
        raise UsageError("no PATH given and no seeds/ folder here")
    files = discover(paths, include=tuple(args.include or DEFAULT_INCLUDE), exclude=tuple(args.exclude))
    to_terminal = args.output is None and sys.stdout.isatty()
    fmt = args.format or ("full" if to_terminal else "concise")

    results, unreadable = [], []
    for item in run(files, options, stdin_name=args.stdin_filename):
        if isinstance(item, Unreadable):
            unreadable.append(item)
            print(f"factcheck: error: {item.path}: {item.reason}", file=sys.stderr)
            continue
        for notice in item.story.notices:
            print(f"factcheck: note: {item.story.path}: {notice}", file=sys.stderr)
        results.append(item)
    cross: list = []

    buffer = io.StringIO() if args.output else sys.stdout
    if fmt == "json":
        from factcheck.report import json_report
        buffer.write(json_report.render(results, cross, [(u.path, u.reason) for u in unreadable]))
    elif fmt == "html":
        buffer.write(_html(results, cross, unreadable))
    elif fmt == "concise":
        from factcheck.report.text import render_concise, summary_line
        buffer.write(render_concise(results, cross))
        _console(buffer, plain=True).print(summary_line(results, cross, len(unreadable)))
    else:
        from factcheck.report.text import render_full, summary_line
        console = _console(buffer, plain=bool(args.output))
        render_full(console, results, cross)
        console.print(summary_line(results, cross, len(unreadable)))
    if args.claims and fmt != "json":
        from factcheck.report.text import claims_table
        console = _console(buffer, plain=bool(args.output) or not to_terminal)
        for result in results:
            console.print(claims_table(result))
    if args.output:
        write_atomic(args.output, buffer.getvalue())
    if args.report_dir:
        os.makedirs(args.report_dir, exist_ok=True)
        name = Path(results[0].story.path).stem if len(results) == 1 else "factcheck-report"
        write_atomic(os.path.join(args.report_dir, name + ".html"), _html(results, cross, unreadable))

    if unreadable:
        return EXIT_ERROR
    failing = FAIL_ON[args.fail_on]
    if any(f.severity in failing for r in results for f in r.findings) or \
            any(f.severity in failing for f in cross):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def cmd_show(args) -> int:
    from factcheck.report.show import render_story
    result = check_path(args.story, Options(date=args.date))
    if isinstance(result, Unreadable):
        print(f"factcheck: error: {result.path}: {result.reason}", file=sys.stderr)
        return EXIT_ERROR
    render_story(_console(sys.stdout), result, claims=args.claims)
    return EXIT_CLEAN


def cmd_rules(args) -> int:
    for rule in RULES.values():
        print(f"{rule.id:<22} {rule.severity:<8} {rule.summary}")
    return EXIT_CLEAN


def cmd_rule(args) -> int:
    rule = RULES.get(args.rule_id)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule_id!r}; `factcheck rules` lists them")
    print(rule.documentation(), end="")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return {"check": cmd_check, "show": cmd_show, "rules": cmd_rules, "rule": cmd_rule}[args.command](args)
    except (UsageError, SelectionError) as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
