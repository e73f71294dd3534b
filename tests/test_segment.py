"""Sentences: the quick pass gives pysbd's sentences, and a paragraph it cannot vouch for
goes to pysbd itself; headlines are the short lines that stand alone (factcheck/segment.py)."""
from __future__ import annotations

from pathlib import Path

import pysbd
import pytest

from factcheck.load import make_story
from factcheck.segment import _paragraphs, _pieces, _quick, headlines, segment

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted((ROOT / "tests" / "devset" / "stories").glob("*")) + sorted((ROOT / "seeds").glob("*.txt"))
PYSBD = pysbd.Segmenter(language="en", clean=False)


def _by_pysbd(piece: str) -> list[str]:
    return [s.strip() for s in PYSBD.segment(piece) if s.strip()]


def _by_quick(piece: str) -> list[str] | None:
    body = piece.rstrip()
    spans = _quick(body)
    return None if spans is None else [body[a:b].strip() for a, b in spans if body[a:b].strip()]


def test_the_quick_pass_agrees_with_pysbd_on_every_paragraph_of_the_stories():
    pieces = quick = 0
    for path in STORIES:
        text = make_story(str(path), path.read_bytes()).text
        for _, block in _paragraphs(text):
            for a, b in _pieces(block):
                piece = block[a:b]
                if not piece.strip():
                    continue
                pieces += 1
                mine = _by_quick(piece)
                if mine is not None:
                    quick += 1
                    assert mine == _by_pysbd(piece), f"{path.name}: {piece!r}"
    assert pieces > 300 and quick > 0.85 * pieces       # most news paragraphs need no pysbd


@pytest.mark.parametrize("piece", [
    "The U.S. military said 4,000 civilians were trapped. The UN said 8,000.",
    "Col. Ryan Dillon told The Associated Press that up to 15 surrendered. No. 10 said nothing.",
    "It rose 3.5 percent in the year to Oct. 11, the agency said. Officials met at 7 a.m. Friday.",
    "George W. Bush met Sen. John McCain on Main St. in Washington, D.C. on Tuesday.",
    '"We have evacuated 700 people. More will follow," Dillon said. He declined to say more.',
    'He said "the fighting is over." The coalition disagreed (it put the toll at 1,000.) Then it left.',
    "(Reuters) The toll rose to 17. Activists said over 1,000 were killed, including 300 children.",
    "Prices at Acme Inc. the maker of widgets fell 5% to $3.2 billion, e.g. in Europe, etc. and Asia.",
    "Visit www.example.org or write to press@example.org for the 2017 report. It has 40 pages.",
    "The 4.5-magnitude quake struck at 3:15 p.m. local time. At least two people died.",
    "The trend has turned into ... a broader effort. It grew... Officials left.",
    "A line that ends with a full stop.\nThe next line, Gen. Smith said, is another sentence.",
    "Where were they? Nobody knows. \"Who counts them?\" he asked (and who pays?) Nobody did.",
    "The toll -- 17 by Oct. 11. or more? -- is disputed. Officials left.",
])
def test_the_quick_pass_gives_pysbds_sentences(piece):
    assert _by_quick(piece) == _by_pysbd(piece)


@pytest.mark.parametrize("piece", [
    "Where were they?? Nobody knows.",         # a double question mark
    "They left . . . Then they came back.",    # a spaced-out ellipsis
    "It was 12.\n13. The list went on.",      # a line that starts with a number and a full stop
    "a. first item b. second item",            # a list
    "It was 'over.' Then it began again.",     # a single quotation
])
def test_what_the_quick_pass_does_not_know_goes_to_pysbd(piece):
    assert _by_quick(piece) is None
    text = piece + "\n"
    expected = []
    for s in _by_pysbd(piece):
        start = text.find(s, expected[-1][1] if expected else 0)
        expected.append((start, start + len(s)))
    assert [(s.start, s.end) for s in segment(text)] == expected


HEADLINE_CASES = [
    ("113 Dead, 2,600 Injured in China Earthquake\n\nThe quake struck on Saturday.", [True, False]),
    ("By Lisa Schlein\n\nGeneva\n\nThe agency says 8.4 million people are refugees.", [True, True, False]),
    ("Chinese state media say the death toll from a powerful earthquake that struck the western region "
     "of Sichuan Saturday morning has climbed to at least 113 people, with more than 2,600 injured\n\n"
     "Xinhua said the toll could rise.", [False, False]),
    ("Officials said 40 people died.\n\n\"We are still searching,\" he said.", [False, False]),
    ("Burma Says 78,000 Dead, 56,000 Missing After Cyclone Nargis\nBy VOA News\n16 May 2008\n\n"
     "Burma's state media say the death toll has reached almost 78,000.", [True, True, True, False]),
]


@pytest.mark.parametrize("text, expected", HEADLINE_CASES)
def test_headlines_are_short_lines_standing_alone(text, expected):
    sentences = segment(text)
    heads = headlines(text, sentences, max_words=24)
    assert [s.index in heads for s in sentences] == expected


def test_a_story_with_no_blank_line_writes_a_paragraph_per_line():
    text = ("U.N. agencies report about 270,000 Rohingya have fled violence in Myanmar over the past two weeks.\n"
            "Aid agencies are scaling up their emergency relief for Muslim Rohingya in Bangladesh this week.\n"
            "U.N. refugee spokeswoman Duniya Aslam Khan says refugee camps are overloaded and full.")
    assert [s.paragraph for s in segment(text)] == [0, 1, 2]


def test_hard_wrapped_text_with_no_blank_line_stays_one_paragraph():
    text = ("U.N. agencies report about 270,000 Rohingya have fled violence and persecution in\n"
            "mainly Buddhist Myanmar over the past two weeks in search of refuge in neighboring\n"
            "Bangladesh. Aid agencies are scaling up their emergency relief for Muslim Rohingya in\n"
            "Bangladesh to meet the needs of the burgeoning refugee population this week.")
    assert {s.paragraph for s in segment(text)} == {0}


def test_a_hard_wrapped_sentence_is_one_sentence():
    text = ("The number of wage and salary workers belonging to unions, at 14.8\n"
            "million in 2015, was little different from 2014. In 1983, the first year for which\n"
            "comparable union data are available, the rate was 20.1 percent.")
    assert len(segment(text)) == 2
