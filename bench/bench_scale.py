"""How factcheck scales with the number of stories, against quantulum3 in the same run.

For 1, 10, 100, 1,000 and 2,000 stories of the corpus made by `make_corpus.py`
(generated into the corpus folder when it is missing), this runs, each as its
own `factcheck check ... --format json --output FILE` process:

- `--jobs 1` and `--jobs 2`, cold (an empty cache folder) and warm (again, with
  nothing changed);
- `--engine dask --jobs 2` (a local cluster of two workers) at the largest size;
- the baseline: quantulum3 alone parsing the same stories in one process.

factcheck runs from a snapshot of the package taken when the benchmark starts,
so that edits to the working tree during a long run neither mix two versions
nor empty the cache between a cold run and its warm one (the cache is keyed on
factcheck's own code).

and reports wall time, CPU time (user + system of the whole process tree),
stories/s, words/s, and peak memory, sampled every 20 ms with psutil: the
largest sum of the resident memory of the process tree (factcheck and its
workers) and the largest single process. Ratios are between runs of this one
invocation; on a machine shared with other work, wall times and the speed-up of
`--jobs 2` depend on the load (printed with each run), CPU times much less.
Each measurement is appended to `--json` as soon as it is taken.

    python bench/bench_scale.py [--corpus DIR] [--sizes 1,10,100,1000,2000] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402


@dataclass
class Run:
    label: str
    stories: int
    words: int
    seconds: float
    cpu_seconds: float
    load: float
    peak_tree_mb: float
    peak_process_mb: float
    exit_code: int
    files_in_error: int

    @property
    def stories_per_s(self) -> float:
        return self.stories / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


def _measure(cmd: list[str], cwd: Path, label: str, stories: int, words: int, code: Path) -> Run:
    """Run `cmd` with the factcheck in `code`, sampling the memory of its process tree until it ends."""
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(code)}     # CI: no progress bar
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = peak_process = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_process
        root = psutil.Process(proc.pid)
        while not done.is_set():
            rss = []
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:                         # the run has just ended
                tree = []
            for p in tree:
                try:
                    rss.append(p.memory_info().rss)
                except psutil.Error:                     # ended between listing and reading
                    pass
            if rss:
                peak_tree, peak_process = max(peak_tree, sum(rss)), max(peak_process, max(rss))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    unreadable = err.count(b"factcheck: error: ")             # files factcheck reported and went past
    if proc.returncode not in (0, 1) and not (proc.returncode == 2 and unreadable):
        raise SystemExit(f"{label}: exit code {proc.returncode}\n{err.decode(errors='replace')[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run = Run(label, stories, words, seconds, cpu, os.getloadavg()[0], peak_tree / 2**20, peak_process / 2**20,
              proc.returncode, unreadable)
    print(f"  {stories:>5} stories  {label:<38} {seconds:8.2f} s  cpu {cpu:8.2f} s  {run.peak_tree_mb:5.0f} MB"
          f"  load {run.load:.1f}", file=sys.stderr)
    return run


def _quantulum(paths_file: str) -> None:
    """The baseline: quantulum3 alone over the same stories, read the same way."""
    from quantulum3 import parser
    for path in Path(paths_file).read_text(encoding="utf-8").splitlines():
        parser.parse(Path(path).read_text(encoding="utf-8"))


def snapshot(work: Path) -> None:
    """The factcheck package and its rule data as they are now, importable from work/snapshot."""
    package = work / "snapshot" / "factcheck"
    shutil.copytree(ROOT / "factcheck", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", package / "ruledata", ignore=shutil.ignore_patterns("__pycache__"))


def bench(corpus: Path, sizes: list[int], work: Path, log: Path | None,
          jobs1_sizes: set[int], baseline_sizes: set[int]) -> list[Run]:
    files = sorted(str(p) for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    if len(files) < max(sizes):
        raise SystemExit(f"{corpus} has {len(files)} stories, fewer than {max(sizes)}")
    snapshot(work)
    factcheck = [sys.executable, "-m", "factcheck"]
    runs: list[Run] = []

    def measure(cmd: list[str], cwd: Path, label: str, n: int, words: int) -> None:
        runs.append(_measure(cmd, cwd, label, n, words, work / "snapshot"))
        if log:
            with log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(runs[-1])) + "\n")

    for n in sizes:
        chosen = files[:n]
        words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in chosen)
        variants = [(f"--jobs {j}", ["--jobs", str(j)]) for j in (2, 1) if j == 2 or n in jobs1_sizes]
        if n == max(sizes):
            variants.append(("--engine dask --jobs 2", ["--engine", "dask", "--jobs", "2"]))
        for label, flags in variants:
            cwd = Path(tempfile.mkdtemp(dir=work))          # its own, empty, cache folder
            cmd = [*factcheck, "check", *chosen, "--format", "json", "--output", str(cwd / "report.json"), *flags]
            measure(cmd, cwd, f"factcheck {label} cold", n, words)
            if "dask" not in label:
                measure(cmd, cwd, f"factcheck {label} warm", n, words)
        if n not in baseline_sizes:
            continue
        listing = work / f"stories-{n}.txt"
        listing.write_text("\n".join(chosen), encoding="utf-8")
        measure([sys.executable, __file__, "--quantulum-worker", str(listing)], work, "quantulum3 alone", n, words)
    return runs


def _find(runs: list[Run], label: str, n: int) -> Run | None:
    return next((r for r in runs if r.label == label and r.stories == n), None)


def table(runs: list[Run]) -> str:
    lines = ["| stories | words | run | wall s | CPU s | load | stories/s | words/s | peak MB (tree) | "
             "peak MB (process) | files in error |", "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(f"| {r.stories:,} | {r.words:,} | {r.label} | {r.seconds:.2f} | {r.cpu_seconds:.2f} | "
                     f"{r.load:.1f} | {r.stories_per_s:.1f} | {r.words_per_s:,.0f} | {r.peak_tree_mb:.0f} | "
                     f"{r.peak_process_mb:.0f} | {r.files_in_error} |")
    sizes = sorted({r.stories for r in runs})
    lines += ["", "| stories | --jobs 2 speed-up over --jobs 1 (cold, wall) | factcheck --jobs 1 / quantulum3 "
                  "(wall) | (CPU) | warm / cold (--jobs 2, wall) |", "|---:|---:|---:|---:|---:|"]
    for n in sizes:
        one, two = _find(runs, "factcheck --jobs 1 cold", n), _find(runs, "factcheck --jobs 2 cold", n)
        warm, q = _find(runs, "factcheck --jobs 2 warm", n), _find(runs, "quantulum3 alone", n)
        if one and two and warm and q:
            lines.append(f"| {n:,} | {one.seconds / two.seconds:.2f}x | {one.seconds / q.seconds:.2f} | "
                         f"{one.cpu_seconds / q.cpu_seconds:.2f} | {warm.seconds / two.seconds:.3f} |")
    if 100 in sizes and sizes[-1] > 100:
        lines.append("")
        for label in ("factcheck --jobs 1 cold", "factcheck --jobs 2 cold", "quantulum3 alone"):
            small, big = _find(runs, label, 100), _find(runs, label, sizes[-1])
            if small and big:
                lines.append(f"- {label}: per story at {sizes[-1]:,} stories, "
                             f"{(big.seconds / big.stories) / (small.seconds / small.stories):.2f}x the wall time "
                             f"and {(big.cpu_seconds / big.stories) / (small.cpu_seconds / small.stories):.2f}x "
                             f"the CPU time of 100 stories (1.00 = linear)")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-corpus",
                        help="the stories (made with make_corpus.py when the folder is missing)")
    parser.add_argument("--sizes", default="1,10,100,1000,2000")
    parser.add_argument("--jobs1-sizes", help="sizes to run with --jobs 1 as well (default: all)")
    parser.add_argument("--baseline-sizes", help="sizes to run quantulum3 on (default: all)")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file (JSON lines)")
    parser.add_argument("--quantulum-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quantulum_worker:
        _quantulum(args.quantulum_worker)
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if not args.corpus.is_dir():
        words = make_corpus(args.corpus, max(max(sizes), 2000))
        print(f"made {args.corpus}: {words:,} words", file=sys.stderr)
    if args.json:
        args.json.write_text("")
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as work:
        runs = bench(args.corpus, sizes, Path(work), args.json,
                     {int(s) for s in (args.jobs1_sizes or args.sizes).split(",")},
                     {int(s) for s in (args.baseline_sizes or args.sizes).split(",")})
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end\n")
    print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
