"""How much of a check the subject and attribution stages take (issue 4: at most 20 %).

Runs the real pipeline over the given stories (default: the seed and the
development set) in one warm process and times `subjects.describe` and
`attribute.attribute` inside it, reporting each as a share of the whole check.

    .venv/bin/python bench/attribution_share.py [--rounds 10] [PATH ...]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import factcheck.pipeline as pipeline
from factcheck.load import read_story

REPO = Path(__file__).resolve().parent.parent
DEFAULT = [REPO / "seeds" / "raqqa-2017-10-11.txt", *sorted((REPO / "tests" / "devset" / "stories").glob("*"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    spent = {"describe": 0.0, "attribute": 0.0}

    def timed(name, stage):
        def run(*a, **kw):
            t = time.perf_counter()
            try:
                return stage(*a, **kw)
            finally:
                spent[name] += time.perf_counter() - t
        return run

    pipeline.describe = timed("describe", pipeline.describe)
    pipeline.attribute = timed("attribute", pipeline.attribute)
    paths = [str(p) for p in args.paths]
    for path in paths:                                  # warm: data files, compiled patterns
        pipeline.check_story(read_story(path), pipeline.Options())
    spent.update(describe=0.0, attribute=0.0)
    start = time.perf_counter()
    for _ in range(args.rounds):
        for path in paths:
            pipeline.check_story(read_story(path), pipeline.Options())
    total = time.perf_counter() - start
    checks = args.rounds * len(paths)
    print(f"{checks} checks of {len(paths)} stories: {1000 * total / checks:.2f} ms per check")
    for name, secs in spent.items():
        print(f"  {name:<10} {1000 * secs / checks:6.2f} ms per check = {secs / total:5.1%} of the check, "
              f"{secs / (total - secs):5.1%} added to the rest")


if __name__ == "__main__":
    main()
