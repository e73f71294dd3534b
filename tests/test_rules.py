"""The rules on real sentences, through the real pipeline.

Every file `tests/cases/rules/<rule-id>.toml` holds `[[case]]` tables run here
one by one with only that rule selected:

    [[case]]
    name = "a conversion that does not hold"     # shown in the test id
    text = "The convoy travelled 50 km (20 miles)."
    flag = true                # the rule must fire (false: must not fire)
    severity = "error"         # optional: every finding's severity
    figures = ["50 km", "20 miles"]   # optional: texts of the claims (or dates)
                               # one finding names, in order
    count = 1                  # optional: exact number of findings
    dateline = "2017-10-11"    # optional: the story's date (--date)
    settings = '''
    [unit-conversion]
    slack = 0.05
    '''                        # optional: a rule pack's settings.toml, merged over
                               # the built-in one (see rules/README.md)
    rates = '''
    house = "US dollar"
    rates = { euro = 1.1 }
    '''                        # optional: the pack's rates.toml
"""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from factcheck.checks import RULES, Selection
from factcheck.load import make_story
from factcheck.pipeline import Options, check_story

from conftest import ROOT, SEED, report_of, run_factcheck

CASES = ROOT / "tests" / "cases" / "rules"
CONTRACT = (ROOT.parent / "shared" / "contract" / "REPORT.md").read_text(encoding="utf-8")
CONTRACT_IDS = [line.split("`")[1] for line in CONTRACT.split("## Rule ids")[1].splitlines()
                if line.startswith("| `")]


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        rule = path.stem
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for i, case in enumerate(data["case"]):
            yield pytest.param(rule, case, id=f"{rule}:{i + 1}:{case['name']}")


def _pack(tmp_path: Path, case: dict) -> tuple[str, ...]:
    """A rule pack holding the case's `settings` (as settings.toml) and `rates` (as rates.toml)."""
    files = {name: case[key] for key, name in (("settings", "settings.toml"), ("rates", "rates.toml"))
             if key in case}
    for name, toml_text in files.items():
        (tmp_path / name).write_text(toml_text, encoding="utf-8")
    return (str(tmp_path),) if files else ()


def _texts(result, finding) -> list[str]:
    by_id = {c.id: c.text for c in result.claims}
    texts = [by_id[i] for i in finding.claims if i in by_id]
    return texts or [result.story.raw[finding.start:finding.end]]


def test_every_contract_rule_has_ten_cases():
    for rule_id in CONTRACT_IDS:
        with (CASES / f"{rule_id}.toml").open("rb") as fh:
            cases = tomllib.load(fh)["case"]
        assert len(cases) >= 10 and {c["flag"] for c in cases} == {True, False}, rule_id


@pytest.mark.parametrize("rule, case", list(_cases()))
def test_case(rule: str, case: dict, tmp_path: Path):
    options = Options(selection=Selection(select=(rule,)), packs=_pack(tmp_path, case),
                      date=dt.date.fromisoformat(case["dateline"]) if "dateline" in case else None)
    result = check_story(make_story("story.txt", case["text"].encode("utf-8")), options)
    findings = [f for f in result.findings if f.rule == rule]
    shown = [(f.severity, f.message, _texts(result, f)) for f in findings]
    if not case["flag"]:
        assert not findings, shown
        return
    claims = [(c.text, c.unit, c.subject_key, c.predicate, c.place, c.time) for c in result.claims]
    assert findings, f"{rule} did not fire; claims: {claims}"
    if "count" in case:
        assert len(findings) == case["count"], shown
    if "severity" in case:
        assert all(f.severity == case["severity"] for f in findings), shown
    if "figures" in case:
        assert any(_texts(result, f) == case["figures"] for f in findings), shown
    for f in findings:
        assert f.message and f.hint, shown


# -- the reference story ------------------------------------------------------------------------

def test_seed_findings():
    """The issue's definition of done on seeds/raqqa-2017-10-11.txt."""
    result = check_story(make_story(str(SEED), SEED.read_bytes()), Options())
    by_id = {c.id: c for c in result.claims}
    conflicts = [f for f in result.findings if f.rule == "conflicting-figures"]
    assert [f.severity for f in conflicts] == ["warning"], [f.message for f in conflicts]
    assert sorted(by_id[i].text for i in conflicts[0].claims) == ["8,000", "an estimated 4,000"]
    assert not [f for f in result.findings if f.severity == "error"], \
        [f.message for f in result.findings if f.severity == "error"]
    for f in result.findings:
        texts = " ".join(by_id[i].text for i in f.claims if i in by_id)
        assert not (f.rule in ("unit-conversion", "unit-mismatch") and "square" in texts), f.message
        assert not (f.rule == "conflicting-figures" and "17" in texts), f.message
    assert not [f for f in result.findings if f.rule == "weekday-date"]


# -- the command line ---------------------------------------------------------------------------

def _fired(*args: str) -> tuple[dict[str, set[str]], int]:
    """{rule id: severities} of the seed's findings with these options, and the exit code."""
    report, proc = report_of(str(SEED), *args)
    fired: dict[str, set[str]] = {}
    for f in report["documents"][0]["findings"]:
        fired.setdefault(f["rule"], set()).add(f["severity"])
    return fired, proc.returncode


def test_cli_select_ignore_severity():
    everything, _ = _fired()
    assert everything["conflicting-figures"] == {"warning"}
    assert _fired("--select", "conflicting-figures") == ({"conflicting-figures": {"warning"}}, 0)
    ignored, _ = _fired("--ignore", "conflicting-figures")
    assert ignored == {k: v for k, v in everything.items() if k != "conflicting-figures"}
    assert _fired("--select", "conflicting-figures", "--severity", "conflicting-figures=error") == \
        ({"conflicting-figures": {"error"}}, 1)
    off, _ = _fired("--severity", "conflicting-figures=off")
    assert "conflicting-figures" not in off and off


@pytest.mark.parametrize("args", [("--select", "no-such-rule"), ("--severity", "arithmetic=fatal")])
def test_cli_rejects_bad_selection(args):
    proc = run_factcheck("check", str(SEED), *args)
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1


def test_cli_rules_lists_every_contract_rule():
    listing = run_factcheck("rules").stdout.decode().splitlines()
    assert len(CONTRACT_IDS) == 9
    for rule_id in CONTRACT_IDS:
        row = next(line for line in listing if line.split()[0] == rule_id)
        assert row.split()[1] == RULES[rule_id].severity and len(row.split()) > 3


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_cli_rule_documentation(rule_id):
    proc = run_factcheck("rule", rule_id)
    text = proc.stdout.decode()
    assert proc.returncode == 0
    for section in ("What it checks", "Why it matters", "Example (flagged)", "Correct form", "Settings"):
        body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
        assert body.strip(), section


# -- the documentation's own examples -----------------------------------------------------------

@pytest.mark.parametrize("rule_id", sorted(CONTRACT_IDS))
def test_documented_example_is_flagged_and_correct_form_is_not(rule_id):
    rule = RULES[rule_id]
    options = Options(selection=Selection(select=(rule_id,)))
    flagged = check_story(make_story("example.txt", rule.example.strip().encode("utf-8")), options)
    assert [f for f in flagged.findings if f.rule == rule_id], rule.example
    fixed = check_story(make_story("correct.txt", rule.correct.strip().encode("utf-8")), options)
    assert not [f.message for f in fixed.findings if f.rule == rule_id]
