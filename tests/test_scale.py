"""Many stories: parallel workers, results streamed in input order, the report written
story by story with the same bytes as the whole report, and the progress bar's manners."""
from __future__ import annotations

import io
import json
import os
import pty
import subprocess
from pathlib import Path

import pytest

from conftest import DEVSET, factcheck_exe, run_factcheck, story_folder
from factcheck import __version__
from factcheck.pipeline import Options
from factcheck.report import Tally
from factcheck.report.json_report import SCHEMA, JsonWriter, document_dict, finding_dict, render, summary
from factcheck.runner import LocalEngine, check_path, progress_wanted, run



@pytest.fixture
def stories(tmp_path) -> Path:
    """A folder of real stories: the seed and a dozen of the devset's, of every format."""
    first = sorted(DEVSET.iterdir(), key=lambda p: int(p.name.split("-")[0]))[:14]      # 01-14: text and Markdown
    return story_folder(tmp_path / "stories", [p.name for p in first])


def _whole_report(results, cross, errors) -> dict:
    """The report as one object, as factcheck built it before streaming."""
    report = {"schema": SCHEMA, "tool": {"name": "factcheck", "version": __version__},
              "documents": [document_dict(r) for r in results],
              "findings": [finding_dict(None, f) for f in cross],
              "errors": [{"path": p, "message": m} for p, m in errors],
              "summary": summary(Tally.of(results, cross, len(errors)))}
    return report


def test_streamed_json_is_the_whole_report(stories):
    results = [check_path(str(p), Options()) for p in sorted(stories.iterdir())]
    cross = [f for r in results for f in r.findings][:2]       # any findings stand in for cross ones
    errors = [("gone.txt", "no such file")]
    streamed = render(results, cross, errors)
    assert cross and json.loads(streamed) == _whole_report(results, cross, errors)
    assert json.loads(render([], [], [])) == _whole_report([], [], [])
    lines = streamed.splitlines()
    assert [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('    {"path"')] \
        == [document_dict(r) for r in results], "one line per document"
    out = io.StringIO()
    writer = JsonWriter(out)
    writer.document(results[0])
    assert out.getvalue().endswith("}") and '"documents": [' in out.getvalue()   # written already
    writer.finish([], [])
    assert json.loads(out.getvalue())["summary"]["documents"] == 1


@pytest.mark.parametrize("fmt", ["json", "concise", "full"])
def test_two_jobs_give_the_same_report_as_one(stories, fmt):
    one = run_factcheck("check", str(stories), "--format", fmt, "--jobs", "1", "--no-cache")
    two = run_factcheck("check", str(stories), "--format", fmt, "--jobs", "2", "--no-cache")
    assert one.returncode == two.returncode and one.returncode in (0, 1)
    assert one.stdout and one.stdout == two.stdout
    if fmt == "json":
        paths = [d["path"] for d in json.loads(one.stdout)["documents"]]
        assert paths == sorted(paths) and len(paths) == 15           # input order, every story


def test_unreadable_file_among_parallel_ones(stories, tmp_path):
    (stories / "empty.txt").write_text("")
    proc = run_factcheck("check", str(stories), str(tmp_path / "missing.txt"), "--format", "json",
                         "--jobs", "2", "--no-cache")
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert {e["path"] for e in report["errors"]} == {str(stories / "empty.txt"), str(tmp_path / "missing.txt")}
    assert report["summary"]["documents"] == 15


def test_output_file_is_streamed_and_complete(stories, tmp_path):
    out = tmp_path / "report.json"
    proc = run_factcheck("check", str(stories), "--format", "json", "--jobs", "2", "--no-cache",
                         "--output", str(out))
    assert proc.stdout == b"" and json.loads(out.read_text())["summary"]["documents"] == 15
    assert not list(tmp_path.glob(".factcheck-*.tmp"))             # the temporary file was renamed


class CountingEngine(LocalEngine):
    """The local engine, counting how many stories it was handed."""

    def __init__(self):
        super().__init__(jobs=1)
        self.window = 3
        self.submitted = 0

    def submit(self, fn, *args):
        self.submitted += 1
        return super().submit(fn, *args)


def test_stories_in_flight_are_bounded_by_the_window(stories):
    paths = [str(p) for p in sorted(stories.iterdir())]
    engine = CountingEngine()
    results = run(paths, Options(), engine=engine)
    for taken in range(1, 6):
        next(results)
        assert engine.submitted <= taken + engine.window      # never the whole list ahead


def test_jobs_must_be_a_positive_number(stories):
    proc = run_factcheck("check", str(stories), "--jobs", "0")
    assert proc.returncode == 2 and b"--jobs" in proc.stderr


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_outside_ci():
    assert progress_wanted(Tty(), {}) is True
    assert progress_wanted(Tty(), {"CI": "true"}) is False
    assert progress_wanted(io.StringIO(), {}) is False


def test_no_progress_bar_in_captured_output(stories):
    proc = run_factcheck("check", str(stories), "--format", "json", "--jobs", "2", "--no-cache",
                         env={"CI": ""})
    assert json.loads(proc.stdout)["summary"]["documents"] == 15
    assert b"stories/s" not in proc.stderr and b"\x1b[" not in proc.stderr


@pytest.mark.parametrize("ci, shown", [("", True), ("true", False)])
def test_progress_bar_on_a_terminal(stories, tmp_path, ci, shown):
    """Standard error on a real pseudo-terminal: the bar shows, except under CI."""
    leader, follower = pty.openpty()
    env = {**os.environ, "CI": ci, "COLUMNS": "160"}
    proc = subprocess.Popen([factcheck_exe(), "check", str(stories), "--format", "json", "--jobs", "2",
                             "--no-cache", "--output", str(tmp_path / "r.json")],
                            stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=300)
    os.close(leader)
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["documents"] == 15
    assert (b"stories/s" in seen) is shown
    assert (b"findings" in seen) is shown
