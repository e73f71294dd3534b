"""The foundation, end to end through the real `factcheck` entry point (issue 2)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, report_of, run_factcheck

FIXTURES = ROOT / "tests" / "fixtures" / "foundation"
CONTRACT_IDS = {"unit-conversion", "unit-mismatch", "conflicting-figures", "range-order",
                "percent-bounds", "parts-exceed-total", "arithmetic", "weekday-date",
                "unattributed-figure"}
REVERSED = "Between 400 and 300 militants are believed to be holed up in the city.\n"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = re.split(r"\r\n|\r|\n", text[:offset])
    return len(before), len(before[-1]) + 1


def _assert_offsets(doc: dict, text: str) -> None:
    for item in doc["claims"] + doc["dates"] + doc["findings"]:
        if "text" in item:
            assert text[item["start"]:item["end"]] == item["text"], item
        assert (item["line"], item["column"]) == _line_col(text, item["start"]), item


def test_seed_report_is_a_valid_contract_report(seed_text):
    report, proc = report_of(str(SEED))
    assert proc.returncode in (0, 1), proc.stderr
    assert report["schema"] == "factcheck-report/1"
    assert report["tool"]["name"] == "factcheck"
    [doc] = report["documents"]
    assert doc["path"] == str(SEED)
    assert doc["dateline"] == "2017-10-11"
    assert doc["claims"], "the seed has figures"
    ids = [c["id"] for c in doc["claims"]]
    assert len(ids) == len(set(ids))
    for claim in doc["claims"]:
        assert claim["kind"] in {"count", "measure", "money", "percent", "duration", "ratio"}
        assert claim["qualifier"] in {"exact", "approximate", "at-least", "more-than", "at-most",
                                      "less-than", "range", "vague"}
        if claim["low"] is not None and claim["high"] is not None:
            assert claim["low"] <= claim["high"]
    _assert_offsets(doc, seed_text)
    summary = report["summary"]
    assert summary["documents"] == 1 and summary["claims"] == len(doc["claims"])
    severities = [f["severity"] for f in doc["findings"]]
    assert summary["errors"] == severities.count("error")
    assert summary["warnings"] == severities.count("warning")


def test_output_is_deterministic(tmp_path):
    for name in ("story.md", "story.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    shutil.copy(SEED, tmp_path / SEED.name)
    first = run_factcheck("check", str(tmp_path), "--format", "json").stdout
    second = run_factcheck("check", str(tmp_path), "--format", "json").stdout
    assert first and first == second


def _fixture_report(name: str, dateline_from: str) -> tuple[dict, list[str]]:
    """The report of a fixture story, its offsets and dateline checked; and its claims' texts."""
    report, _ = report_of(str(FIXTURES / name))
    [doc] = report["documents"]
    assert doc["dateline"] == "2017-10-11", dateline_from
    _assert_offsets(doc, (FIXTURES / name).read_text(encoding="utf-8"))
    return doc, [c["text"] for c in doc["claims"]]


def test_markdown_offsets_and_hidden_parts():
    doc, texts = _fixture_report("story.md", "front matter date")
    assert not [t for t in texts if re.search(r"91\d\d", t)], \
        f"front matter, link targets, comments, alt text and code are not story text: {texts}"
    assert any("700" in t for t in texts) and any("300" in t and "400" in t for t in texts)
    assert any(t.startswith("45") for t in texts), "emphasised figures are still figures"


def test_html_offsets_and_article_only():
    doc, texts = _fixture_report("story.html", "article:published_time")
    assert not [t for t in texts if re.search(r"92\d\d", t)], \
        f"head, script, style, nav, header, aside and footer are not story text: {texts}"
    assert any("700" in t for t in texts) and any("45" in t for t in texts)
    km = [c for c in doc["claims"] if "12" in c["text"]]
    assert km and km[0]["unit"] == "kilometre", "a no-break space entity joins figure and unit"
    assert km[0]["text"].endswith("kilometres")


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The council said 45 families left the city on Monday.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(REVERSED, encoding="utf-8")
    assert run_factcheck("check", str(clean)).returncode == 0
    proc = run_factcheck("check", str(bad))
    assert proc.returncode == 1
    assert "range-order" in proc.stdout.decode()
    assert run_factcheck("check", str(bad), "--fail-on", "never").returncode == 0
    assert run_factcheck("check", str(bad), "--ignore", "range-order").returncode == 0
    assert run_factcheck("check", str(bad), "--severity", "range-order=warning").returncode == 0
    assert run_factcheck("check", str(bad), "--severity", "range-order=warning",
                         "--fail-on", "warning").returncode == 1
    usage = run_factcheck("check", str(bad), "--select", "no-such-rule")
    assert usage.returncode == 2 and b"unknown rule" in usage.stderr
    assert run_factcheck("check", "x.txt", "--format", "yaml").returncode == 2


def test_missing_file_among_good_ones_exits_2_and_reports_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REVERSED, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    report, proc = report_of(str(good), str(missing), str(SEED))
    assert proc.returncode == 2
    assert [d["path"] for d in report["documents"]] == [str(good), str(SEED)]
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "no such file" in lines[0]
    assert "Traceback" not in proc.stderr.decode()


def test_windows_1252_is_read_with_a_notice(tmp_path):
    story = tmp_path / "word.txt"
    story.write_bytes("Officials said \u201cat least 700\u201d civilians left.\n".encode("cp1252"))
    report, proc = report_of(str(story))
    assert proc.returncode == 0
    assert b"Windows-1252" in proc.stderr
    [doc] = report["documents"]
    assert any("700" in c["text"] for c in doc["claims"])


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    story = tmp_path / "bom.txt"
    story.write_bytes(b"\xef\xbb\xbfAt least 700 civilians left.\n")
    report, _ = report_of(str(story))
    [claim] = [c for c in report["documents"][0]["claims"] if "700" in c["text"]]
    assert claim["start"] == 0 and claim["column"] == 1


def test_concise_and_full_formats(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("# Raqqa\n\n" + REVERSED, encoding="utf-8")
    concise = run_factcheck("check", str(bad), "--format", "concise").stdout.decode()
    first = concise.splitlines()[0]
    assert re.match(re.escape(str(bad)) + r":3:1: error range-order .*400.*300", first), first
    full = run_factcheck("check", str(bad), "--format", "full").stdout.decode()
    assert "range-order" in full and "3:1" in full and "Between 400 and 300" in full
    assert "1 story checked" in full and "\x1b[" not in full, "no colour when not a terminal"
    forced = run_factcheck("check", str(bad), "--format", "full", env={"FORCE_COLOR": "1"}).stdout.decode()
    assert "\x1b[" in forced


def test_output_file_and_claims_table(tmp_path):
    out = tmp_path / "report.json"
    proc = run_factcheck("check", str(SEED), "--format", "json", "--output", str(out))
    assert proc.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["claims"]
    table = run_factcheck("check", str(SEED), "--claims", "--format", "full").stdout.decode()
    assert "Figures in" in table and "8,000" in table and "United Nations" in table


def test_standard_input_with_a_name():
    data = (FIXTURES / "story.md").read_bytes()
    report, proc = report_of("-", "--stdin-filename", "drafts/story.md", stdin=data)
    [doc] = report["documents"]
    assert doc["path"] == "drafts/story.md" and doc["format"] == "markdown"
    assert not [c for c in doc["claims"] if "91" in c["text"]]


def test_directory_walk_is_sorted_and_filtered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b/two.md", "a.txt", "c.html", ".hidden/x.txt", ".git/y.txt", "notes.rst",
                "b/skip-me.txt"):
        (tmp_path / rel).write_text("<p>At least 700 civilians left.</p>\n", encoding="utf-8")
    report, _ = report_of(str(tmp_path), "--exclude", "skip-*")
    paths = [os.path.relpath(d["path"], tmp_path) for d in report["documents"]]
    assert paths == ["a.txt", os.path.join("b", "two.md"), "c.html"], "sorted by path"
    only_md, _ = report_of(str(tmp_path), "--include", "*.md")
    assert [os.path.basename(d["path"]) for d in only_md["documents"]] == ["two.md"]


def test_rules_listing_and_documentation():
    listing = run_factcheck("rules").stdout.decode()
    listed = {line.split()[0] for line in listing.splitlines() if line.strip()}
    assert CONTRACT_IDS <= listed
    doc = run_factcheck("rule", "range-order").stdout.decode()
    for section in ("What it checks", "Why it matters", "Example (flagged)", "Correct form", "Settings"):
        assert f"## {section}" in doc
    assert run_factcheck("rule", "nope").returncode == 2


def test_readme_quick_start_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert len(commands) == 2
    assert "factcheck check seeds/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_seed_copy_is_byte_identical():
    shared = ROOT.parent / "shared" / "seeds" / SEED.name
    if not shared.exists():
        pytest.skip("../shared is not beside this clone")
    assert shared.read_bytes() == SEED.read_bytes()


def test_plain_install_works_from_another_directory(tmp_path):
    """A non-editable build of the package, with its rule data, run from elsewhere."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True, capture_output=True, timeout=600)
    assert (target / "factcheck" / "ruledata" / "settings.toml").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    story = elsewhere / "story.txt"
    story.write_text(REVERSED, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import factcheck, sys; from factcheck.cli import main; "
            "assert factcheck.__file__.startswith(sys.argv[1]), factcheck.__file__; "
            "sys.exit(main(['check', 'story.txt', '--format', 'concise']))")
    proc = subprocess.run([sys.executable, "-c", code, str(target)], cwd=elsewhere, env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr.decode()
    assert b"range-order" in proc.stdout
