"""Stage 3b: what each figure counts, what happened to it, where and when.

For every claim, in place:

- `subject`: the noun phrase the figure counts, as written ("civilians",
  "suicide bombers", "IS militants"), and `subject_key`, its family from
  `rules/subjects.toml` ("civilians", "residents", "people" -> "people");
- `predicate`: the family from `rules/predicates.toml` of what happened to it
  ("died", "dead", "killing" -> "killed"), read from the verb phrase after the
  noun ("civilians who remain trapped") or the verb right before the figure
  ("killing at least two people");
- `place`: the place the clause gives, normalised ("in central Damascus" ->
  "Damascus"); "the city" means the city the story is about (the one it
  introduces as "the city of X"), "there" the last place named before it; the
  words as written go to `extra["place_text"]`;
- `time`: the date mention of the clause with its preposition as written
  ("since June", "on Tuesday"), its ISO date in `extra["time_iso"]` and its
  period in `extra["time_period"]` (from `DateMention.extra["period"]`). A date
  right after a speech verb ("said Wednesday") dates the statement, not the
  figure, and is skipped.

A claim's *clause* runs from the previous figure or clause break (";", ", and",
", but", a dash, the comma closing ", where ...,") to the next one; subject,
predicate and time are looked for in it; the place falls back to the whole
sentence.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from typing import Iterable

import regex

from factcheck.checks.base import SPACES, alternation, by_sentence, words_pattern
from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.model import Claim, DateMention, Sentence, Story
from factcheck.scan import lowered, plain_window, tried_at
from factcheck.segment import headlines

_WORD = regex.compile(r"[\p{L}\d][\p{L}\p{M}\d'’-]*+|[^\s\p{L}\d]")
# the same on a plain text (ASCII, and typographic quotation marks and dashes: see scan.plain_window;
# regex's white space there is these six characters), which re scans in half the time
_PLAIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*+|[^\t\n\x0b\x0c\r A-Za-z0-9]")
_COORDINATED = regex.compile(          # between "40 civilians" and "12 soldiers": " civilians and "
    r"\s+(?:[\p{L}'’-]+\s+){1,4}(?:and|or)\s+|\s+(?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+,\s+")
_PARTITIVE = regex.compile(r"(?i)\bof\s+(?:the|its|their|these|those|his|her|our)\s+$")   # "Of the 300 passengers"
_RELATIVE = regex.compile(r",\s+where\b[^,;:.]{1,120}?(,)")   # ", where four people have died,": about the place
_BREAK = regex.compile(r"[;:]|,\s+(?:and|but|while|whereas|although|though)\b|\s[—–]\s")
_CAP_WORD = r"(?:(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}'’-]*)"        # "U.S." or "Raqqa" (not "Raqqa.")
_NEXT = regex.compile(r"[ \t\u00a0]+(\p{L}+)")        # the word right after a figure
_ARTICLE = regex.compile(r"^(?:The|A|An)\s+")          # "The U.S. economy" -> U.S.
_A_INITIALS = regex.compile(r"\b(?i:a|an)\s+(?:\p{Lu}\.){2,}$")   # "at a U.S." before a noun: "a U.S. base"
_OF = regex.compile(r"\s+of\b")                       # "60 percent of growth": a share
_COUNT_BEFORE = regex.compile(r"(\d[\d,]*(?:\.\d+)?)[ \t\u00a0]+$")   # a figure right before a noun: the noun is its own
_CLOSES = regex.compile(r"[ \t\u00a0]*(?:[.,;:!?)]|$)")     # nothing after a figure in its clause
_NEXT_TOKEN = regex.compile(r"[ \t\u00a0]+([\p{L}\d][\p{L}\d'’-]*)")   # ... or an identifier ("Kh-59")
_CAP_SEQ = _CAP_WORD + r"(?:[ \t\u00a0]+" + _CAP_WORD + r"){0,3}"   # a name never runs across a line break
# a name ending right before a position, matched backwards from it ((?r): no start tried in vain)
_NAME_BEFORE = regex.compile(r"(?r)(?<![\p{L}'’.-])(?P<name>" + _CAP_SEQ + r")[ \t\u00a0]+")
_BACK = 120
_POSSESSIVE = regex.compile(r"['’]s$")
_WORD_CHAR = regex.compile(r"\w")
_COMPOUND_ADJECTIVE = regex.compile(r"\w-\p{L}+$")    # a measure as an adjective: "two-year", "4-square-kilometre"
_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "this", "that", "these",
                          "those", "all"})
_MEASURED = frozenset({"of", "on", "along"})     # "42 kilometres on the course"
_AUXILIARY = {"have", "has", "had", "were", "are", "was", "is"}   # a clause's verb after a participle phrase
_AFTER_VERB = _DETERMINERS | {"to"}              # "the corn crop goes to", "the course passes the"


@dataclass(frozen=True)
class _Lexicon:
    family_of: dict[str, str]            # member (lower) -> family
    stop: frozenset[str]
    not_heads: frozenset[str]
    elliptic: frozenset[str]             # "others": more of what the figure before counted
    participles: frozenset[str]
    max_words: int
    speech: frozenset[str]               # speech verbs (rules/attribution.toml) end a noun phrase
    links: frozenset[str]                # "rate declined to 3.9 percent"
    fillers: frozenset[str]              # "a", "about": between, but no link on their own
    before: dict[str, str]               # "death toll" -> "people"
    predicate_of: dict[str, str]         # form -> family
    form_words: int                      # the most words in a predicate form ("lost their lives")
    form_firsts: frozenset[str]          # the words a form starts with, and those it ends with: a
    form_lasts: frozenset[str]           # window that starts (ends) with no such word holds no form
    linking: frozenset[str]
    planned: frozenset[str]
    made_to_re: regex.Pattern | None      # "forced 3,000 residents to": the form after "to" is what they did
    subset_re: regex.Pattern | None
    subset_aside_re: regex.Pattern | None   # ", including six officials and three civilians," after a figure
    nominal: frozenset[str]
    nominal_key: str
    place_re: regex.Pattern
    place_starts: re.Pattern | None      # where place_re may match, in lowered ASCII text (see `tried_at`)
    division_re: regex.Pattern           # "areas of Quang Nam province": the division noun, and the
                                         # name before it (_NAME_BEFORE)
    there_re: regex.Pattern
    city_of_re: regex.Pattern
    city_starts: re.Pattern | None       # where city_of_re may match, in lowered ASCII text (see `tried_at`)
    settlements: tuple[str, ...] | None  # the settlement words' first words, lowered; None unless all ASCII
    modifiers: frozenset[str]
    place_aliases: dict[str, str]         # names of one place: "U.S." -> "United States"
    modifiers_lower_only: frozenset[str]
    not_places: frozenset[str]
    organisations: frozenset[str]
    other_event_re: regex.Pattern
    scope_re: regex.Pattern | None        # "nationwide", "worldwide": a clause's place scope with no name
    scope_of: dict[str, str]              # its words -> the scope ("across the country" -> "nationwide")
    time_prep_re: regex.Pattern
    place_prepositions: frozenset[str]   # "in", "across": a place phrase may stand before a predicate
    statement_re: regex.Pattern
    full_stop_re: regex.Pattern           # a full stop inside a quotation that ends its sentence
    indicators: frozenset[str]            # subject families of rates read as one measured quantity
    indicator_skip: regex.Pattern | None  # words that make such a rate another reading (a forecast)
    indicator_owner_re: regex.Pattern | None   # "China's growth", "the U.S. economy": whose rate it is
    per_re: regex.Pattern | None          # a rate's period after a count: "per day", "daily"
    per_of: dict[str, str]                # its words -> the period ("a day" -> "day")
    not_per_re: regex.Pattern | None      # words after such a period that make it a time ("a day after")
    distance: str                         # the subject of a length that says how far ("45 kilometers away")
    distance_re: regex.Pattern | None     # words after such a length (past its conversion): "away", "north of"
    distance_before_re: regex.Pattern | None   # words right before it: "within"
    year_range: tuple[int, int]           # rules/numbers.toml: four digits in it before a noun are a year
    time_nouns: frozenset[str]            # "year" in "last year": a time, not what a figure counts
    time_relative: frozenset[str]         # "last", "this": before a time noun, it makes a time phrase
    count_nouns: frozenset[str]           # "the number of countries ...": the noun counted follows "of"
    level_nouns: frozenset[str]           # "decline" in "a decline from 212,000": that figure is a level
    level_links: frozenset[str]           # "from", "to"
    quantities: frozenset[str]           # "magnitude": the figure measures the quantity itself
    quantity_aliases: dict[str, str]     # "strength" -> "magnitude" before "of the <event>"
    scales: frozenset[str]               # "Richter": kept in the key
    events: frozenset[str]               # "quake": what the quantity is of
    classes: frozenset[str]              # "earthquakes": "earthquakes of magnitude 4.0" is a class
    class_bounds: frozenset[str]         # "none", "greater": after such a plural, a bound of the class
    measured: str                        # the predicate of such figures
    headline_max_words: int              # [headline] max_words: longer lines are leads, not headlines


@functools.cache
def _lexicon(packs: tuple[str, ...] = ()) -> _Lexicon:
    subj = load_toml("subjects.toml", packs)
    pred = load_toml("predicates.toml", packs)
    attribution = load_toml("attribution.toml", packs)
    family_of = {m.lower(): fam for fam, members in subj["families"].items() for m in members}
    predicate_of = {f.lower(): fam for fam, forms in pred["families"].items() for f in forms}
    np = subj["noun_phrase"]
    place = subj["place"]
    settle = alternation(place["settlement"])
    mods = alternation(place["modifiers"])
    prep = alternation(place["prepositions"])
    prep_art = alternation(place["prepositions_need_article"])
    # "Raqqa", "central Damascus", "the city of Raqqa", "the densely populated province of Guangdong"
    divisions = alternation(place["divisions"])
    name = (r"(?:(?:" + mods + r")\s+)*(?:(?:\p{L}[\p{L}'’.-]*\s+){0,2}(?:" + settle + "|" + divisions
            + r")\s+of\s+(?P<named>"
            + _CAP_SEQ + r")|(?P<name>" + _CAP_SEQ + r")(?![\p{L}'’-])"    # not "Russian" in "in Russian attacks":
            r"(?!(?<=ian|ese|ish)\s+\p{Ll}))")                          # a demonym before a noun
    place_re = regex.compile(
        r"\b(?:(?i:" + prep + r")\s+(?:(?i:the|a|an)\s+)?|(?i:" + prep_art + r")\s+(?i:the|a|an)\s+)"
        r"(?:" + name + r"|(?P<settle>(?<=\b(?i:the)\s+)(?i:" + settle + r"))\b)"
        r"|\b(?i:the)\s+(?P<settle2>(?i:" + settle + r"))\b(?!\s+of\b)")
    time_preps = alternation(subj["time"]["prepositions"])
    per_of = {w.lower(): unit for unit, words in subj["time"].get("per", {}).items() for w in words}
    return _Lexicon(
        headline_max_words=int(subj["headline"]["max_words"]),
        family_of=family_of, stop=frozenset(np["stop"]), not_heads=frozenset(np["not_heads"]),
        elliptic=frozenset(np["elliptic"]), participles=frozenset(np["participles"]),
        max_words=int(np["max_words"]), links=frozenset(np["links"]),
        speech=frozenset(v for v in attribution["cues"]["verbs"] if " " not in v),
        # a sentence's end inside a quotation: "... 150 deaths. So far ..." (not after a title of
        # rules/attribution.toml, "Dr. Smith", nor an initial, "U.S. Army")
        full_stop_re=regex.compile(r"(?<!\b(?:" + alternation(
            t.rstrip(".").split()[-1] for t in attribution["speakers"]["titles"] if t.endswith("."))
            + r"|\p{Lu}))[.!?](?=\s+[\p{Lu}\d“\"‘'])"),
        fillers=frozenset(np["fillers"]), before=dict(np["before"]),
        predicate_of=predicate_of,
        form_words=max(len(f.split()) for f in predicate_of),
        form_firsts=frozenset(f.split(" ")[0] for f in predicate_of),
        form_lasts=frozenset(f.rsplit(" ", 1)[-1] for f in predicate_of),
        linking=frozenset(pred["linking"]["words"]), planned=frozenset(pred["planned"]["words"]),
        made_to_re=regex.compile(r"(?i)\b(?:" + alternation(pred["planned"]["made_to"]) + r")\b(?:[^.;:,]|[.,](?=\d)){0,60}\bto\s+$")
        if pred["planned"].get("made_to") else None,
        subset_re=regex.compile(r"(?i)\b(?:" + alternation(pred["subset"]["words"]) + r")\s*$")
        if pred.get("subset", {}).get("words") else None,
        subset_aside_re=regex.compile(r"(?i)[ \t]*,[ \t]*(?:" + alternation(pred["subset"]["words"]) + r")\b")
        if pred.get("subset", {}).get("words") else None,
        nominal=frozenset(pred["nominal"]["forms"]), nominal_key=pred["nominal"]["subject_key"],
        place_re=place_re,
        # a preposition, or "the" and a settlement word, in lower case: where place_re matches in
        # ASCII text, this matches in its lowered text (place_re scans a whole story, mostly in vain)
        place_starts=re.compile(
            r"\b(?:(?:" + alternation({w.lower() for w in place["prepositions"]}) + r")\s"
            r"|(?:" + alternation({w.lower() for w in place["prepositions_need_article"]}) + r")\s+(?:the|a|an)\s"
            r"|the\s+(?:" + alternation({w.lower() for w in place["settlement"]}) + r")\b)", re.ASCII)
        if all(w.isascii() for k in ("prepositions", "prepositions_need_article", "settlement") for w in place[k])
        else None,
        division_re=regex.compile(r"\b(?:" + alternation(place["divisions"]) + r")\b(?![\s-]+(?:"
                                  + alternation(place["division_not_before"]) + r")\b)"),
        there_re=regex.compile(r"(?i)\b" + regex.escape(place["there"])
                               + r"\b(?!\s+(?:" + alternation(place["not_there_before"]) + r")\b)"),
        city_of_re=regex.compile(r"(?i:\b(?:" + settle + r")\s+of\s+)(?P<name>" + _CAP_SEQ + r")"),
        city_starts=re.compile(r"\b(?:" + alternation({w.lower() for w in place["settlement"]}) + r")\s+of\s", re.ASCII)
        if all(w.isascii() for w in place["settlement"]) else None,
        settlements=tuple(w.split()[0].lower() for w in place["settlement"])
        if all(w.isascii() for w in place["settlement"]) else None,
        modifiers=frozenset(m.lower() for m in place["modifiers"]),
        modifiers_lower_only=frozenset(m.lower() for m in place["modifiers_lower_only"]),
        not_places=frozenset(place["not_places"]),
        organisations=frozenset(place["organisations"]),
        other_event_re=regex.compile(r"(?i)\b(?:" + alternation(place["other_event_cues"]) + r")\b"),
        scope_re=regex.compile(r"(?i)\b(?:" + alternation([w for ws in place["scopes"].values() for w in ws]) + r")\b")
        if place.get("scopes") else None,
        scope_of={w.casefold(): name for name, ws in place.get("scopes", {}).items() for w in ws},
        place_prepositions=frozenset(p.lower() for p in place["prepositions"]),
        time_prep_re=regex.compile(r"(?i)\b(?P<prep>" + time_preps + r")\s+$"),
        per_re=words_pattern(tuple(per_of)),
        per_of=per_of,
        not_per_re=regex.compile(r"\s+(?:" + alternation(subj["time"]["not_per_before"]) + r")\b")
        if subj["time"].get("not_per_before") else None,
        distance=subj.get("distance", {}).get("subject", "distance"),
        distance_re=regex.compile(r"(?i)[ \t\u00a0]*\)?[ \t\u00a0]*(?:\([^()]{1,40}\)[ \t\u00a0]*)?(?:"
                                  + alternation(subj["distance"]["after"]) + r")\b")
        if subj.get("distance", {}).get("after") else None,
        distance_before_re=regex.compile(r"(?i)\b(?:" + alternation(subj["distance"]["before"]) + r")[ \t\u00a0]+$")
        if subj.get("distance", {}).get("before") else None,
        year_range=tuple(load_toml("numbers.toml", packs)["words"]["year_range"]),
        time_nouns=frozenset(subj["time"].get("nouns", ())),
        time_relative=frozenset(subj["time"].get("relative", ())),
        count_nouns=frozenset(w.lower() for w in np.get("count_nouns", ())),
        level_nouns=frozenset(w.lower() for w in np.get("level_after", {}).get("nouns", ())),
        level_links=frozenset(w.lower() for w in np.get("level_after", {}).get("links", ())),
        quantities=frozenset(q.lower() for q in subj["quantity"]["names"]),
        quantity_aliases={a.lower(): name for a, name in subj["quantity"].get("aliases", {}).items()},
        scales=frozenset(q.lower() for q in subj["quantity"]["scales"]),
        events=frozenset(q.lower() for q in subj["quantity"]["events"]),
        classes=frozenset(q.lower() for q in subj["quantity"]["classes"]),
        class_bounds=frozenset(q.lower() for q in subj["quantity"].get("class_bounds", ())),
        measured=subj["quantity"]["predicate"],
        place_aliases={alias: name for name, aliases in place.get("aliases", {}).items() for alias in aliases},
        indicators=frozenset(subj["quantity"].get("indicators", ())),
        indicator_skip=words_pattern(tuple(subj["quantity"].get("indicator_skip", ()))),
        indicator_owner_re=regex.compile(r"(?r)(?<![\p{L}'’.-])(?P<owner>" + _CAP_SEQ + r")(?:['’]s)?[ \t\u00a0]+(?:"
                                         + alternation(subj["quantity"]["indicator_owners"]) + r")\b")
        if subj["quantity"].get("indicator_owners") else None,
        statement_re=regex.compile(r"(?i)\b(?:" + alternation(subj["time"]["statement_cues"])
                                   + r")\s+(?:on\s+)?$"),
    )


@functools.lru_cache(maxsize=1)
def _story_words(text: str) -> tuple[list[tuple[str, int]], list[int]]:
    """The words of a whole story, and their offsets: read once, then windowed by `_words`."""
    scan = _PLAIN_WORD if plain_window(text, 0, len(text)) else _WORD
    words = [(m.group(), m.start()) for m in scan.finditer(text)]     # class runs: no fuse (see guard)
    return words, [at for _, at in words]


def _words(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The words of text[start:end], as a scan of that window alone gives them."""
    words, offsets = _story_words(text)
    i, j = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
    out = words[i:j]
    if out and out[-1][1] + len(out[-1][0]) > end:          # a word the window's end cuts
        out[-1] = (out[-1][0][:end - out[-1][1]], out[-1][1])
    if i and offsets[i - 1] + len(words[i - 1][0]) > start:  # a word the window's start cuts
        cut_end = min(end, offsets[i - 1] + len(words[i - 1][0]))
        out[:0] = [(m.group(), m.start()) for m in _WORD.finditer(text, start, cut_end)]
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _is_head(word: str, lex: _Lexicon) -> bool:
    low = word.lower()
    if low in lex.family_of:
        return True
    return (len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
            and low not in lex.not_heads and low not in lex.stop and not _POSSESSIVE.search(low))


def _subject_key(subject: str, lex: _Lexicon) -> str:
    """The family of a subject phrase: the longest trailing words found in rules/subjects.toml."""
    words = subject.lower().split()
    for i in range(len(words)):
        key = lex.family_of.get(" ".join(words[i:]))
        if key:
            return key
    return _singular(words[-1])


def _subject_after(text: str, claim: Claim, hi: int, lex: _Lexicon):
    """(subject, end offset) of the noun phrase right after the figure, or None."""
    words = _words(text, claim.end, min(hi, claim.end + 120))
    i = 0
    if words and (words[0][0].lower() == "of" or (claim.unit is not None and words[0][0].lower() in _MEASURED)):
        i = 1                        # "percent of voters", "10,000 acres of forest", "42 kilometres on the course"
        if i < len(words) and words[i][0].lower() in _DETERMINERS:
            i += 1
    elif claim.unit is not None and "-" not in claim.text and not _after_determiner(text, claim):
        return None                  # a measure names no noun but "a 75-percent chance", "the $3 million budget"
    taken: list[tuple[str, int]] = []
    for k in range(i, len(words)):
        word, at = words[k]
        low = word.lower()
        if not word[0].isalnum() or (low in lex.stop and not word.isupper()) or word[0].isdigit():
            break
        if not taken and low in lex.nominal:
            return word, at + len(word), True
        if _POSSESSIVE.search(word):
            taken = []               # "the nation's corn crop": the possessor is not what is counted
            continue
        if taken and k + 1 < len(words) and low not in lex.family_of \
                and words[k + 1][0].lower() in _AFTER_VERB:
            break                    # "the 42-mile course passes the cathedral": a verb, not a noun
        if taken and _participle(low) and _nounlike(taken[-1][0], lex) and low not in lex.family_of \
                and not (k + 1 < len(words) and words[k + 1][0].isalpha() and _nounlike(words[k + 1][0], lex)):
            break                    # "percent of ocean life survived.": the phrase ends before its verb
                                     # (not "the total registered voters")
        taken.append((word, at))
        if _is_head(word, lex) and not (k + 1 < len(words) and (
                _nominal_noun(words[k + 1][0], lex) or f"{low} {words[k + 1][0].lower()}" in lex.family_of)):
            break                    # not "civilian" in "13 civilian deaths" (but "two policemen dead");
                                     # not "staff" in "four staff members" (a phrase of rules/subjects.toml)
        if len(taken) >= lex.max_words:
            return None
    # the phrase ends at a plural or known noun, or at the word before a stop ("a 6.3 earthquake has");
    # after a measure written as an adjective, at a name's last word ("the 22-square-kilometer
    # Endeavour Crater": a crater)
    if taken and (_nounlike(taken[-1][0], lex) or "-" in claim.text and claim.unit is not None
                  and all(w[:1].isupper() for w, _ in taken) and _nounlike(taken[-1][0].lower(), lex)):
        last, at = taken[-1]
        return text[taken[0][1]:at + len(last)], at + len(last), len(taken) > 1 and _nominal_noun(last, lex)
    return None


def _nominal_noun(word: str, lex: _Lexicon) -> bool:
    """A plural noun that names the predicate ("deaths", "injuries"), not a participle ("dead",
    "displaced"): "civilian deaths" are the civilians killed."""
    return word.endswith("s") and word.lower() in lex.nominal


def _nounlike(word: str, lex: _Lexicon) -> bool:
    low = word.lower()
    return _is_head(word, lex) or low in lex.before or (
        word.islower() and low not in lex.not_heads and low not in lex.stop and low not in lex.speech
        and not _participle(low) and not low.endswith(("ing", "ly")))


def _comma_clause(text: str, claim: Claim, sent: Sentence, reach: int = 300) -> tuple[int, int]:
    """The claim's clause between commas, within its sentence and `reach` characters of it."""
    lo, hi = max(sent.start, claim.start - reach), min(sent.end, claim.end + reach)
    before, after = text.rfind(",", lo, claim.start), text.find(",", claim.end, hi)
    return (lo if before < 0 else before + 1), (hi if after < 0 else after)


def _participle(low: str) -> bool:
    """ "cast", "confirmed", but not "speed" or "need"."""
    return low.endswith("ed") and not low.endswith("eed")


def _phrase_start(words: list[tuple[str, int]], i: int, lex: _Lexicon) -> int:
    """Index of the first word of the noun phrase ending at words[i]."""
    first = i
    while first - 1 >= 0 and i - first + 1 < lex.max_words and words[first - 1][0][0].isalpha() \
            and words[first - 1][0].lower() not in lex.stop and words[first - 1][0].lower() not in lex.links \
            and words[first - 1][0].lower() not in lex.speech \
            and not _POSSESSIVE.search(words[first - 1][0]):        # "the company's losses" -> losses
        first -= 1
    return first


def _is_year(digits: str, lex: _Lexicon) -> bool:
    """ "2016" in "the 2016 turnout": four digits in rules/numbers.toml's year_range."""
    return len(digits) == 4 and digits.isdigit() and lex.year_range[0] <= int(digits) <= lex.year_range[1]


def _subject_before(story: Story, lo: int, claim: Claim, lex: _Lexicon) -> str | None:
    """The noun a linking verb or preposition ties to the figure: "the unemployment rate declined to"."""
    words = _words(story.text, max(lo, claim.start - 80), claim.start)
    i = len(words) - 1
    linked = False
    while i >= 0 and (words[i][0].lower() in lex.links or words[i][0].lower() in lex.fillers):
        linked = linked or words[i][0].lower() in lex.links
        i -= 1
    if (not linked or words[i + 1][0].lower() == "with") and i >= 1 and words[i][0] == "," \
            and words[i - 1][0].islower() and _is_head(words[i - 1][0], lex):
        linked, i = True, i - 1              # "the number of unemployed persons, 5.5 million";
                                             # "the most swine flu deaths, with about 100"
    if linked and i >= 1 and _nounlike(words[i - 1][0], lex) and (
            words[i][0].lower() in lex.participles or _participle(words[i][0].lower())):
        i -= 1                               # "the valid votes cast was": the noun before its participle
    if not linked or i < 0:
        return None
    if _level(words, i, lex):
        return None                          # "a 46 percent decline from some 212,000": a level, not the change
    if words[i][0].lower() in lex.time_nouns and i >= 1 and words[i - 1][0].lower() in lex.time_relative:
        return None                          # "from $100 million last year to $150 million"
    counted = _COUNT_BEFORE.search(story.text, max(0, words[i][1] - 16), words[i][1], **fuse())
    if counted and not _is_year(counted.group(1), lex):
        return None                          # "up 9 points from 57 percent": the noun of another figure
    while i >= 2 and words[i][0][:1].isupper() and words[i - 1][0].lower() in lex.place_prepositions \
            and _nounlike(words[i - 2][0], lex):
        i -= 2                               # "the death toll from an earthquake in Indonesia has reached"
    if not _nounlike(words[i][0], lex):
        return _number_of(story, _words(story.text, max(lo, claim.start - 160), words[i][1] + len(words[i][0])),
                          lex)
    first = _phrase_start(words, i, lex)
    # "the death toll from the fire rose to 71", "... from South Asia's massive earthquake tops
    # 18,000": the head is the noun before the preposition
    j = first - 1
    while j >= max(0, first - 3) and (words[j][0].lower() in ("the", "a", "an") or words[j][0][:1].isupper()
                                      or _POSSESSIVE.search(words[j][0])):
        j -= 1
    if j < first - 1 and j >= 1 and words[j][0].lower() in ("from", "of", "in", "for", "on") \
            and _nounlike(words[j - 1][0], lex):
        i = j - 1
        first = _phrase_start(words, i, lex)
    last_word, last_at = words[i]
    return story.raw[words[first][1]:last_at + len(last_word)]


def _level(words: list[tuple[str, int]], i: int, lex: _Lexicon) -> bool:
    """Whether words[i] is a noun of a change that a link after it ("from", "to") ties to the
    figure after words[-1] as one of its levels ("a 46 percent decline from some 212,000")."""
    return i >= 0 and words[i][0].lower() in lex.level_nouns and any(w.lower() in lex.level_links
                                                                     for w, _ in words[i + 1:])


def _level_before(text: str, claim: Claim, lex: _Lexicon) -> bool:
    """Whether a change noun and a link right before the figure make it a level ("a decline from")."""
    words = _words(text, max(0, claim.start - 40), claim.start)
    i = len(words) - 1
    while i >= 0 and (words[i][0].lower() in lex.fillers or words[i][0].lower() in lex.level_links):
        i -= 1
    return _level(words, i, lex)


def _number_of(story: Story, words: list[tuple[str, int]], lex: _Lexicon) -> str | None:
    """The counted noun of "the number of countries with confirmed cases of A-H1N1 has risen to
    66": the first head noun after the last "number of" (a `count_nouns` word) before the figure."""
    at = next((k for k in range(len(words) - 2, 0, -1) if words[k][0].lower() == "of"
               and words[k - 1][0].lower() in lex.count_nouns), None)
    if at is None:
        return None
    for k in range(at + 1, min(len(words), at + 1 + lex.max_words)):
        word, offset = words[k]
        if _is_head(word, lex):
            return story.raw[words[at + 1][1]:offset + len(word)]
        if word.lower() in lex.stop:
            return None
    return None


def _after_determiner(text: str, claim: Claim) -> bool:
    before = _words(text, max(0, claim.start - 12), claim.start)
    return bool(before) and before[-1][0].lower() in _DETERMINERS


def _planned(text: str, at: int, lo: int, lex: _Lexicon) -> bool:
    """Whether the predicate form at `at` is an aim, not a fact: "to evacuate", "plan to", "will";
    not after a verb that made it happen ("forced 3,000 residents to flee")."""
    before = [w.lower() for w, _ in _words(text, max(lo, at - 30), at)][-2:]
    if before and before[-1] == "to" and lex.made_to_re is not None \
            and lex.made_to_re.search(text, max(0, at - 100), at, **fuse()):
        return False
    return bool(before) and (before[-1] in lex.planned
                             or (len(before) == 2 and before[-1].endswith("ly") and before[0] in lex.planned))


def _form(words: list[tuple[str, int]], first: int, last: int, lex: _Lexicon):
    """(family, offset) of the longest predicate form starting at words[first] (last=None)
    or ending at words[last] (first=None), or None."""
    if first is not None:
        window = words[first:first + lex.form_words]
        if not window or window[0][0].lower() not in lex.form_firsts:
            return None
    elif 0 <= last < len(words):
        window = words[max(0, last - lex.form_words + 1):last + 1]
        if window[-1][0].lower() not in lex.form_lasts:
            return None
    else:
        return None
    low = [w.lower() for w, _ in window]          # each word lowered once, not once per length tried
    for n in range(len(window), 0, -1):
        lo = 0 if first is not None else len(window) - n
        family = lex.predicate_of.get(" ".join(low[lo:lo + n]))
        if family:
            return family, window[lo][1]
    return None


def _predicate_after(text: str, pos: int, hi: int, lex: _Lexicon) -> str | None:
    words = _words(text, pos, hi)
    i = 0
    if words and words[0][0] == ",":             # ", including a senior leader, have surrendered"
        close = next((j for j in range(1, min(len(words), 12)) if words[j][0] == ","), None)
        i = close + 1 if close is not None else len(words)
    k, end = i, min(len(words), i + 6)
    while k < end:
        found = _form(words, k, None, lex)
        if found and not _planned(text, found[1], pos, lex):
            return found[0]
        word = words[k][0].lower()
        if k == i and word in ("and", "or") and k + 1 < len(words) and words[k + 1][0].isalpha() \
                and _nounlike(words[k + 1][0], lex):
            i = k = k + 2                                 # "refugees and migrants died"
            end = min(len(words), k + 6)
            continue
        if k == i and word.endswith("ing") and word not in lex.linking:   # "migrants crossing the sea have died"
            k = next((j for j in range(k + 1, min(len(words), k + 9)) if words[j][0].lower() in _AUXILIARY), None)
            if k is None:
                return None
            end = min(len(words), k + 4)
            continue
        if word in lex.place_prepositions and k == i:     # "people in six provinces moved into shelters"
            k = _past_place(words, k + 1, lex)
            if k is None:
                return None
            end = min(len(words), k + 4)
            continue
        if word not in lex.linking:
            return None
        k += 1
    return None


def _past_place(words: list[tuple[str, int]], k: int, lex: _Lexicon) -> int | None:
    """The index of the first word after a short place phrase ("six provinces", "the city",
    "Raqqa") that starts a predicate form or a linking word, or None: a form right after
    the preposition or its article is an adjective inside the phrase ("in the affected
    areas"), and a phrase of more than four words is no short place phrase."""
    words_in = 0
    for j in range(k, min(len(words), k + 6)):
        word = words[j][0].lower()
        if word in ("the", "a", "an"):
            continue
        if _form(words, j, None, lex) or word in lex.linking:
            return j if words_in else None
        words_in += 1
        if words_in > 4:
            return None
    return None


def _predicate_before(text: str, lo: int, claim: Claim, lex: _Lexicon) -> str | None:
    """The form right before the figure ("killing at least two", "killed an estimated 17")."""
    words = _words(text, max(lo, claim.start - 60), claim.start)
    last = len(words) - 1
    if last >= 0 and words[last][0].lower() in lex.fillers:
        last -= 1
    if last >= 1 and words[last][0].lower() == "of":
        last -= 1                                 # "the death of five people", "the evacuation of 300"
    found = _form(words, None, last, lex) if last >= 0 else None
    if found and not _planned(text, found[1], lo, lex):
        return found[0]
    return None


@dataclass
class _Place:
    start: int
    end: int
    name: str | None          # None: "there", resolved later
    text: str


def _story_city(text: str, lex: _Lexicon) -> str | None:
    """The city the story is about: the most often named of those it calls "the city of X"."""
    if lex.settlements and text.isascii() and not any(w in lowered(text) for w in lex.settlements):
        return None                  # no "city of" can match
    names = {m.group("name") for m in tried_at(lex.city_of_re, lex.city_starts, text, 0, len(text))}
    if not names:
        return None
    return max(sorted(names), key=lambda n: _times_named(text, n))


def _times_named(text: str, name: str) -> int:
    """How often `name` stands between word boundaries in `text`: what regex's findall of
    \\b`name`\\b counts, without compiling a pattern for each name."""
    count = at = 0
    while (at := text.find(name, at)) >= 0:
        end = at + len(name)
        if _boundary(text, at) and _boundary(text, end):
            count += 1
            at = end
        else:
            at += 1
    return count


def _boundary(text: str, at: int) -> bool:
    """regex's \\b at `at`: a word character on one side only."""
    return (at > 0 and _WORD_CHAR.match(text, at - 1) is not None) != \
        (at < len(text) and _WORD_CHAR.match(text, at) is not None)


def _clean_place(name: str, lex: _Lexicon) -> str | None:
    words = _POSSESSIVE.sub("", name).split()
    while words and words[0].lower() in lex.modifiers and not (
            words[0][:1].isupper() and words[0].lower() in lex.modifiers_lower_only and len(words) > 1):
        words.pop(0)
    if not words or words[0] in lex.not_places or words[-1] in lex.organisations:
        return None
    name = " ".join(words)
    return lex.place_aliases.get(name, name)         # "U.S." -> "United States"


def _places(story: Story, dates: _Ordered, lex: _Lexicon) -> list[_Place]:
    """Every place mention in the story in order; "the city" (the story's city, once it has been
    named, else the last place named before it) and "there" resolved."""
    text = story.text
    city = _story_city(text, lex)
    named_at = text.find(city) if city else -1
    found: list[_Place] = []
    for m in tried_at(lex.place_re, lex.place_starts, text, 0, len(text)):
        if m.group("settle") or m.group("settle2"):       # the story's city once named, else the last place
            found.append(_Place(m.start(), m.end(), city if 0 <= named_at < m.start() else None, m.group()))
            continue
        else:
            key = "named" if m.group("named") else "name"
            end = m.end()
            date = dates.covering(m.start(key), m.end(key))
            if date is not None:
                if date.start <= m.start(key):
                    continue
                end = len(text[:date.start].rstrip())       # "in eastern Afghanistan Wednesday"
            if key == "name" and _A_INITIALS.search(text, m.start(), end, **fuse()) and (
                    nxt := _NEXT.match(text, end, **fuse())) and nxt.group(1).islower():
                continue                                   # "at a U.S. base in eastern Afghanistan": whose base
            name = _clean_place(text[m.start(key):min(m.end(key), end)], lex)
        if name:
            found.append(_Place(m.start(), end, name, story.raw[m.start():end]))
    for m in lex.division_re.finditer(text, **fuse()):        # "areas of Quang Nam province"
        before = _NAME_BEFORE.match(text, max(0, m.start() - _BACK), m.start(), **fuse())
        if before is None or dates.covering(before.start("name"), before.end("name")) is not None:
            continue
        name = _clean_place(before.group("name"), lex)
        if name:
            found.append(_Place(before.start("name"), m.end(), name, story.raw[before.start("name"):m.end()]))
    for m in lex.there_re.finditer(text, **fuse()):
        found.append(_Place(m.start(), m.end(), None, m.group()))
    found.sort(key=lambda p: (p.start, -p.end))
    # a division inside a longer mention names a part of it: "in the Yobe state capital of Damaturu"
    found = [p for k, p in enumerate(found) if not any(_inside(p, q) for q in found[max(0, k - 3):k])]
    last = None
    for place in found:
        if place.name is None:
            place.name = last
        last = place.name or last
    return [p for p in found if p.name]


def _inside(p: _Place, q: _Place) -> bool:
    """Whether mention `p` lies within the longer mention `q` (which starts no later)."""
    return q.start <= p.start and p.end <= q.end and q.end - q.start > p.end - p.start


def _time(story: Story, mentions: Iterable[DateMention], lex: _Lexicon):
    """(text as written with its preposition, mention) of a date mention, or None if it dates a statement."""
    for d in mentions:
        if d.extra.get("anaphoric"):
            continue                                 # "on the same day that ...": no time of its own
        window = story.text[max(0, d.start - 24):d.start]
        if lex.statement_re.search(window, **fuse()):
            continue
        prep = lex.time_prep_re.search(window, **fuse())
        start = d.start - (len(window) - prep.start()) if prep else d.start
        return story.raw[start:d.end], d
    return None


@dataclass
class _Span:
    start: int
    end: int


class _Ordered:
    """Spans (claims, dates, places, clause breaks) in text order, searched around a position."""

    def __init__(self, items) -> None:
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def after(self, pos: int, limit: int):
        """Those starting in [pos, limit), nearest first."""
        k = bisect.bisect_left(self.starts, pos)
        while k < len(self.items) and self.items[k].start < limit:
            yield self.items[k]
            k += 1

    def before(self, lo: int, pos: int):
        """Those starting at or after lo and ending by pos, nearest first."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and self.items[k].start >= lo:
            if self.items[k].end <= pos:
                yield self.items[k]
            k -= 1

    def covering(self, start: int, end: int | None = None):
        """A span that overlaps [start, end) (or contains start), if any; spans do not nest."""
        end = start + 1 if end is None else end
        k = bisect.bisect_left(self.starts, end) - 1
        return self.items[k] if k >= 0 and self.items[k].end > start else None


def describe(story: Story, sentences: list[Sentence], claims: list[Claim],
             dates: list[DateMention], packs: tuple[str, ...] = ()) -> None:
    """Fill in subject, subject_key, predicate, place and time of each claim, in place
    (with the lexicons of `rules/` merged with the given rule packs)."""
    if not claims:
        return
    lex = _lexicon(packs)
    text = story.text
    ordered_dates = _Ordered(dates)
    places = _Ordered(_places(story, ordered_dates, lex))
    for index, group in by_sentence(claims).items():
        sent = sentences[index]
        # a clause ends at another figure or a clause break; figures inside a date
        # ("the last three weeks") and compound adjectives inside a noun phrase ("the
        # death toll in the nearly two-year conflict") do not count
        bounds = _Ordered([*(c for c in group if ordered_dates.covering(c.start) is None
                             and not (c.unit and _COMPOUND_ADJECTIVE.search(c.text, **fuse()))),
                           *(_Span(m.start(), m.end()) for m in
                             _BREAK.finditer(text, sent.start, sent.end, **fuse())),
                           *(_Span(m.start(1), m.end(1)) for m in      # the comma closing ", where ... ,"
                             _RELATIVE.finditer(text, sent.start, sent.end, **fuse()))])
        # a quotation of several sentences is one sentence here: its full stops still end a time scope
        stops = [m.start() for m in lex.full_stop_re.finditer(text, sent.start, sent.end, **fuse())]
        for claim in group:
            prev = next(bounds.before(sent.start, claim.start), None)
            nxt = next(bounds.after(claim.end, sent.end), None)
            lo, hi = (prev.end if prev else sent.start), (nxt.start if nxt else sent.end)
            k = bisect.bisect_left(stops, claim.start)
            inner = (stops[k - 1] + 1 if k else sent.start, stops[k] if k < len(stops) else sent.end)
            _describe_one(story, claim, lo, hi, sent, inner, places, ordered_dates, lex)
        _share_coordinated(text, group)
        _lift_from_place(text, group, lex)
        _parallel_verb(text, group)
        _subset_predicate(text, group, lex)
    _infer_elided(text, claims, lex)
    heads = headlines(text, sentences, lex.headline_max_words)
    _story_place(text, claims, sentences, heads, places, lex)
    _headline_scope(claims, heads)
    _indicator_scope(claims, lex)


def _indicator_scope(claims: list[Claim], lex: _Lexicon) -> None:
    """ "the 4.9 percent growth rate" after "grew at a 3.9 percent annual rate in the third quarter":
    a reading of an indicator (rules/subjects.toml [quantity] indicators) that names no period
    is about the period of the story's first reading of it in the same place (or anywhere, if
    it names no place)."""
    first: dict[tuple, Claim] = {}
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.subject_key not in lex.indicators or claim.predicate != lex.measured:
            continue
        if claim.time is not None:
            first.setdefault((claim.subject_key, claim.place), claim)
            first.setdefault((claim.subject_key, None), claim)
            continue
        lead = first.get((claim.subject_key, claim.place))
        if lead is None or (claim.place is not None and lead.place != claim.place):
            continue
        _take_scope(claim, lead)


def _share_coordinated(text: str, group: list[Claim]) -> None:
    """"40 civilians and 12 soldiers were killed on Monday": the first figure takes the
    predicate, place and time the clause gives the last one. The words before the "and"
    must end with the first figure's noun: in "three million people lost power and twelve
    people died" the first clause has a verb of its own, and nothing is shared; a figure after
    "of the" is the whole the next one is part of ("Of the 300 passengers, 40 were killed").
    A verb before the first figure is the list's: "killed at least 29 civilians, 16 rebels and
    nine troops" (all three killed)."""
    def coordinated(first: Claim, second: Claim) -> bool:
        return bool(first.subject and first.unit is None and second.unit is None
                    and not _PARTITIVE.search(text, max(0, first.start - 24), first.start, **fuse())
                    and _COORDINATED.fullmatch(text, first.end, second.start, **fuse())
                    and _ends_with_noun(text[first.end:second.start], first.subject))

    for k in range(len(group) - 2, -1, -1):
        first, second = group[k], group[k + 1]
        if coordinated(first, second):
            for name in ("predicate", "place", "time"):
                if getattr(first, name) is None and getattr(second, name) is not None:
                    setattr(first, name, getattr(second, name))
                    for key in {"place": ("place_text",), "time": ("time_iso", "time_period")}.get(name, ()):
                        if key in second.extra:
                            first.extra[key] = second.extra[key]
    for first, second in zip(group, group[1:]):
        if second.predicate is None and first.predicate is not None and coordinated(first, second):
            second.predicate = first.predicate


def _parallel_verb(text: str, group: list[Claim]) -> None:
    """ "310 of those defendants face criminal charges and 189 face civil actions": a word right
    after a count that is the verb after the noun of the count before it in the sentence is a
    verb, not a noun; the count has no noun of its own (and counts what the one before counts)."""
    for first, second in zip(group, group[1:]):
        if not first.subject or not second.subject or second.unit is not None or " " not in second.subject:
            continue
        at = text.find(first.subject, first.end, second.start)
        verb = _NEXT_TOKEN.match(text, at + len(first.subject)) if at >= 0 else None
        if verb and verb.group(1).isalpha() and verb.group(1) == second.subject.split()[0]:
            second.subject = second.subject_key = None


def _subset_predicate(text: str, group: list[Claim], lex: _Lexicon) -> None:
    """ "has killed at least six people around Europe, including three in France": a count right
    after a subset word (rules/predicates.toml [subset]) with no predicate of its own takes the
    predicate of the count before it."""
    if lex.subset_re is None:
        return
    for first, second in zip(group, group[1:]):
        if second.predicate is None and first.predicate is not None and second.unit is None \
                and lex.subset_re.search(text, max(first.end, second.start - 40), second.start, **fuse()):
            second.predicate = first.predicate


def _lift_from_place(text: str, group: list[Claim], lex: _Lexicon) -> None:
    """ "370,000 people in six provinces moved into shelters": a figure inside a place phrase
    after another figure's noun counts where, not what; the predicate after it is the first
    figure's."""
    for first, second in zip(group, group[1:]):
        if first.predicate is None and second.predicate is not None and first.unit is None \
                and first.subject and second.unit is None:
            gap = [w.lower() for w, _ in _words(text, first.end, second.start)]
            if len(gap) >= 2 and gap[-1] in lex.place_prepositions and \
                    gap[-2] == first.subject.split()[-1].lower():
                first.predicate, second.predicate = second.predicate, None


def _ends_with_noun(gap: str, subject: str) -> bool:
    """Whether the words of `gap` before its conjunction or comma end with the subject's head."""
    words = gap.replace(",", " , ").split()
    while words and words[-1].lower() in (",", "and", "or"):
        words.pop()
    return bool(words) and words[-1].lower() == subject.split()[-1].lower()


_SCOPE_EXTRA = ("place_text", "place_scope", "time_iso", "time_period")


def _story_place(text: str, claims: list[Claim], sentences: list[Sentence], heads: set[int], places: _Ordered,
                 lex: _Lexicon) -> None:
    """A figure whose sentence names no place is about the last place named before it in
    its paragraph ("Elsewhere, in Baghdad's Sadr City, ... Casualty figures vary from two
    dead"), and if the paragraph names none, about the place of the story: the place of
    the first figure in the lead (the first paragraph below the headlines with figures)
    that has one ("more than 60,000 people have died in Syria's civil war" ... "the death
    toll in the nearly two-year conflict at about 45,000"), unless its sentence is about
    another event ("In a separate attack, ..."). extra["place_inferred"] = true."""
    body = sorted((c for c in claims if c.sentence not in heads), key=lambda c: c.start)
    if not body:
        return
    lead = sentences[body[0].sentence].paragraph
    story = next((c.place for c in body if sentences[c.sentence].paragraph == lead and c.place
                  and not c.extra.get("place_scope")), None)       # "nationwide" is no story's place
    starts: dict[int, int] = {}
    for sent in sentences:
        starts.setdefault(sent.paragraph, sent.start)
    other_event: dict[int, bool] = {}            # sentence index -> about another event
    for claim in body:
        if claim.place is None:
            earlier = next(places.before(starts[sentences[claim.sentence].paragraph], claim.start), None)
            if earlier is None:
                if claim.sentence not in other_event:
                    sent = sentences[claim.sentence]
                    other_event[claim.sentence] = bool(lex.other_event_re.search(
                        text, sent.start, sent.end, **fuse()))
                if other_event[claim.sentence]:
                    continue
            claim.place = earlier.name if earlier else story
            if claim.place:
                claim.extra["place_inferred"] = True
                if earlier:
                    claim.extra["place_text"] = earlier.text


def _headline_scope(claims: list[Claim], heads: set[int]) -> None:
    """ "39 Killed in Philippines Earthquake": a headline figure is about the event its story
    reports, and Title Case hides which words are a place. It takes the place and time of
    the first figure below it with the same subject family, predicate and dimension (the
    first one with the headline's own place, if the story gives a figure there). A headline
    figure that leaves out what it counts ("Boko Haram Kills 68") takes the subject of the
    first figure below it with its predicate and dimension."""
    if not heads:
        return
    first: dict[tuple, Claim] = {}               # (subject family, predicate, dimension) -> first figure below
    first_at: dict[tuple, Claim] = {}            # the same and a place -> first figure there below
    for claim in sorted(claims, key=lambda c: c.start, reverse=True):
        key = (claim.subject_key, claim.predicate, claim.dimension)
        if claim.sentence not in heads:
            first[key] = claim
            if claim.subject_key:
                first[key[1:]] = claim          # (predicate, dimension) -> the first with a subject
            first_at[(*key, claim.place)] = claim
            continue
        if not claim.predicate:
            continue
        head = claim
        if not head.subject_key:
            lead = first.get(key[1:])
            if lead is None:
                continue
            head.subject, head.subject_key = lead.subject, lead.subject_key
            key = (head.subject_key, *key[1:])
        lead = (first_at.get((*key, head.place)) if head.place else None) or first.get(key)
        if lead is None:
            continue
        _take_scope(head, lead)


def _take_scope(claim: Claim, lead: Claim) -> None:
    """The claim takes the place and time of `lead`, with their readings, and says so."""
    claim.place, claim.time = lead.place, lead.time
    for name in _SCOPE_EXTRA:
        claim.extra.pop(name, None)
        if name in lead.extra:
            claim.extra[name] = lead.extra[name]
    claim.extra["scope_from"] = lead.id


def _infer_elided(text: str, claims: list[Claim], lex: _Lexicon) -> None:
    """A bare count with no noun ("Twelve thousand are based in Washington") counts what the
    count before it, in the same or the previous sentence, counts ("Ten thousand people"), and
    one that closes its clause in the same sentence says what it says ("Police said 30 people
    died, while organisers said 40."); a
    count followed by a model or serial ("one Kh-59 guided air missile") counts something of
    its own."""
    previous = None
    counted: list[Claim] = []                 # the counts with a noun so far
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.unit is not None:
            continue
        nxt = _NEXT_TOKEN.match(text, claim.end)
        if claim.subject is None and previous is not None and claim.sentence - previous.sentence <= 1 \
                and not (nxt and any(ch.isdigit() for ch in nxt.group(1))):
            if claim.value and _level_before(text, claim, lex):
                # a level a change runs from counts what the count nearest it in size counts: "136,000
                # people crossed into 19 countries. That is a 46 percent decline from some 212,000"
                near = [c for c in counted if claim.sentence - c.sentence <= 1 and c.value]
                previous = min(near, key=lambda c: abs(math.log(abs(c.value / claim.value))), default=previous)
            claim.subject, claim.subject_key = previous.subject, previous.subject_key
            claim.extra["subject_inferred"] = True
            claim.extra["subject_from"] = previous.id
            if claim.predicate is None and (previous.predicate == lex.measured or (
                    claim.sentence == previous.sentence and _CLOSES.match(text, claim.end))):
                claim.predicate = previous.predicate  # "a 7.1 magnitude, while the USGS puts it at 6.9";
                                                      # "three seats are in doubt, while the AEC says four."
        elif claim.subject is not None and not claim.extra.get("class_bound"):
            previous = claim
            counted.append(claim)


def _quantity(text: str, claim: Claim, lo: int, hi: int, lex: _Lexicon) -> None:
    """ "a 7.1 magnitude", "magnitude 6.9 quake", "the 7.2-magnitude quake", "a Richter
    magnitude of 5.8": the figure measures a quantity named in rules/subjects.toml [quantity]."""
    before = _words(text, max(lo, claim.start - 40), claim.start)
    after = _words(text, claim.end, min(hi, claim.end + 40))
    if after and after[0][0] == "-":
        after = after[1:]                        # "7.2-magnitude"
    before = [w for w, _ in before]
    after = [w for w, _ in after]
    subject = (claim.subject or "").lower().split()
    if before and before[-1].lower() in lex.quantities:                     # "magnitude 6.9 quake"
        name, noun, scale = before[-1], after[0] if after else "", before[-2] if len(before) > 1 else ""
    elif after and after[0].lower() in lex.quantities and (not subject or subject[-1] in lex.quantities):
        name, noun, scale = after[0], after[1] if len(after) > 1 else "", before[-1] if before else ""
    elif subject and subject[-1] in lex.quantities:                         # "a Richter magnitude of 5.8"
        words = claim.subject.split()
        name, noun, scale = words[-1], "", words[-2] if len(words) > 1 else ""
    elif subject and subject[-1] in lex.quantity_aliases and _of_event(before, subject[-1], lex):
        name, noun, scale = lex.quantity_aliases[subject[-1]], "", ""    # "the strength of the quake at 7.0"
        subject = []
    else:
        return
    if subject and subject[-1] not in lex.quantities and not lex.events.intersection(subject):
        return                                   # "nine aftershocks, with the highest being a magnitude 4.8"
    key = name.lower()
    if scale.lower() in lex.scales:
        key = f"{scale.lower()} {key}"
    if noun.isalpha() and noun.islower() and noun not in lex.events and noun not in lex.stop:
        key = f"{_singular(noun)} {key}"          # "a magnitude 4.8 aftershock"
    if not (subject and subject[-1] in lex.quantities):
        claim.subject = name.lower()
    claim.subject_key = key
    if _class_bound(claim, [w for w, _ in _words(text, max(lo, claim.start - 80), claim.start)], lex):
        claim.extra["class_bound"] = True        # what is counted, not a reading: never compared
    else:
        claim.predicate = lex.measured


def _of_event(before: list[str], alias: str, lex: _Lexicon) -> bool:
    """Whether the words before a figure hold `alias` "of the" an event noun ("the strength of
    the quake at")."""
    low = [w.lower() for w in before]
    return any(w == alias and low[k + 1:k + 2] == ["of"] and lex.events.intersection(low[k + 2:k + 4])
               for k, w in enumerate(low))


def _class_bound(claim: Claim, before: list[str], lex: _Lexicon) -> bool:
    """Whether a quantity's figure bounds a class of things rather than measuring one:
    an open bound ("magnitude 5.0 or greater", "above magnitude 6") or a figure tied to
    a plural by "of" or "with" ("earthquakes per day of magnitude 4.0", "19 earthquakes
    worldwide with a magnitude of 7.0", "nine aftershocks, with the highest being a
    magnitude 4.8"). `before` holds the clause's words before the figure."""
    if claim.qualifier in ("at-least", "more-than", "at-most", "less-than"):
        return True
    words = [w.lower() for w in before[-8:]]
    for k, word in enumerate(words):
        if word in lex.classes and (any(w in ("of", "with") for w in words[k + 1:k + 4])
                                    or lex.class_bounds.intersection(words[k + 1:])):
            return True              # "aftershocks, none greater than a magnitude of 3.6"
    return False


def _describe_one(story: Story, claim: Claim, lo: int, hi: int, sent: Sentence, inner: tuple[int, int],
                  places: _Ordered, dates: _Ordered, lex: _Lexicon) -> None:
    """Subject, predicate, place and time of one claim: `lo`-`hi` is its clause, `inner` the sentence
    of a quotation it stands in (the whole sentence otherwise)."""
    text = story.text
    after = claim.end
    if claim.subject is None:
        found = _subject_after(text, claim, hi, lex)
        if found:
            claim.subject, after, nominal = found
            claim.subject_key = lex.nominal_key if nominal else _subject_key(claim.subject, lex)
            if nominal:                       # "deaths", "13 civilian deaths"
                claim.predicate = lex.predicate_of.get(claim.subject.split()[-1].lower())
        else:
            claim.subject = _subject_before(story, lo, claim, lex)
            if claim.subject:
                claim.subject_key = lex.before.get(claim.subject.lower()) or _subject_key(claim.subject, lex)
                claim.predicate = lex.predicate_of.get(claim.subject.lower())
            others = _NEXT.match(text, claim.end, hi)
            if others and others.group(1).lower() in lex.elliptic:
                after = others.end()          # "Nineteen others have been injured": the predicate follows
    elif claim.subject_key is None:
        claim.subject_key = _subject_key(claim.subject, lex)
    if claim.subject is None and claim.dimension == "length" and lex.distance_re is not None and (
            lex.distance_re.match(text, claim.end, min(sent.end, claim.end + 60), **fuse())
            or (lex.distance_before_re is not None
                and lex.distance_before_re.search(text, max(lo, claim.start - 12), claim.start, **fuse()))):
        claim.subject = claim.subject_key = lex.distance    # "About 45 kilometers away", "within 49,000 miles of"
    if claim.unit is None and claim.predicate is None:
        _quantity(text, claim, lo, hi, lex)
    elif claim.unit == "percent" and claim.predicate is None and claim.subject_key in lex.indicators \
            and not _OF.match(text, claim.end, claim.end + 10) and not (lex.indicator_skip and lex.indicator_skip.search(
                text, *_comma_clause(text, claim, sent), **fuse())):
        claim.predicate = lex.measured          # "grew at a 3.9 percent annual rate", "the 4.9 percent growth
                                                # rate"; not "60 percent of growth", nor a forecast in its clause
        owner = lex.indicator_owner_re.search(text, max(sent.start, lo - 80), claim.start, **fuse()) \
            if lex.indicator_owner_re is not None else None
        if owner:                               # "China's growth rate", "the U.S. economy grew": its place
            claim.place = _clean_place(_ARTICLE.sub("", owner.group("owner")), lex)
    if claim.predicate is None:
        aside = lex.subset_aside_re is not None and lex.subset_aside_re.match(text, after, hi, **fuse())
        claim.predicate = (_predicate_before(text, lo, claim, lex)      # "killed hundreds of people ... and
                           or _predicate_after(text, after, sent.end if aside else hi, lex))   # burned down",
        # "who remain trapped"; "Eight people, including six officials and three civilians, were killed"
    if claim.predicate is None and claim.subject and " " in claim.subject:
        claim.predicate = next((lex.predicate_of[w] for w in claim.subject.lower().split()[:-1]
                                if w in lex.predicate_of and (_participle(w) or w in lex.nominal)),
                               None)                    # "displaced people", "injured miners"; not "rescue workers"
    if claim.place is None and lex.scope_re is not None:
        scope = lex.scope_re.search(text, lo, hi, **fuse())
        name = lex.scope_of.get(SPACES.sub(" ", scope.group().casefold())) if scope else None
        if name:                              # "Nationwide, the quake killed 40 people" (read case-folded:
            claim.place = name                # "acroſs the nation"; a letter folding to two is no match)
            claim.extra["place_scope"] = True
    if claim.place is None:
        place = (next(places.after(claim.end, hi), None) or next(places.before(lo, claim.start), None)
                 or next(places.after(claim.end, sent.end), None)
                 or next(places.before(sent.start, claim.start), None))
        if place:
            claim.place, claim.extra["place_text"] = place.name, place.text
    if claim.time is None:
        start, stop = inner
        found_time = (_time(story, dates.after(claim.end, min(hi, stop)), lex)
                      or _time(story, dates.before(max(lo, start), claim.start), lex)
                      or _time(story, dates.before(start, claim.start), lex))   # "Last year, ..., 281 died"
        if found_time:
            claim.time, mention = found_time
            if mention.iso:
                claim.extra["time_iso"] = mention.iso
            period = mention.extra.get("period") or ([mention.iso, mention.iso] if mention.iso else None)
            if period:
                claim.extra["time_period"] = list(period)
    if claim.unit is None and lex.per_re is not None:
        per = next((m for m in lex.per_re.finditer(text, claim.end, hi, **fuse())
                    if not (lex.not_per_re and lex.not_per_re.match(text, m.end(), m.end() + 20))), None)
        if per:                               # "239 fugitives per day", "the highest daily surge"
            claim.extra["per"] = lex.per_of[SPACES.sub(" ", per.group().lower())]
