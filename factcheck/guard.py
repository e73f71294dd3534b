"""Guards against input that would make a pattern run away.

Every `regex` call on story text passes `timeout=REGEX_TIMEOUT`; the `regex`
module then raises `TimeoutError` instead of hanging, and the runner reports
the file in one line and goes on with the others.
"""

REGEX_TIMEOUT = 2.0   # seconds for one match call; patterns are linear, so this is only a fuse
