"""factcheck as a CI check on a story repository, end to end (issue 6).

Each test builds a real git repository of Markdown and HTML stories from the
templates in tests/fixtures/ci_repo/ (with the repository's configuration,
suppressions and, where needed, a baseline) and runs the real `factcheck`
entry point, git and pre-commit on it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, factcheck_exe, run_factcheck

TEMPLATES = ROOT / "tests" / "fixtures" / "ci_repo"
SARIF_SCHEMA = json.loads((ROOT.parent / "shared" / "contract" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
TOWNS = ["raqqa", "mosul", "aleppo", "homs", "idlib", "tabqa", "deir", "hasaka", "kobani",
         "manbij", "palmyra", "hama", "latakia", "tartus", "daraa", "qamishli", "afrin",
         "azaz", "jarablus", "bab", "sukhna", "mayadin", "bukamal", "tikrit"]
KINDS = ["report.md", "report.html", "suppressed.md", "suppressed.html", "stale.md"]
CLEAN, REVERSED = "between 300 and 400", "between 400 and 300"
GIT_ENV = {"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
           "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@dataclass
class Story:
    path: str                     # relative to the repository, forward slashes
    kind: str                     # the template it was made from
    reversed: bool                # written with a reversed range

    @property
    def expected(self) -> set[str]:
        """The rules the repository's configuration should report in it."""
        if self.kind.startswith("report"):
            return {"range-order"} if self.reversed else set()
        return set() if self.reversed else {"unused-suppression"}   # a suppression left stale


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def write_story(repo: Path, story: Story, town: str, day: int) -> None:
    template = (TEMPLATES / story.kind).read_text(encoding="utf-8")
    text = template.format(town=town.capitalize(), date=f"2017-10-{day:02d}",
                           range=REVERSED if story.reversed else CLEAN)
    target = repo / story.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def build_repo(repo: Path) -> list[Story]:
    """24 stories in two desks, every template both clean and reversed, one excluded archive
    story, the configuration as pyproject.toml; committed on `main`."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    stories = []
    for i, town in enumerate(TOWNS):
        kind = KINDS[i % len(KINDS)]
        desk = "world" if i % 2 else "region"
        story = Story(f"stories/{desk}/{town}{Path(kind).suffix}", kind, reversed=i % 3 == 0)
        write_story(repo, story, town, i + 1)
        stories.append(story)
    write_story(repo, Story("archive/raqqa-2014.md", "report.md", True), "raqqa", 1)
    shutil.copy(TEMPLATES / "factcheck-config.toml", repo / "pyproject.toml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "stories")
    return stories


@pytest.fixture
def repo(tmp_path) -> tuple[Path, list[Story]]:
    path = tmp_path / "newsroom"
    return path, build_repo(path)


def line_of(repo: Path, path: str, text: str) -> tuple[int, int]:
    """1-based line and column of `text` in the file as stored."""
    content = (repo / path).read_text(encoding="utf-8")
    before = content[:content.index(text)].split("\n")
    return len(before), len(before[-1]) + 1


def test_the_repository_has_what_the_issue_asks_for(repo):
    path, stories = repo
    assert len(stories) >= 20
    assert {Path(s.path).suffix for s in stories} == {".md", ".html"}
    assert all(any(s.kind == k and s.reversed == r for s in stories) for k in KINDS for r in (True, False))


def test_sarif_validates_and_points_at_the_figures(repo):
    path, stories = repo
    proc = run_factcheck("check", "stories", "archive", "--format", "sarif", "--output", "out.sarif",
                         cwd=path)
    assert proc.returncode == 1, proc.stderr
    sarif = json.loads((path / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    [run] = sarif["runs"]
    found = {}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        uri, region = location["artifactLocation"]["uri"], location["region"]
        found.setdefault(uri, set()).add(result["ruleId"])
        assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
        text = region["snippet"]["text"]
        assert (region["startLine"], region["startColumn"]) == line_of(path, uri, text)
        if result["ruleId"] == "range-order":
            assert text.lower() == REVERSED and result["level"] == "error"
        else:   # the repository's configuration makes a stale suppression a warning
            assert "factcheck: disable" in text and result["level"] == "warning"
    assert found == {s.path: s.expected for s in stories if s.expected}, "archive/ is excluded"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == path.resolve().as_uri() + "/"


def test_fingerprints_survive_edits_above_the_finding(repo):
    path, stories = repo

    def fingerprints() -> dict[str, str]:
        proc = run_factcheck("check", "stories", "--format", "sarif", cwd=path)
        results = json.loads(proc.stdout)["runs"][0]["results"]
        return {r["partialFingerprints"]["factcheckFigures/v1"]:
                r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}

    before = fingerprints()
    for story in stories:
        if story.expected:
            file = path / story.path
            text = file.read_text(encoding="utf-8")
            marker = "<article>" if story.path.endswith(".html") else "---\n\n"
            file.write_text(text.replace(marker, marker + "\nA new first paragraph.\n\n", 1),
                            encoding="utf-8")
    after = fingerprints()
    assert set(after) == set(before)
    assert all(after[key] > before[key] for key in before), "the findings moved down"


def test_github_annotations_land_on_the_right_lines(repo):
    path, stories = repo
    proc = run_factcheck("check", "stories", "--format", "github", cwd=path)
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")
    annotations = re.findall(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),"
                             r"endLine=(\d+),endColumn=(\d+),title=factcheck \(([a-z-]+)\)::(.*)$",
                             out, re.M)
    assert len(annotations) == sum(len(s.expected) for s in stories)
    for level, file, line, col, end_line, end_col, rule, message in annotations:
        content = (path / file).read_text(encoding="utf-8").split("\n")
        at = content[int(line) - 1][int(col) - 1:int(end_col) - 1]
        if rule == "range-order":
            assert level == "error" and at.lower() == REVERSED and REVERSED in message.lower()
        else:
            assert level == "warning" and at.startswith("<!-- factcheck: disable")
    for story in stories:   # the plain report follows, for what GitHub does not show
        for rule in story.expected:
            assert re.search(rf"^{re.escape(story.path)}:\d+:\d+: \w+ {rule} ", out, re.M)


def test_diff_sees_only_the_changed_stories(repo):
    path, stories = repo
    git(path, "checkout", "-q", "-b", "desk/fix-ranges")
    clean_report = next(s for s in stories if s.kind == "report.md" and not s.reversed)
    broken_html = next(s for s in stories if s.kind == "report.html" and s.reversed)
    new_story = Story("stories/world/new-draft.md", "report.md", True)
    file = path / clean_report.path   # a new error, in a line of its own, below an untouched one
    file.write_text(file.read_text(encoding="utf-8").replace(
        "since the weekend.", f"since the weekend.\n\nOfficials said {REVERSED} fighters had "
        "surrendered."), encoding="utf-8")
    write_story(path, new_story, "raqqa", 12)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "new error, new story")
    file = path / broken_html.path    # fixed in the working tree, not yet committed
    file.write_text(file.read_text(encoding="utf-8").replace(REVERSED, CLEAN), encoding="utf-8")

    proc = run_factcheck("check", "stories", "--diff", "main", "--format", "json", cwd=path)
    report = json.loads(proc.stdout)
    assert [d["path"] for d in report["documents"]] == sorted(
        [new_story.path, clean_report.path, broken_html.path])
    assert proc.returncode == 1

    proc = run_factcheck("check", "stories", "--diff", "main", "--diff-lines", "--format", "json",
                         cwd=path)
    findings = {d["path"]: [(f["rule"], f["line"]) for f in d["findings"]]
                for d in json.loads(proc.stdout)["documents"]}
    added_line = line_of(path, clean_report.path, f"Officials said {REVERSED}")[0]
    assert findings[clean_report.path] == [("range-order", added_line)]
    assert findings[new_story.path] == [("range-order", line_of(path, new_story.path, REVERSED)[0])]
    assert findings[broken_html.path] == []

    bad = run_factcheck("check", "stories", "--diff", "no-such-branch", cwd=path)
    assert bad.returncode == 2 and b"no-such-branch" in bad.stderr


def test_baseline_hides_old_findings_and_shows_new_ones(repo):
    path, stories = repo
    written = run_factcheck("check", "stories", "--write-baseline", "factcheck-baseline.json", cwd=path)
    assert written.returncode == 0, written.stderr
    entries = json.loads((path / "factcheck-baseline.json").read_text())["findings"]
    assert len(entries) == sum(len(s.expected) for s in stories)

    old = next(s for s in stories if s.kind == "report.md" and s.reversed)
    file = path / old.path            # an edit above the old finding, and a new error below it
    file.write_text(file.read_text(encoding="utf-8").replace(
        "# Fighting", "An editor's note.\n\n# Fighting").replace(
        "since the weekend.", f"since the weekend, and {'between 20 and 10'} bridges."),
        encoding="utf-8")
    fixed = next(s for s in stories if s.kind == "report.html" and s.reversed)
    file = path / fixed.path
    file.write_text(file.read_text(encoding="utf-8").replace(REVERSED, CLEAN), encoding="utf-8")

    proc = run_factcheck("check", "stories", "--baseline", "factcheck-baseline.json",
                         "--format", "json", cwd=path)
    report = json.loads(proc.stdout)
    shown = [(d["path"], f["rule"], f["line"]) for d in report["documents"] for f in d["findings"]]
    assert shown == [(old.path, "range-order", line_of(path, old.path, "between 20 and 10")[0])]
    assert proc.returncode == 1
    stale = [line for line in proc.stderr.decode().splitlines() if "stale entry" in line]
    assert len(stale) == 1 and fixed.path in stale[0] and REVERSED in stale[0].lower()


def test_the_composite_action_writes_sarif_and_annotations(repo):
    """Run the shell steps of action.yml as GitHub would, after its install step."""
    path, stories = repo
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = [s for s in action["runs"]["steps"] if "run" in s and "pip install" not in s["run"]]
    env = {**os.environ, "PATH": f"{Path(factcheck_exe()).parent}{os.pathsep}{os.environ['PATH']}",
           "PATHS": "stories", "ARGS": "", "DIFF": "", "SARIF": "factcheck.sarif"}
    codes = [subprocess.run(["bash", "-e", "-c", step["run"]], cwd=path, env=env,
                            capture_output=True, text=True) for step in steps]
    assert [c.returncode for c in codes] == [0, 1], [c.stderr for c in codes]
    jsonschema.validate(json.loads((path / "factcheck.sarif").read_text()), SARIF_SCHEMA)
    assert codes[1].stdout.count("::error file=stories/") == sum(
        "range-order" in s.expected for s in stories)


def test_pre_commit_hook_blocks_a_story_with_an_error_until_it_is_fixed(repo, tmp_path):
    path, stories = repo
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook.update(language="system")   # the hook of this repository, run from the installed factcheck
    (path / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}), encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PATH": f"{Path(factcheck_exe()).parent}{os.pathsep}{os.environ['PATH']}"}
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=path, env=env, check=True, capture_output=True)

    draft = Story("stories/world/draft.md", "report.md", True)
    write_story(path, draft, "raqqa", 11)
    git(path, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-m", "draft"], cwd=path, env=env,
                             capture_output=True, text=True)
    said = blocked.stdout + blocked.stderr    # git shows the hook's output on either
    assert blocked.returncode != 0
    assert f"{draft.path}:{line_of(path, draft.path, REVERSED)[0]}:" in said
    assert "range-order" in said
    assert git(path, "log", "--format=%s") == "stories\n", "the commit was stopped"

    file = path / draft.path
    file.write_text(file.read_text(encoding="utf-8").replace(REVERSED, CLEAN), encoding="utf-8")
    git(path, "add", "-A")
    passed = subprocess.run(["git", "commit", "-m", "draft, fixed"], cwd=path, env=env,
                            capture_output=True, text=True)
    said = passed.stdout + passed.stderr
    assert passed.returncode == 0, said
    assert re.search(r"^factcheck\.+Passed$", said, re.M), said
    assert git(path, "log", "--format=%s") == "draft, fixed\nstories\n"


def test_this_repositorys_hook_manifest_is_valid():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                           str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_diff_outside_a_repository_and_diff_lines_alone_are_usage_errors(tmp_path):
    (tmp_path / "s.md").write_text(f"Officials said {REVERSED} fighters surrendered.\n", encoding="utf-8")
    outside = run_factcheck("check", "s.md", "--diff", "main", cwd=tmp_path)
    assert outside.returncode == 2 and b"not inside a git repository" in outside.stderr
    alone = run_factcheck("check", "s.md", "--diff-lines", cwd=tmp_path)
    assert alone.returncode == 2 and b"--diff-lines needs --diff REF" in alone.stderr


def test_the_readme_configurations_are_valid(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## In CI and on an editor's machine"):]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    configs = [b for b in blocks if b.startswith("repos:")]
    assert len(configs) == 2
    for i, block in enumerate(configs):
        path = tmp_path / f"pre-commit-{i}.yaml"
        path.write_text(block, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    [workflow] = [yaml.safe_load(b) for b in blocks if b.startswith("name:")]
    steps = workflow["jobs"]["factcheck"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert any("--format github" in s.get("run", "") for s in steps)
