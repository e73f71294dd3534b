"""Cross-story findings: one thing given figures that cannot both be true in two stories,
with time taken into account, found by grouping rather than by comparing every pair."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import report_of, run_factcheck
from factcheck import crossstory
from factcheck.crossstory import Comparison, CrossIndex, records
from factcheck.pipeline import Options
from factcheck.runner import check_path


def story(folder, name: str, day: str, body: str) -> str:
    d = dt.date.fromisoformat(day)
    path = folder / f"{name}-{day}.txt"
    path.write_text(f"Raqqa report\n\n{d:%B} {d.day}, {d.year}\n\n{body}\n", encoding="utf-8")
    return path.name


def cross(folder, *extra: str) -> list[dict]:
    report, proc = report_of(".", "--no-cache", *extra, cwd=folder)
    assert proc.returncode in (0, 1), proc.stderr
    return report["findings"]


def test_two_stories_of_one_day_that_disagree(tmp_path):
    a = story(tmp_path, "a", "2017-10-11", "The coalition estimates 4,000 civilians are trapped in Raqqa.")
    b = story(tmp_path, "b", "2017-10-11", "The United Nations says 8,000 civilians are trapped in Raqqa.")
    [finding] = cross(tmp_path)
    assert finding["rule"] == "conflicting-figures" and finding["severity"] == "warning"
    assert finding["claims"] == [f"./{a}#c1", f"./{b}#c1"]
    assert '"4,000"' in finding["message"] and '"8,000"' in finding["message"]
    assert "United Nations" in finding["message"] and "coalition" in finding["message"]
    assert [loc["line"] for loc in finding["locations"]] == [5, 5]
    concise = run_factcheck("check", ".", "--no-cache", "--format", "concise", cwd=tmp_path).stdout.decode()
    assert f"./{a}: warning conflicting-figures Stories disagree" in concise


def test_figures_that_agree_are_not_flagged(tmp_path):
    story(tmp_path, "a", "2017-10-11", "Activists said at least 30 people were killed in Raqqa.")
    story(tmp_path, "b", "2017-10-11", "Activists said 34 people were killed in Raqqa.")
    story(tmp_path, "c", "2017-10-11", "Activists said about 32 people were killed in Raqqa.")
    assert cross(tmp_path) == []


def test_a_running_toll_may_rise_but_not_fall(tmp_path):
    story(tmp_path, "a", "2017-10-11", "Activists said 20 people were killed in Raqqa.")
    story(tmp_path, "b", "2017-10-14", "Activists said 31 people were killed in Raqqa.")
    assert cross(tmp_path) == []                                        # rising: no conflict
    later = story(tmp_path, "c", "2017-10-16", "Activists said 12 people were killed in Raqqa.")
    [finding] = cross(tmp_path)
    assert "falls" in finding["message"] and '"31"' in finding["message"] and '"12"' in finding["message"]
    assert finding["claims"][0] == f"./{later}#c1"                    # the story to look at first
    assert finding["severity"] == "error"                               # one source, two totals


def test_totals_far_apart_in_time_are_other_events(tmp_path):
    story(tmp_path, "a", "2017-10-11", "Activists said 31 people were killed in Raqqa.")
    story(tmp_path, "b", "2018-03-02", "Activists said 12 people were killed in Raqqa.")
    assert cross(tmp_path) == []


def test_a_figure_that_is_not_a_total_may_change_from_day_to_day(tmp_path):
    story(tmp_path, "a", "2017-10-11", "The coalition estimates 4,000 civilians are trapped in Raqqa.")
    story(tmp_path, "b", "2017-10-14", "The coalition estimates 1,500 civilians are trapped in Raqqa.")
    assert cross(tmp_path) == []


def test_one_story_contradicting_itself_is_left_to_the_story_rule(tmp_path):
    story(tmp_path, "a", "2017-10-11", "The coalition estimates 4,000 civilians are trapped in Raqqa. "
                                       "The United Nations says 8,000 civilians are trapped in Raqqa.")
    story(tmp_path, "b", "2017-10-11", "Activists said 34 people were killed in Raqqa.")
    assert cross(tmp_path) == []


def test_the_rule_selection_applies_across_stories(tmp_path):
    story(tmp_path, "a", "2017-10-11", "The coalition estimates 4,000 civilians are trapped in Raqqa.")
    story(tmp_path, "b", "2017-10-11", "The United Nations says 8,000 civilians are trapped in Raqqa.")
    assert cross(tmp_path, "--ignore", "conflicting-figures") == []
    [finding] = cross(tmp_path, "--severity", "conflicting-figures=info")
    assert finding["severity"] == "info"


@pytest.fixture
def killed_record(tmp_path) -> crossstory.Record:
    story(tmp_path, "a", "2017-10-11", "Activists said 20 people were killed in Raqqa.")
    result = check_path(str(next(tmp_path.iterdir())), Options())
    [record] = records(result, 0)
    assert record.key[:3] == ("people", "killed", "raqqa")
    return record


def test_comparison_is_linear_in_the_number_of_claims(killed_record, monkeypatch):
    calls = 0
    real_agree = crossstory.agree

    def counting(*args):
        nonlocal calls
        calls += 1
        return real_agree(*args)

    monkeypatch.setattr(crossstory, "agree", counting)
    settings = Comparison.load()
    for n in (500, 2000):
        calls = 0
        index = CrossIndex()
        index.add(dataclasses.replace(killed_record, order=i, path=f"s{i}.txt", claim=dataclasses.replace(
            killed_record.claim, text=str(10 + i), value=10 + i, low=10 + i, high=10 + i)) for i in range(n))
        found = index.findings(settings)
        assert calls <= 2 * n                          # every figure against two extremes at most
        assert len(found) == n - 1                     # every figure but the lowest is too high for it
        assert found[0].claims[0] == "s0.txt#c1"


def test_the_order_of_arrival_does_not_change_the_findings(killed_record):
    settings = Comparison.load()
    made = [dataclasses.replace(killed_record, order=i, path=f"s{i}.txt",
                                claim=dataclasses.replace(killed_record.claim, text=str(v), value=v, low=v, high=v))
            for i, v in enumerate([20, 40, 20, 90, 40])]
    forward, backward = CrossIndex(), CrossIndex()
    forward.add(made)
    backward.add(reversed(made))
    assert forward.findings(settings) == backward.findings(settings)
    assert len(forward.findings(settings)) == 2        # 20 (two stories) vs 90, and 40 (two) vs 90
