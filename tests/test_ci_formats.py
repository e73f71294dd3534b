"""The formats CI systems read: SARIF, GitHub annotations, JUnit XML (issue 6)."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, run_factcheck
from factcheck.report.github import escape_data, escape_property

SARIF_SCHEMA = json.loads((ROOT.parent / "shared" / "contract" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
REVERSED = "Officials said between 400 and 300 militants remained in the city."
# one finding of each severity: an error, a comment factcheck cannot follow, a stale comment
STORY = (f"# Siege\n\n{REVERSED}\n\n<!-- factcheck: disable-next-line 100%-sure -->\n\nMore text.\n\n"
         "<!-- factcheck: disable-next-line range-order -->\nNo figures here.\n")


@pytest.fixture
def desk(tmp_path) -> Path:
    (tmp_path / "world desk").mkdir()
    (tmp_path / "world desk" / "siege.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "world desk" / "clean.md").write_text("Officials said 12 streets were cleared.\n",
                                                      encoding="utf-8")
    return tmp_path


def sarif_of(cwd: Path, *paths: str) -> tuple[dict, int]:
    proc = run_factcheck("check", *paths, "--format", "sarif", cwd=cwd)
    sarif = json.loads(proc.stdout)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    return sarif, proc.returncode


def test_sarif_results(desk):
    sarif, code = sarif_of(desk, "world desk")
    assert code == 1 and sarif["version"] == "2.1.0"
    [run] = sarif["runs"]
    got = []
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert loc["artifactLocation"] == {"uri": "world%20desk/siege.md", "uriBaseId": "SRCROOT"}
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        line = STORY.split("\n")[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
        assert region["endLine"] == region["startLine"]
        got.append((r["ruleId"], r["level"], region["startLine"]))
    assert got == [("range-order", "error", 3), ("unused-suppression", "warning", 5),
                   ("unused-suppression", "note", 9)]
    assert "Put the smaller figure first" in run["results"][0]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_rules_carry_the_documentation(desk):
    sarif, _ = sarif_of(desk, "world desk")
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    listed = run_factcheck("rules").stdout.decode().split("\n")
    assert [r["id"] for r in rules] == [line.split()[0] for line in listed if line.strip()]
    for rule in rules:
        doc = run_factcheck("rule", rule["id"]).stdout.decode()
        assert rule["help"] == {"text": doc, "markdown": doc}
        assert rule["shortDescription"]["text"] in doc and rule["fullDescription"]["text"]
        level = rule["defaultConfiguration"]["level"]
        assert f"(default severity: {dict(note='info').get(level, level)})" in doc


def test_sarif_fingerprints_follow_the_figures_not_the_lines(desk):
    story = desk / "world desk" / "siege.md"
    before = {r["ruleId"] + str(r["locations"][0]["physicalLocation"]["region"]["startLine"]):
              r["partialFingerprints"] for r in sarif_of(desk, "world desk")[0]["runs"][0]["results"]}
    story.write_text("An editor's note.\n\n" + STORY, encoding="utf-8")
    after = {r["ruleId"] + str(r["locations"][0]["physicalLocation"]["region"]["startLine"]):
             r["partialFingerprints"] for r in sarif_of(desk, "world desk")[0]["runs"][0]["results"]}
    assert list(after.values()) == list(before.values())
    assert list(after) == ["range-order5", "unused-suppression7", "unused-suppression11"]
    story.write_text(STORY.replace("400 and 300", "500 and 300"), encoding="utf-8")
    changed = sarif_of(desk, "world desk")[0]["runs"][0]["results"][0]["partialFingerprints"]
    assert changed != before["range-order3"], "other figures, another finding"


def test_sarif_fingerprints_tell_repeated_figures_apart(tmp_path):
    (tmp_path / "s.md").write_text(f"{REVERSED}\n\n{REVERSED}\n", encoding="utf-8")
    results = sarif_of(tmp_path, "s.md")[0]["runs"][0]["results"]
    assert len({json.dumps(r["partialFingerprints"]) for r in results}) == 2


def test_sarif_names_an_unreadable_file(desk):
    (desk / "empty.md").write_text("", encoding="utf-8")
    sarif, code = sarif_of(desk, "empty.md", "world desk")
    assert code == 2
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "empty.md" in note["message"]["text"]


def test_github_annotations(desk):
    proc = run_factcheck("check", "world desk", "--format", "github", cwd=desk)
    assert proc.returncode == 1
    out = proc.stdout.decode().splitlines()
    commands = [line for line in out if line.startswith("::")]
    assert commands[0].startswith("::error file=world desk/siege.md,line=3,col=16,endLine=3,"
                                  "endColumn=35,title=factcheck (range-order)::The range ")
    assert [c.split(" ")[0] for c in commands] == ["::error", "::warning", "::notice"]
    assert [re.search(r",line=(\d+),", c).group(1) for c in commands] == ["3", "5", "9"]
    assert "100%25-sure" in commands[1] and "100%-sure" not in commands[1]
    concise = [line for line in out if line.startswith("world desk/siege.md:")]
    assert [line.split(" ")[2] for line in concise] == ["error", "warning", "info"], \
        "the plain report follows the annotations"


def test_github_escapes_paths_and_messages(tmp_path):
    (tmp_path / "a,b:c.md").write_text(f"{REVERSED}\n", encoding="utf-8")
    proc = run_factcheck("check", "a,b:c.md", "--format", "github", cwd=tmp_path)
    assert proc.stdout.decode().startswith("::error file=a%2Cb%3Ac.md,line=1,col=16,")
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("title: a, b%") == "title%3A a%2C b%25"


def test_junit_one_case_per_story_and_a_failure_per_finding(desk):
    (desk / "empty.md").write_text("", encoding="utf-8")
    proc = run_factcheck("check", "world desk", "empty.md", "--format", "junit", cwd=desk)
    assert proc.returncode == 2
    suites = ET.fromstring(proc.stdout)
    [suite] = suites
    cases = {case.get("name"): case for case in suite}
    assert set(cases) == {"world desk/clean.md", "world desk/siege.md", "empty.md"}
    assert suite.get("tests") == "3" and suite.get("failures") == "3" and suite.get("errors") == "1"
    assert list(cases["world desk/clean.md"]) == []
    failures = cases["world desk/siege.md"].findall("failure")
    assert [f.get("type") for f in failures] == ["range-order", "unused-suppression", "unused-suppression"]
    assert failures[0].text.startswith("world desk/siege.md:3:16: error range-order ")
    [error] = cases["empty.md"]
    assert error.tag == "error" and "empty" in error.get("message")


def test_a_disagreement_between_stories_points_at_both(tmp_path):
    (tmp_path / "a.md").write_text("---\ndate: 2017-10-11\n---\n\nAbout 4,000 civilians are trapped "
                                   "in Raqqa, the United Nations said on Wednesday.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndate: 2017-10-11\n---\n\nSome text first.\n\nAbout 8,000 "
                                   "civilians are trapped in Raqqa, the United Nations said on Wednesday.\n",
                                   encoding="utf-8")
    sarif, code = sarif_of(tmp_path, "a.md", "b.md")
    assert code == 1
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "conflicting-figures"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.md"
    related = [(r["physicalLocation"]["artifactLocation"]["uri"],
                r["physicalLocation"]["region"]["startLine"], r["message"]["text"])
               for r in result["relatedLocations"]]
    assert related == [("a.md", 5, "About 4,000"), ("b.md", 7, "About 8,000")]

    proc = run_factcheck("check", "a.md", "b.md", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert proc.returncode == 0
    entries = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert [(e["path"], e["rule"], e["figures"]) for e in entries if e["rule"] == "conflicting-figures"] \
        == [("a.md", "conflicting-figures", ["About 4,000", "About 8,000"])]
    assert run_factcheck("check", "a.md", "b.md", "--baseline", "baseline.json",
                         "--format", "sarif", cwd=tmp_path).stdout.count(b'"ruleId"') == 0
