"""Stage 3: the figures in a story.

For every sentence: the numbers in it (`factcheck/numbers.py`), minus those
that are not figures (years, times of day, ordinals, identifiers such as
"F-16" or "Highway 101", phone numbers, scores); then for each figure the
currency before it and the unit after it (`factcheck/units.py`), the qualifier
that bounds it ("at least", "up to", "or more"), and whether two figures form
one range ("between 300 and 400", "$3-5 million", "8- to 16-meter"). Vague
quantities ("hundreds of", "several") come from `rules/vague.toml`.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import regex

from factcheck.checks.base import of_whole, trie
from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.model import Claim, DateMention, Sentence, Story
from factcheck.numbers import Number, find_numbers, grammar, money_suffix
from factcheck.scan import lowered, tried_at
from factcheck.units import Unit, lexicon, lookup, lookup_quantulum, per_unit, to_base

_WINDOW = 48          # characters after a figure searched for its unit
_BACK = 40            # characters before a figure searched for a qualifier or currency
# white space as regex's \s reads it (re's \s also holds \x1c-\x1f), for the class runs matched by re
_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CHUNK = re.compile(r"[^" + _SPACE + r",;:!?()\[\]{}“”‘’\"‐–—-]+|[\"″]")
_CHUNK_GAP = re.compile(r"[ \u00a0\u2009]{0,8}(?:-[ \u00a0\u2009]?)?")   # up to 8: "12&nbsp;km" in HTML is a space and INVISIBLEs
_WORD_BEFORE = regex.compile(r"([^\s]+)\s*$")
_WORD_AFTER = regex.compile(r"\s*([^\W\d_][\w.'’]*)")
_ADDRESS = regex.compile(r"(?i)\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")  # URLs, e-mail
_PHONE = regex.compile(r"(?=[+(\d])(?<![\w+])(?:\+\d{1,3}[-. ]?)?"
                       r"(?:\(\d{2,4}\)[ \u00a0]?\d{2,4}(?:[-./ ]\d{2,4})+|\(?\d{2,4}\)?(?:[-./]\d{2,4}){2,})(?![\w])")
# what every phone number holds (its second group after the first's last digit): a sentence without
# it is not scanned for one; a fixed run of classes, called without the fuse (see guard)
_PHONE_HINT = regex.compile(r"\d[-./]\d\d|\d\)[ \u00a0]?\d")
_SHARED_SCALE = 10    # "40-30 million": the first end takes the magnitude unless it would be ten times the second
_CLOCK = regex.compile(r"\d{1,2}(?:[.:][0-5]\d)?$")
_DECADE = regex.compile(r"(?:'|’)?s\b")
_LIST_GAP = regex.compile(r"(?i)[ \u00a0\u2009]*(?:,|/|&|and|or|,[ \u00a0\u2009]*and|,[ \u00a0\u2009]*or)[ \u00a0\u2009]*")
_COMPOUND_GAP = regex.compile(r"[ \u00a0\u2009]*(?:,|and)?[ \u00a0\u2009]*")
_CENTS_GAP = regex.compile(r"[ \u00a0\u2009]*(?:and[ \u00a0\u2009]+)?")
_CENTS_END = regex.compile(r"[ \u00a0\u2009]*(?:[.,;!?]|$|(?:more|and)\b)")
_LETTERS_BEFORE = regex.compile(r"(?<![\w.-])[^\W\d_][\w-]*$")   # "F-16", "USDL-21-0158", not "5k-20k"
_ARTICLE = regex.compile(r"(?i)(?<![\w'’])an?[ \u00a0\u2009]+(?=[^\W\d_])")
# words around a figure, for qualifiers: runs of a class, scanned by re (no fuse needed, see guard)
_TOKEN = re.compile(r"[^" + _SPACE + r",;:!?()\[\]\"“”]+")
_YEAR_JOIN = regex.compile(r"(?i)[ \u00a0]+(?:and|to|until|through)[ \u00a0]+")
_TAG = re.compile(r"\s*\[[^\]\n]{1,40}\](?=\s*\S)")    # "[UPDATE 2]" before a headline; not a bracketed sentence
_NUMBER_START = regex.compile(r"[\d$€£¥]|than$", regex.I)
_BELOW_ZERO = regex.compile(r"(?i)[ \u00a0\u2009]+below[ \u00a0\u2009]+zero(?:[ \u00a0\u2009]+([^\W\d_]+))?")
_ASIDE = regex.compile(r"^\)?[ \u00a0\u2009]*(?:\([^()]{0,40}\)[ \u00a0\u2009]*)?")   # "20C (36F) above normal"
_DIGIT_NEXT = regex.compile(r"[ \u00a0\u2009]*\d")
_MAGNITUDE = regex.compile(r"[ \u00a0\u2009]+([^\W\d_]+)")
_ORDINAL = regex.compile(r"(?i)(?:st|nd|rd|th)\b")


@dataclass
class _Fig:
    num: Number
    start: int
    end: int                    # after the unit, if any
    value: float
    unit: Unit | None = None
    unit_span: tuple[int, int] | None = None
    prefixed: bool = False      # the unit (a currency) stands before the figure
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    kind: str | None = None     # set for ratios
    dimension: str | None = None
    difference: bool = False
    skip: bool = False
    parts: list["_Fig"] = field(default_factory=list)


def _phrases(table) -> str:
    return "|".join(regex.escape(p).replace(r"\ ", r"[ \u00a0\u2009]+")
                    for p in sorted(table, key=len, reverse=True))


@functools.cache
def _setup(packs: tuple[str, ...] = ()):
    """Word lists and patterns, built once per process."""
    data = load_toml("numbers.toml", packs)
    words = data["words"]
    quals = data["qualifiers"]
    lex = lexicon(packs)
    vague = load_toml("vague.toml", packs)["phrases"]
    sets = {k: {w.lower() for w in v} for k, v in words.items() if k != "year_range"}
    # "the nineteen nineties": the decades in words, from the tens of numbers.toml
    sets["decades"] = {name.lower()[:-1] + "ies" for name, value in data["cardinals"].items()
                       if 20 <= value < 100 and value % 10 == 0}
    return {
        "packs": packs,
        "before": {k.lower(): v for k, v in quals["before"].items()},
        # the last words of those phrases: a figure after any other word has no qualifier before it
        "before_last": frozenset(k.lower().rsplit(" ", 1)[-1] for k in quals["before"]),
        "after": {k.lower(): v for k, v in quals["after"].items()},
        "prefix_exact": {key_nospace(a): u for a, e, u in lex.prefixes if e},
        "prefix_folded": {key_nospace(a).lower(): u for a, e, u in lex.prefixes if not e},
        "prefix_longest": max(len(key_nospace(a)) for a, _, _ in lex.prefixes),
        "vague": regex.compile(r"(?i)\b(?<![\w])" + trie(vague, space=r"[ \u00a0\u2009]+") + r"(?![\w])"),
        # where "vague" may match, for `tried_at`: the phrases' first words (all letters), lowered
        "vague_starts": re.compile(r"\b(?:" + "|".join(sorted({re.escape(p.split()[0].lower()) for p in vague},
                                                                key=len, reverse=True)) + r")\b", re.ASCII)
        if all(p.isascii() and p.split()[0].isalpha() for p in vague) else None,
        "vague_table": {" ".join(k.lower().split()): v for k, v in vague.items()},
        "range": regex.compile(r"(?i)[ \u00a0\u2009]*(?:" + _phrases(words["range_joiners"]) + r")[ \u00a0\u2009]*"),
        "ratio": regex.compile(r"(?i)[ \u00a0\u2009]+(?:" + _phrases(words["ratio_joiners"]) + r")[ \u00a0\u2009]+"),
        "over": regex.compile(r"(?i)[ \u00a0\u2009]+(?:" + _phrases(words["fraction_joiners"]) + r")[ \u00a0\u2009]+"),
        "sets": sets,
        "idioms": _idioms(words.get("idioms", ()), "(?i)"),
        # the same in lower case, for ASCII text lowered: re's (?i) scan of a story is twice as slow
        "idioms_lower": _idioms([p.lower() for p in words.get("idioms", ())], "")
        if all(p.isascii() for p in words.get("idioms", ())) else None,
        "year_range": words["year_range"],
        "age_unit": lookup(["years"], packs)[0],          # "aged 4 and 6": figures of age
        "between": regex.compile(r"(?i)(?<![\w])(?P<w>between|from)[ \u00a0\u2009]+$"),
        "and": regex.compile(r"(?i)[ \u00a0\u2009]+and[ \u00a0\u2009]+"),
        "bounds_join": regex.compile(r"(?i)[ \u00a0\u2009]*(?:,|and|but|,[ \u00a0\u2009]*and|,[ \u00a0\u2009]*but)[ \u00a0\u2009]*"),
    }


def key_nospace(text: str) -> str:
    return "".join(text.split())


def extract_claims(story: Story, sentences: list[Sentence], dates: list[DateMention],
                   packs: tuple[str, ...] = ()) -> list[Claim]:
    """The figures of every sentence; numbers inside the given date mentions are not figures.
    `packs` are rule-pack folders whose numbers.toml, vague.toml, units.txt extend ours."""
    spans = sorted((d.start, d.end) for d in dates)
    starts = [s for s, _ in spans]
    setup = _setup(tuple(packs))
    # web addresses, found in the whole story (a '?' in one splits its sentence), in any case ("WWW.")
    addresses = [m.span() for m in _ADDRESS.finditer(story.text, **fuse())] \
        if "://" in story.text or "@" in story.text or "www." in story.text.lower() else []
    idioms, text = setup["idioms"], story.text
    if setup["idioms_lower"] is not None and text.isascii():
        idioms, text = setup["idioms_lower"], lowered(text)
    if idioms is not None:                                  # "killed two birds with one stone": no figures
        addresses = sorted(addresses + [m.span() for m in idioms.finditer(text)])
    claims: list[Claim] = []
    shares: dict[int, set[str]] = {}             # paragraph -> the wholes its percentages are "of"
    for sent in sentences:
        for fig in _sentence_figures(story.text, sent, spans, starts, setup, addresses):
            _implied_percent(story.text, fig, shares.setdefault(sent.paragraph, set()), setup)
            claims.append(_claim(story, sent, fig, len(claims) + 1))
    return claims


def _idioms(phrases, flags: str) -> re.Pattern | None:
    """Any of the phrases as whole words, longest first, any run of spaces between words (in `re`),
    written as a trie: the whole story is scanned, and a trie tries one branch at each character."""
    phrases = [p for p in phrases if p.strip()]
    return re.compile(flags + r"\b" + trie(phrases) + r"\b") if phrases else None


def _implied_percent(text: str, fig: _Fig, wholes: set[str], s) -> None:
    """A decimal with no unit, "of" the same whole as a percentage before it in the paragraph,
    is a percentage: "50.7 percent of total valid votes ... 47.74 of the total valid vote".
    A count is never a decimal, so "12 of the voters" stays a count."""
    m = of_whole(text, fig.end)
    if m is None:
        return
    whole = m.group("whole").lower()
    if fig.unit is not None:
        if fig.unit.dimension == "percentage":
            wholes.add(whole)
    elif whole in wholes and fig.num.digits and "." in fig.num.digits and not fig.num.scaled \
            and 0 < fig.value <= 100 and not fig.parts:
        fig.unit = lookup(["percent"], s["packs"])[0]


def _serial(text: str, start: int, lo: int, spans, starts) -> bool:
    """ "advisory 2011-271": a number joined by a hyphen to a year (a date) numbers a release."""
    return start - 2 >= lo and text[start - 1] in "-‐" and text[start - 2].isdigit() \
        and _in_dates(start - 2, spans, starts)


def _in_dates(pos: int, spans, starts) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _prev_word(text: str, start: int, floor: int) -> str:
    words = text[max(floor, start - _BACK):start].split()
    return words[-1].lower().lstrip("([{\"'“‘") if words else ""


def _lower_after(text: str, end: int) -> bool:
    """Whether a word in lower case comes right after `end` ("two thousand people")."""
    m = _WORD_AFTER.match(text, end, len(text))
    return bool(m) and m.group(1)[:1].islower()


def _next_word(text: str, end: int, ceil: int) -> str:
    m = _WORD_AFTER.match(text, end, ceil)      # runs of classes: no fuse needed (see guard)
    return m.group(1).lower().rstrip(".") if m else ""


def _sentence_figures(text: str, sent: Sentence, spans, starts, s, addresses) -> list[_Fig]:
    """The figures of a sentence; `addresses` are spans of the story (web addresses, idioms) that hold none."""
    lo, hi = sent.start, sent.end
    nums = find_numbers(text, lo, hi, s["packs"])
    figs = _number_figures(text, sent, nums, spans, starts, s, addresses) if nums else []   # half the sentences: none
    figs = _vague(text, _one_unit(text, figs, lo, hi, s), lo, hi, s)
    return [f for i, f in enumerate(figs) if i == 0 or f.start >= figs[i - 1].end]


def _number_figures(text: str, sent: Sentence, nums: list[Number], spans, starts, s, addresses) -> list[_Fig]:
    """The figures of a sentence's numbers, units and qualifiers read; `addresses` as above."""
    lo, hi = sent.start, sent.end
    masked = [m.span() for m in _PHONE.finditer(text, lo, hi, **fuse())
              if sum(c.isdigit() for c in m.group()) >= 7] if _PHONE_HINT.search(text, lo, hi) else []
    k = max(0, bisect.bisect_left(addresses, (lo,)) - 1)    # from the one before, which may run into it
    while 0 <= k < len(addresses) and addresses[k][0] < hi:
        if addresses[k][1] > lo:
            masked.append(addresses[k])
        k += 1
    # a list of pairs one of which runs backwards: set scores ("6-4, 3-6, 6-1"), not ranges
    masked += [m.span() for m in _PAIRS.finditer(text, lo, hi)
               if any(int(x) > int(y) for x, y in _PAIR.findall(m.group()))]
    tag = _TAG.match(text, lo, hi)
    if tag:
        masked.append(tag.span())                 # "[UPDATE 2]": the desk's tag, not a figure
    figs: list[_Fig] = []
    years = _spoken_years(text, nums, s)
    named_end = -1                                # end of the last number that names something
    for num in nums:
        if num.start in years or _in_dates(num.start, spans, starts) or \
                any(a <= num.start < b for a, b in masked) or _serial(text, num.start, lo, spans, starts):
            continue
        fig = _Fig(num, num.start, num.end, num.value)
        why = _not_a_figure(text, fig, lo, hi, s)
        if why == "name" or (named_end >= 0 and _LIST_GAP.fullmatch(text, named_end, num.start,
                                                                    **fuse())):
            named_end = num.end                   # "category 3, 4 or 5": the list names too
            continue
        if why:
            continue
        _currency_before(text, fig, figs[-1].end if figs else lo, hi, s)
        _unit_after(text, fig, lo, hi, s)
        if fig.skip:
            continue
        figs.append(fig)
    figs = _compounds(text, figs, s)
    figs = _ratios(text, _ranges(text, figs, lo, s), s)
    for fig in figs:
        if fig.qualifier != "range":
            _qualify(text, fig, lo, hi, s)
    figs = _bound_pairs(text, figs, s)
    _ages(text, figs, lo, s)
    figs = [f for f in figs if not _is_year(text, f, hi, s)]
    _scale_from_conversion(text, figs, s)
    for fig in figs:
        _temperature(text, fig, lo, hi, s)
    return figs


def _spoken_years(text: str, nums: list[Number], s) -> set[int]:
    """Starts of the numbers of a year said in words: the two halves of "nineteen fifty-nine",
    "nineteen" of "the nineteen nineties", the year a spoken one runs to ("between nineteen
    seventy-nine and two thousand"), and "two thousand ..." after a word of time ("in two
    thousand four"; "two thousand" alone only before no lower-case noun: not "the two thousand
    people")."""
    out: set[int] = set()
    for a, b in zip(nums, nums[1:]):
        if a.words and b.words and 10 <= a.value <= 20 and " " not in text[a.start:a.end].strip() \
                and 10 <= b.value < 100 and b.value == int(b.value) and text[a.end:b.start] == " ":
            out.update((a.start, b.start))
    for a, b in zip(nums, nums[1:]):
        if a.start in out and b.words and 2000 <= b.value < 2100 and _YEAR_JOIN.fullmatch(text, a.end, b.start):
            out.add(b.start)                  # "... seventy-nine and two thousand"
    for num in nums:
        if num.words and 10 <= num.value <= 20 and _next_word(text, num.end, len(text)) in s["sets"]["decades"]:
            out.add(num.start)                # "the nineteen nineties"
        elif num.words and 2000 <= num.value < 2100 and " thousand" in text[num.start:num.end].lower() \
                and _prev_word(text, num.start, 0) in s["sets"]["spoken_year_before"] \
                and (num.value != 2000 or not _lower_after(text, num.end)):
            out.add(num.start)                # "in two thousand four", "the two thousand Summer Olympics"
    return out


def _not_a_figure(text: str, fig: _Fig, lo: int, hi: int, s) -> str | None:
    """Why a number is not a figure: "name" (an identifier or a name: "F-16", "Highway
    101", "Landsat 9"), "other" (a time of day, an ordinal, a decade...), or None."""
    num, sets, packs = fig.num, s["sets"], s["packs"]
    start, end = num.start, num.end
    before = text[start - 1] if start > lo else ""
    after = text[end] if end < hi else ""
    digit_after = end + 1 < hi and text[end + 1].isdigit()
    if before in ("#", "/") or (after == "/" and digit_after):
        return "other"                            # #1, 5/17/2018
    if (before == ":" and start - 2 >= lo and text[start - 2].isdigit()) or (after == ":" and digit_after):
        return "other"                            # 7:49, 3:1
    if before == "^" or (before == "+" and start - 2 >= lo and text[start - 2].isalnum()):
        return "other"                            # 4km^2, J1149.5+6663
    if not num.negative_sign and (before.isalpha() or (before in ("-", "‐", "−") and _LETTERS_BEFORE.search(
            text, max(lo, start - 12), start - 1, **fuse()))):
        # "F-16", "COVID-19", "G7", but "US$5" or "usd115.5" is money
        return "name" if _prefix_match(text, start, lo, s) is None else None
    if num.digits and len(num.digits) > 1 and num.digits[0] == "0" and num.digits.isdigit():
        return "other"                            # "Release 16-008", "Form 07": a serial, never a count
    if num.digits and "/" in num.digits and not _plain_fraction(num.digits):
        return "other"                            # "Expedition 72/73", "the 2019/20 season"
    if num.digits and _ORDINAL.match(text, end, hi, **fuse()):
        return "other"                            # 21st, 4th
    if num.digits and num.value % 10 == 0 and _DECADE.match(text, end, hi, **fuse()):
        return "other"                            # the 1960s, the '80s
    prev = _prev_word(text, start, lo)
    nxt = _next_word(text, end, hi)
    if prev in sets["identifier_before"] and not num.words:
        return "name"                             # "No. 10", "Highway 101"
    if num.digits and num.digits.isdigit() and not lookup([nxt], packs) and not _counted(nxt, s) \
            and _named(text, start, lo, hi, prev, s) and _prefix_match(text, start, lo, s) is None:
        return "name"                             # "Landsat 9", "Apollo 11", "Windows 10"
    if nxt in sets["identifier_after"]:
        return "other"                            # "10 GMT"
    if nxt in sets["clock_after"] and not num.words and num.value <= 12.59 \
            and _CLOCK.fullmatch(text, start, end, **fuse()):
        return "other"                            # 7 pm, 7.30pm
    if num.words:
        words = text[start:end].split()
        before_words = text[max(lo, start - _BACK):start].split()
        if prev == "and" and num.value < 1 and len(before_words) >= 2 \
                and before_words[-2].lower() in sets["duration_and"]:
            return "other"                        # "a decade and a half": part of a duration
        if words == ["one"] or words == ["One"]:
            if (prev in sets["pronoun_one_before"] or nxt in sets["pronoun_one_after"]) and not lookup([nxt], packs):
                return "other"                    # "the one you mentioned", "one of them"
        if words[0][:1].isupper() and start > lo and prev[:1].isalpha() and after not in ("-", "‐") and \
                _WORD_BEFORE.search(text, max(lo, start - _BACK), start,
                                    **fuse()).group(1)[:1].isupper():
            return "name"                         # "Formula One", "Big Ten"
    return None


def _plain_fraction(digits: str) -> bool:
    """ "3/4", "1/40", "2 1/2", "2-1/2" are fractions; "72/73" is a pair of numbers or a name."""
    num, _, den = digits.replace("-", " ").rpartition(" ")[2].partition("/")
    return num.isdigit() and den.isdigit() and (int(den) <= 16 or int(num) == 1)


def _counted(word: str, s) -> bool:
    """A word that a figure counts: a lower-case plural ("people", "troops", "homes")."""
    return word in s["sets"]["year_count_nouns"] or (len(word) > 3 and word.endswith("s") and word.isalpha()
                                                     and word.islower())


def _named(text: str, start: int, lo: int, hi: int, prev: str, s) -> bool:
    """A plain number right after a capitalised word names something ("Landsat 9"),
    unless the sentence is a Title Case headline ("Storm Kills 40", also after a desk's tag:
    "[UPDATE 2] Storm Kills 40") or the word is one that opens a sentence ("In 2017")."""
    before = _WORD_BEFORE.search(text, max(lo, start - _BACK), start, **fuse())
    if not before or not before.group(1)[:1].isupper() or not before.group(1).isalpha() \
            or text[before.end(1):start] != " " or prev in s["sets"]["name_not_before"] or prev in s["before"]:
        return False
    tag = _TAG.match(text, lo, hi)
    return any(w[:1].islower() for w in text[tag.end() if tag else lo:hi].split() if len(w) > 3 and w[:1].isalpha())


def _prefix_match(text: str, start: int, lo: int, s) -> tuple[int, int, Unit] | None:
    """A currency written just before a figure ("$", "US$", "hk $", "EUR"): (start, end, unit)."""
    end = start
    while end > lo and text[end - 1] in " \u00a0\u2009":
        end -= 1
    if start - end > 8:
        return None
    found = None
    pos = end
    while pos > lo and end - pos < s["prefix_longest"] + 2:
        pos -= 1
        ch = text[pos]
        if ch in "\n\r\t":
            break
        if ch in " \u00a0\u2009":
            continue
        written = key_nospace(text[pos:end])
        unit = s["prefix_exact"].get(written) or s["prefix_folded"].get(written.lower())
        if unit and not (ch.isalpha() and pos > lo and text[pos - 1].isalpha()):
            found = (pos, end, unit)
    return found


def _currency_before(text: str, fig: _Fig, lo: int, hi: int, s) -> None:
    found = _prefix_match(text, fig.num.start, lo, s)
    if not found:
        return
    fig.start, end, fig.unit = found
    fig.prefixed, fig.unit_span = True, (fig.start, end)
    money_suffix(text, fig.num, hi, s["packs"])
    fig.value, fig.end = fig.num.value, fig.num.end
    _per(text, fig, hi, s)


def _chunks(text: str, pos: int, hi: int) -> list[tuple[str, int]]:
    """Up to four words after a figure, each with its end offset, as long as only
    a space or a hyphen separates them."""
    out: list[tuple[str, int]] = []
    limit = min(hi, pos + _WINDOW)
    while len(out) < 4 and pos < limit:
        gap = _CHUNK_GAP.match(text, pos, limit)    # runs of classes: no fuse needed (see guard)
        m = _CHUNK.match(text, gap.end(), limit)
        if not m:
            break
        out.append((m.group(), m.end()))
        pos = m.end()
    return out


def _unit_end(chunks, found) -> int:
    """Where the unit `found` in `chunks` ends: a full stop or quote after it is left out."""
    return chunks[found[1] - 1][1] - found[2]


def _find_unit(chunks, s):
    words = [c for c, _ in chunks]
    found = lookup(words, s["packs"])
    if found is None and words and words[0][:1].isalpha():
        found = lookup_quantulum(words, s["packs"])
    if found is None and words and words[0].count("/") == 1:
        top, bottom = (lookup([w], s["packs"]) for w in words[0].split("/"))   # "centimeters/millisecond"
        if top and bottom and top[2] == 0 and bottom[0].dimension in ("time", "length", "mass", "area", "volume"):
            found = (per_unit(top[0], bottom[0]), 1, bottom[2])
    return found


def _unit_after(text: str, fig: _Fig, lo: int, hi: int, s) -> None:
    end = fig.num.end
    if fig.end > end:
        return                                    # "$15 per hour" is complete
    chunks = _chunks(text, end, hi)
    if not chunks:
        return
    sets = s["sets"]
    first = chunks[0][0]
    glued = chunks[0][1] - len(first) == end
    if first == "in":
        rest = text[chunks[0][1]:hi]
        nxt = _next_word(text, chunks[0][1], hi)
        if fig.unit is None and not fig.num.words and (not rest.strip(" \u00a0") or rest.lstrip()[:1] in ".,;)"
                                                       or nxt in sets["inch_after"]):
            _set_unit(fig, lexicon(s["packs"]).units["inch"], end, chunks[0][1])
        return
    found = _find_unit(chunks, s)
    if found is None and fig.num.words and 0 < abs(fig.value) < 1 and len(chunks) > 2 and \
            first.lower() == "of" and chunks[1][0].lower() in s["sets"]["fraction_of"]:
        of = _find_unit(chunks[2:], s)               # "two-thirds of a metre", "one-half of one percent"
        if of:
            found = (of[0], of[1] + 2, of[2])
    if found is None:
        if glued and first[:1].isalpha() and fig.unit is None:
            fig.skip = True                       # "3D", "5G", "737s": a name, not a figure
        return
    unit = found[0]
    unit_end = _unit_end(chunks, found)
    written = text[chunks[0][1] - len(first):unit_end]
    start = chunks[0][1] - len(first)
    if written in ("\"", "'") and text[unit_end:unit_end + 1].isalpha():
        return                                    # 'up to 40 "apostates"': a quotation mark, not inches
    if len(written) == 1 and written in "CFK" and unit.dimension == "temperature":
        prev = _prev_word(text, fig.num.start, lo)
        nxt = _next_word(text, unit_end, hi)
        if prev in sets["temperature_letter_not_after"] or nxt in sets["temperature_letter_not_before"] \
                or abs(fig.value) > 1000:
            fig.skip = glued
            return
    if fig.prefixed:
        if unit.dimension == fig.unit.dimension and not _DIGIT_NEXT.match(text, unit_end, hi, **fuse()):
            fig.end = unit_end                    # "$ 10 dollars", but not "$ 20 $ 30"
        return
    if unit.dimension == "currency":
        scale = _magnitude_after(text, unit_end, hi, s)
        if scale:                                 # "75 USD million"
            fig.value *= scale[0]
            fig.num.scale, fig.num.scaled = scale[0], True
            unit_end = scale[1]
    _set_unit(fig, unit, start, unit_end)
    _per(text, fig, hi, s)


def _per(text: str, fig: _Fig, hi: int, s) -> None:
    per = _per_unit(text, fig.end, hi, s, fig.unit.dimension == "currency")
    if per:
        fig.unit = per_unit(fig.unit, per[0])
        fig.end = per[1]


def _magnitude_after(text: str, pos: int, hi: int, s) -> tuple[float, int] | None:
    m = _MAGNITUDE.match(text, pos, hi, **fuse())
    if not m:
        return None
    value = grammar(s["packs"])["words"].get(m.group(1).lower())
    return (value[1], m.end()) if value and value[0] == "mag" else None


def _set_unit(fig: _Fig, unit: Unit, start: int, end: int) -> None:
    fig.unit, fig.unit_span, fig.end = unit, (start, end), end


_PER = regex.compile(r"(?i)[ \u00a0\u2009]*(?:/|per[ \u00a0\u2009]+|an?[ \u00a0\u2009]+)")


def _per_unit(text: str, pos: int, hi: int, s, money: bool) -> tuple[Unit, int] | None:
    """ "$15 per hour", "20 km/s": the unit divided by a second one."""
    m = _PER.match(text, pos, hi, **fuse())
    if not m:
        return None
    chunks = _chunks(text, m.end(), hi)
    found = lookup([c for c, _ in chunks], s["packs"]) if chunks else None
    if not found or found[0].dimension not in ("time", "length", "mass", "area", "volume"):
        return None
    if m.group().strip().lower() in ("a", "an") and (found[0].dimension == "time") == money:
        return None      # "$1.2 billion a year" is an amount; "$1.71 a gallon", "10 km a day" are rates
    return found[0], _unit_end(chunks, found)


def _compounds(text: str, figs: list[_Fig], s) -> list[_Fig]:
    """ "5 foot 7 inches", "3 dollars 50 cents", "one hour, 25 minutes, 41 seconds": one figure in
    the largest unit."""
    lex = lexicon(s["packs"])
    out: list[_Fig] = []
    tail: tuple[str, float] | None = None         # the last part joined to out[-1]: its unit, and how
    for fig in figs:                              # many of it make one of out[-1]'s unit
        prev = out[-1] if out else None
        last, scale = tail if tail else (prev.unit.name if prev and prev.unit else None, 1.0)
        if prev and last and fig.unit and not fig.prefixed and (last, fig.unit.name) in lex.compounds and \
                _COMPOUND_GAP.fullmatch(text, prev.end, fig.start, **fuse()):
            scale *= lex.compounds[(last, fig.unit.name)]
            prev.value = prev.value + fig.value / scale
            prev.end = fig.end
            tail = (fig.unit.name, scale)
            continue
        tail = None
        if prev and prev.unit and prev.unit.dimension == "currency" and not prev.prefixed and \
                fig.unit is None and 0 < fig.value < 100 and fig.value == int(fig.value) and \
                _CENTS_GAP.fullmatch(text, prev.end, fig.start, **fuse()) and \
                _CENTS_END.match(text, fig.end, **fuse()):
            prev.value += fig.value / 100         # "15 dollars 50", "thirteen dollars forty five"
            prev.end = fig.end
            continue
        out.append(fig)
    return out


def _compatible(a: _Fig, b: _Fig) -> bool:
    return not (a.unit and b.unit) or a.unit.dimension == b.unit.dimension


def _ranges(text: str, figs: list[_Fig], lo: int, s) -> list[_Fig]:
    """Join "300 to 400", "between 300 and 400", "$3-5 million" into one figure."""
    sets = s["sets"]
    out: list[_Fig] = []
    i = 0
    while i < len(figs):
        a = figs[i]
        b = figs[i + 1] if i + 1 < len(figs) else None
        if b is None or not _compatible(a, b):
            out.append(a)
            i += 1
            continue
        gap = text[a.end:b.start]
        if a.unit and b.unit and b.unit.name.startswith(a.unit.name + " per ") \
                and s["range"].fullmatch(gap, **fuse()):
            a.unit = b.unit                             # "from $40 to $55 a barrel": both per barrel
        lead = s["between"].search(text, max(lo, a.start - 12), a.start, **fuse())
        joined = False
        if b.num.negative_sign and not gap.strip(" \u00a0") and b.start == b.num.start and b.num.digits:
            # "1000 - 5000": the minus is a dash; "40 years – 85 goals": a dash between clauses
            b.value, b.num.value = -b.value, -b.num.value
            b.start = b.num.start = b.num.start + len(b.num.digits) - len(b.num.digits.lstrip("-–− \u00a0"))
            b.num.digits = b.num.digits.lstrip("-–− \u00a0")
            gap = "-"
            joined = not (a.unit and not b.unit)
        elif lead and lead.group("w").lower() == "between" and s["and"].fullmatch(gap, **fuse()):
            joined = True
        elif s["range"].fullmatch(gap, **fuse()):
            joined = True
            if gap.strip().lower() in ("to", "-to", "- to") or lead:
                if _changed_before(text, lead.start() if lead else a.start, lo, sets):
                    joined = False                      # "fell from 8.1 to 7.9": a change, two figures
            if not lead and gap.strip().lower() == "to" and _tally(text, a, lo, s):
                joined = False                          # "voted 161 to 59": a tally, two figures
            if a.unit and not b.unit and gap.strip() in ("-", "–", "—") and gap != gap.strip():
                joined = False                          # "40 years – 85 goals": a dash between clauses
            elif a.unit and not b.unit and not b.num.scaled and _next_word(text, b.end, len(text)):
                joined = False                          # "$2 million to 400 families": two figures
        if joined and gap.strip() in ("-", "–", "‐") and (_score(text, a, b, lo, s) or _years(a, b, s)):
            for f in (a, b):
                f.skip = True
            i += 2
            continue
        if not joined:
            out.append(a)
            i += 1
            continue
        if a.unit is None and b.unit is not None and not b.prefixed:
            a.unit = b.unit
        elif b.unit is None and a.unit is not None:
            b.unit = a.unit
        if b.num.scaled and not a.num.scaled and abs(a.value * b.num.scale) <= abs(b.value) * _SHARED_SCALE:
            a.value *= b.num.scale                # "$3-5 million"; "$40-$30 million" is reversed, not $40 to $30 million
        low, high = a.value, b.value              # as written: "between 400 and 300" is for range-order
        start = lead.start() if lead else a.start
        out.append(_Fig(a.num, start, b.end, (low + high) / 2, a.unit or b.unit, a.unit_span or b.unit_span,
                        a.prefixed, low, high, "range", parts=[a, b]))
        i += 2
    return [f for f in out if not f.skip]


def _words_before(text: str, pos: int, lo: int, n: int = 5, reach: int = 60) -> list[str]:
    """The last `n` words before `pos` (within `reach` characters), lower-case, without the
    punctuation around them."""
    words = [m.group().lower().strip(".,'’\"") for m in _TOKEN.finditer(text, max(lo, pos - reach), pos)]
    return words[-n:]


def _changed_before(text: str, pos: int, lo: int, sets) -> bool:
    """A change verb before "from X to Y": in the five words before ("fell from 8.1 to 7.9",
    "rose 5 percent, from 40 percent"), or further back in its clause, to a comma or the figure
    before ("lowered the expected year-end inflation rate from 1.5 percent")."""
    start = max(lo, text.rfind(",", lo, pos) + 1)
    return bool((set(_words_before(text, pos, lo)) | set(_words_before(text, pos, start, 12, 120)))
                & sets["change_before"])


def _years(a: _Fig, b: _Fig, s) -> bool:
    """ "2013-14", "1995-01", "2011-271": a span of years, a year and a month, or a year and a
    serial number (a release, a report)."""
    first, last = s["year_range"]
    return bool(not a.unit and not b.unit and a.num.digits and b.num.digits
                and len(a.num.digits) == 4 and a.num.digits.isdigit() and first <= a.value <= last
                and len(b.num.digits.lstrip("-–")) in (2, 3, 4) and b.num.digits.lstrip("-–").isdigit())


def _ages(text: str, figs: list[_Fig], lo: int, s) -> None:
    """ "aged 4 and 6", "some as young as 4", "between the ages of 18 and 25": a figure with no
    unit after a word of age (numbers.toml age_before), and the figures listed after it, are ages
    in years, not counts."""
    previous = None
    for fig in figs:
        if fig.unit is None and not fig.num.scaled and (
                _after_phrase(text, fig.start, lo, s["sets"]["age_before"], 4)
                or (previous is not None and _LIST_GAP.fullmatch(text, previous.end, fig.start, **fuse()))):
            fig.unit = s["age_unit"]
            previous = fig
        else:
            previous = None


def _after_phrase(text: str, pos: int, lo: int, cues: set[str], n: int) -> bool:
    """Whether the last `n` words before `pos` end with one of `cues` (phrases of one or more words)."""
    phrase = " " + " ".join(_words_before(text, pos, lo, n))
    return any(phrase.endswith(" " + cue) for cue in cues)


def _tally(text: str, a: _Fig, lo: int, s) -> bool:
    """ "lawmakers voted 161 to 59", "by a vote of 52 to 48": the words before are a tally cue."""
    return _after_phrase(text, a.start, lo, s["sets"]["tally_before"], 3)


# "The Rams (15-5)": a win-loss record in parentheses right after a name
_RECORD_OPEN = regex.compile(r"\p{Lu}[\p{L}.'’-]*[ \t\u00a0]*\([ \t\u00a0]*$")
_RECORD_CLOSE = regex.compile(r"[ \t\u00a0]*\)")
_LAST_WORD = regex.compile(r"(\w+)[ \u00a0]+$")       # "half" before "a mile"
# "6-4, 3-6, 6-1": a list of digit pairs (masked as set scores when one runs backwards)
_PAIR = regex.compile(r"(\d{1,3})[-–](\d{1,3})")
_PAIRS = regex.compile(r"(?<![\d.,])\d{1,3}[-–]\d{1,3}(?:,?[ \t\u00a0]+\d{1,3}[-–]\d{1,3})+(?![\d.,]\d)")


def _score(text: str, a: _Fig, b: _Fig, lo: int, s) -> bool:
    """ "won 3-2", "a 5-4 ruling", "The Rams (15-5)": a score, a vote or a record, not a range."""
    if a.unit or b.unit or a.num.words or b.num.words or not (a.num.digits and b.num.digits):
        return False
    if _RECORD_OPEN.search(text, max(lo, a.start - 40), a.start) and _RECORD_CLOSE.match(text, b.end, b.end + 8):
        return True                  # "The Rams (15-5)": a team's record
    before = set(_words_before(text, a.start, lo))
    after = [m.group().lower() for m in _TOKEN.finditer(text, b.end, min(len(text), b.end + 30))][:2]
    sets = s["sets"]
    return bool(before & sets["score_before"] or set(after) & sets["score_after"])


def _qualify(text: str, fig: _Fig, lo: int, hi: int, s) -> None:
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, max(lo, fig.start - _BACK), fig.start)]
    if words and words[-1][2].lower() in s["before_last"] and not text[words[-1][1]:fig.start].strip(" \u00a0"):
        for n in range(min(6, len(words)), 0, -1):
            phrase = " ".join(w for _, _, w in words[-n:]).lower()
            if phrase in s["before"] and not (
                    phrase in s["sets"]["during"] and fig.unit and fig.unit.dimension == "time"
                    and (n == len(words) or words[-n - 1][2].lower() not in s["sets"]["during_not_after"])):
                fig.qualifier = s["before"][phrase]
                fig.start = words[-n][0]
                break
    if fig.qualifier in ("exact", "approximate"):
        after = [(m.end(), m.group()) for m in _TOKEN.finditer(text, fig.end, min(hi, fig.end + 24))]
        for n in range(min(3, len(after)), 0, -1):
            phrase = " ".join(w for _, w in after[:n]).lower().lstrip("-").rstrip(".")
            if phrase in s["after"] and (n == len(after) or not _NUMBER_START.match(after[n][1], **fuse())):
                fig.qualifier = s["after"][phrase]
                fig.end = after[n - 1][0] - (after[n - 1][1].endswith(".") and n > 0)
                break
    v = fig.value
    fig.low = None if fig.qualifier in ("at-most", "less-than") else v
    fig.high = None if fig.qualifier in ("at-least", "more-than") else v


def _ratios(text: str, figs: list[_Fig], s) -> list[_Fig]:
    """ "one in five adults", "2 out of 3", "one over three": X/Y."""
    out: list[_Fig] = []
    i = 0
    while i < len(figs):
        a = figs[i]
        b = figs[i + 1] if i + 1 < len(figs) else None
        if b and a.unit is None and b.unit is None and not a.parts and not b.parts and b.value:
            gap = text[a.end:b.start]
            if (0 < a.value < b.value and s["ratio"].fullmatch(gap, **fuse())) or \
                    s["over"].fullmatch(gap, **fuse()):
                out.append(_Fig(a.num, a.start, b.end, a.value / b.value, kind="ratio", dimension="ratio",
                                parts=[a, b]))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _bound_pairs(text: str, figs: list[_Fig], s) -> list[_Fig]:
    """ "more than 10 and less than 20", "at most 100 and at least 20": one interval."""
    lower = ("at-least", "more-than")
    upper = ("at-most", "less-than")
    out: list[_Fig] = []
    for fig in figs:
        prev = out[-1] if out else None
        if prev and not prev.parts and not fig.parts and (
                (prev.qualifier in lower and fig.qualifier in upper) or
                (prev.qualifier in upper and fig.qualifier in lower)) and \
                (prev.unit is None) == (fig.unit is None) and \
                s["bounds_join"].fullmatch(text, prev.end, fig.start, **fuse()):
            low = prev.low if prev.qualifier in lower else fig.low
            high = fig.high if fig.qualifier in upper else prev.high
            if low < high:
                out[-1] = _Fig(prev.num, prev.start, fig.end, (low + high) / 2, prev.unit or fig.unit,
                               prev.unit_span, prev.prefixed, low, high, "range", parts=[prev, fig])
                continue
        out.append(fig)
    return out


def _is_year(text: str, fig: _Fig, hi: int, s) -> bool:
    num = fig.num
    if fig.unit or fig.parts or not num.digits or len(num.digits) != 4 or not num.digits.isdigit():
        return False
    first, last = s["year_range"]
    if not first <= fig.value <= last:
        return False
    nxt = _next_word(text, fig.end, hi)
    return not (_counted(nxt, s) and text[fig.num.end:fig.num.end + 1] == " ")


_OPEN_ASIDE = regex.compile(r"[ \t\u00a0]*\([ \t\u00a0]*")
_OTHER_SCALE = {"degree Fahrenheit": "celsius", "degree Celsius": "fahrenheit"}


def _scale_from_conversion(text: str, figs: list[_Fig], s) -> None:
    """ "38 (104 Fahrenheit)", "hovering near 37 degrees ... and 38 (100 F)": a number or a bare
    "degrees" converted in parentheses to one temperature scale is in the other."""
    for a, b in zip(figs, figs[1:]):
        other = _OTHER_SCALE.get(b.unit.name) if b.unit else None
        if other and (a.unit is None or a.unit.name == "degree") and not a.parts \
                and _OPEN_ASIDE.fullmatch(text, a.end, b.start, **fuse()):
            a.unit = lookup([other], s["packs"])[0]


def _temperature(text: str, fig: _Fig, lo: int, hi: int, s) -> None:
    if not fig.unit or fig.unit.dimension != "temperature":
        return
    sets = s["sets"]
    zero = _BELOW_ZERO.match(text, fig.end, hi, **fuse())
    if zero:                                      # "fifteen degrees below zero Celsius"
        scale = lookup([zero.group(1)], s["packs"]) if zero.group(1) else None
        if scale and scale[0].dimension == "temperature":
            fig.unit = scale[0]
            fig.end = zero.end()
        else:
            fig.end = zero.start(1) if zero.group(1) else zero.end()
            fig.end = len(text[:fig.end].rstrip(" \u00a0"))
        fig.value, fig.low, fig.high = (-v if v is not None else None for v in (fig.value, fig.high, fig.low))
        if fig.qualifier in ("at-least", "more-than", "at-most", "less-than"):
            fig.qualifier = {"at-least": "at-most", "more-than": "less-than", "at-most": "at-least",
                             "less-than": "more-than"}[fig.qualifier]
        return
    prev = _prev_word(text, fig.start, lo)
    nxt = _next_word(text, fig.end, hi)
    if fig.unit.name == "degree" and (prev in sets["angle_before"] or nxt in sets["angle_after"]):
        fig.dimension = "angle"
        return
    after = _ASIDE.sub("", text[fig.end:min(hi, fig.end + 80)], count=1, **fuse()).lower()
    crossing = text[fig.start:fig.end].split(None, 1)[0].lower() in sets["difference_not_crossing"]
    if (prev in sets["difference_before"] and not crossing) or any(
            after.startswith(w + " ") or after == w for w in sets["difference_after"]):
        fig.difference = True


def _one_unit(text: str, figs: list[_Fig], lo: int, hi: int, s) -> list[_Fig]:
    """ "a gallon of beer", "a penny": one of a unit of measure or money."""
    out = list(figs)
    for m in _ARTICLE.finditer(text, lo, hi, **fuse()):
        chunks = _chunks(text, m.end(), hi)
        found = _find_unit(chunks, s) if chunks else None
        if not found or found[0].dimension in ("time", "percentage", "temperature") or \
                found[0].name in s["sets"]["article_unit_not"] or chunks[0][0].lower() in s["sets"]["article_unit_not"]:
            continue
        end = _unit_end(chunks, found)
        if any(f.start < end and m.start() < f.end for f in out):
            continue
        start, value = m.start(), 1.0
        half = _LAST_WORD.search(text, max(lo, start - 12), start)
        if half and half.group(1).lower() in s["sets"]["half_of_one"]:
            start, value = start - len(half.group()), 0.5     # "nearly half a mile"
        fig = _Fig(Number(start, m.end(), value, True, None, False, False), start, end, value)
        _set_unit(fig, found[0], chunks[0][1] - len(chunks[0][0]), end)
        _qualify(text, fig, lo, hi, s)           # "more than a mile"
        out.append(fig)
    out.sort(key=lambda f: f.start)
    return out


def _vague(text: str, figs: list[_Fig], lo: int, hi: int, s) -> list[_Fig]:
    """ "hundreds of", "several", "dozens": figures without a number, from rules/vague.toml."""
    out = list(figs)
    for m in tried_at(s["vague"], s["vague_starts"], text, lo, hi):
        inside = [f for f in out if m.start() <= f.num.start and f.num.end <= m.end()]
        if any(f.start < m.end() and m.start() < f.end for f in out if f not in inside):
            continue
        bounds = s["vague_table"].get(" ".join(m.group().casefold().split()))
        if bounds is None:
            continue                              # matched by case folding only ("millionſ")
        for f in inside:
            out.remove(f)
        low, high = bounds
        fig = _Fig(Number(m.start(), m.end(), float(low), True, None, False, False), m.start(), m.end(),
                   None, low=float(low), high=float(high), qualifier="vague")
        unit_of = next((f for f in inside if f.unit), None)
        if unit_of:                               # "several hundred years"
            fig.unit, fig.unit_span, fig.end = unit_of.unit, unit_of.unit_span, max(m.end(), unit_of.end)
        elif m.group().lower().endswith(" of"):
            chunks = _chunks(text, m.end(), hi)
            found = lookup([c for c, _ in chunks], s["packs"]) if chunks else None
            if found:
                _set_unit(fig, found[0], chunks[0][1] - len(chunks[0][0]), _unit_end(chunks, found))
        out.append(fig)
    out.sort(key=lambda f: f.start)
    return out


def _claim(story: Story, sent: Sentence, fig: _Fig, n: int) -> Claim:
    unit = fig.unit
    dimension = fig.dimension or (unit.dimension if unit else "count")
    kind = fig.kind or (unit.kind if unit and dimension != "angle" else ("measure" if unit else "count"))
    base = unit.base if unit and unit.factor is not None else None
    claim = Claim(
        id=f"c{n}", text=story.raw[fig.start:fig.end], start=fig.start, end=fig.end, kind=kind,
        value=fig.value, low=fig.low, high=fig.high, qualifier=fig.qualifier,
        unit=unit.name if unit else None, dimension=dimension, sentence=sent.index,
        base_value=to_base(fig.value, unit, fig.difference) if base else None,
        base_low=to_base(fig.low, unit, fig.difference) if base else None,
        base_high=to_base(fig.high, unit, fig.difference) if base else None,
        base_unit=base, difference=fig.difference)
    if fig.unit_span:
        claim.extra["unit_text"] = list(fig.unit_span)
    return claim
