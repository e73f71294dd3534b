"""`--engine dask`: the same per-story pipeline and cross-story grouping on Dask.

A local cluster (one worker process per `--jobs`) by default, or an existing
cluster with `--scheduler ADDRESS` (its workers need factcheck installed, with
the same version). Stories are submitted with the same bounded window and come
back in input order, so the report is byte-identical to the local engine's.

Cross-story records never come back to this process: each story's records are
computed on a worker from its result, gathered into chunks there and split into
`parts` partitions by a stable hash of their key (a shuffle), and each
partition's groups are compared on a worker with `crossstory.group_findings`.
Only the findings return, put in the same stable order as the local engine's.
"""
from __future__ import annotations

import operator
import zlib
from collections import defaultdict

from factcheck.crossstory import Comparison, Record, group_findings, ordered, records
from factcheck.model import Finding, Result

CHUNK = 100        # stories whose records are partitioned together


class EngineError(Exception):
    """The engine cannot be used; str(self) is one line for the user."""


def _part(record: Record, parts: int) -> int:
    return zlib.crc32(repr(record.key).encode("utf-8", "surrogateescape")) % parts


def _partition(parts: int, *chunk: list[Record]) -> list[list[Record]]:
    out: list[list[Record]] = [[] for _ in range(parts)]
    for story_records in chunk:
        for r in story_records:
            out[_part(r, parts)].append(r)
    return out


def _evaluate(settings: Comparison, *pieces: list[Record]) -> list[tuple[tuple, Finding]]:
    groups: dict = defaultdict(list)
    for piece in pieces:
        for r in piece:
            groups[r.key].append(r)
    return [pair for key, members in groups.items() for pair in group_findings(key, members, settings)]


class DaskEngine:
    def __init__(self, scheduler: str | None = None, workers: int = 1):
        try:
            from dask.distributed import Client, Future, LocalCluster
        except ImportError:
            raise EngineError("--engine dask needs Dask: pip install 'factcheck[dask]'") from None
        self._future_type = Future
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                import logging
                self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
        self.parts = max(1, 2 * len(self.client.nthreads()))
        self.window = 4 * max(1, sum(self.client.nthreads().values()))
        self._pending: list = []           # records of stories not yet partitioned (futures or lists)
        self._chunks: list = []            # futures of partitioned chunks

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def remember(self, order: int, result: Result, future) -> None:
        if isinstance(future, self._future_type):
            self._pending.append(self.client.submit(records, future, order, pure=False))
        else:                                   # a cached or standard-input story: records made here
            self._pending.append(records(result, order))
        if len(self._pending) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(self.client.submit(_partition, self.parts, *self._pending, pure=False))
            self._pending = []

    def cross_findings(self, settings: Comparison) -> list[Finding]:
        self._flush()
        if not self._chunks:
            return []
        found = []
        for p in range(self.parts):
            pieces = [self.client.submit(operator.getitem, chunk, p, pure=False) for chunk in self._chunks]
            found.append(self.client.submit(_evaluate, settings, *pieces, pure=False))
        return ordered(pair for part in self.client.gather(found) for pair in part)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
