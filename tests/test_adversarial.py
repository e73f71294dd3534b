"""No input makes factcheck hang (issue 8, part 3).

Hostile strings (long runs of digits and separators, "between 1 and 2 and 3 and ...",
thousands of parentheses, repeated units, long runs of markup) are checked at growing
sizes in one child process, story by story through the runner as the CLI does, and
the CPU time per kilobyte must not grow by more than GROWTH from the smallest size to
the largest: a quadratic pattern shows sixteen times over a sixteenfold size step.
A child stops growing a string as soon as it has failed, so a quadratic stage costs
seconds here, not hours. FACTCHECK_SCALE_SIZES="10000,100000,1000000" reruns the
comparison at 10 KB, 100 KB and 1 MB.

A runaway match the patterns still allow becomes a per-file error, never a hang:
that path is tested through the real CLI with a real `regex` timeout.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import regex

from factcheck import cli, guard, pipeline, runner
from factcheck.load import make_story

SIZES = [int(n) for n in os.environ.get("FACTCHECK_SCALE_SIZES", "2000,8000,32000").split(",")]
GROWTH = 3.0          # allowed rise of time per KB over the whole size range
BUDGET = 240          # seconds for the whole child run before it counts as a hang

# id -> (repeated unit, file suffix)
HOSTILE = {
    "digits": ("1234567890", ".txt"),
    "digit-groups": ("1,234,", ".txt"),
    "decimal-points": ("1.2.3.", ".txt"),
    "spaced-groups": ("1 234 ", ".txt"),
    "between-and": ("between 1 and 2 and 3 and ", ".txt"),
    "parentheses": ("((((((((((", ".txt"),
    "figure-parentheses": ("4,000 (", ".txt"),
    "repeated-units": ("5 kilometres kilometres kilometres ", ".txt"),
    "conversions": ("50 kilometres (31 miles) ", ".txt"),
    "percent-signs": ("5%%%%%%% ", ".txt"),
    "one-long-sentence": ("the convoy moved along the river road past the old market and ", ".txt"),
    "dense-story": ("The UN said 4,000 civilians were trapped in Raqqa on Friday.\n\n", ".txt"),
    "margins": ("Smith beat Jones by 5 votes and Smith got 40 votes; ", ".txt"),
    "shares-and-rests": ("about 60 percent of the vote went to A and the remaining 25 percent ", ".txt"),
    "rates-per-day": ("the agency arrested 239 fugitives per day over 250 days; ", ".txt"),
    "numbered-list-run": ("1. ", ".txt"),                  # sent to pysbd, which is quadratic
    "unclosed-parentheses": ("(The council said 45 families left. ", ".txt"),
    "unclosed-brackets-md": ("[[[[ 4 ", ".md"),
    "emphasis-md": ("**4**_5_ ", ".md"),
    "table-md": ("| 1 | 2,000 |\n", ".md"),
    "unclosed-tags-html": ("<a<a 4 ", ".html"),
    "unclosed-comments-html": ("<!-- 4 ", ".html"),
    "nested-tags-html": ("<div><b>4</b>", ".html"),
}

CHILD = r"""
import json, sys, time
from pathlib import Path
from factcheck.pipeline import Options
from factcheck.runner import Unreadable, check_path

hostile, sizes, growth, folder = json.loads(sys.argv[1])

def timed(unit, suffix, n):
    path = Path(folder) / f"story-{n}{suffix}"
    path.write_text((unit * (n // len(unit) + 1))[:n], encoding="utf-8")
    start = time.process_time()
    item = check_path(str(path), Options())
    return time.process_time() - start, item

timed("Officials said 4,000 people left on Friday.", ".md", 2000)     # load every stage once
for name, (unit, suffix) in hostile.items():
    rows = []
    for n in sizes:
        seconds, item = timed(unit, suffix, n)
        rows.append({"bytes": n, "ms_per_kb": 1e6 * seconds / n,
                     "error": item.reason if isinstance(item, Unreadable) else None})
        if rows[-1]["error"] or rows[-1]["ms_per_kb"] > growth * rows[0]["ms_per_kb"]:
            break
    print(json.dumps({"name": name, "rows": rows}), flush=True)
"""


@pytest.fixture(scope="module")
def timings(tmp_path_factory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("hostile")
    args = json.dumps([HOSTILE, SIZES, GROWTH, str(folder)])
    proc = subprocess.Popen([sys.executable, "-c", CHILD, args], stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=BUDGET)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    done = [json.loads(line) for line in out.splitlines()]
    return {d["name"]: d["rows"] for d in done}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_time_per_kilobyte_stays_bounded(timings, name):
    assert name in timings, f"{name}: no answer within {BUDGET} s, with every string before it"
    rows = timings[name]
    shown = ", ".join(f"{r['bytes'] // 1000} KB: {r['ms_per_kb']:.1f} ms/KB" for r in rows)
    assert not [r for r in rows if r["error"]], f"{name}: {rows[-1]['error']}"
    assert max(r["ms_per_kb"] for r in rows) <= GROWTH * rows[0]["ms_per_kb"], \
        f"{name}: time per KB grew more than {GROWTH}x ({shown})"


def _report(capsys, *args) -> tuple[int, dict, list[str]]:
    code = cli.main(["check", *args, "--format", "json", "--jobs", "1", "--no-cache"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err.splitlines()


@pytest.mark.parametrize("fault, reason", [
    (lambda: regex.match(r"(a|aa)+$", "a" * 60 + "!", timeout=0.05),
     "gave up: a pattern ran over 2 s on this text; please report this file to the factcheck maintainers"),
    (lambda: float("nan") < int("4,000"),
     "internal error (ValueError: invalid literal for int() with base 10: '4,000', at test_adversarial.py:"),
])
def test_a_runaway_or_a_fault_is_one_files_error(tmp_path, monkeypatch, capsys, fault, reason):
    """A catastrophic pattern (or any fault) in one story: that story gets one line,
    the others are reported, the exit code is 2."""
    for name in ("a.txt", "b-hostile.txt", "c.txt"):
        (tmp_path / name).write_text("Officials said at least 700 civilians left.\n")
    check_story = runner.check_story

    def sabotaged(story, options):
        if story.path.endswith("hostile.txt"):
            fault()
        return check_story(story, options)

    monkeypatch.setattr(runner, "check_story", sabotaged)
    code, report, err = _report(capsys, str(tmp_path))
    assert code == 2
    assert [d["path"] for d in report["documents"]] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert len(err) == 1 and err[0].startswith(f"factcheck: error: {tmp_path / 'b-hostile.txt'}: {reason}"), err


def test_the_fuse_is_off_only_while_a_story_of_short_lines_is_checked():
    """guard.checking: no timeout on a story whose lines are short (every pattern is linear, so
    no call can run long there), the timeout on one with a long line, and back on afterwards,
    also when the check fails."""
    assert guard.fuse() == {"timeout": guard.REGEX_TIMEOUT}
    with guard.checking(make_story("a.txt", b"Officials said 700 left.\n" * 500).longest_line()):   # long, lines short
        assert guard.fuse() == {}
    with guard.checking(make_story("b.txt", b"700 civilians " * 1000).longest_line()):   # one line of 14,000 characters
        assert guard.fuse() == {"timeout": guard.REGEX_TIMEOUT}
    with pytest.raises(ZeroDivisionError), guard.checking(5):
        1 / 0
    assert guard.fuse() == {"timeout": guard.REGEX_TIMEOUT}


def test_a_long_line_still_trips_the_fuse_in_a_real_check(monkeypatch):
    """On a story with a long line, a runaway call inside the pipeline raises TimeoutError."""
    seen = []
    real = pipeline.segment

    def segment(text):
        seen.append(guard.fuse())
        return real(text)

    monkeypatch.setattr(pipeline, "segment", segment)
    pipeline.check_story(make_story("long.txt", ("At least 700 civilians left " * 200).encode()), pipeline.Options())
    pipeline.check_story(make_story("short.txt", b"At least 700 civilians left.\n"), pipeline.Options())
    assert seen == [{"timeout": guard.REGEX_TIMEOUT}, {}]
