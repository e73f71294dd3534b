"""Configuration files, found by walking up from each story (issue 6), through the real CLI."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, report_of, run_factcheck
from factcheck.config import KEYS

STALE = ("<!-- factcheck: disable-next-line range-order -->\n"
         "Officials said between 300 and 400 militants remained in the city.\n")   # one info finding
REVERSED = "Officials said between 400 and 300 militants remained in the city.\n"   # a range-order error


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(report: dict) -> list[tuple[str, str, str]]:
    return [(Path(d["path"]).name, f["rule"], f["severity"]) for d in report["documents"]
            for f in d["findings"]]


def test_the_nearest_configuration_wins_and_flags_win_over_both(tmp_path):
    write(tmp_path / ".factcheck.toml", 'fail-on = "info"\n')
    write(tmp_path / "desk" / "pyproject.toml", '[tool.factcheck]\nfail-on = "never"\n')
    top = write(tmp_path / "top.txt", STALE)
    desk = write(tmp_path / "desk" / "desk.txt", STALE)
    assert run_factcheck("check", str(top)).returncode == 1        # info fails at the top
    assert run_factcheck("check", str(desk)).returncode == 0       # the desk's own file wins
    assert run_factcheck("check", str(desk), "--fail-on", "info").returncode == 1
    both = run_factcheck("check", str(tmp_path), "--format", "json")
    assert both.returncode == 1, "each story is judged by its own configuration"


def test_a_pyproject_without_factcheck_settings_is_passed_over(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.factcheck]\nfail-on = "info"\n')
    write(tmp_path / "desk" / "pyproject.toml", '[project]\nname = "desk"\n')
    story = write(tmp_path / "desk" / "story.txt", STALE)
    assert run_factcheck("check", str(story)).returncode == 1


def test_factcheck_toml_goes_before_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.factcheck]\nfail-on = "info"\n')
    write(tmp_path / ".factcheck.toml", 'fail-on = "never"\n')
    assert run_factcheck("check", str(write(tmp_path / "s.txt", STALE))).returncode == 0


def test_select_ignore_and_severity(tmp_path):
    story = write(tmp_path / "s.txt", STALE)
    config = tmp_path / "pyproject.toml"
    write(config, '[tool.factcheck]\nselect = ["range-order", "unused-suppression"]\n'
                  '[tool.factcheck.severity]\nunused-suppression = "error"\n')
    report, proc = report_of(str(story))
    assert findings(report) == [("s.txt", "unused-suppression", "error")] and proc.returncode == 1
    report, proc = report_of(str(story), "--severity", "unused-suppression=info")
    assert findings(report) == [("s.txt", "unused-suppression", "info")] and proc.returncode == 0
    write(config, '[tool.factcheck]\nignore = ["unused-suppression"]\n')
    report, _ = report_of(str(story))
    assert findings(report) == []
    report, _ = report_of(str(story), "--select", "range-order,unused-suppression")
    assert findings(report) == [("s.txt", "unused-suppression", "info")], "--select wins over ignore"


def test_include_and_exclude(tmp_path):
    write(tmp_path / ".factcheck.toml", 'include = ["*.md"]\nexclude = ["drafts/*", "old-*"]\n')
    for name in ("a.md", "b.txt", "old-c.md", "drafts/d.md", "desk/e.md"):
        write(tmp_path / name, STALE)
    report, _ = report_of(str(tmp_path))
    assert sorted(Path(d["path"]).name for d in report["documents"]) == ["a.md", "e.md"]
    report, _ = report_of(str(tmp_path), "--include", "*.txt")
    assert [Path(d["path"]).name for d in report["documents"]] == ["b.txt"]
    report, _ = report_of(str(tmp_path / "drafts" / "d.md"), str(tmp_path / "a.md"))
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.md"], \
        "excluded even when named, as pre-commit and --diff name files"
    write(tmp_path / "desk" / ".factcheck.toml", 'exclude = ["e.md"]\n')
    report, _ = report_of(str(tmp_path))
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.md"], \
        "a folder's own configuration excludes its files"


@pytest.mark.parametrize("setting, dateline", [
    ('date = "2001-02-03"', "2001-02-03"),
    ("date = 2001-02-03", "2001-02-03"),
    ('date = ["filename"]', "2017-10-11"),
    ('date = ["front-matter", "filename"]', "2017-01-05"),
])
def test_date_from_the_configuration(tmp_path, setting, dateline):
    write(tmp_path / ".factcheck.toml", setting + "\n")
    story = write(tmp_path / "2017-10-11-siege.md", "---\ndate: 2017-01-05\n---\n\n" + STALE)
    report, _ = report_of(str(story))
    assert report["documents"][0]["dateline"] == dateline
    report, _ = report_of(str(story), "--date", "1999-12-31")
    assert report["documents"][0]["dateline"] == "1999-12-31", "--date wins"


def test_rule_packs_are_found_relative_to_the_configuration(tmp_path, monkeypatch):
    story = write(tmp_path / "desk" / "s.txt",
                  "The convoy travelled 50 kilometres (20 miles) to the border, officials said.\n")
    write(tmp_path / "desk" / "pyproject.toml",
          '[tool.factcheck]\nselect = ["unit-conversion"]\nrule-packs = ["../house-rules"]\n')
    (tmp_path / "house-rules").mkdir()
    report, _ = report_of(str(story))
    assert [rule for _, rule, _ in findings(report)] == ["unit-conversion"]
    write(tmp_path / "house-rules" / "settings.toml", "[unit-conversion]\nslack = 1.0\n")
    monkeypatch.chdir(tmp_path / "house-rules")   # the pack is found from anywhere
    report, proc = report_of(str(story))
    assert findings(report) == [] and proc.returncode == 0


@pytest.mark.parametrize("name, text, key", [
    (".factcheck.toml", 'selct = ["range-order"]\n', "selct"),
    ("pyproject.toml", '[tool.factcheck]\nselect = ["range-ordr"]\n', "tool.factcheck.select"),
    (".factcheck.toml", 'ignore = "unit-conversion, weekday-date"\n', "ignore"),
    (".factcheck.toml", 'fail-on = "errors"\n', "fail-on"),
    (".factcheck.toml", "include = [1]\n", "include"),
    (".factcheck.toml", 'date = ["front-matter", "headline"]\n', "date"),
    (".factcheck.toml", 'date = "2017-02-30"\n', "date"),
    (".factcheck.toml", 'rule-packs = ["no-such-folder"]\n', "rule-packs"),
    ("pyproject.toml", '[tool.factcheck.severity]\nrange-order = "fatal"\n',
     "tool.factcheck.severity.range-order"),
    ("pyproject.toml", '[tool.factcheck]\nseverity = "error"\n', "tool.factcheck.severity"),
    (".factcheck.toml", "select = [\n", "not valid TOML"),
])
def test_a_bad_configuration_is_one_clear_error(tmp_path, name, text, key):
    config = write(tmp_path / name, text)
    write(tmp_path / "s.txt", REVERSED)
    proc = run_factcheck("check", str(tmp_path), "--format", "json")
    assert proc.returncode == 2
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"factcheck: error: {config}: {key}"), lines
    assert "Traceback" not in proc.stderr.decode() and proc.stdout == b""


def test_a_broken_rule_pack_names_the_configuration(tmp_path):
    write(tmp_path / "pack" / "settings.toml", "[unit-conversion\n")
    config = write(tmp_path / ".factcheck.toml", 'rule-packs = ["pack"]\n')
    proc = run_factcheck("check", str(write(tmp_path / "s.txt", REVERSED)))
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith(f"factcheck: error: {config}: rule-packs: ")
    assert "settings.toml" in proc.stderr.decode()


def test_readme_documents_every_key():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## In CI and on an editor's machine"):]
    for key in KEYS:
        assert f"`{key}`" in section, key
