"""Guards against input that would make a pattern run away.

Every `regex` call on story text that could backtrack passes `**fuse()`
(the loaders, which run before a story is checked, pass `REGEX_TIMEOUT`); the
`regex` module then raises `TimeoutError` instead of hanging, and the runner
reports the file in one line ("gave up: ...") and goes on with the others.

The fuse is not free: `regex` spends about 1.7 µs more on every call given a
timeout, ten times a short match, and a check makes over a hundred thousand
calls on 200 stories (bench/bench_speed.py measured a fifth of a check spent
so). Even `timeout=None` costs about 0.4 µs a call, so `fuse()` gives the
keyword arguments of the call: `{"timeout": REGEX_TIMEOUT}`, or none at all. Every pattern here is linear, so on a story whose lines are all short (at
most `LONG_LINE` characters; a sentence never spans lines) no call can run long,
and `checking(story.longest_line())` turns the fuse off for the time that story is checked; on
a story with a long line (hostile or garbled input, a page saved on one line)
it stays on. A scanner made only of runs of character classes (greedy runs with
nothing after them, or possessive ones), matched at one place or scanned once,
cannot backtrack, and is called without it in any case; the call says so.

The timeout bounds the matching time of one call, and for `finditer`, `findall`,
`sub` and `split` that is the whole scan (the time spent in the loop over
`finditer` does not count). So scan a sentence or a bounded window, never a
whole story, or a long story that is merely long trips the fuse. A pattern that
cannot backtrack (a character class, a fixed alternative) may scan a whole file
with the standard `re`, as `model._NEWLINE` and `markup._LINE` do.
"""
from __future__ import annotations

import contextlib
import threading

REGEX_TIMEOUT = 2.0   # seconds for one call; patterns are linear, so this is only a fuse
LONG_LINE = 2_000     # characters: a line longer than this keeps the fuse on for its story

_state = threading.local()      # each thread checks its own story (Dask workers may run several)


_ON = {"timeout": REGEX_TIMEOUT}   # the keyword arguments of a call with the fuse on; never changed
_OFF: dict = {}


def fuse() -> dict:
    """The keyword arguments of a `regex` call (`pattern.match(text, **fuse())`): the timeout,
    or none inside `checking` a short story."""
    return getattr(_state, "fuse", _ON)


@contextlib.contextmanager
def checking(longest_line: int):
    """While one story is checked: the fuse off if none of its lines is long."""
    _state.fuse = _OFF if longest_line <= LONG_LINE else _ON
    try:
        yield
    finally:
        _state.fuse = _ON
