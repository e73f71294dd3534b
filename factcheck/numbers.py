"""Numbers as news writes them: "4,000", "4 000", "1.5 million", "$3bn", "½",
"two-thirds", "2 1/2", "twenty-five", "a dozen", "one hundred and twelve".

`find_numbers(text, start, end)` returns every number expression in a stretch
of text with its value. One compiled pattern finds runs of number tokens
(digits, number words, "and", hyphens); a small parser then reads each run,
splitting it where one number ends and the next begins ("300 and 400" is two
numbers, "three hundred and two" is one). The words come from
`rules/numbers.toml`.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import re

import regex

from factcheck.checks.base import trie
from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.scan import skim


@dataclass
class Number:
    start: int
    end: int
    value: float
    words: bool          # written (partly) in words
    digits: str | None   # the digits as written, when the number is one run of digits
    scaled: bool         # a magnitude word or suffix multiplied it ("1.5 million", "5k")
    negative_sign: bool  # starts with a minus sign written as "-" (may be a range dash)
    scale: float = 1.0   # the magnitude that closes it: 1e6 for "1.5 million" and "5m"


@dataclass
class _Token:
    kind: str            # digits, card, hundred, mag, frac, count, point, neg, article
    value: float
    start: int
    end: int
    gap: str             # the text between the previous token and this one
    text: str
    plural: bool = False


def _alternation(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@functools.cache
def grammar(packs: tuple[str, ...] = ()):
    """The number words and the compiled patterns, built once per process."""
    data = load_toml("numbers.toml", packs)
    words: dict[str, tuple[str, float]] = {}
    for name, value in data["cardinals"].items():
        words[name] = ("card", float(value))
    for name, value in data["magnitudes"].items():
        words[name] = ("hundred" if float(value) == 100 else "mag", float(value))
    for name, value in data["counting"].items():
        words[name] = ("count", float(value))
    for name, value in data["fractions"].items():
        words[name] = ("frac", float(value))
    tens = {k: v for k, v in data["cardinals"].items() if 20 <= v < 100 and v % 10 == 0}
    ordinals = data["ordinals"]
    for name in data["words"]["negative"]:
        words[name] = ("neg", -1.0)
    words["point"] = ("point", 0.0)
    vulgar = data["vulgar"]
    word = (trie(tens) + r"[-‐]" + trie(ordinals) + r"|" + trie(words))
    vul = "[" + "".join(vulgar) + "]"
    # not the second dash of "--", nor an en dash before a space ("Gang members – 3,496")
    sign = r"(?:(?<![\w.,%)\-−–])(?:[-−]\s?|–)(?=\.?\d))?"
    digits = (sign +
              r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?!\d|,\d)"                      # Indian grouping: 1,00,000
              r"|\d{1,3}(?:\u2009?,\u2009?\d{3})+(?!\d|,\d)"                 # \u2009: load.INVISIBLE
              r"(?:, \d{3}(?![\d.]|,\s?\d|\s+(?:and|or|to)\s+\d|\s+of\b))?"   # a stray space: "5,574, 761 votes"
              r"|(?<![^\W\d_])\d{1,3}(?:[ \u00a0\u202f\u2009]\u2009*\d{3})+(?![\d])|\d+)"
              r"(?:\.\d+)?"
              r"|(?<![\w.])\.\d+")
    exponent = (r"(?:[eE][-+]?\d+(?![\w.])|\s?[x×]\s?(?:10\^?|\d+\^)[-−+]?\d+(?![\d.])"
                r"|\^[-−+]{0,2}\d+(?![\d.]))")
    fraction = sign + r"(?<![/\d])\d+(?:(?:\s+|-)\d+)?/\d+(?![/\d])"      # "1/2", "2 1/2", "2-1/2"
    token = (r"(?P<frac>" + fraction + r")"
             r"|(?P<vul>\d*" + vul + r")"
             r"|(?P<dig>(?:" + digits + r")" + exponent + r"?)"
             r"|(?<![\w'’])(?P<word>" + word + r")(?![\w'’])")
    joiner = r"(?:" + _alternation(data["words"]["joiner"]) + r")"
    article = r"(?:" + _alternation(data["words"]["article"]) + r")"
    suffix = data["suffixes"]
    lower_words = {k.lower(): v for k, v in words.items()}
    for name, value in ordinals.items():
        for ten, ten_value in tens.items():
            lower_words[ten + "-" + name] = ("frac", float(ten_value + value))
    # the first word of every number word or phrase ("twenty-five", "a couple of")
    first = frozenset(regex.split(r"[\s\-‐]+", name.lower(), maxsplit=1)[0] for name in lower_words)
    # where a token may start: a sign, a run of digits (a token that starts at a digit takes
    # the whole run) or a word; `first` is checked in Python, since trying the word
    # alternation at every word start is the slow part of a scan
    start = r"[-−–." + "".join(vulgar) + r"]|\d+|(?<![^\W\d_])[^\W\d_]+(?:['’][^\W\d_]+)*"
    # a sign or a full stop opens a token only before a digit (after a space, for a sign):
    # passed over where no digit (nor any other letter than ASCII, which may be one) follows
    no_digit = r"(?!\s?\.?[0-9\x80-\U0010ffff])"
    return {
        "tok": regex.compile(r"(?i)(?=[-−–.\d" + "".join(vulgar) + r"]|\b[^\W\d_])(?:" + token + r")"),
        "start": re.compile(start),
        # for `skim`: `start` in an ASCII window of the lowered text, after what cannot open a token:
        # other marks and spaces, a sign or full stop before no digit, and words (a-z) of two letters
        # or more that are not in `first` (possessive: never given back)
        "candidates": re.compile(r"(?:(?<![a-z])(?=[a-z]['’]?[a-z])(?!" + trie(first)
                                 + r"(?![a-z]|['’][a-z]))[a-z]++(?:['’][a-z]++)*+"
                                 r"|(?:[^\w\-−–." + "".join(vulgar) + r"]|_|[-−–.]" + no_digit + r")++)*+"
                                 r"(?:(" + start + r")|\Z)"),
        "first": first,
        # what may stand between two tokens of one number: "fifty-two", "hundred and two", "million, two"
        # ... or spaces with at most one line break: "at 14.8\nmillion in 2015" in hard-wrapped copy
        "sep": regex.compile(r"(?i)\s*[-‐]\s*|\s+" + joiner + r"\s+|[-‐]" + joiner + r"[-‐]|\s*,\s+"
                             r"|[ \t\u00a0]+|[ \t\u00a0]*\n[ \t\u00a0]*"),
        "article": regex.compile(r"(?i)(?:(?<![\w'’-])|(?<=[\s-]" + joiner + r"[-‐]))" + article + r"[\s-]+$"),   # "two-and-a-half"
        "words": lower_words, "vulgar": vulgar, "joiners": {j.lower() for j in data["words"]["joiner"]},
        "glued": regex.compile(r"(?:" + _alternation(suffix["glued"]) + r")(?![^\W\d_])"),
        "spaced": regex.compile(r"[ \u00a0]{1,2}(?:" + _alternation(suffix["spaced"]) + r")(?![^\W\d_])"),
        "money": regex.compile(r"(?:" + _alternation(suffix["money_glued"]) + r")(?![^\W\d_])"),
        # what "glued" and "spaced" open with after their spaces: found after nearly no number
        "suffix_starts": frozenset(w[:1] for w in (*suffix["glued"], *suffix["spaced"])),
        "suffix": suffix}


_TIMES_POWER = regex.compile(r"\s?[x×]\s?(?:(10)\^?|(\d+)\^)([-−+]?\d+)$")    # "1.3x10^6", "8x2^10"


def _digits_value(s: str, vulgar: dict[str, float]) -> float:
    s = s.replace("−", "-").replace("–", "-")
    if s.startswith("-"):
        return -_digits_value(s[1:].lstrip(), vulgar)
    if "/" in s:
        s = s.replace("-", " ")                        # "2-1/2": two and a half (a sign was read above)
        whole, _, frac = s.rpartition(" ") if " " in s.strip() else ("", "", s)
        num, den = frac.split("/")
        return (float(whole) if whole.strip() else 0.0) + float(num) / float(den)
    if "^" in s and "x" not in s and "×" not in s:
        base, _, exp = s.partition("^")
        power = float(exp.lstrip("+-−"))
        return float(base) ** (-power if (len(exp) - len(exp.lstrip("-−"))) % 2 else power)
    if s and s[-1] in vulgar:
        return (float(s[:-1]) if s[:-1] else 0.0) + vulgar[s[-1]]
    m = _TIMES_POWER.search(s, **fuse())
    if m:
        base = int(m.group(1) or m.group(2))
        return float("".join(s[:m.start()].split())) * base ** int(m.group(3).replace("−", "-"))
    return float("".join(s.replace(",", "").split()))


def _finite_value(s: str, vulgar: dict[str, float]) -> float | None:
    """The value of a figure in digits, or None when it has none a float can hold."""
    try:
        value = _digits_value(s, vulgar)
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _scan(text: str, start: int, end: int, g):
    """The matches of g["tok"] in text[start:end], left to right, as its finditer gives them."""
    at = start
    for pos, cand in skim(g["candidates"], g["start"], text, start, end):
        if pos < at or len(cand) > 1 and not cand.isdecimal() and cand.lower() not in g["first"]:
            continue
        m = g["tok"].match(text, pos, end, **fuse())
        if m:
            at = m.end()
            yield m


def _tokens(text: str, start: int, end: int, g) -> list[list[_Token]]:
    """The number tokens of text[start:end], grouped into runs that may form one number."""
    runs: list[list[_Token]] = []
    prev = None
    for m in _scan(text, start, end, g):
        raw = m.group()
        if m.group("word") is None:
            value = _finite_value(raw, g["vulgar"])
            if value is None:                  # "1/0", "10^1000", "1e400": no figure to check
                tok = _Token("bad", 0, m.start(), m.end(), "", raw)
            else:
                tok = _Token("digits", value, m.start(), m.end(), "", raw)
        else:
            key = " ".join(raw.lower().split())
            kind, value = g["words"][key]
            plural = kind in ("mag", "hundred", "count") and key.endswith("s") and key[:-1] in g["words"]
            tok = _Token(kind, value, m.start(), m.end(), "", raw, plural)
            art = g["article"].search(text, max(start, m.start() - 6), m.start(), **fuse())
            if art and (prev is None or prev.end <= art.start()):
                article = _Token("article", 1.0, art.start(), art.start() + len(art.group().rstrip(" -\t\n")),
                                 "", art.group().rstrip(" -\t\n"))
                _append(runs, article, prev, text, g)
                prev = article
        _append(runs, tok, prev, text, g)
        prev = tok
    return runs


def _append(runs: list[list[_Token]], tok: _Token, prev: _Token | None, text: str, g) -> None:
    if prev is not None:
        gap = text[prev.end:tok.start]
        if g["sep"].fullmatch(gap, **fuse()) and not (gap.strip() == "," and tok.kind in ("digits", "bad")):
            tok.gap = gap
            runs[-1].append(tok)
            return
    runs.append([tok])


def _proper_fraction_ahead(toks: list[_Token], k: int) -> bool:
    """The words from toks[k] form a fraction below one ("three quarters", "fifty-four hundredths")."""
    numerator = 0.0
    for t in toks[k:k + 3]:
        if t.kind == "card" and (numerator == 0 or t.gap.strip() in ("-", "‐", "")):
            numerator += t.value
        elif t.kind == "frac":
            return 0 < numerator < t.value
        else:
            return False
    return False


def _joined_by_and(gap: str, joiners: set[str]) -> bool:
    return gap.strip(" \t\n-‐").lower() in joiners          # " and ", "-and-" ("two-and-a-half")


def _parse_one(toks: list[_Token], i: int, g) -> tuple[int, float, bool] | None:
    """Read one number from toks[i:]; (index after it, value, written in words).

    `group` is the value below the last magnitude ("two hundred and two" of
    "two hundred and two thousand"), `chunk` the part of it since the last
    "and" or "hundred", which is what a fraction word divides when an "and"
    makes the number a mixed one ("one hundred and three and two thirds");
    without one, a fraction divides the whole ("one hundred thirty-two fifths").
    """
    n = len(toks)
    k = i
    neg = toks[k].kind == "neg"
    k += neg
    article = k < n and toks[k].kind == "article"
    k += article
    total = group = chunk = 0.0
    last: str | None = None
    last_mag = float("inf")
    started = False
    words = article or neg
    end = None
    chunk_at = k                     # token where the current chunk began
    pending_article = article
    mixed = False                    # an "and" (not right after "hundred") opened this chunk
    tens_at = -1                     # index of the last tens word

    def frac_ahead(j: int) -> bool:
        return any(toks[x].kind == "frac" for x in range(j + 1, min(n, j + 3)))

    while k < n:
        t = toks[k]
        and_gap = k > i and _joined_by_and(t.gap, g["joiners"])
        nxt = toks[k + 1] if k + 1 < n else None
        if t.kind == "bad":
            break
        if and_gap and last not in ("hundred", "mag") and not (
                t.kind in ("card", "article") and frac_ahead(k)):
            break
        if and_gap and t.kind in ("digits", "card") and nxt is not None and nxt.kind == "mag" \
                and nxt.value >= last_mag:
            break                                # "40 million and 50 million": two numbers
        if and_gap:
            # "one hundred and three quarters" is 100 3/4, "one hundred and thirty fifths" 130/5:
            # after "hundred and", only a proper fraction makes a mixed number
            mixed = last != "hundred" or _proper_fraction_ahead(toks, k)
        tens_at = k if t.kind == "card" and 20 <= t.value < 100 else tens_at
        if t.kind == "digits":
            if started and last not in ("hundred", "mag"):
                break
            if started and t.value >= (100 if last == "hundred" else last_mag):
                break
            chunk, chunk_at = t.value, k
            group += t.value
        elif t.kind == "card":
            tens_unit = last == "tens" and t.value < 10 and t.gap.strip() in ("", "-", "‐") and not and_gap
            if started and not tens_unit and last not in ("hundred", "mag") and not (and_gap and frac_ahead(k)):
                break
            if not tens_unit:
                chunk, chunk_at = 0.0, k
            chunk += t.value
            group += t.value
            last = "tens" if 20 <= t.value < 100 else "unit"
            words, started, pending_article = True, True, False
            end = k + 1
            k += 1
            continue
        elif t.kind == "hundred":
            if t.plural and not started:
                break
            if last in ("hundred", "frac") or group >= 1000:
                break
            if group - chunk >= 100:             # "3 hundred and 2 hundred": two numbers
                if chunk_at > i:
                    value = total + group - chunk
                    return chunk_at, (-value if neg else value), words
                break
            group = (group or 1.0) * 100
            chunk = 0.0
            words = words or t.text.isalpha()
        elif t.kind == "mag":
            if t.plural and not started:
                break
            if started and group == 0 and total > 0 and t.value > last_mag:
                total *= t.value
            elif t.value >= last_mag:
                break
            else:
                total += (group or 1.0) * t.value
            group = chunk = 0.0
            last_mag = t.value
            mixed = False
            words = True
        elif t.kind == "count":
            if not started and not pending_article:
                break                            # "dozens of" is vague; "a dozen" is 12
            if chunk:
                group = group - chunk + chunk * t.value
            else:
                group = (group or 1.0) * t.value
            chunk = 0.0
            words = True
        elif t.kind == "frac":
            if not started and not pending_article:
                # a bare "half" or "quarter" counts only before a magnitude: "half million"
                if not (nxt is not None and nxt.kind in ("mag", "article", "count") and t.value in (2, 4)):
                    break
                group += 1.0 / t.value
            elif last == "frac":
                break
            elif (last == "tens" and tens_at > i and toks[tens_at - 1].kind == "hundred"
                  and not _joined_by_and(toks[tens_at].gap, g["joiners"]) and t.gap.strip() == ""):
                # "one hundred thirty fifths": 100 over the thirty-fifth part
                group = (total + group - chunk) / (chunk + t.value)
                total = 0.0
            elif mixed and nxt is not None and nxt.kind == "mag" and nxt.value < last_mag:
                numerator = 1.0 if pending_article else chunk
                group = group - (0.0 if pending_article else chunk) + numerator / t.value
                # "one billion and three quarters million": the fraction scales the next magnitude
            elif mixed:
                numerator = 1.0 if pending_article else chunk
                if group == (0.0 if pending_article else chunk) and total > 0:
                    total += numerator / t.value * last_mag     # "3 million and a half"
                    group = 0.0
                else:
                    group = group - (0.0 if pending_article else chunk) + numerator / t.value
            elif pending_article and not chunk:
                group += 1.0 / t.value
            else:
                group = (total + group) / t.value
                total = 0.0
            chunk = 0.0
            words = True
            pending_article = mixed = False
        elif t.kind == "article":
            if not (nxt is not None and nxt.kind in ("frac", "count", "hundred", "mag")):
                break
            pending_article = True
            k += 1
            continue
        elif t.kind == "point":
            if not started or nxt is None or nxt.kind not in ("card", "digits"):
                break
            decimals = ""
            j = k + 1
            while j < n and toks[j].kind == "card" and toks[j].gap.strip() in ("", "-"):
                v = int(toks[j].value)
                if v < 10 and j > k + 1 and 20 <= toks[j - 1].value < 100:
                    decimals = decimals[:-1] + str(v)      # "point seventy-one" -> 71
                else:
                    decimals += str(v)
                j += 1
            if not decimals:
                break
            group += float("0." + decimals)
            end, k, last, started, words = j, j, "point", True, True
            continue
        else:  # neg inside a number
            break
        last = t.kind
        started = True
        pending_article = False
        end = k + 1
        k += 1
    if not started or end is None:
        return None
    value = total + group
    return end, (-value if neg else value), words


def find_numbers(text: str, start: int, end: int, packs: tuple[str, ...] = ()) -> list[Number]:
    """Every number expression in text[start:end], in order."""
    g = grammar(packs)
    out: list[Number] = []
    for toks in _tokens(text, start, end, g):
        i = 0
        while i < len(toks):
            parsed = _parse_one(toks, i, g)
            if parsed is None:
                i += 1
                continue
            j, value, words = parsed
            first, last = toks[i], toks[j - 1]
            single = j - i == 1 and first.kind == "digits"
            scaled = any(t.kind in ("mag", "hundred", "count") for t in toks[i:j])
            num = Number(first.start, last.end, value, words, first.text if single else None, scaled,
                         first.kind == "digits" and first.text[:1] in "-–−")
            if last.kind == "mag" and sum(t.kind == "mag" for t in toks[i:j]) == 1:
                num.scale = last.value
            if last.kind == "digits":
                _suffix(text, num, end, g)
            out.append(num)
            i = j
    return out


def _suffix(text: str, num: Number, end: int, g) -> None:
    """A magnitude written after digits: "5k", "$3bn", "10 bln"."""
    if text[num.end:num.end + 3].lstrip(" \u00a0")[:1] not in g["suffix_starts"]:
        return
    m = g["glued"].match(text, num.end, end, **fuse())
    table = g["suffix"]["glued"]
    if not m:
        m = g["spaced"].match(text, num.end, end, **fuse())
        table = g["suffix"]["spaced"]
    if m:
        num.scale = table[m.group().strip()]
        num.value *= num.scale
        num.end = m.end()
        num.scaled = True
        num.digits = None


def money_suffix(text: str, num: Number, end: int, packs: tuple[str, ...] = ()) -> None:
    """After a currency, "m" is million: "$5m", "£2.5m"."""
    g = grammar(packs)
    if num.scaled or not num.digits:
        return
    m = g["money"].match(text, num.end, end, **fuse())
    if m:
        num.scale = g["suffix"]["money_glued"][m.group()]
        num.value *= num.scale
        num.end = m.end()
        num.scaled = True
        num.digits = None
