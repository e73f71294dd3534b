"""The command line: `factcheck check`, `factcheck rules`, `factcheck rule ID`.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 a usage
error or a file that could not be read (every other file is still checked).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import sys
from pathlib import Path

from factcheck import __version__, baseline, gitdiff
from factcheck.checks import RULES, SelectionError
from factcheck.config import FAIL_ON, ConfigError, Settings, flags_from
from factcheck.crossstory import RULE_ID as CROSS_RULE, Comparison
from factcheck.data import DataError
from factcheck.discover import DEFAULT_INCLUDE
from factcheck.engine_dask import EngineError
from factcheck.files import WriteError, atomic_file, write_atomic
from factcheck.model import Result
from factcheck.pipeline import Options
from factcheck.report import Tally
from factcheck.runner import CheckRun, LocalEngine, Unreadable, check_path, default_jobs, progress_wanted

FORMATS = ("full", "concise", "json", "html", "sarif", "github", "junit")
STREAMED = ("json", "concise", "full")          # formats written story by story
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


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return n


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
    check.add_argument("--fail-on", choices=tuple(FAIL_ON),
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
    check.add_argument("--max-bytes", type=_positive, default=Options.max_bytes, metavar="N",
                       help="skip files larger than N bytes (default: 10 MB)")
    recorded = check.add_mutually_exclusive_group()
    recorded.add_argument("--baseline", metavar="FILE",
                          help="hide the findings recorded in FILE; report only new ones")
    recorded.add_argument("--write-baseline", metavar="FILE",
                          help="record today's findings in FILE, to be hidden by --baseline FILE")
    check.add_argument("--diff", metavar="REF",
                       help="check only the stories changed against the git branch, tag or commit REF")
    check.add_argument("--diff-lines", action="store_true",
                       help="with --diff: report only the findings that touch changed lines")
    check.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help="check stories in N processes at once (default: one per core)")
    check.add_argument("--no-cache", action="store_true",
                       help="check every story again instead of reusing .factcheck_cache/")
    check.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where stories are checked: this machine (default) or a Dask cluster")
    check.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: the scheduler of an existing cluster (tcp://host:8786); "
                            "default: a local cluster of --jobs workers")

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
    settings = Settings(flags_from(args))        # the configuration files under the flags
    paths = args.paths or ["seeds"]
    if not args.paths and not os.path.isdir("seeds"):
        raise UsageError("no PATH given and no seeds/ folder here")
    if args.diff_lines and not args.diff:
        raise UsageError("--diff-lines needs --diff REF")
    recorded = baseline.Baseline(args.baseline) if args.baseline else None
    changes = gitdiff.Changes(args.diff) if args.diff else None
    files = settings.discover(paths)
    if changes:
        files = changes.changed(files)
    to_terminal = args.output is None and sys.stdout.isatty()
    fmt = args.format or ("full" if to_terminal else "concise")

    # json, concise and full stream: each story is written as it arrives and let go. The other
    # formats and the whole-run features need every story at once, so those runs keep them.
    whole_run = fmt not in STREAMED or bool(args.baseline or args.write_baseline or args.diff_lines
                                            or args.claims or args.report_dir)
    stories = _stories(args, settings, paths, files, to_terminal)
    if not whole_run:       # no story is kept once written
        return _write(args, fmt, settings, _reported(stories), lambda: stories.cross)
    results, unreadable = [], []
    for item in _reported(stories):
        (unreadable if isinstance(item, Unreadable) else results).append(item)
    cross = stories.cross
    if args.write_baseline:
        count = baseline.write(args.write_baseline, results, cross)
        print(f"factcheck: recorded {count} findings in {args.write_baseline}", file=sys.stderr)
        recorded = baseline.Baseline(args.write_baseline)
    if recorded:
        cross, stale = recorded.hide(results, cross, settings.active_rules)
        for entry in stale:
            print(f"factcheck: note: {entry.describe(recorded.path)}", file=sys.stderr)
    if args.diff_lines:
        cross = changes.keep_touching(results, cross)
    errors = [(u.path, u.reason) for u in unreadable]

    if fmt in STREAMED:
        def claims(out) -> None:
            from factcheck.report.text import claims_table
            console = _console(out, plain=bool(args.output) or not to_terminal)
            for result in results:
                console.print(claims_table(result))
        code = _write(args, fmt, settings, [*results, *unreadable], lambda: cross,
                      after=claims if args.claims and fmt != "json" else None)
    else:
        code = None
        buffer = io.StringIO() if args.output else sys.stdout
        if fmt in ("sarif", "junit"):
            from factcheck.report import junit, sarif
            buffer.write({"sarif": sarif, "junit": junit}[fmt].render(results, cross, errors))
        elif fmt == "html":
            page = _html(results, cross, unreadable)
            buffer.write(page)
        else:       # github: the annotations, then the plain report, since GitHub shows only a few
            from factcheck.report import github
            from factcheck.report.concise import render_concise, summary_text
            buffer.write(github.render(results, cross, errors))
            buffer.write(render_concise(results, cross))
            buffer.write(summary_text(Tally.of(results, cross, len(unreadable))))
            if args.claims:
                from factcheck.report.text import claims_table
                console = _console(buffer, plain=True)
                for result in results:
                    console.print(claims_table(result))
        if args.output:
            write_atomic(args.output, buffer.getvalue())
    if args.report_dir:
        os.makedirs(args.report_dir, exist_ok=True)
        name = Path(results[0].story.path).stem if len(results) == 1 else "factcheck-report"
        write_atomic(os.path.join(args.report_dir, name + ".html"),
                     page if fmt == "html" else _html(results, cross, unreadable))

    if code is not None:
        return code
    if unreadable:
        return EXIT_ERROR
    if any(_failing(settings, r.story.path, r.findings) for r in results) or _failing(settings, ".", cross):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _failing(settings: Settings, path: str, findings) -> bool:
    return any(f.severity in settings.fail_on(path) for f in findings)


def _stories(args, settings: Settings, paths: list[str], files: list[str], to_terminal: bool) -> CheckRun:
    """The run over `files`: engine, cache and cross-story comparison as the options say."""
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    jobs = min(args.jobs or default_jobs(), max(1, len(files)))
    if args.engine == "dask":
        from factcheck.engine_dask import DaskEngine
        engine = DaskEngine(args.scheduler, jobs)
    else:
        engine = LocalEngine(jobs)
    here, config = settings.options("."), settings.config(".")
    cache = None
    if not args.no_cache:
        from factcheck.cache import Cache, cache_root    # here: a run without the cache needs no hashing
        cache = Cache(cache_root(paths, config.path.parent if config else None))
    cross = Comparison.load(here.packs, here.selection.severity.get(CROSS_RULE)) \
        if CROSS_RULE in settings.active_rules(".") else None
    return CheckRun(files, settings.options, stdin_name=args.stdin_filename, engine=engine, cache=cache,
                    cross=cross, progress=progress_wanted() and not to_terminal)


def _say_unreadable(item: Unreadable) -> None:
    """The one line on standard error for a file that could not be checked."""
    print(f"factcheck: error: {item.path}: {item.reason}", file=sys.stderr)


def _reported(stories: CheckRun):
    """The stories' results, saying on standard error which files could not be read and how
    others were read, as they come."""
    for item in stories:
        if isinstance(item, Unreadable):
            _say_unreadable(item)
        else:
            for notice in item.story.notices:
                print(f"factcheck: note: {item.story.path}: {notice}", file=sys.stderr)
        yield item
    if stories.cache is not None and stories.cache.warning:
        print(f"factcheck: note: {stories.cache.warning}", file=sys.stderr)


def _write(args, fmt: str, settings: Settings, items, cross_of, after=None) -> int:
    """The report in json, concise or full format, each story's part written as soon as it
    comes from `items` (results and unreadable files, in order); `cross_of()` gives the
    cross-story findings once every story is in, and `after(out)` may add to the end.
    Returns the exit code."""
    failed, errors = False, []
    with atomic_file(args.output) if args.output else contextlib.nullcontext(sys.stdout) as out:
        if fmt == "json":
            from factcheck.report.json_report import JsonWriter
            writer = JsonWriter(out)
            add, tally = writer.document, writer.tally
        elif fmt == "concise":
            from factcheck.report.concise import render_concise, summary_text
            tally = Tally()

            def add(result: Result) -> None:
                tally.add(result)
                out.write(render_concise([result], []))
        else:
            from factcheck.report.text import render_full, summary_line
            tally = Tally()
            console = _console(out, plain=bool(args.output))

            def add(result: Result) -> None:
                tally.add(result)
                render_full(console, [result], [])
        for item in items:
            if isinstance(item, Unreadable):
                errors.append((item.path, item.reason))
                continue
            add(item)
            failed = failed or _failing(settings, item.story.path, item.findings)
        cross = cross_of()
        if fmt == "json":
            writer.finish(cross, errors)
        else:
            tally.count(cross)
            tally.unreadable = len(errors)
            if fmt == "concise":
                out.write(render_concise([], cross))
                out.write(summary_text(tally))
            else:
                render_full(console, [], cross)
                console.print(summary_line(tally))
        if after is not None:
            after(out)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failed or _failing(settings, ".", cross) else EXIT_CLEAN


def cmd_show(args) -> int:
    from factcheck.report.show import render_story
    result = check_path(args.story, Options(date=args.date))
    if isinstance(result, Unreadable):
        _say_unreadable(result)
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
    except (UsageError, SelectionError, ConfigError, DataError, baseline.BaselineError,
            gitdiff.GitError, EngineError, WriteError) as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
