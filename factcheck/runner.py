"""Run the pipeline over many stories, in a stable order, one bad file never stopping the rest."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from factcheck.crossstory import Comparison, CrossIndex, records
from factcheck.guard import REGEX_TIMEOUT
from factcheck.load import LoadError, make_story, read_story, shown
from factcheck.model import Finding, Result
from factcheck.pipeline import Options, check_story

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from factcheck.cache import Cache


@dataclass
class Unreadable:
    path: str
    reason: str


def check_path(path: str, options: Options, stdin_name: str | None = None) -> Result | Unreadable:
    """One story read and checked, or why not, in one line. A runaway pattern or a fault
    in factcheck itself becomes this story's error too, so every other story is still checked."""
    name = shown(stdin_name or path if path == "-" else path)
    report = "please report this file to the factcheck maintainers"
    try:
        if path == "-":
            data = sys.stdin.buffer.read(options.max_bytes + 1)   # enough to know it is too big
            story = make_story(stdin_name or "-", data, max_bytes=options.max_bytes)
        else:
            story = read_story(path, max_bytes=options.max_bytes)
        return check_story(story, options)
    except LoadError as exc:
        return Unreadable(name, str(exc))
    except TimeoutError:                   # raised by a regex call past guard.REGEX_TIMEOUT
        return Unreadable(name, f"gave up: a pattern ran over {REGEX_TIMEOUT:g} s on this text; {report}")
    except Exception as exc:               # noqa: BLE001 - one story's fault must not stop the run
        import traceback                   # here: only a fault needs it
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return Unreadable(name, f"internal error ({detail}, at {os.path.basename(where.filename)}:"
                                f"{where.lineno}); {report}")


class _Done:
    """A result computed on the spot, with the face of a future."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def done(self) -> bool:
        return True

    def result(self):
        return self.value


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle


class LocalEngine:
    """`--jobs N` on this machine: N worker processes, each of which sets the pipeline
    up once (modules, rule data, sentence splitter) and then checks story after story;
    with N = 1 everything runs in this process. Cross-story records stay here."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self.window = 4 * self.jobs               # stories in flight at most
        self._pool: ProcessPoolExecutor | None = None
        self.index = CrossIndex()

    def submit(self, fn, *args):
        if self.jobs == 1:
            return _Done(fn(*args))
        if self._pool is None:
            # forked workers start with the pipeline already imported; this process runs no
            # thread of its own (the progress bar refreshes by hand), so forking is safe
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                                  else None)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_ignore_interrupts)
        return self._pool.submit(fn, *args)

    def remember(self, order: int, result: Result, future) -> None:
        self.index.add(records(result, order))

    def cross_findings(self, settings: Comparison) -> list[Finding]:
        return self.index.findings(settings)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(paths: list[str], options: Options | Callable[[str], Options], stdin_name: str | None = None,
        *, engine: LocalEngine | None = None, cache: Cache | None = None,
        keep_records: bool = False) -> Iterator[Result | Unreadable]:
    """Check `paths` in order, yielding each result as soon as it and all before it are done.

    `options` is one `Options` for all, or a function giving each path its own. At most
    `engine.window` stories are in flight, so memory does not grow with their number.
    A story found in `cache` is not checked again; every story checked is stored there.
    With `keep_records`, the engine keeps each story's cross-story records (see
    `factcheck.crossstory`).
    """
    engine = engine or LocalEngine()
    options_for = options if callable(options) else (lambda _path: options)
    pending: deque = deque()

    def finish():
        order, key, future = pending.popleft()
        item = future.result()
        if isinstance(item, Result):
            if key is not None:
                cache.put(key, item)
            if keep_records:
                engine.remember(order, item, future)
        return item

    for order, path in enumerate(paths):
        opts = options_for(path)
        key = cache.key(path, opts) if cache is not None and path != "-" else None
        cached = cache.get(key) if key is not None else None
        if cached is not None:
            future, key = _Done(cached), None
        elif path == "-":
            future = _Done(check_path(path, opts, stdin_name))   # standard input is read here
        else:
            future = engine.submit(check_path, path, opts)
        pending.append((order, key, future))
        while pending and (len(pending) > engine.window or pending[0][2].done()):
            yield finish()
    while pending:
        yield finish()


class CheckRun:
    """One run over many stories: iterate it for the results in input order (on the
    engine, through the cache, with a progress bar if asked); once it is exhausted,
    `cross` holds the cross-story findings (none when `cross` settings are None)."""

    def __init__(self, files: list[str], options: Options | Callable[[str], Options], *,
                 stdin_name: str | None = None, engine=None, cache: Cache | None = None,
                 cross: Comparison | None = None, progress: bool = False):
        self.files, self.options, self.stdin_name = files, options, stdin_name
        self.engine = engine or LocalEngine()
        self.cache, self.comparison, self.progress = cache, cross, progress
        self.cross: list[Finding] = []

    def __iter__(self) -> Iterator[Result | Unreadable]:
        bar = ProgressBar(len(self.files)) if self.progress and self.files else None
        with self.engine, bar or contextlib.nullcontext():
            for item in run(self.files, self.options, self.stdin_name, engine=self.engine, cache=self.cache,
                            keep_records=self.comparison is not None):
                if bar is not None:
                    bar.advance(len(item.findings) if isinstance(item, Result) else 0)
                yield item
            self.cross = self.engine.cross_findings(self.comparison) if self.comparison else []


def progress_wanted(stream=None, environ=None) -> bool:
    """A progress bar belongs on a terminal, never in CI logs or redirected output."""
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    return not environ.get("CI") and hasattr(stream, "isatty") and stream.isatty()


class ProgressBar:
    """Stories checked, stories per second and findings so far, on standard error."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        self._progress = Progress(
            TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[findings]} findings"), TimeElapsedColumn(),
            console=Console(file=sys.stderr), transient=True, auto_refresh=False,
            redirect_stdout=False, redirect_stderr=True)
        self._task = self._progress.add_task("check", total=total, rate="", findings=0)
        self._findings = 0

    def advance(self, findings: int) -> None:
        self._findings += findings
        self._progress.advance(self._task)
        task = self._progress.tasks[0]
        rate = task.completed / task.elapsed if task.elapsed else 0.0
        self._progress.update(self._task, rate=f"{rate:.1f} stories/s", findings=self._findings, refresh=True)

    def __enter__(self) -> "ProgressBar":
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()
