"""The HTML review report rendered in a real browser (headless Chromium via Playwright)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEED, run_factcheck

FIXTURES = ROOT / "tests" / "fixtures" / "foundation"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    """Debian's chromium; installed here when missing (CI runs as root with the Debian mirror)."""
    found = shutil.which("chromium")
    if not found and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], capture_output=True, timeout=1200,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        found = shutil.which("chromium")
    if not found:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=_chromium(), args=BROWSER_ARGS)
        yield instance
        instance.close()


def _render(browser, html_path: Path, screenshot: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html_path.as_uri())
    (ROOT / "reports").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "reports" / screenshot), full_page=True)
    return page, requests


def _reports(tmp_path: Path, *paths: str) -> tuple[dict, Path]:
    html = tmp_path / "report.html"
    proc = run_factcheck("check", *paths, "--format", "html", "--output", str(html))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    data = json.loads(run_factcheck("check", *paths, "--format", "json").stdout)
    return data, html


def test_seed_report_in_a_browser(browser, tmp_path):
    data, html = _reports(tmp_path, str(SEED))
    page, requests = _render(browser, html, "seed-report.png")
    assert requests == [html.as_uri()], "the page makes no request of its own"
    [doc] = data["documents"]
    ids = page.eval_on_selector_all("mark[data-claim-id]", "ms => ms.map(m => m.dataset.claimId)")
    assert sorted(ids) == sorted(c["id"] for c in doc["claims"]), "one highlight per claim"
    mark = page.locator(f'mark[data-claim-id="{doc["claims"][0]["id"]}"]')
    mark.focus()
    tip = page.evaluate("el => getComputedStyle(el, '::after').content", mark.element_handle())
    assert "source:" in tip and "figure:" in tip, "focus shows the figure's details"
    conflicts = [f for f in doc["findings"] if f["rule"] == "conflicting-figures"]
    assert conflicts, "the seed's 4,000 vs 8,000 trapped"
    links = page.eval_on_selector_all(
        "li.finding", "fs => fs.filter(f => f.textContent.includes('conflicting-figures'))"
                      ".map(f => [...f.querySelectorAll('a')].map(a => a.getAttribute('href')))")
    targets = [page.eval_on_selector(href, "m => m.dataset.claimId") for href in links[0]]
    assert sorted(targets) == sorted(conflicts[0]["claims"]), "the conflict links to both figures"
    assert page.locator("li.finding .sev").first.inner_text().lower() in ("error", "warning", "info")
    assert page.locator("table th", has_text="United Nations").count() >= 1, "figures by subject"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("A", "MARK"), "keyboard reaches the report"
    page.close()


def test_multi_story_index_in_a_browser(browser, tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    shutil.copy(SEED, stories / SEED.name)
    for name in ("story.md", "story.html"):
        shutil.copy(FIXTURES / name, stories / name)
    data, html = _reports(tmp_path, str(stories))
    page, requests = _render(browser, html, "multi-report.png")
    assert requests == [html.as_uri()]
    rows = page.locator("#index-h ~ table tbody tr")
    assert rows.count() == len(data["documents"]) == 3
    for n, doc in enumerate(data["documents"]):
        ids = page.eval_on_selector_all(f"#story-{n} mark[data-claim-id]", "ms => ms.map(m => m.dataset.claimId)")
        assert sorted(ids) == sorted(c["id"] for c in doc["claims"]), doc["path"]
    page.close()


def test_report_dir_gets_a_copy(tmp_path):
    out = tmp_path / "reports"
    proc = run_factcheck("check", str(SEED), "--format", "concise", "--report-dir", str(out))
    assert proc.returncode in (0, 1)
    page = (out / "raqqa-2017-10-11.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "data-claim-id" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_show_prints_the_story_with_sources_and_findings():
    proc = run_factcheck("show", str(SEED), "--claims", env={"COLUMNS": "160"})
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "United Nations" in out and "Figures by subject" in out
    assert "The United Nations estimates 8,000" in out.replace("\n", " ").replace("S1", "")
    assert "conflicting-figures" in out, "findings beneath their paragraphs"
