"""Speed of factcheck against quantulum3 alone, measured in one run.

(a) Cold start: wall time of `factcheck check seeds/raqqa-2017-10-11.txt
    --no-cache` end to end (the story really checked, not read from the
    result cache; the cached run is shown too), against a fresh `python -c`
    that imports quantulum3 and parses the same story, with quantulum3
    installed on its own in a separate fresh virtual environment (created
    under the cache folder with `pip install quantulum3` the first time).
    Both sides run with compiled bytecode, as an installed package does
    (PYTHONDONTWRITEBYTECODE is dropped and the bytecode goes to the cache
    folder, filled by the warm-up run). Target: ours <= 15 % of theirs.
(b) Warm throughput over at least 200 stories (tests/devset/stories and
    seeds/, repeated to reach the count): words per second of
    `factcheck.pipeline.check_story` with every rule on, against quantulum3's
    `parser.parse` on the same texts, both after the same warm-up: the first
    story of each input format the corpus holds (plain text, Markdown, HTML).
    A first story of a format pays once per process for what reads that
    format (markdown-it's import and build, about 45 ms); the stories are
    timed after it, all of them, so no per-story work is left out. With
    `--first-pass` both sides warm up on the first story alone, as up to the
    sixth session (that pass also pays for those imports).
    Target: ours >= 10x theirs. Then the time of each stage of
    `check_story` on the same stories, and the share of the subject and
    attribution stages (issue 4: attribution adds at most 20 % to a check).

    python bench/bench_speed.py [--stories 200] [--runs 5] [--venv DIR] [--first-pass]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "raqqa-2017-10-11.txt"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "factcheck-bench"

THEIR_WARM = """
import json, sys, time
from quantulum3 import parser
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for text in json.load(open(sys.argv[2], encoding="utf-8")):
    parser.parse(text)
start = time.perf_counter()
for text in texts:
    parser.parse(text)
print(time.perf_counter() - start)
"""


def quantulum_python(folder: Path) -> Path:
    """The python of a virtual environment holding quantulum3 alone; made on first use."""
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"creating {folder} with quantulum3 (first run only) ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "quantulum3"], check=True)
    return python


def _bytecode_env() -> dict[str, str]:
    """The environment of an installed package: bytecode compiled once and reused."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    return env


def wall(argv: list[str], runs: int, cwd: str | None = None) -> float:
    """Median wall time of running argv `runs` times (after one run to warm the disk and
    bytecode caches)."""
    env = _bytecode_env()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env, cwd=cwd)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def factcheck_exe() -> str:
    exe = Path(sys.executable).parent / "factcheck"
    return str(exe) if exe.exists() else "factcheck"


def corpus(count: int) -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "tests" / "devset" / "stories").glob("*.*")) + sorted((ROOT / "seeds").glob("*.txt"))
    files = [f for f in files if f.suffix in (".txt", ".md", ".markdown", ".html", ".htm")]
    if not files:
        raise SystemExit("no stories found under tests/devset/stories or seeds/")
    stories = [(f.name, f.read_bytes()) for f in files]
    return [stories[i % len(stories)] for i in range(max(count, len(stories)))]


def warm_up(stories: list[tuple[str, bytes]], first_pass: bool) -> list[tuple[str, bytes]]:
    """The stories both sides read before the timed pass: the first of each input format, or with
    `first_pass` the first story alone."""
    from factcheck.load import story_format

    if first_pass:
        return stories[:1]
    first: dict[str, tuple[str, bytes]] = {}
    for name, data in stories:
        first.setdefault(story_format(name), (name, data))
    return list(first.values())


def ours_warm(stories: list[tuple[str, bytes]], warm: list[tuple[str, bytes]]) -> tuple[float, int, dict[str, float]]:
    """Seconds for the whole pipeline, words, and seconds per stage (timed apart, same texts)."""
    from factcheck.load import make_story
    from factcheck.pipeline import Options, check_story

    options = Options()
    for name, data in warm:
        check_story(make_story(name, data), options)
    start = time.perf_counter()
    for name, data in stories:
        check_story(make_story(name, data), options)
    total = time.perf_counter() - start
    # the time of each stage of the same checks, from check_story's laps; the words are counted
    # there, outside the laps (counting them is the bench's work, not a check's)
    stages = dict.fromkeys(("load", "dateline", "segment", "dates", "extract", "subjects", "attribute",
                            "rules"), 0.0)
    words = 0
    for name, data in stories:
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            stages[stage] += now - clock
            clock = now

        story = make_story(name, data)
        lap("load")
        check_story(story, options, lap)
        words += len(story.text.split())
    return total, words, stages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=200, help="stories for the throughput run (default 200)")
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs per side (median; default 5)")
    ap.add_argument("--venv", type=Path, default=CACHE / "quantulum3-venv",
                    help="virtual environment holding quantulum3 alone")
    ap.add_argument("--first-pass", action="store_true",
                    help="warm up on the first story alone, not the first of each format")
    args = ap.parse_args()
    qpython = str(quantulum_python(args.venv))

    ours_cold = wall([factcheck_exe(), "check", str(SEED), "--format", "json", "--no-cache"], args.runs)
    with tempfile.TemporaryDirectory() as folder:          # a result cache of its own, filled by the warm-up
        cached = wall([factcheck_exe(), "check", str(SEED), "--format", "json"], args.runs, cwd=folder)
    their_code = f"from quantulum3 import parser; parser.parse(open({str(SEED)!r}, encoding='utf-8').read())"
    their_cold = wall([qpython, "-c", their_code], args.runs)
    print(f"cold start  factcheck check (seed): {ours_cold * 1000:7.0f} ms  (from the result cache: "
          f"{cached * 1000:.0f} ms)")
    print(f"cold start  quantulum3 import+parse: {their_cold * 1000:7.0f} ms")
    print(f"cold start  ratio: {ours_cold / their_cold:6.1%} of quantulum3 (target <= 15 %)")

    stories = corpus(args.stories)
    warm = warm_up(stories, args.first_pass)
    ours_time, words, stages = ours_warm(stories, warm)
    texts = []
    for batch in (stories, warm):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump([data.decode("utf-8", "replace") for _, data in batch], fh)
        texts.append(fh.name)
    try:
        out = subprocess.run([qpython, "-c", THEIR_WARM, *texts], capture_output=True, text=True, check=True)
    finally:
        for name in texts:
            os.unlink(name)
    their_time = float(out.stdout.strip().splitlines()[-1])
    ours_wps, their_wps = words / ours_time, words / their_time
    print(f"throughput  {len(stories)} stories, {words:,} words, after warming up on "
          f"{', '.join(name for name, _ in warm)}")
    print(f"throughput  factcheck (all rules): {ours_wps:10,.0f} words/s ({ours_time:.2f} s)")
    print(f"throughput  quantulum3 parser:     {their_wps:10,.0f} words/s ({their_time:.2f} s)")
    print(f"throughput  ratio: {ours_wps / their_wps:5.1f}x quantulum3 (target >= 10x)")
    staged = sum(stages.values())
    for stage, seconds in stages.items():
        print(f"stage       {stage:9s} {seconds / staged:6.1%} of a check  {words / seconds:10,.0f} words/s "
              f"({words / seconds / their_wps:6.1f}x quantulum3)")
    added = stages["subjects"] + stages["attribute"]
    print(f"attribution subjects + attribute add {added / (staged - added):.1%} to the rest of a check "
          f"(attribute alone {stages['attribute'] / (staged - stages['attribute']):.1%}; target <= 20 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
