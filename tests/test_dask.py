"""`--engine dask`: the same pipeline and cross-story grouping on a Dask cluster give the
very same report as the local engine."""
from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT, run_factcheck

pytest.importorskip("dask.distributed", reason="the dask extra is not installed (pip install '.[dask]')")
sys.path.insert(0, str(ROOT / "bench"))
from make_corpus import make_corpus  # noqa: E402


def test_dask_engine_report_is_byte_identical_to_the_local_one(tmp_path):
    corpus = tmp_path / "corpus"
    words = make_corpus(corpus, stories=200, seed=11)
    assert len(list(corpus.iterdir())) == 200 and words > 100_000
    common = ("check", str(corpus), "--format", "json", "--no-cache", "--jobs", "2")
    local = run_factcheck(*common)
    dask = run_factcheck(*common, "--engine", "dask")
    assert local.returncode in (0, 1) and dask.returncode == local.returncode, dask.stderr
    report = json.loads(local.stdout)
    assert report["summary"]["documents"] == 200 and report["findings"]     # cross-story findings too
    assert dask.stdout == local.stdout


def test_scheduler_needs_the_dask_engine(tmp_path):
    proc = run_factcheck("check", str(ROOT / "seeds"), "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2 and b"--scheduler needs --engine dask" in proc.stderr


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path):
    proc = run_factcheck("check", str(ROOT / "seeds"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2 and b"cannot reach the Dask scheduler" in proc.stderr
    assert b"Traceback" not in proc.stderr
