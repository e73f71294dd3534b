"""Attribution (issue 4): who each figure is attributed to, on real text through the real pipeline."""
from __future__ import annotations

import pytest

from casefile import case_id, check_passage, claim_with, expected, load_cases
from conftest import SEED

CASES = load_cases("attribution.toml")


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_attribution_case(case):
    result = check_passage(case["text"], case.get("date"))
    claim = claim_with(result, case["figure"])
    source = claim.source
    want = expected(case["source"])
    if want is None:
        assert source is None, f"{case['figure']!r} should have no source, got {source}"
        return
    assert source is not None, f"{case['figure']!r} should come from {want!r}"
    assert source.name.lower() == want.lower() or source.name.lower().endswith(" " + want.lower()), source
    for key in ("kind", "role", "affiliation", "relay", "cue"):
        if key in case:
            assert getattr(source, key) == expected(case[key]), (key, source)
    mention = result.story.raw[source.start:source.end]
    assert mention.strip() and mention == mention.strip(), f"source span {mention!r}"
    if "same_as" in case:
        other = claim_with(result, case["same_as"]).source
        assert other is not None and other.identity == source.identity, (source, other)
    if "not_same_as" in case:
        other = claim_with(result, case["not_same_as"]).source
        assert other is None or other.identity != source.identity, (source, other)


SEED_SOURCES = [            # issue 4 item 4: figure -> expected source name (None: unattributed)
    ("8,000", "United Nations"),
    ("1,000", "activists"),
    ("700", "Ryan Dillon"),
    ("300", "Ryan Dillon"),
    ("4 square kilometres", "Ryan Dillon"),
    ("1.5 square miles", "Ryan Dillon"),
    ("15", "Ryan Dillon"),
    ("4,000", "U.S.-led coalition"),
    ("five", "U.S.-led coalition"),
    ("three", "Syrian interior minister"),
    ("two", "Syrian interior minister"),
    ("17", None),
]


@pytest.fixture(scope="module")
def seed_result():
    from factcheck.load import read_story
    from factcheck.pipeline import Options, check_story
    return check_story(read_story(str(SEED)), Options())


@pytest.mark.parametrize("figure, name", SEED_SOURCES)
def test_seed_sources(seed_result, figure, name):
    claim = next(c for c in seed_result.claims if figure in c.text and (figure != "three" or "bombers" in
                                                                          (c.subject or "")))
    if name is None:
        assert claim.source is None
    else:
        assert claim.source is not None and claim.source.name == name, claim.source


def test_seed_identities(seed_result):
    by_text = {c.text: c.source for c in seed_result.claims if c.source}
    dillon = {s.identity for t, s in by_text.items()
              if any(f in t for f in ("700", "300", "4 square", "1.5", "15"))}
    assert len(dillon) == 1
    coalition = {s.identity for t, s in by_text.items() if "4,000" in t or "five" in t}
    assert len(coalition) == 1 and coalition != dillon
    un = by_text[next(t for t in by_text if "8,000" in t)]
    assert un.identity not in dillon | coalition
    four_thousand = by_text[next(t for t in by_text if "4,000" in t)]
    assert four_thousand.relay == "Ryan Dillon" and four_thousand.name != "United Nations"


def test_rule_pack_aliases_give_one_identity(tmp_path):
    """A newsroom's pack adds its own aliases: "MPD" and "Metro Police" become one source."""
    import datetime as dt

    from factcheck.load import make_story
    from factcheck.pipeline import Options, check_story
    (tmp_path / "attribution.toml").write_text(
        '[aliases]\n"Metropolitan Police Department" = ["MPD", "Metro Police"]\n', encoding="utf-8")
    text = "MPD said 14 people were arrested. Metro Police later said 20 were charged."
    story = make_story("passage.txt", text.encode())
    claims = check_story(story, Options(date=dt.date(2017, 10, 11), packs=(str(tmp_path),))).claims
    sources = {c.text: c.source for c in claims}
    assert sources["14"].name == sources["20"].name == "Metropolitan Police Department"
    assert sources["14"].identity == sources["20"].identity
    plain = check_story(make_story("passage.txt", text.encode()), Options(date=dt.date(2017, 10, 11))).claims
    assert plain[0].source.identity != plain[1].source.identity


def test_cue_pattern_finds_every_cue_whole():
    """The cue pattern is built as a trie: each lexicon cue is found whole, the longest first,
    across any run of spaces, and a verb only in lower case."""
    from factcheck.data import load_toml
    from factcheck.mentions import lexicon
    cues = load_toml("attribution.toml")["cues"]
    lex = lexicon()
    for cue in cues["verbs"] + cues["preceding"] + cues["nominal_speech"] + cues["nominal_data"]:
        text = f"x {cue.replace(' ', '  ')} y"
        found = [m.group() for m in lex.cue_re.finditer(text)]
        assert found == [cue.replace(" ", "  ")], (cue, found)
    assert [m.group() for m in lex.cue_re.finditer("They put the figure at 9; she puts 3; Said")] == \
        ["put the figure at", "puts"]
