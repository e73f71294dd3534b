"""What a pattern can open with, read from the pattern (factcheck/openers.py)."""
from __future__ import annotations

import pytest

from factcheck.openers import openers


@pytest.mark.parametrize("pattern, lists, want", [
    (r"(?:19|20)\d\d", {}, (True, False)),                 # literal digits only
    (r"\d{1,2}/\d{1,2}", {}, (True, True)),                # \d holds other digits than ASCII ones
    (r"\b(?:the\s+)?\L<month>\b", {"month": ["May", "June"]}, (False, True)),
    (r"(?<![\d.])(?:[12]\d|3[01])[/.]", {}, (True, False)),   # an assertion is passed over
    (r"(?:\L<nums>\s+)?[1-5]th", {"nums": ["two", "10"]}, (True, True)),
    (r"(?:x)?", {}, (True, True)),                         # matches nothing: any place will do
    (r"[^a]b", {}, (True, True)),
    (r"[\W]\d", {}, (False, True)),
    (r"(?P<s>-)(?P=s)", {}, (False, True)),
    (r"(?P<s>-?)(?P=s)", {}, (True, True)),                # a back-reference may be anything
    (r"\L<missing>", {}, (True, True)),                    # unreadable: anything
])
def test_openers(pattern, lists, want):
    assert openers(pattern, lists) == want
