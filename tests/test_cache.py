"""The cache: unchanged stories are not checked again, anything else is; a bad entry is a
miss, never an error; the cache never lands inside the folders being checked."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED, report_of, story_folder
from factcheck.cache import CACHE_DIR, Cache, cache_root, dumps, loads
from factcheck.pipeline import Options
from factcheck.runner import check_path



@pytest.fixture
def project(tmp_path) -> Path:
    """A newsroom folder: stories/ with real stories of each format, checked from the folder."""
    story_folder(tmp_path / "stories", ["14-nasa-exoplanets-6000-2025-09-17.md",
                                         "26-afghan-police-hq-attack-2019-05-12.html",
                                         "02-iraq-funeral-bombing-2008-04-17.txt"])
    return tmp_path


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).rglob("*.json"))


def test_a_result_survives_the_cache_whole():
    result = check_path(str(SEED), Options())
    again = loads(dumps(result))
    assert (again.claims, again.dates, again.findings, again.sentences) == \
        (result.claims, result.dates, result.findings, result.sentences)
    assert again.story.raw == result.story.raw and again.story.text == result.story.text
    assert again.story.dateline == result.story.dateline and again.story.position(900) == result.story.position(900)
    assert dumps(again) == dumps(result)


def test_second_run_reuses_the_cache_and_reports_the_same(project):
    first, proc = report_of("stories", "--jobs", "2", cwd=project)
    entries = _entries(project)
    assert len(entries) == 4 and proc.returncode in (0, 1)
    # an entry edited behind factcheck's back shows through: the story was not checked again
    entry = next(e for e in entries if SEED.name in e.read_text())
    edited = entry.read_text().replace('"text":"8,000"', '"text":"8,000 (cached)"')
    assert "(cached)" in edited
    entry.write_text(edited)
    second, _ = report_of("stories", "--jobs", "2", cwd=project)
    assert "8,000 (cached)" in [c["text"] for d in second["documents"] for c in d["claims"]]
    entry.write_text("{ not json")                         # a corrupt entry is a miss
    third, proc = report_of("stories", "--jobs", "2", cwd=project)
    assert third == first and proc.returncode in (0, 1) and b"Traceback" not in proc.stderr


def test_cross_story_findings_come_back_from_cached_claims(project):
    story = project / "stories" / SEED.name
    shutil.copy(story, project / "stories" / "raqqa-copy-2017-10-11.txt")
    text = story.read_text(encoding="utf-8").replace("8,000", "9,500")
    (project / "stories" / "raqqa-later-2017-10-11.txt").write_text(text, encoding="utf-8")
    cold, _ = report_of("stories", cwd=project)
    warm, _ = report_of("stories", cwd=project)
    assert cold["findings"] and warm == cold


def test_a_changed_story_or_changed_options_are_checked_again(project):
    report_of("stories", cwd=project)
    before = set(_entries(project))
    story = project / "stories" / SEED.name
    story.write_text(story.read_text(encoding="utf-8").replace("8,000", "9,000"), encoding="utf-8")
    report, _ = report_of("stories", cwd=project)
    assert "9,000" in {c["text"] for d in report["documents"] for c in d["claims"]}
    assert len(set(_entries(project)) - before) == 1        # only the edited story was checked
    report_of("stories", "--ignore", "unattributed-figure", cwd=project)
    assert len(set(_entries(project)) - before) == 5        # other options: every story again


def test_no_cache_writes_nothing(project):
    report_of("stories", "--no-cache", cwd=project)
    assert not (project / CACHE_DIR).exists()


def test_the_cache_never_lands_in_a_checked_folder(project):
    (project / "stories" / ".factcheck.toml").write_text('ignore = ["range-order"]\n')
    report_of("stories", cwd=project)
    assert not (project / "stories" / CACHE_DIR).exists()
    assert _entries(project)                               # the current folder's cache instead
    assert (project / CACHE_DIR / "CACHEDIR.TAG").is_file()


def test_cache_goes_next_to_the_configuration(tmp_path, monkeypatch):
    (tmp_path / "stories").mkdir()
    (tmp_path / "site" / "drafts").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "site" / "drafts")
    here = tmp_path / "site" / "drafts" / CACHE_DIR
    assert cache_root([str(tmp_path / "stories")]) == here
    assert cache_root([str(tmp_path / "stories")], tmp_path / "site") == tmp_path / "site" / CACHE_DIR
    assert cache_root([str(tmp_path / "site")], tmp_path / "site") == here    # inside what is checked
    assert cache_root(["."], tmp_path / "site" / "drafts") == here            # the cwd's own cache


def test_a_cache_that_cannot_be_written_is_not_fatal(project):
    (project / CACHE_DIR).write_text("a file where the cache folder would go")
    report, proc = report_of("stories", cwd=project)
    assert proc.returncode in (0, 1) and report["summary"]["documents"] == 4
    assert b"cannot write the cache" in proc.stderr and b"Traceback" not in proc.stderr


def test_unreadable_story_is_never_cached(tmp_path):
    cache = Cache(tmp_path / CACHE_DIR)
    assert cache.key(str(tmp_path / "missing.txt"), Options()) is None
    big = tmp_path / "big.txt"
    big.write_text("x" * 100)
    assert cache.key(str(big), Options(max_bytes=10)) is None
    assert cache.get("0" * 64) is None
