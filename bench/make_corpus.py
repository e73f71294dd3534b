"""Generate a corpus of realistic news stories for benchmarks and scale tests.

Every story is built from the real stories in `tests/devset/stories/` and
`seeds/` (plain text and Markdown): a base story, then paragraphs of other
stories as a wire round-up does, until the story reaches its length (380 to
about 1,000 words, about 740 on average). Each story then varies:

- figures: about a third of the numbers are scaled (by 0.6 to 1.5) and
  rewritten as the story wrote them (thousands separators, decimals);
- places: with probability 0.4 the places it names are swapped, consistently,
  for other places of the same kind of news;
- dates: the dateline and every full date move by the same whole number of
  weeks, so weekdays stay right; stories of one base often share a dateline,
  so the corpus has stories of one day about one thing that disagree.

One in seven stories is written as Markdown with front matter. The output is
the same for the same sources, count and seed.

    python bench/make_corpus.py OUT --stories 2000 --seed 7
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "devset" / "stories", ROOT / "seeds")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s+((?:19|20)\d\d)\b")
_FILE_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_NUMBER = re.compile(r"(?<![\w.:/$-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:/-]|\.\d)")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
PLACES = ["Raqqa", "Mosul", "Aleppo", "Kirkuk", "Baghdad", "Damascus", "Homs", "Idlib", "Tabqa",
          "Baquba", "Ramadi", "Fallujah", "Rome", "L'Aquila", "Manila", "Bohol", "Cebu", "Gansu",
          "Qinghai", "Yushu", "Darfur", "Khartoum", "Donetsk", "Luhansk", "Kabul", "Kandahar",
          "Bangui", "Beijing", "Washington", "Brussels", "Geneva", "Ukraine", "Syria", "Iraq"]
_PLACE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b")


@dataclass
class Source:
    name: str
    date: dt.date
    headline: str
    paragraphs: list[str]


def _date_of(name: str) -> dt.date:
    m = _FILE_DATE.search(name)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else dt.date(2017, 10, 11)


def load_sources(folders=SOURCES) -> list[Source]:
    sources = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*")):
            if path.suffix not in (".txt", ".md"):
                continue
            text = _FRONT.sub("", path.read_text(encoding="utf-8").replace("\r\n", "\n"))
            blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
            blocks = [b.lstrip("# ") for b in blocks]
            if len(blocks) >= 3:
                sources.append(Source(path.stem, _date_of(path.name), blocks[0], blocks[1:]))
    if not sources:
        raise SystemExit("make_corpus: no source stories found in " + ", ".join(map(str, folders)))
    return sources


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _vary_number(m: re.Match, rng: random.Random) -> str:
    whole, decimals = m.group(1), m.group(2) or ""
    value = float(whole.replace(",", "") + decimals)
    if (not decimals and len(whole) == 4 and 1900 <= value <= 2099) or value < 3 or rng.random() > 0.33:
        return m.group(0)                   # years, tiny counts and two thirds of the rest stay
    value *= rng.uniform(0.6, 1.5)
    if decimals:
        return f"{value:,.{len(decimals) - 1}f}" if "," in whole else f"{value:.{len(decimals) - 1}f}"
    value = round(value, -max(0, len(whole.replace(",", "")) - 2))   # keep the story's roundness
    return f"{int(value):,}" if "," in whole or value >= 10000 else str(int(value))


def _vary(text: str, rng: random.Random, shift: dt.timedelta, places: dict[str, str]) -> str:
    def date(m: re.Match) -> str:
        try:
            d = dt.date(int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2))) + shift
        except ValueError:
            return m.group(0)
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"

    parts = []
    last = 0
    for m in _DATE.finditer(text):       # figures vary outside dates, dates move as a whole
        parts.append(_NUMBER.sub(lambda n: _vary_number(n, rng), text[last:m.start()]))
        parts.append(date(m))
        last = m.end()
    parts.append(_NUMBER.sub(lambda n: _vary_number(n, rng), text[last:]))
    out = "".join(parts)
    return _PLACE.sub(lambda m: places.get(m.group(1), m.group(1)), out) if places else out


def make_story(i: int, sources: list[Source], rng: random.Random) -> tuple[str, str, int]:
    """(file name, text, words) of story number `i`."""
    base = sources[i % len(sources)]
    target = rng.randint(380, 950)
    paragraphs = list(base.paragraphs)
    while _words(paragraphs) < target:
        other = rng.choice(sources)
        start = rng.randrange(len(other.paragraphs))
        paragraphs += other.paragraphs[start:start + rng.randint(2, 5)]
    while _words(paragraphs) > target + 150 and len(paragraphs) > 3:
        paragraphs.pop()
    shift = dt.timedelta(weeks=rng.randint(0, 6))
    day = base.date + shift
    named = sorted(set(_PLACE.findall("\n".join(paragraphs))))
    places = {}
    if named and rng.random() < 0.4:
        places = {p: rng.choice([q for q in PLACES if q != p]) for p in named}
    headline = _vary(base.headline, rng, shift, places)
    body = [_vary(p, rng, shift, places) for p in paragraphs]
    dateline = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    slug = re.sub(r"^\d+-|-(?:19|20)\d\d-\d\d-\d\d$", "", base.name)[:40]
    if i % 7 == 3:
        text = (f"---\ntitle: \"{headline.replace(chr(34), chr(39))}\"\ndate: {day.isoformat()}\n---\n\n"
                f"# {headline}\n\n" + "\n\n".join(body) + "\n")
        name = f"{i:05d}-{slug}-{day.isoformat()}.md"
    else:
        text = f"{headline}\n\n{dateline}\n\n" + "\n\n".join(body) + "\n"
        name = f"{i:05d}-{slug}-{day.isoformat()}.txt"
    return name, text, _words([headline] + body)


def make_corpus(out: Path, stories: int = 2000, seed: int = 7, sources: list[Source] | None = None) -> int:
    """Write `stories` stories into `out`; returns the number of words written."""
    sources = sources or load_sources()
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = 0
    for i in range(stories):
        name, text, n = make_story(i, sources, rng)
        (out / name).write_text(text, encoding="utf-8")
        words += n
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the stories into")
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    words = make_corpus(args.out, args.stories, args.seed)
    print(f"{args.stories} stories, {words:,} words in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
