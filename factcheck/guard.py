"""Guards against input that would make a pattern run away.

Every `regex` call on story text that could backtrack passes
`timeout=REGEX_TIMEOUT`; the `regex` module then raises `TimeoutError` instead
of hanging, and the runner reports the file in one line ("gave up: ...") and
goes on with the others.

The fuse is not free: `regex` reads the clock for every match it looks for,
which makes a word scan about 2.7 times slower (bench/bench_speed.py measured
a third of a check spent so). A scanner made only of runs of character classes
(greedy runs with nothing after them, or possessive ones), matched at one place
or scanned once, cannot backtrack, and is called without it; the call says so.

The timeout bounds the matching time of one call, and for `finditer`, `findall`,
`sub` and `split` that is the whole scan (the time spent in the loop over
`finditer` does not count). So scan a sentence or a bounded window, never a
whole story, or a long story that is merely long trips the fuse. A pattern that
cannot backtrack (a character class, a fixed alternative) may scan a whole file
with the standard `re`, as `model._NEWLINE` and `markup._LINE` do.
"""

REGEX_TIMEOUT = 2.0   # seconds for one call; patterns are linear, so this is only a fuse
