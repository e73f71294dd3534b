"""Shared test helpers: run the real `factcheck` entry point."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "raqqa-2017-10-11.txt"
DEVSET = ROOT / "tests" / "devset" / "stories"


def factcheck_exe() -> str:
    exe = Path(sys.executable).parent / "factcheck"
    return str(exe) if exe.exists() else shutil.which("factcheck")


def run_factcheck(*args: str, cwd: str | Path | None = None, stdin: bytes | None = None,
                  env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run([factcheck_exe(), *args], cwd=cwd, input=stdin, capture_output=True,
                          env=full_env, timeout=300)


def report_of(*args: str, **kw) -> tuple[dict, subprocess.CompletedProcess]:
    proc = run_factcheck("check", *args, "--format", "json", **kw)
    return json.loads(proc.stdout.decode("utf-8")), proc


def assert_metric(measured: dict, metric: str, spec: dict, where: str) -> None:
    """A metric of tests/devset/evaluate.py against its floor (asserted) and its issue target
    (reported as a warning when missed, not hidden): the tables of a targets.toml."""
    value = measured[metric]
    assert measured["crashed"] == 0, f"{measured['crashed']} stories crashed the pipeline"
    assert value is not None and value >= spec["floor"], (
        f"{where} {metric} = {value if value is None else round(value, 3)} fell below its floor "
        f"{spec['floor']} ({spec['issue']})")
    if value < spec.get("target", spec["floor"]):
        warnings.warn(f"{where} {metric} = {value:.3f} is below the target {spec['target']} ({spec['issue']})",
                      stacklevel=2)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def story_folder(folder: Path, names: list[str]) -> Path:
    """`folder` made and filled with the seed and the named development-set stories (real
    stories, of every format the loaders read)."""
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for name in names:
        shutil.copy(DEVSET / name, folder / name)
    return folder
