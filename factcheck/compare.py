"""Comparing two figures: are they about the same thing, and do they agree?

Used by the rules in `factcheck/checks/` within one story and by the
cross-story findings across stories. The public names below are stable:

- `Key`, `group_key(claim)` — the key two claims must share to be about the same
  thing: (subject family, predicate family, place, time scope). `None` when the
  claim does not say what it counts or what happened to it; such a claim is
  never compared with another.
- `agree(a, b, settings)` — whether two claims' intervals are compatible,
  respecting their qualifiers: "at least 30" and "34" agree; "fewer than 100"
  and "450" do not; "hundreds" and "300 to 400" agree; "about" allows the
  tolerance in `[compare]` of `rules/settings.toml`.
- `comparable(a, b, rates)` — whether two claims can be put on one scale at all
  (same dimension, and for money a configured exchange rate); `scale_key(claim,
  rates)` — the same as a key to group by.
- `bounds(claim, settings)` — the interval a claim commits to, on that scale;
  `scale_unit(claim)` — the unit of that scale (base unit, else stated unit);
  `factor(claim, rates)` — the multiplier from its stated unit to that scale,
  `from_base(x, claim)` — a figure on that scale back in the claim's unit.
- `precision(claim, ...)` / `precision_of(text, value, ...)` — the rounding
  that the written figure implies.
- `source_name(claim)` — who gives the figure, or "no source given";
  `phrase(claim)` — the figure and what it counts: '"8,000" people trapped in Raqqa';
  `describe(claim, story)` — the same with its line and source, for a message:
  '"an estimated 4,000" civilians trapped in Raqqa (line 14, coalition)'.
- `number(x)` — a computed figure, printed the way a story would print it;
  `restate(claim, x)` — the claim's text with its figure replaced by `x`.

`settings` is the whole merged `rules/settings.toml` (as `Context.settings`
holds it); `None` reads the built-in file.
"""
from __future__ import annotations

import math
from typing import Any

import regex

from factcheck import units
from factcheck.data import load_toml
from factcheck.model import Claim, Story

Key = tuple[str, str, str | None, Any]

_DIGITS = regex.compile(r"\d[\d,]*(?:\.(?P<dec>\d+))?")
_SPACE = regex.compile(r"\s+")


def _table(settings: dict[str, Any] | None, name: str) -> dict[str, Any]:
    return (settings if settings is not None else load_toml("settings.toml")).get(name, {})


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACE.sub(" ", text.strip().lower())
    return text.removeprefix("the ") or None


def _time_scope(claim: Claim) -> Any:
    per = claim.extra.get("per")
    if per:                                   # "239 fugitives per day": a rate, not a count of the period
        return ("per", per, _dated(claim))
    return _dated(claim)


def _dated(claim: Claim) -> Any:
    period = claim.extra.get("time_period")
    if isinstance(period, (list, tuple)):
        return tuple(period)
    if isinstance(period, dict):
        return tuple(sorted(period.items()))
    if period:
        return str(period)
    return _norm(claim.time)


def group_key(claim: Claim) -> Key | None:
    """(subject family, predicate family, place, time scope), or None if subject or predicate is unknown.

    Scopes are compared as given: a claim whose place or time the text leaves
    unsaid has `None` there and is grouped only with claims that also leave it
    unsaid (carrying a story's scope into such claims is the job of
    `factcheck/subjects.py`). The time scope is `claim.extra["time_period"]`
    when the subjects stage resolved one, else the time as written; a rate
    ("239 fugitives per day", `claim.extra["per"]`) is scoped by its period too.
    """
    if not claim.subject_key or not claim.predicate:
        return None
    return (claim.subject_key, claim.predicate, _norm(claim.place), _time_scope(claim))


# -- precision ---------------------------------------------------------------------------------

def precision_of(text: str, value: float | None, *, rounded: bool = False, cap: float = 0.0) -> float:
    """Half a unit of the last digit written in `text`, in the unit of `value`.

    "1.5" -> 0.05; "4" -> 0.5; "1.5 million" (value 1,500,000) -> 50,000.
    With `rounded`, trailing zeros of a whole number count as rounding ("60"
    -> 5), but by no more than `cap` times the figure ("20" with cap 0.1 -> 2).
    Figures in words ("two") are exact to the unit.
    """
    digits = list(_DIGITS.finditer(text))
    if not digits or value is None:
        return 0.5 if value is not None and float(value).is_integer() else 0.0
    m = digits[-1]
    written = float(m.group().replace(",", ""))
    scale = abs(value / written) if written and value else 1.0
    if m.group("dec"):
        return 0.5 * 10 ** -len(m.group("dec")) * scale
    half = 0.5
    if rounded:
        whole = m.group().replace(",", "")
        zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
        half = max(half, min(0.5 * 10 ** zeros, cap * written))
    return half * scale


def precision(claim: Claim, *, rounded: bool = False, cap: float = 0.0) -> float:
    """`precision_of` for a claim's own text and figure, in its stated unit."""
    figure = claim.value if claim.value is not None else (claim.high if claim.high is not None else claim.low)
    return precision_of(claim.text, figure, rounded=rounded, cap=cap)


# -- one scale ---------------------------------------------------------------------------------

def scale_unit(claim: Claim) -> str | None:
    """The unit a claim's `bounds` are in: its dimension's base unit, else its stated unit."""
    return claim.base_unit or claim.unit


def _unit(claim: Claim, packs: tuple[str, ...]):
    return units.lexicon(packs).units.get(claim.unit) if claim.unit else None


def factor(claim: Claim, rates: dict[str, Any] | None = None, packs: tuple[str, ...] = ()) -> float | None:
    """How many units of the common scale one stated unit is (base unit, or house currency).

    For a temperature this is the slope (5/9 for Fahrenheit), whatever the offset.
    None for money with no configured rate, or a unit without a fixed scale.
    """
    if claim.dimension == "currency":
        if not claim.unit:
            return None
        house = (rates or {}).get("house")
        if claim.unit == house:
            return 1.0
        rate = (rates or {}).get("rates", {}).get(claim.unit)
        return float(rate) if rate else None
    if not claim.unit:
        return 1.0
    unit = _unit(claim, packs)
    if unit is not None:
        return unit.factor
    if claim.base_value is not None and claim.value:
        return claim.base_value / claim.value
    return None


def from_base(x: float, claim: Claim, rates: dict[str, Any] | None = None,
              packs: tuple[str, ...] = ()) -> float | None:
    """A figure on the common scale expressed in `claim`'s unit (offsets and all)."""
    f = factor(claim, rates, packs)
    if not f:
        return None
    unit = _unit(claim, packs) if claim.dimension != "currency" else None
    offset = unit.offset if unit is not None and not claim.difference else 0.0
    return x / f - offset


def scale_key(claim: Claim, rates: dict[str, Any] | None = None) -> tuple:
    """Claims with the same scale key are `comparable` (a key for grouping instead of pairs)."""
    if claim.dimension == "currency":
        return claim.dimension, "house" if factor(claim, rates) is not None else claim.unit
    return claim.dimension, claim.difference, scale_unit(claim)


def comparable(a: Claim, b: Claim, rates: dict[str, Any] | None = None) -> bool:
    """Whether two claims can be put on one scale (same dimension and unit family).

    Money in two currencies is comparable only when `rates` (rules/rates.toml)
    gives both a rate; temperatures only when both are differences or neither is.
    """
    return scale_key(a, rates) == scale_key(b, rates)


def _stated(claim: Claim) -> tuple[float | None, float | None]:
    if claim.low is None and claim.high is None and claim.value is not None:
        return claim.value, claim.value
    return claim.low, claim.high


def bounds(claim: Claim, settings: dict[str, Any] | None = None,
           rates: dict[str, Any] | None = None, *, other: Claim | None = None
           ) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) on the common scale; open-ended sides are ±inf.

    A figure is widened by the rounding its digits imply ("1.5 million" covers
    1,450,000 to 1,550,000; a head count written in full is exact); "about" by the
    `approximate` tolerance; "more than"/"fewer than" exclude their figure.
    Money in another currency than `other` is converted with `rates`.
    """
    low, high = _stated(claim)
    spread = precision(claim) if claim.qualifier in ("exact", "range", "approximate") else 0.0
    if claim.dimension == "count" and spread <= 0.5:
        spread = 0.0                 # a head count written in full is exact: 4,000 is not 4,001
    if claim.base_unit and claim.dimension != "currency":
        scale = factor(claim) or 1.0       # base ends come converted, offsets (C/F) and all
        low, high = (claim.base_low, claim.base_high) if (claim.base_low, claim.base_high) != (None, None) \
            else (claim.base_value, claim.base_value)
    else:
        same_money = claim.dimension == "currency" and other is not None and other.unit == claim.unit
        scale = 1.0 if same_money else (factor(claim, rates) or 1.0)
        low = None if low is None else low * scale
        high = None if high is None else high * scale
    slack = float(_table(settings, "compare").get("approximate", 0.1)) \
        if claim.qualifier == "approximate" else 0.0
    spread *= scale
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    if math.isfinite(lo):
        lo -= abs(lo) * slack + spread
    if math.isfinite(hi):
        hi += abs(hi) * slack + spread
    return lo, hi, claim.qualifier == "more-than", claim.qualifier == "less-than"


def agree(a: Claim, b: Claim, settings: dict[str, Any] | None = None,
          rates: dict[str, Any] | None = None) -> bool:
    """Whether the two claims' intervals can both be true.

    Claims that cannot be put on one scale (see `comparable`) have nothing to
    disagree about and agree; a claim with no interval at all agrees with anything.
    """
    if not comparable(a, b, rates):
        return True
    a_lo, a_hi, a_lo_open, a_hi_open = bounds(a, settings, rates, other=b)
    b_lo, b_hi, b_lo_open, b_hi_open = bounds(b, settings, rates, other=a)
    if a_lo > b_hi or b_lo > a_hi:
        return False
    # touching ends: "more than 100" and "100" do not agree; "at least 100" and "100" do
    if a_lo == b_hi and (a_lo_open or b_hi_open):
        return False
    if b_lo == a_hi and (b_lo_open or a_hi_open):
        return False
    return True


# -- for messages ------------------------------------------------------------------------------

def number(x: float, digits: int = 3) -> str:
    """A computed figure as a story would print it: "31.1", "1,544", "0.35"."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= 10 ** digits:
        return f"{round(x):,}"
    rounded = round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))
    if float(rounded).is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,.{max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))}f}".rstrip("0").rstrip(".")


_WORDS_BEFORE = regex.compile(r"^(?:[^\W\d_]+[\s-]+)+(?=\d)")     # "some 11.5 million": "some "


def restate(claim: Claim, *figures: float, bare: bool = False) -> str:
    """The claim's text with its written figures replaced: restate("20 miles", 31.1) -> "31.1 miles";
    `bare` drops the words before the first figure ("more than 805 meters" -> "805 meters")."""
    found = list(_DIGITS.finditer(claim.text))
    if not found or len(figures) not in (1, len(found)):
        return " to ".join(number(f) for f in figures)
    spans = found[-len(figures):]
    ref = next((x for x in (claim.high, claim.value, claim.low) if x), None)
    written = float(spans[-1].group().replace(",", ""))
    scale = ref / written if ref and written else 1.0          # "1.5 million": scale 1,000,000
    out, last = [], 0
    for m, figure in zip(spans, figures):
        out.append(claim.text[last:m.start()] + number(figure / scale))
        last = m.end()
    text = "".join(out) + claim.text[last:]
    return _WORDS_BEFORE.sub("", text) if bare else text


def source_name(claim: Claim) -> str:
    return claim.source.name if claim.source else "no source given"


def phrase(claim: Claim) -> str:
    """The figure as written and what it counts: '"an estimated 4,000" civilians trapped in Raqqa'.

    The predicate is left out when the subject already says it, or ends with a form that does ("two
    dead", "the final death toll", "13 civilian deaths"): its forms are those of rules/predicates.toml. A measured
    quantity (rules/subjects.toml [quantity]) reads 'a magnitude of "6.5"'.
    """
    subject = (claim.subject or "").lower()
    measured = load_toml("subjects.toml").get("quantity", {}).get("predicate")
    if claim.subject and claim.predicate and claim.predicate == measured:
        article = "an" if claim.subject[:1].lower() in "aeiou" else "a"
        words = [f'{article} {claim.subject} of "{claim.text}"']
    else:
        words = [f'"{claim.text}"']
        if subject and subject not in claim.text.lower():
            words.append(claim.subject)
        if claim.predicate:
            forms = load_toml("predicates.toml").get("families", {}).get(claim.predicate, ())
            if not any(subject == f or subject.endswith(" " + f) for f in forms) and subject != claim.predicate:
                words.append(claim.predicate.replace("_", " "))
    if claim.place:
        words.append(claim.place if claim.extra.get("place_scope") else f"in {claim.place}")   # "nationwide"
    return " ".join(words)


def describe(claim: Claim, story: Story) -> str:
    """'"an estimated 4,000" civilians trapped in Raqqa (line 14, coalition)'."""
    return f"{phrase(claim)} (line {story.position(claim.start)[0]}, {source_name(claim)})"
