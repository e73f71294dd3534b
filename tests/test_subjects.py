"""Subject, predicate, place and time of each figure (issue 3 item 6), through the real pipeline."""
from __future__ import annotations

import pytest

from casefile import case_id, check_passage, claim_with, expected, load_cases
from conftest import SEED

CASES = load_cases("subjects.toml")
FIELDS = ("subject", "subject_key", "predicate", "place", "time")


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_subject_case(case):
    claim = claim_with(check_passage(case["text"], case.get("date")), case["figure"])
    got = {k: getattr(claim, k) for k in FIELDS if k in case}
    want = {k: expected(case[k]) for k in FIELDS if k in case}
    assert got == want
    if "time_period" in case:
        assert claim.extra.get("time_period") == case["time_period"]


SEED_SCOPES = [   # figure, subject_key, predicate, place, time period start (None: no time)
    ("4,000", "people", "trapped", "Raqqa", None),
    ("8,000", "people", "trapped", "Raqqa", None),
    ("700", "people", "evacuated", "Raqqa", "2017-10-09"),
    ("1,000", "people", "killed", "Raqqa", "2017-06-01"),
    ("15", "militants", "surrendered", "Raqqa", "2017-09-20"),
    ("five", "airstrikes", None, "Raqqa", "2017-10-10"),
    ("two", "people", "killed", "Damascus", "2017-10-11"),
    ("17", "people", "killed", "Damascus", "2017-10-02"),
]


@pytest.fixture(scope="module")
def seed_claims():
    from factcheck.load import read_story
    from factcheck.pipeline import Options, check_story
    return check_story(read_story(str(SEED)), Options()).claims


@pytest.mark.parametrize("figure, key, predicate, place, start", SEED_SCOPES)
def test_seed_scope(seed_claims, figure, key, predicate, place, start):
    claim = next(c for c in seed_claims if figure in c.text)
    period = claim.extra.get("time_period")
    assert (claim.subject_key, claim.predicate, claim.place, period[0] if period else None) == \
        (key, predicate, place, start)


def test_seed_trapped_figures_share_scope_but_killed_figures_do_not(seed_claims):
    """What the conflict rule relies on: 4,000 vs 8,000 comparable; 2 vs 17 killed are not."""
    def scope(figure):
        c = next(c for c in seed_claims if figure in c.text)
        return c.subject_key, c.predicate, c.place, c.extra.get("time_period")
    assert scope("4,000") == scope("8,000")
    assert scope("two") != scope("17")
