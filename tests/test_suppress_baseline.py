"""Suppressions written in the story, and baselines (issue 6), through the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import report_of, run_factcheck

REVERSED = "Officials said between 400 and 300 militants remained in the city."
CLEAN = "Officials said between 300 and 400 militants remained in the city."
TWICE = "Later they said between 90 and 60 fighters had surrendered."


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def found(path: Path, *args: str) -> list[tuple[str, int, str]]:
    report, proc = report_of(str(path), *args)
    assert proc.returncode in (0, 1), proc.stderr
    return [(f["rule"], f["line"], f["severity"]) for d in report["documents"] for f in d["findings"]]


def line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    return content[:content.index(text)].count("\n") + 1


# --------------------------------------------------------------------------- suppressions

def test_disable_next_line_silences_the_named_rule_on_the_next_line_only(tmp_path):
    story = write(tmp_path / "s.md", f"# Siege\n\n<!-- factcheck: disable-next-line range-order -->\n"
                                     f"{REVERSED}\n\n{TWICE}\n")
    assert found(story) == [("range-order", line_of(story, TWICE), "error")]


def test_a_blank_line_between_comment_and_paragraph_is_allowed(tmp_path):
    story = write(tmp_path / "s.md", f"<!-- factcheck: disable-next-line range-order -->\n\n{REVERSED}\n")
    assert found(story) == []


def test_a_comment_names_several_rules_and_may_give_a_reason(tmp_path):
    story = write(tmp_path / "s.md", "<!-- factcheck: disable-next-line unit-conversion, range-order "
                                     f"-- quoted as the commander said it -->\n{REVERSED}\n")
    assert found(story, "--select", "range-order,unused-suppression") == []


def test_disable_and_enable_in_html(tmp_path):
    story = write(tmp_path / "s.html", f"<article>\n<!-- factcheck: disable range-order -->\n"
                                       f"<p>{REVERSED}</p>\n<!-- factcheck: enable range-order -->\n"
                                       f"<p>{TWICE}</p>\n</article>\n")
    assert found(story) == [("range-order", line_of(story, TWICE), "error")]


def test_disable_without_enable_runs_to_the_end_and_disable_file_covers_all(tmp_path):
    story = write(tmp_path / "s.md", f"{REVERSED}\n\n<!-- factcheck: disable range-order -->\n\n{TWICE}\n")
    assert found(story) == [("range-order", 1, "error")]
    story = write(tmp_path / "t.md",
                  f"{REVERSED}\n\n{TWICE}\n\n<!-- factcheck: disable-file range-order -->\n")
    assert found(story) == []


def test_in_a_text_story_the_comment_must_stand_on_its_own_line(tmp_path):
    own = write(tmp_path / "own.txt", f"<!-- factcheck: disable-next-line range-order -->\n{REVERSED}\n")
    assert found(own) == []
    inline = write(tmp_path / "inline.txt", f"{REVERSED} <!-- factcheck: disable-file range-order -->\n")
    assert found(inline) == [("range-order", 1, "error")]


def test_a_comment_in_a_markdown_code_block_is_not_a_directive(tmp_path):
    story = write(tmp_path / "s.md", "How to silence factcheck:\n\n```\n"
                                     "<!-- factcheck: disable-file range-order -->\n```\n\n"
                                     f"{REVERSED}\n")
    assert found(story) == [("range-order", line_of(story, REVERSED), "error")]


def test_a_suppression_that_silences_nothing_is_reported(tmp_path):
    story = write(tmp_path / "s.md", f"# Siege\n\n<!-- factcheck: disable-next-line range-order -->\n"
                                     f"{CLEAN}\n\n<!-- factcheck: enable range-order -->\n")
    report, proc = report_of(str(story))
    assert proc.returncode == 0, "info does not fail the run"
    [stale, stray] = report["documents"][0]["findings"]
    assert (stale["rule"], stale["severity"], stale["line"]) == ("unused-suppression", "info", 3)
    assert "line 4" in stale["message"] and "range-order" in stale["message"]
    assert (stray["rule"], stray["line"]) == ("unused-suppression", 6)
    assert "not disabled" in stray["message"]
    assert found(story, "--ignore", "unused-suppression") == []
    assert found(story, "--select", "unused-suppression,unit-conversion") == [], \
        "a rule that did not run cannot be said to have nothing to silence"


@pytest.mark.parametrize("comment, says", [
    ("<!-- factcheck: disable-next-line -->", "names no rule"),
    ("<!-- factcheck: disable -->", "names no rule"),
    ("<!-- factcheck: disable-next-line rnage-order -->", "rnage-order, which is not a rule"),
    ("<!-- factcheck: ignore range-order -->", "is not a factcheck directive"),
])
def test_a_comment_factcheck_cannot_follow_is_a_warning(tmp_path, comment, says):
    story = write(tmp_path / "s.md", f"{comment}\n{REVERSED}\n")
    report, proc = report_of(str(story), "--fail-on", "warning")
    findings = report["documents"][0]["findings"]
    assert [(f["rule"], f["severity"], f["line"]) for f in findings] == [
        ("unused-suppression", "warning", 1), ("range-order", "error", 2)], "nothing is silenced"
    assert says in findings[0]["message"] and proc.returncode == 1


# --------------------------------------------------------------------------- baselines

def test_a_baseline_hides_todays_findings_and_shows_new_ones(tmp_path):
    story = write(tmp_path / "s.md", f"# Siege\n\n{REVERSED}\n")
    baseline = tmp_path / "baseline.json"
    proc = run_factcheck("check", str(story), "--write-baseline", str(baseline))
    assert proc.returncode == 0 and b"recorded 1 findings" in proc.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["schema"] == "factcheck-baseline/1"
    assert data["findings"] == [{"path": "s.md", "rule": "range-order",
                                 "figures": ["between 400 and 300"],
                                 "message": data["findings"][0]["message"]}]
    assert not list(tmp_path.glob(".factcheck-*.tmp")), "written through a temporary file, renamed"

    assert found(story, "--baseline", str(baseline)) == []
    write(story, f"# Siege\n\nAn editor's note, added later.\n\nMore text.\n\n{REVERSED}\n\n{TWICE}\n")
    assert found(story, "--baseline", str(baseline)) == [("range-order", line_of(story, TWICE), "error")]
    write(story, f"{REVERSED}\n\n{REVERSED}\n")
    assert found(story, "--baseline", str(baseline)) == [("range-order", 3, "error")], \
        "one entry hides one finding"


def test_stale_entries_are_reported_for_stories_that_were_checked(tmp_path):
    story = write(tmp_path / "s.md", f"{REVERSED}\n")
    other = write(tmp_path / "other.md", f"{CLEAN}\n")
    baseline = tmp_path / "baseline.json"
    run_factcheck("check", str(tmp_path), "--write-baseline", str(baseline))
    write(story, f"{CLEAN}\n")
    proc = run_factcheck("check", str(story), "--baseline", str(baseline))
    assert proc.returncode == 0
    [line] = proc.stderr.decode().splitlines()
    assert line.startswith(f"factcheck: note: {baseline}: stale entry: s.md range-order "
                           "\"between 400 and 300\"")
    assert "--write-baseline" in line
    for args in ([str(other)], [str(story), "--select", "unit-conversion"]):
        proc = run_factcheck("check", *args, "--baseline", str(baseline))
        assert b"stale" not in proc.stderr, "not checked here, or not for that rule"


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    (tmp_path / "desk").mkdir()
    story = write(tmp_path / "desk" / "s.md", f"{REVERSED}\n")
    run_factcheck("check", str(story), "--write-baseline", str(tmp_path / "baseline.json"))
    assert json.loads((tmp_path / "baseline.json").read_text())["findings"][0]["path"] == "desk/s.md"
    monkeypatch.chdir(tmp_path / "desk")
    assert found(Path("s.md"), "--baseline", "../baseline.json") == []


@pytest.mark.parametrize("content, says", [
    (None, "no such baseline file"),
    ("{not json", "not a factcheck baseline"),
    ('{"schema": "something-else"}', "not a factcheck baseline"),
    ('{"schema": "factcheck-baseline/1", "findings": [{"path": "s.md"}]}', "lacks path, rule or figures"),
])
def test_a_bad_baseline_is_one_clear_error(tmp_path, content, says):
    story = write(tmp_path / "s.md", f"{REVERSED}\n")
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    proc = run_factcheck("check", str(story), "--baseline", str(baseline))
    assert proc.returncode == 2
    [line] = proc.stderr.decode().splitlines()
    assert line.startswith(f"factcheck: error: {baseline}: ") and says in line


def test_baseline_and_write_baseline_do_not_go_together(tmp_path):
    proc = run_factcheck("check", str(write(tmp_path / "s.md", REVERSED)), "--baseline", "a.json",
                         "--write-baseline", "b.json")
    assert proc.returncode == 2 and b"not allowed with" in proc.stderr
