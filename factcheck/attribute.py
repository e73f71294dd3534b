"""Stage 4: who each figure is attributed to.

Every lexicon lives in `rules/attribution.toml`. The stage works in three passes:

1. **Speech events.** In each sentence, every cue (a speech or evidence verb in
   any tense, "according to", "the remarks by", "X's figures") is tied to its
   speaker's noun phrase: the one before the verb ("the coalition has said",
   "Dillon told The AP"), after it when inverted after a quotation or comma
   (", said Dillon"), or after the phrase ("according to the Syrian interior
   minister"). Appositives and titles are read ("coalition spokesman, Col.
   Ryan Dillon," -> name Ryan Dillon, role spokesman, affiliation coalition);
   a participle or "of" phrase leads back to the real head ("the coalition
   battling the Islamic State group said" -> the coalition). An adjective
   ("an estimated 4,000") or a passive with no agent ("is believed to be") is
   no cue; a passive's agent a few words on is its speaker ("a quake, measured
   at magnitude 6.3 by the USGS,"). An event *governs* the text after its cue, or, when it closes its
   sentence (", he said.") or a relative clause ("44,000 families that the
   FAO says ..."), the text before it; a nominal cue ("figures from X") its
   whole sentence, for figures no nearer cue governs. A transcript's speaker
   label before a quotation ('LOUIS LATAIF: "...') is the quotation's speaker;
   a host's label before narration ("BARBARA KLEIN: Tornado season ...") is none;
   a named person who opens a sentence and introduces a quotation with a colon
   ('The 67-year-old Mueller paid tribute to Messi: "My record ...') speaks it.
2. **Identity.** Mentions are resolved in story order: aliases from the data
   file (UN, U.N., United Nations), surnames to an earlier full name (Dillon ->
   Ryan Dillon), a bare head to the earlier source with that head ("the
   coalition" -> "The U.S.-led coalition"), and pronouns to the nearest
   earlier *speaker* of a compatible kind that spoke a few sentences before
   (or, for "he"/"she", the person the sentence right before opens with),
   never to a name that merely appears nearby. Every mention of one source
   gets one `identity`.
3. **Claims.** A figure takes the nearest event that governs it in its
   sentence; a figure inside a quotation takes the quotation's speaker, also
   across paragraphs when a quotation runs on. When the governing event is
   itself inside another speaker's report ("Dillon said the UN estimates
   8,000"), the outer speaker is the `relay`. A credit line under a table or
   list ("Source: UNHCR") frames the rows above it. Narration with no event in
   reach stays unattributed (`source` is None).

A spokesperson's *remarks* named as a noun ("The remarks by coalition
spokesman, Col. Ryan Dillon, came as ... an estimated 4,000 civilians ...")
frame the sentence rather than quote the figure, so the figure goes to the
organisation the spokesperson speaks for (the coalition), with the
spokesperson as relay.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

from factcheck.checks.base import alternation, trie
from factcheck.data import load_toml
from factcheck.guard import fuse
from factcheck.model import Claim, Sentence, Source, Story
from factcheck.scan import tried_at

_TOKEN = regex.compile(
    r"(?:\p{Lu}\.){2,}(?:-\p{L}+)*"                     # U.S., U.N., U.S.-led
    r"|\p{Lu}\p{Ll}{0,3}\.(?=\s+\p{Lu})"                # Col. Dr. Lt. before a name
    r"|[\p{L}\d][\p{L}\p{M}\d'’-]*(?:\.\p{L}+)*"        # words, al-Assad, coalition's
    r"|\S")
# the same on ASCII text, which re scans faster; white space as regex reads it (re's \s also
# holds \x1c-\x1f)
_ASCII_SPACES = r"[\t\n\x0b\x0c\r ]+"
_ASCII_TOKEN = re.compile(r"(?:[A-Z]\.){2,}(?:-[A-Za-z]+)*|[A-Z][a-z]{0,3}\.(?=" + _ASCII_SPACES + "[A-Z])"
                          r"|[A-Za-z0-9][A-Za-z0-9'-]*(?:\.[A-Za-z]+)*|[^\t\n\x0b\x0c\r ]")
_DASHES = frozenset("-–—")
_QUOTE = regex.compile(r"[\"“”]")
_COLON_QUOTE = regex.compile(r":\s*[\"“]")
# a transcript's speaker label: "BARBARA KLEIN: ...", 'LOUIS LATAIF: "It's ...'
_LABEL = regex.compile(r"(\p{Lu}[\p{Lu}.'’-]+(?:[ \t]+\p{Lu}[\p{Lu}.'’-]*){0,3})[ \t]*:\s*")
_PREFIXED = regex.compile(r"(?:al|el|ad|an|as|ash|at|az|ud|ul|bin|ibn|abu)-\p{Lu}")
_ASIDE_TOKENS = 30          # the longest aside between commas after a speaker ("who asked not to be named ...")
_HEAD_CHARS = 120           # a sentence's opening subject lies within its first characters
_AGENT_WORDS = 8            # the most words between a passive evidence verb and "by" its agent
_CLAUSE_MARKS = frozenset(',;:()"“”—–')
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
                    "august september october november december".split())
_TAG_WORDS = 10             # the most words after a closing tag's verb (", he said in a statement on Monday.")
_BREAK = regex.compile(r"[;:]|,\s+(?:and|but|while|whereas)\b")
_DETERMINERS = frozenset({"the", "a", "an"})
_CONNECTORS = frozenset({"of", "for", "and"})       # inside a title: "Secretary for Water and Science"
_POSSESSIVE = ("'s", "’s")
_POSSESSIVE_RE = regex.compile(r"['’]s$")


@dataclass(frozen=True)
class _Lexicon:
    cue_re: regex.Pattern
    cue_starts: re.Pattern | None             # where cue_re may match, in lowered ASCII text (see `scan.tried_at`)
    verbs: frozenset[str]
    relaying: frozenset[str]
    continuing: frozenset[str]
    inverted: frozenset[str]
    addressee: frozenset[str]
    institutional: frozenset[str]             # cues only for an organisation, group or medium
    caseload: frozenset[str]                  # ... governing the whole sentence: its own work
    not_cues: frozenset[str]                  # "think about": found as cues, then dropped
    clause_breaks: frozenset[str]             # words between a passive verb and "by" that end its reach
    months: frozenset[str]                    # from rules/dates.toml: "by March" is no agent
    magnitudes: frozenset[str]                # from rules/numbers.toml: "four million the UN predicted"
    nominal_speech: frozenset[str]
    nominal: frozenset[str]                   # nominal_speech and nominal_data
    auxiliaries: frozenset[str]
    passive: frozenset[str]
    possessive: frozenset[str]
    titles: dict[str, tuple[tuple[str, ...], ...]]   # first word -> titles as words, longest first
    possessive_re: regex.Pattern              # "the UN's figures"
    credit_re: regex.Pattern                  # "Source:" opening a line under a table
    elaboration_re: regex.Pattern             # "The dead include": a sentence going on about the one before
    roles: frozenset[str]
    speaks_for: frozenset[str]
    groups: frozenset[str]
    things: frozenset[str]                    # what figures count: never a speaker
    organisations: frozenset[str]
    media: frozenset[str]
    documents: frozenset[str]
    stop: frozenset[str]
    particles: frozenset[str]
    asides: frozenset[str]                    # words that open an aside between speaker and verb
    prepositions: frozenset[str]              # "in a report released Monday": no speaker
    links: frozenset[str]                     # "a spokesman for the coalition"
    place_prepositions: frozenset[str]        # "officials in the province"
    pronouns: dict[str, str]                  # pronoun -> "person" or "collective"
    reach: dict[str, int]                     # kind -> sentences back
    alias: dict[str, str]                     # lower-case alias -> canonical name


@functools.cache
def _lexicon(packs: tuple[str, ...] = ()) -> _Lexicon:
    data = load_toml("attribution.toml", packs)
    cues, speakers = data["cues"], data["speakers"]
    phrases = cues["preceding"] + cues["nominal_speech"] + cues["nominal_data"]
    verbs = cues["verbs"] + cues["institutional"] + cues["caseload"] + cues["not_cues"]
    cue_re = regex.compile(                     # verbs in lower case only: "Islamic State" is no cue
        r"\b(?:(?P<phrase>(?i:" + trie(phrases) + r"))|(?P<verb>" + trie(verbs) + r"))\b")
    # every phrase and verb in lower case, found case-sensitively in the lowered text (with white
    # space as regex reads it in ASCII): where cue_re matches in ASCII text, this matches too
    cue_starts = re.compile(r"\b(?:" + trie({w.lower() for w in phrases + verbs}, _ASCII_SPACES) + r")\b") \
        if all(w.isascii() for w in phrases + verbs) else None
    pronouns = {k: v for k, v in data["pronouns"].items() if k != "reach"}
    reach = dict(data["pronouns"]["reach"])
    alias = {}
    for canonical, others in data["aliases"].items():
        for name in [canonical, *others]:
            alias[name.lower()] = canonical
    titles: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted((tuple(t.lower().split()) for t in speakers["titles"]), key=len, reverse=True):
        titles.setdefault(title[0], []).append(title)
    return _Lexicon(
        cue_re=cue_re, cue_starts=cue_starts, verbs=frozenset(cues["verbs"]), relaying=frozenset(cues["relaying"]),
        continuing=frozenset(cues["continuing"]),
        inverted=frozenset(cues["inverted"]),
        addressee=frozenset(cues["addressee"]), caseload=frozenset(cues["caseload"]),
        institutional=frozenset(cues["institutional"] + cues["caseload"]),
        clause_breaks=frozenset(cues["clause_breaks"]), not_cues=frozenset(cues["not_cues"]),
        months=frozenset(name.lower().rstrip(".") for name in load_toml("dates.toml", packs)["months"]),
        magnitudes=frozenset(name.lower() for name in load_toml("numbers.toml", packs)["magnitudes"]),
        nominal_speech=frozenset(cues["nominal_speech"]),
        nominal=frozenset(cues["nominal_speech"] + cues["nominal_data"]),
        auxiliaries=frozenset(cues["auxiliaries"]),
        passive=frozenset(cues["passive"]), possessive=frozenset(cues["possessive"]),
        possessive_re=regex.compile(r"(?i)['’]s\s+(?:" + alternation(cues["possessive"]) + r")\b"),
        credit_re=regex.compile(r"(?i:" + alternation(cues["credit"]) + r")\s*:"),
        elaboration_re=regex.compile(r"(?i:" + alternation(cues["elaborations"]) + r")\b"),
        titles={first: tuple(group) for first, group in titles.items()},
        roles=frozenset(speakers["roles"]), speaks_for=frozenset(speakers["speaks_for"]),
        groups=frozenset(w.lower() for w in speakers["groups"]),
        things=frozenset(w.lower() for w in speakers["things"]),
        organisations=frozenset(speakers["organisations"]),
        media=frozenset(w.lower() for w in speakers["media"]),
        documents=frozenset(speakers["documents"]), stop=frozenset(speakers["stop"]),
        particles=frozenset(speakers["particles"]), asides=frozenset(speakers["asides"]),
        prepositions=frozenset(speakers["prepositions"]), links=frozenset(speakers["affiliation_links"]),
        place_prepositions=frozenset(speakers["place_prepositions"]),
        pronouns=pronouns, reach=reach, alias=alias)


@functools.lru_cache(maxsize=4096)
def _reading(text: str) -> tuple[str, str, str, bool, bool]:
    """A token's text, low, base, word and capital (see `_Tok`), worked out once per distinct token."""
    if text in _DASHES:
        text = ","                              # "Edward Lazear - the president's adviser - says": an aside
    low = text.lower()
    return (text, low, low[:-2] if low.endswith(_POSSESSIVE) else low,   # "ministry's" -> "ministry"
            text[0].isalnum(),
            # capitalised, also after a name prefix: "al-Qudra", "el-Sisi"
            text[0].isupper() or ("-" in text and bool(_PREFIXED.match(text))))


class _Tok:
    """A token with what the phrase readers ask of it worked out once."""
    __slots__ = ("text", "start", "end", "low", "base", "word", "capital")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.low, self.base, self.word, self.capital = _reading(text)
        self.start, self.end = start, end

    @property
    def last(self) -> str:
        """What a role is read from: the word after a hyphen ("co-founder" -> "founder")."""
        return self.base.rpartition("-")[2]


@dataclass
class _Mention:
    """A speaker's noun phrase as analysed: who, of what kind, with what role."""
    start: int
    end: int
    name: str
    kind: str                       # person, organisation, group, media, document, pronoun
    head: str                       # lower-case head word, for "the coalition" -> earlier coalition
    role: str | None = None
    affiliation: str | None = None
    bare: bool = False              # no words but the head ("the coalition", "officials")


@dataclass
class _Entity:
    identity: str
    name: str
    kind: str
    head: str
    role: str | None
    affiliation: str | None
    sentence: int                   # where it last spoke


@dataclass
class _Event:
    mention: _Mention
    cue: str
    cue_start: int
    cue_end: int
    governs: str                    # "after", "before", "both", "sentence" or "table" (a credit line's)
    entity: _Entity | None = None
    relay: _Entity | None = None    # who passed it on: a spokesperson; Dillon in "Dillon said the UN estimates"
    nominal: bool = False
    relay_mention: _Mention | None = None   # "the BBC reported, citing ...", "IRNA quoted ... as saying"


# ---------------------------------------------------------------- noun phrases

def _is_source_word(tok: _Tok, lex: _Lexicon) -> bool:
    low = tok.base
    return (tok.last in lex.roles or low in lex.groups or low in lex.organisations or low in lex.media
            or low in lex.documents)


def _is_head(tok: _Tok, lex: _Lexicon) -> bool:
    """Whether a word can end a speaker's noun phrase: a name, a source noun, a plural ("fighters")."""
    return tok.capital or _is_source_word(tok, lex) or (tok.low.endswith("s") and len(tok.low) > 3)


def _np_tokens_before(toks: list[_Tok], j: int, lex: _Lexicon) -> int | None:
    """Index of the first token of the noun phrase ending at toks[j], or None."""
    head = toks[j]
    acronym = head.text.isupper() and len(head.text) > 1              # "IS claimed": not the verb "is"
    named = head.capital and j > 0 and toks[j - 1].capital and toks[j - 1].low not in lex.stop   # "Theresa May"
    if not head.word or (head.low in lex.stop and not acronym and not named):
        return None
    if not _is_head(head, lex):
        return None
    i = j
    lower_mods = 0
    while i - 1 >= 0:
        tok = toks[i - 1]
        if not tok.word:
            break
        if tok.low in _DETERMINERS:
            return i - 1
        if tok.low == "and" and i >= 2 and _is_source_word(toks[i - 2], lex) and _is_source_word(toks[i], lex):
            i -= 2                             # "state media and officials said", "police and officials"
            continue
        if (tok.low == "and" or tok.low in lex.particles) and toks[i].capital:
            k = i - 1                          # "Food and Agriculture Organization", "Florencio de la Cruz"
            while k - 1 >= 0 and toks[k - 1].low in lex.particles:
                k -= 1
            if k - 1 >= 0 and toks[k - 1].capital and toks[k - 1].low not in lex.stop:
                i = k - 1
                continue
        if tok.low in lex.stop and not tok.text.isupper():
            break
        if tok.capital or _is_source_word(tok, lex) or tok.low.endswith(_POSSESSIVE):
            i -= 1
            continue
        if lower_mods < 2 and not tok.low.endswith(("ing", "ed")):
            lower_mods += 1
            i -= 1
            continue
        break
    return i


def _np_before(toks: list[_Tok], j: int, lex: _Lexicon) -> tuple[int, int] | None:
    """(first, last) token indices of the speaker phrase ending at or before toks[j]."""
    if j < 0:
        return None
    if toks[j].low in lex.pronouns:
        return j, j
    if toks[j].text == ")" and j >= 3 and toks[j - 2].text == "(" and toks[j - 1].text.isupper():
        return _np_before(toks, j - 3, lex)       # "The European Mediterranean Seismological Centre (EMSC) said"
    if toks[j].text == ",":                       # "Dillon, who ..., said" / "Dillon, a spokesman, said"
        k = next((k for k in range(j - 1, max(-1, j - _ASIDE_TOKENS), -1) if toks[k].text == ","), None)
        if k is None:
            return None
        inner = toks[k + 1:j]
        named = bool(inner) and all(t.capital or t.low in lex.particles for t in inner if t.word)
        roled = any(t.last in lex.roles for t in inner)
        aside = bool(inner) and (inner[0].low in lex.asides or inner[0].low.endswith("ed")
                                 or inner[0].low in lex.verbs)   # "The study, published in Nature, found"
        if inner and (aside or named or roled or inner[0].low in _DETERMINERS):
            found = _np_before(toks, k - 1, lex)      # "The Observatory, a monitoring group, said"
            if found is None and named:
                return k + 1, j - 1                   # "A spokesman for the province, Hamedulla Zawak, says"
            return (found[0], j - 1) if found and (named or roled) else found
        return None
    first = _np_tokens_before(toks, j, lex)
    if first is None:
        at = next((k for k in range(j - 1, max(0, j - 4), -1) if toks[k].low in lex.place_prepositions), None)
        if at and all(t.word for t in toks[at + 1:j + 1]) and _is_source_word(toks[at - 1], lex) \
                and toks[at - 1].low not in lex.documents:
            outer = _np_tokens_before(toks, at - 1, lex)      # "health officials in the province said"
            if outer is not None:
                return outer, j
        # "an official who spoke on condition of anonymity said"
        who = next((k for k in range(j, max(-1, j - 12), -1) if toks[k].low in ("who", "which")
                    or not toks[k].word), None)
        return _np_before(toks, who - 1, lex) if who is not None and toks[who].word else None
    # "the head of the UN agency", "the Bureau of Labor Statistics of the U.S. Department of Labor",
    # "officials in Damascus"
    while first >= 2 and (
            (toks[first - 1].low in lex.links
             and (toks[first - 2].last in lex.roles or toks[first - 2].capital))
            or (toks[first - 1].low in lex.place_prepositions and _is_source_word(toks[first - 2], lex)
                and toks[first - 2].low not in lex.documents)):
        outer = _np_tokens_before(toks, first - 2, lex)
        if outer is None:
            break
        first = outer
    # "the coalition battling the Islamic State group said"
    if first >= 2 and toks[first - 1].low.endswith("ing") and not toks[first - 1].capital:
        outer = _np_tokens_before(toks, first - 2, lex)
        if outer is not None:
            return outer, first - 2
    return first, j


def _np_after(toks: list[_Tok], i: int, lex: _Lexicon) -> tuple[int, int] | None:
    """(first, last) token indices of the speaker phrase starting at toks[i]."""
    n = len(toks)
    start = i
    while i < n and toks[i].low in _DETERMINERS:
        i += 1
    last = None
    lower_run = 0
    while i < n and toks[i].word:
        tok = toks[i]
        if tok.low == "and" and last == i - 1 and toks[last].capital and i + 1 < n and toks[i + 1].capital:
            i += 1                             # "Assistant Secretary for Water and Science ..."
            continue
        if tok.low in lex.stop and not (tok.text.isupper() and len(tok.text) > 1):
            break
        if _is_head(tok, lex) or tok.low.endswith(_POSSESSIVE):
            last, lower_run = i, 0
        elif lower_run < 2 and not tok.low.endswith(("ing", "ed")):
            lower_run += 1                     # a modifier, kept only if a head follows
        else:
            break
        i += 1
    if last is None:
        return None
    # "the head of the UN refugee agency", "a spokesman for the coalition", "the Bureau of Meteorology"
    if (toks[last].last in lex.roles or toks[last].capital) and last + 2 < n and toks[last + 1].low in lex.links:
        inner = _np_after(toks, last + 2, lex)
        if inner and (toks[last].last in lex.roles
                      or any(t.capital for t in toks[inner[0]:inner[1] + 1] if t.low not in _DETERMINERS)):
            last = inner[1]
    # appositive: "coalition spokesman, Col. Ryan Dillon," / "Dillon, a coalition spokesman,"
    if last + 2 < n and toks[last + 1].text == ",":
        inner = _np_after(toks, last + 2, lex)
        if inner and any(t.last in lex.roles for t in (*toks[start:last + 1], *toks[inner[0]:inner[1] + 1])):
            last = inner[1]
    return start, last


def _strip_title(words: list[_Tok], lex: _Lexicon) -> list[_Tok]:
    lows = [w.low for w in words]
    for title in lex.titles.get(lows[0], ()) if lows else ():
        if tuple(lows[:len(title)]) == title and len(words) > len(title):
            return words[len(title):]
    return words


def _span(story: Story, words: list[_Tok]) -> str:
    return _POSSESSIVE_RE.sub("", story.raw[words[0].start:words[-1].end])


def _person_name(words: list[_Tok], lex: _Lexicon) -> tuple[list[_Tok], list[_Tok]]:
    """(role words, name words) of a capitalised phrase: "Health Minister Ahmed Ali", "Col. Ryan Dillon"."""
    if len(words) > 2 and any(w.low in _CONNECTORS for w in words) and (
            words[0].low in lex.titles or any(w.last in lex.roles for w in words[:-2])):
        if words[-2].low in _CONNECTORS:       # "High Commissioner for Refugees": an office, no name
            return [], words
        return words[:-2], words[-2:]          # "Secretary for Water and Science Tanya Trujillo"
    words = _strip_title(words, lex)
    cut = max((k for k, w in enumerate(words[:-1]) if w.last in lex.roles), default=-1)
    return words[:cut + 1], _strip_title(words[cut + 1:], lex)


def _role(words: list[_Tok], story: Story, lex: _Lexicon) -> tuple[int, str, str | None] | None:
    """(index of the role word, role, affiliation) of a role phrase ("Syrian interior minister",
    "the army's chief", "spokesman for the coalition"), or None without a role word."""
    at = max((k for k, w in enumerate(words) if w.last in lex.roles and not w.capital), default=None)
    if at is None:
        return None
    mods = [w for w in words[:at] if not w.capital and w.low not in lex.organisations
            and not w.low.endswith(_POSSESSIVE)]
    aff = [w for w in words[:at] if w not in mods]
    if not aff and at + 2 < len(words) and words[at + 1].low in lex.links:
        aff = [w for w in words[at + 2:] if w.low not in _DETERMINERS]
    return at, " ".join(w.low for w in [*mods, words[at]]), _span(story, aff) if aff else None


def _segments(toks: list[_Tok]) -> list[list[_Tok]]:
    """The comma-separated parts of a phrase, words only, leading articles dropped."""
    segs: list[list[_Tok]] = [[]]
    for tok in toks:
        if tok.text == ",":
            segs.append([])
        elif tok.word and (segs[-1] or tok.low not in _DETERMINERS):
            segs[-1].append(tok)
    return [seg for seg in segs if seg]


def _person(story: Story, start: int, end: int, role_words: list[_Tok], name: list[_Tok],
            lex: _Lexicon) -> _Mention:
    """A named person with the capitalised title before the name as role: "U.N. Human Rights
    Commissioner Navi Pillay" -> role "human rights commissioner", affiliation United Nations."""
    affiliation = None
    if role_words and role_words[0].low in lex.alias:
        affiliation = lex.alias[role_words[0].low]
        role_words = role_words[1:]
    return _Mention(start, end, _span(story, name), "person", name[-1].low,
                    role=" ".join(w.low for w in role_words) or None, affiliation=affiliation,
                    bare=len(name) == 1)


def _analyse(toks: list[_Tok], first: int, last: int, story: Story, lex: _Lexicon) -> _Mention | None:
    segs = _segments(toks[first:last + 1])
    if not segs:
        return None
    start, end = segs[0][0].start, segs[-1][-1].end
    words = segs[0]
    if len(segs) > 1:                # appositive: "coalition spokesman, Col. Ryan Dillon"
        named = next((seg for seg in segs if all(w.capital for w in seg) and _role(seg, story, lex) is None), None)
        roled = next((seg for seg in segs if seg is not named and _role(seg, story, lex)), None)
        if named and roled:
            _, role, aff = _role(roled, story, lex)
            name = _person_name(named, lex)[1]
            return _Mention(start, end, _span(story, name), "person", name[-1].low, role=role, affiliation=aff)
        end = words[-1].end
    if len(words) == 1 and words[0].low in lex.pronouns:
        return _Mention(start, end, words[0].text, "pronoun", words[0].low)
    owner = next((k for k in range(len(words) - 2, -1, -1) if words[k].low.endswith(_POSSESSIVE)), None)
    if owner is not None and all(w.capital for w in words[owner + 1:]) and not any(
            w.base in lex.organisations or w.low in lex.media for w in words[owner + 1:]):
        role_words, name = _person_name(words[owner + 1:], lex)    # "The BBC's Lyse Doucet"
        if name and (len(name) == 2 or len(name) < len(words) - owner - 1):   # a first name, or a title
            person = _person(story, start, end, role_words, name, lex)
            person.affiliation = person.affiliation or lex.alias.get(
                _span(story, words[:owner + 1]).lower(), _span(story, words[:owner + 1]))
            return person
    tail = len(words)
    while tail > 1 and words[tail - 1].capital:
        tail -= 1
    if 0 < tail < len(words) and not words[tail - 1].capital and (
            words[tail - 1].low in lex.media or words[tail - 1].low in lex.organisations):
        words = words[tail:]                 # "Syria's state news agency SANA" -> SANA
    name = _span(story, words)
    proper = next((k for k, w in enumerate(words) if w.capital), 0)       # "the latest UN figures" -> UN
    canonical = lex.alias.get(name.lower()) or lex.alias.get(_span(story, words[proper:]).lower())
    if not canonical and len(words) > 1 and words[-1].low in lex.documents:
        canonical = lex.alias.get(_span(story, words[proper:-1]).lower())
    if canonical:
        return _Mention(start, end, canonical, "organisation", canonical.lower(), bare=True)
    at = next((k for k, w in enumerate(words) if w.low in ("of", "at", "from", "in")), None)
    if at and words[at - 1].low in lex.groups:                          # "officials in Damascus"
        return _Mention(start, end, name, "group", words[at - 1].low)
    if at and all(w.capital for w in words[:at]) and not any(
            w.base in lex.organisations or w.low in lex.media for w in words[:at]):
        person = _strip_title(words[:at], lex)
        if len(person) < at or len(person) > 1 or person[0].last not in lex.roles:   # "Dr. Jane Roe of ..."
            affiliation = [w for w in words[at + 1:] if w.low not in _DETERMINERS]
            if person and affiliation and not (len(person) == 1 and _person_name(words, lex)[0]):
                return _Mention(start, end, _span(story, person), "person", person[-1].low,
                                affiliation=_span(story, affiliation), bare=len(person) == 1)
    if any(w.low in lex.media for w in words) or name.lower() in lex.media:
        return _Mention(start, end, name, "media", words[-1].low, bare=len(words) == 1)
    roled = _role(words, story, lex)
    if roled:                        # "coalition spokesman Col. Ryan Dillon", "the Syrian interior minister"
        at, role, aff = roled
        person = [w for w in words[at + 1:]]
        if person and all(w.capital for w in person):
            person = _person_name(person, lex)[1]
            return _Mention(start, end, _span(story, person), "person", person[-1].low, role=role, affiliation=aff)
        return _Mention(start, end, _span(story, words[:at + 1]), "person", words[at].low, role=role,
                        affiliation=aff, bare=at == 0)
    if len(words) > 1 and words[-1].low in lex.documents and not words[-1].capital \
            and words[-2].low not in lex.documents:
        words = words[:-1]           # "police estimates" -> police
        name = _span(story, words)
    head = words[-1].base
    bare = len(words) == 1
    capitalised = words[0].capital and words[-1].capital and all(
        w.capital or w.low in _CONNECTORS or w.low in lex.particles for w in words)
    role_words, person = _person_name(words, lex) if capitalised else ([], [])
    if role_words and not any(w.base in lex.organisations for w in person):
        return _person(story, start, end, role_words, person, lex)      # "Police Chief Mark Lee"
    if head in lex.groups or (not words[-1].capital and head.endswith("s") and head not in lex.organisations
                              and head not in lex.documents):
        return _Mention(start, end, name, "group", head, bare=bare)
    if any(w.base in lex.organisations for w in words) or (words[-1].text.isupper() and len(words[-1].text) > 1):
        return _Mention(start, end, name, "organisation", head, bare=bare)
    if head in lex.documents:
        if bare and head.endswith("s") and first > 0 and toks[first - 1].low in lex.stop:
            return None              # "Some estimates put ...": no owner, no source ("Reports say": some)
        return _Mention(start, end, name, "document", head, bare=bare)
    if capitalised:
        return _person(story, start, end, role_words, person, lex)
    return None


# ---------------------------------------------------------------- events

def _index_at(starts: list[int], offset: int) -> int:
    """Index of the first token starting at or after offset."""
    return bisect.bisect_left(starts, offset)


def _tail_is_short(toks: list[_Tok], k: int) -> bool:
    """Whether what follows toks[k] to the sentence end is only a short tag (", he said.", ", regional
    authorities reported early on Sept. 6."): no figure in it but a day of a month."""
    rest = [t for t in toks[k:k + 2 * _TAG_WORDS] if t.word]
    return (len(rest) <= _TAG_WORDS and k + 2 * _TAG_WORDS >= len(toks)
            and not any(t.text[0].isdigit() and not (i and rest[i - 1].low.rstrip(".") in _MONTHS)
                        or t.low == "that" for i, t in enumerate(rest)))


def _cues(lex: _Lexicon, text: str, start: int, end: int):
    """The matches of `lex.cue_re` in text[start:end]: on ASCII text, tried only where a cue's words
    stand (2 of 3 sentences hold none)."""
    return tried_at(lex.cue_re, lex.cue_starts, text, start, end)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    if not fuse() and text[start:end].isascii():     # re takes no fuse: only while it is off
        return [_Tok(m.group(), m.start(), m.end()) for m in _ASCII_TOKEN.finditer(text, start, end)]
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end, **fuse())]


def _continues(toks: list[_Tok], k: int, lex: _Lexicon) -> bool:
    """Whether the tag goes on past a comma with a participle: ", adding that ..."."""
    words = [t for t in toks[k:k + 6]]
    comma = next((i for i, t in enumerate(words) if t.text == ","), None)
    return comma is not None and comma + 1 < len(words) and words[comma + 1].low in lex.continuing


def _subject_person(story: Story, sent: Sentence, lex: _Lexicon) -> _Mention | None:
    """The named person a sentence opens with as its subject ("Florencio de la Cruz remembers ...",
    "The 67-year-old Mueller, nicknamed ..., paid tribute")."""
    label = _LABEL.match(story.text, sent.start, sent.end, **fuse())   # a host's, read past
    start = label.end() if label else sent.start
    toks = _tokens(story.text, start, min(sent.end, start + _HEAD_CHARS))
    first = 0
    if toks and toks[0].low in _DETERMINERS:            # "The 67-year-old Mueller"
        first = 1
        while first < min(len(toks), 3) and toks[first].word and not toks[first].capital:
            first += 1
    k = first
    while k < len(toks) and toks[k].word and (toks[k].capital or toks[k].low in lex.particles):
        k += 1
    mention = None
    found = _np_after(toks, first, lex)          # "U.N. humanitarian spokesman Yvon Edoumou described"
    if found is not None and found[1] + 1 < len(toks) and toks[found[1] + 1].text.islower():
        mention = _analyse(toks, *found, story, lex)
    if (mention is None or mention.kind != "person") and first < k < len(toks) \
            and (toks[k].text.islower() or toks[k].text == ",") and toks[k - 1].capital:
        mention = _analyse(toks, first, k - 1, story, lex)
    return mention if mention and mention.kind == "person" and mention.name[:1].isupper() else None


def _colon_quote(story: Story, sent: Sentence, events: list[_Event], lex: _Lexicon) -> _Event | None:
    """A quotation that the sentence's subject introduces with a colon and no speech verb ('The
    67-year-old Mueller paid tribute to Messi: "My record stood for 40 years"'): the subject, when
    a named person, speaks it. Not when a cue before the colon already tells who speaks."""
    if story.text.find(":", sent.start, sent.end) < 0:
        return None
    m = _COLON_QUOTE.search(story.text, sent.start, sent.end, **fuse())
    if not m or any(e.cue_start < m.start() for e in events):
        return None
    subject = _subject_person(story, sent, lex)
    if subject is None:
        return None
    if " " not in subject.name:                  # "Berlin" may be a place: a surname follows its full name
        full = regex.compile(r"(?r)\p{Lu}[\p{L}'’-]*\s+" + regex.escape(subject.name) + r"\b").search(
            story.text, 0, sent.start, **fuse())              # the nearest one
        if full is None:
            return None
        subject.name = " ".join(full.group().split())
    return _Event(subject, ":", m.start(), m.start() + 1, "after")


def _credit(story: Story, sent: Sentence, lex: _Lexicon) -> _Event | None:
    """A credit line ("Source: UNHCR", "Sources: the IOM, coast guards"): the first source it names."""
    if story.text.find(":", sent.start, sent.end) < 0:
        return None
    m = lex.credit_re.match(story.text, sent.start, sent.end, **fuse())
    if not m:
        return None
    toks = _tokens(story.text, m.end(), sent.end)
    last = next((k for k, t in enumerate(toks) if t.text in (",", ";", "(")), len(toks)) - 1
    mention = _analyse(toks, 0, last, story, lex) if last >= 0 else None
    return _Event(mention, m.group(), m.start(), m.end(), "table") if mention else None


def _table_row(story: Story, sent: Sentence, figured: set[int]) -> bool:
    """Whether a sentence is a row of a table or list: it holds a figure and ends without a full
    stop (prose does; a heading or a byline above the table holds no figure)."""
    return sent.index in figured and not story.text[sent.start:sent.end].rstrip("\"”’' ").endswith(
        (".", "!", "?"))


def _object_of(toks: list[_Tok], first: int, lex: _Lexicon) -> bool:
    """Whether the speaker phrase at toks[first] follows a figure's noun phrase with no verb or
    punctuation between: a figure the speaker gives ("the 40 deaths the ministry reported",
    "the four million the UNHCR had predicted"), not "In 2015 the ministry said"."""
    k = first - 1
    if k < 1 or not toks[k].word or toks[k].text[0].isdigit():
        return False
    lo = max(0, k - 3)
    return all(toks[i].word or _number_mark(toks, i) for i in range(lo + 1, k + 1)) and any(
        t.text[0].isdigit() or t.low in lex.magnitudes for t in toks[lo:k + 1])


def _number_mark(toks: list[_Tok], k: int) -> bool:
    """Whether toks[k] is the comma or point inside a number ("1,200", "6.3")."""
    return (0 < k < len(toks) - 1 and toks[k - 1].end == toks[k].start == toks[k + 1].start - 1
            and toks[k - 1].text[-1].isdigit() and toks[k + 1].text[0].isdigit())


def _agent(toks: list[_Tok], k: int, story: Story, lex: _Lexicon) -> _Mention | None:
    """The agent of a passive evidence verb ending before toks[k]: "by X" a few words on in the same
    clause ("recorded on Sunday by the Bureau of Meteorology", "measured at magnitude 6.3 by the
    USGS"), when X can be a source: not a date ("by March", "by late 2019") nor a thing or a
    group no source list names ("by instruments")."""
    words = 0
    for i in range(k, min(len(toks), k + 3 * _AGENT_WORDS)):
        tok = toks[i]
        if tok.low == "by":
            found = _np_after(toks, i + 1, lex)
            mention = _analyse(toks, *found, story, lex) if found else None
            if mention is None or any(t.low in lex.months for t in toks[found[0]:found[1] + 1]):
                return None
            return mention if _known_kind(mention, lex) else None
        if tok.word:
            words += 1
            if words > _AGENT_WORDS or tok.low in lex.clause_breaks or tok.low in lex.verbs \
                    or tok.low.endswith("ed"):
                return None                        # "40 deaths caused by ...": another verb's agent
        elif tok.text in _CLAUSE_MARKS and not _number_mark(toks, i):
            return None
    return None


def _known_kind(mention: _Mention, lex: _Lexicon) -> bool:
    """Whether a speaker found without a verb of its own can be a source: not a document, and a
    group only one the lexicon names ("organisers", not "instruments" or "forty people")."""
    return mention.kind != "document" and (mention.kind != "group" or mention.head in lex.groups)


def _collective(mention: _Mention, lex: _Lexicon) -> bool:
    """Whether a speaker is an institution, a group or a medium (or "it", "they"), not a person."""
    if mention.kind == "pronoun":
        return lex.pronouns[mention.head] != "person"
    return mention.kind in ("organisation", "group", "media")


def _label(story: Story, sent: Sentence) -> _Event | None:
    """A transcript's speaker label before a quotation ('LOUIS LATAIF: "It's Toyota's biggest
    recall"'): the person recorded. A label before narration ("BARBARA KLEIN: Tornado season
    has begun") is a host reading the story: no source, so no event."""
    if story.text.find(":", sent.start, sent.end) < 0:
        return None
    m = _LABEL.match(story.text, sent.start, sent.end, **fuse())
    if not m or not _QUOTE.match(story.text, m.end()):
        return None
    words = m.group(1).split()
    mention = _Mention(m.start(1), m.end(1), m.group(1), "person", words[-1].lower(), bare=len(words) == 1)
    return _Event(mention, ":", m.end(1), m.end(1) + 1, "after")


def _events(story: Story, sent: Sentence, lex: _Lexicon) -> list[_Event]:
    """The sentence's speech events."""
    text = story.text
    credit = _credit(story, sent, lex)
    if credit:
        return [credit]
    label = _label(story, sent)
    cues = list(_cues(lex, text, sent.start, sent.end))
    if not cues and not lex.possessive_re.search(text, sent.start, sent.end, **fuse()):
        return [label] if label else []
    toks = _tokens(text, sent.start, sent.end)
    starts = [t.start for t in toks]
    events: list[_Event] = [label] if label else []
    for m in cues:
        cue = " ".join(m.group().lower().split())
        if cue in lex.not_cues:
            continue
        at = _index_at(starts, m.start())
        after = _index_at(starts, m.end())
        if m.group("phrase"):
            found = _np_after(toks, after, lex)
            mention = _analyse(toks, *found, story, lex) if found else None
            if found and (mention is None or mention.kind == "document") and found[1] + 2 < len(toks) \
                    and toks[found[1] + 1].low in ("from", "by", "of"):
                owner = _np_after(toks, found[1] + 2, lex)   # "according to a statement from the ministry"
                mention = (_analyse(toks, *owner, story, lex) if owner else None) or mention
            if not mention:
                continue
            if cue in lex.nominal:
                governs = "sentence"
            else:
                lead = sum(1 for t in toks[:min(at, 8)] if t.word)
                governs = "after" if at <= 8 and lead <= 3 else "before"
            event = _Event(mention, m.group(), m.start(), m.end(), governs, nominal=cue in lex.nominal_speech)
            if cue in lex.relaying and events and 0 <= m.start() - events[-1].cue_end <= 3:
                relayed = events.pop()                  # "the BBC reported, citing hospital officials"
                event.governs, event.relay_mention = relayed.governs, relayed.mention
            events.append(event)
            continue
        j = at - 1
        progressive = cue.split()[0].endswith("ing")       # "is forecasting", "are asking for"
        while j >= 0 and (toks[j].low in lex.auxiliaries or (toks[j].text in lex.passive and progressive)):
            j -= 1
            if j >= 0 and toks[j].low == "on" and toks[j + 1].low in lex.auxiliaries:
                j -= 1
        if j >= 0 and toks[j].low in _DETERMINERS:
            continue                                   # "an estimated 4,000": an adjective
        if j >= 0 and toks[j].text in lex.passive:      # "is believed to be", "was reported by X"
            agent = _agent(toks, after, story, lex)
            if agent:
                events.append(_Event(agent, m.group(), m.start(), m.end(), "sentence"))
            continue
        found = _np_before(toks, j, lex)
        mention = _analyse(toks, *found, story, lex) if found else None
        if mention and mention.head in lex.things:
            continue                                   # "the number of deaths reported rose to 40"
        if mention and cue in lex.institutional and not _collective(mention, lex):
            continue                                   # "Smith plans to run 3 marathons": no source
        if mention and mention.kind == "document" and (any(
                e.governs == "sentence" and mention.end <= e.cue_start < m.start() for e in events)
                or (found[0] > 0 and toks[found[0] - 1].low in lex.prepositions)):
            continue            # "The report, released by the World Bank, says"; "said in a report released"
        if mention:
            first = found[0]
            tail_from = after
            if cue in lex.addressee:                   # "told The Associated Press"
                skip = _np_after(toks, after, lex)
                tail_from = skip[1] + 1 if skip else after
            if cue in lex.relaying:                   # "IRNA quoted the minister as saying"
                quoted = _np_after(toks, after, lex)
                if quoted and quoted[1] + 2 < len(toks) and toks[quoted[1] + 1].low == "as":
                    speaker = _analyse(toks, *quoted, story, lex)
                    if speaker:
                        events.append(_Event(speaker, m.group(), m.start(), toks[quoted[1] + 2].end, "after",
                                             relay_mention=mention))
                        continue
            tagged = first > 0 and toks[first - 1].text in (",", '"', "”")
            relative = (first >= 2 and toks[first - 1].low in ("that", "which")
                        and toks[first - 2].low not in lex.verbs)
            governs = "before" if relative or (tagged and _tail_is_short(toks, tail_from)) else "after"
            parenthetical = tagged and tail_from < len(toks) and toks[tail_from].text == ","
            if (tagged and _continues(toks, tail_from, lex)) or (not relative and _object_of(toks, first, lex)) \
                    or cue in lex.caseload or parenthetical:
                governs = "both"      # "40 died, police said, adding that 10 ..."; "the 40 deaths the ministry
                                      # reported"; "More than 200 were injured, Xinhua said, 96 in Gansu"
            events.append(_Event(mention, m.group(), m.start(), m.end(), governs))
            continue
        if cue in lex.inverted and j >= 0 and toks[j].text in (",", '"', "”"):
            found = _np_after(toks, after, lex)       # '..., said Col. Ryan Dillon'
            mention = _analyse(toks, *found, story, lex) if found else None
            if mention:
                events.append(_Event(mention, m.group(), m.start(), m.end(), "before"))
                continue
        if cue in lex.continuing and j >= 0 and toks[j].text == "," and not events:
            found = _np_after(toks, 0, lex)            # "The army denied it, saying only 4 ..."
            mention = _analyse(toks, *found, story, lex) if found and found[1] < j else None
            if mention and _known_kind(mention, lex) and (mention.kind != "person" or not mention.bare):
                events.append(_Event(mention, m.group(), m.start(), m.end(), "after"))
                continue
        agent = _agent(toks, after, story, lex)        # "a quake, measured at magnitude 6.3 by the USGS,"
        if agent:
            events.append(_Event(agent, m.group(), m.start(), m.end(), "sentence"))
    for k, tok in enumerate(toks[:-1]):                # "the UN's figures show"
        if tok.low.endswith(_POSSESSIVE) and toks[k + 1].low in lex.possessive:
            first = _np_tokens_before(toks, k, lex)
            mention = _analyse(toks, first, k, story, lex) if first is not None else None
            if mention and not any(e.mention.start == mention.start for e in events):
                events.append(_Event(mention, story.raw[tok.start:toks[k + 1].end], toks[k + 1].start,
                                     toks[k + 1].end, "after"))
    events.sort(key=lambda e: e.cue_start)
    for k in range(len(events) - 2, -1, -1):         # "Citing police, the agency said 20 ..."
        cited, teller = events[k], events[k + 1]
        if cited.cue.lower() in lex.relaying and cited.governs == teller.governs == "after" \
                and cited.relay_mention is None and not teller.nominal:
            cited.relay_mention = teller.mention
            del events[k + 1]
    return events


# ---------------------------------------------------------------- identity

class _Registry:
    def __init__(self, story: Story, sentences: list[Sentence], lex: _Lexicon) -> None:
        self.story, self.sentences, self.lex = story, sentences, lex   # the sentences' subjects: "he"
        self.quotes: list[tuple[int, int, int, bool]] | None = None     # found on the first "he",
        self.quote_ends: list[int] = []                                  # with the ends to bisect
        self.sentence_ends: list[int] = []
        self.entities: list[_Entity] = []
        self.speakers: list[_Entity] = []       # in order of speaking, for pronouns

    def _new(self, mention: _Mention, sentence: int) -> _Entity:
        entity = _Entity(mention.name.lower(), mention.name, mention.kind, mention.head,
                         mention.role, mention.affiliation, sentence)
        self.entities.append(entity)
        return entity

    def resolve(self, mention: _Mention, sentence: int) -> _Entity | None:
        if mention.kind == "pronoun":
            wanted = self.lex.pronouns[mention.head]
            last = next((e for e in reversed(self.speakers) if (e.kind == "person") == (wanted == "person")), None)
            if last is not None and sentence - last.sentence > self.lex.reach[wanted]:
                last = None
            if wanted != "person" and last is None and sentence > 0:
                return self._document_before(sentence)   # "... a new U-N study. It found that ..."
            before = self._before_quote(mention, sentence) if wanted == "person" else -1
            if before >= 0 and (last is None or last.sentence < before):
                # "he" after a sentence whose subject is a person: that person, even when someone spoke
                # before it ("Chairman Afari-Gyan made the announcement ... 'The results ...,' he said"),
                # and across the quotation he closes ("Spokesman Yvon Edoumou described the situation
                # as bleak. 'In 2011, we had ... So far ...,' he said")
                subject = _subject_person(self.story, self.sentences[before], self.lex)
                if subject:
                    return self.resolve(subject, sentence)
            return last
        entity = self._match(mention)
        if entity is None:
            entity = self._new(mention, sentence)
        else:
            if entity.role is None and mention.role:
                entity.role, entity.affiliation = mention.role, mention.affiliation
            if mention.kind == "person" and len(mention.name.split()) > len(entity.name.split()) \
                    and mention.name.split()[-1] == entity.name.split()[-1]:
                entity.name = mention.name
            elif entity.kind == "person" and entity.name.isupper() and mention.name.lower() == entity.name.lower():
                entity.name = mention.name         # a transcript's label "BARACK OBAMA", then "Barack Obama"
        return entity

    def _document_before(self, sentence: int) -> _Entity | None:
        """The last report, study or survey the sentence before names, for an "it" that found
        or estimated something: the document is the source."""
        prev = self.sentences[sentence - 1]
        toks = _tokens(self.story.text, prev.start, prev.end)
        k = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].base in self.lex.documents), None)
        if k is None:
            return None
        first = _np_tokens_before(toks, k, self.lex)
        words = toks[first if first is not None else k:k + 1]
        words = words[next((i for i, w in enumerate(words) if w.capital), len(words) - 1):]   # "U-N study"
        mention = _Mention(words[0].start, words[-1].end, _span(self.story, words), "document", toks[k].base)
        return self.resolve(mention, sentence)

    def _before_quote(self, mention: _Mention, sentence: int) -> int:
        """The sentence before the one that opens the quotation a tag's pronoun closes ('...,"
        he said'), or else the sentence before the pronoun's own; -1 before the first."""
        if self.quotes is None:
            self.quotes = _quotations(self.story, self.sentences)
            self.quote_ends = [end for _, end, _, _ in self.quotes]
            self.sentence_ends = [s.end for s in self.sentences]
        k = bisect.bisect_right(self.quote_ends, mention.start) - 1    # the last quotation closed before
        opened = sentence
        if k >= 0:
            start, end, paragraph, still_open = self.quotes[k]
            if not still_open and paragraph == self.sentences[sentence].paragraph and mention.start - end < 4:
                opened = bisect.bisect_right(self.sentence_ends, start)   # the sentence of the opening mark
        return opened - 1

    def _match(self, mention: _Mention) -> _Entity | None:
        low = mention.name.lower()
        for entity in reversed(self.entities):
            if entity.identity == low or entity.name.lower() == low:
                return entity
        if mention.kind == "person" and mention.name[:1].isupper():
            surname = mention.name.split()[-1].lower()
            return next((e for e in reversed(self.entities)
                         if e.kind == "person" and e.name[:1].isupper() and e.name.split()[-1].lower() == surname
                         and (len(mention.name.split()) == 1 or len(e.name.split()) == 1)), None)
        if mention.bare:
            return next((e for e in reversed(self.entities)
                         if e.head == mention.head and e.kind == mention.kind), None)
        return None

    def organisation(self, name: str, sentence: int) -> _Entity:
        """The organisation a spokesperson's affiliation names ("coalition")."""
        words = name.split()
        canonical = self.lex.alias.get(name.lower())
        mention = _Mention(0, 0, canonical or name, "organisation", (canonical or words[-1]).lower(),
                           bare=canonical is not None or len(words) == 1)
        return self.resolve(mention, sentence)

    def spoke(self, entity: _Entity, sentence: int) -> None:
        entity.sentence = sentence
        if entity in self.speakers:
            self.speakers.remove(entity)
        self.speakers.append(entity)


# ---------------------------------------------------------------- quotations

def _quotations(story: Story, sentences: list[Sentence]) -> list[tuple[int, int, int, bool]]:
    """(start, end, paragraph, open at the paragraph's end) of every quotation, in story order:
    the quotation marks of each paragraph taken in pairs."""
    spans: list[tuple[int, int, int, bool]] = []
    by_par: dict[int, tuple[int, int]] = {}
    for s in sentences:
        lo, hi = by_par.get(s.paragraph, (s.start, s.end))
        by_par[s.paragraph] = (min(lo, s.start), max(hi, s.end))
    for par, (lo, hi) in sorted(by_par.items()):
        marks = [m.start() for m in _QUOTE.finditer(story.text, lo, hi, **fuse())]
        for k in range(0, len(marks), 2):
            end = marks[k + 1] + 1 if k + 1 < len(marks) else hi
            spans.append((marks[k], end, par, k + 1 >= len(marks)))
    return spans


def _quote_speakers(story: Story, sentences: list[Sentence], events: list[_Event]):
    """(start, end, event) for every quotation whose speaker is tagged next to it, also
    across paragraphs when a quotation runs on without closing."""
    spans = [[*quote, None] for quote in _quotations(story, sentences)]   # ... and the speaker's event
    events = sorted(events, key=lambda e: min(e.mention.start, e.cue_start))
    starts = [min(e.mention.start, e.cue_start) for e in events]
    for span in spans:
        k = bisect.bisect_left(starts, span[1])
        if k < len(events) and starts[k] <= span[1] + 4:               # '...," Dillon told'
            span[4] = events[k]
        else:                                                           # 'Dillon said: "...'
            k = bisect.bisect_right(starts, span[0]) - 1
            if k >= 0 and span[0] - 4 <= max(events[k].mention.end, events[k].cue_end) <= span[0]:
                span[4] = events[k]

    def continues(prev, cur) -> bool:
        """The same speaker goes on: within one paragraph, or into the next when a quotation runs on."""
        return cur[2] == prev[2] or (prev[3] and cur[2] == prev[2] + 1)

    for k in range(1, len(spans)):
        if spans[k][4] is None and continues(spans[k - 1], spans[k]):
            spans[k][4] = spans[k - 1][4]
    for k in range(len(spans) - 2, -1, -1):
        if spans[k][4] is None and continues(spans[k], spans[k + 1]):
            spans[k][4] = spans[k + 1][4]
    return [(s[0], s[1], s[4]) for s in spans if s[4] is not None]


# ---------------------------------------------------------------- claims

class _Governors:
    """A sentence's events, by what they govern."""

    def __init__(self, events: list[_Event]) -> None:
        self.leading = [e for e in events if e.governs in ("after", "both")]     # in cue order
        self.leading_ends = [e.cue_end for e in self.leading]
        self.closing = sorted((e for e in events if e.governs in ("before", "both")),
                              key=lambda e: min(e.mention.start, e.cue_start))
        self.closing_starts = [min(e.mention.start, e.cue_start) for e in self.closing]
        self.frame = next((e for e in events if e.governs == "sentence"), None)

    def of(self, claim: Claim) -> _Event | None:
        """The nearest cue before the claim that governs what follows, else the nearest
        closing tag after it, else a frame for the whole sentence."""
        k = bisect.bisect_right(self.leading_ends, claim.start) - 1
        if k >= 0:
            return self.leading[k]
        k = bisect.bisect_left(self.closing_starts, claim.end)
        return self.closing[k] if k < len(self.closing) else self.frame


def _relay(event: _Event, reporters: list[_Event], ends: list[int], text: str) -> _Entity | None:
    """Who passed the figure on: a speaker whose report contains the event ("Dillon said the UN estimates").

    `reporters` are the sentence's events that govern what follows (not nominal), ordered
    by `ends`, their cue ends: the nearest one before the event is found by bisection, so
    a sentence with thousands of cues stays linear."""
    k = bisect.bisect_right(ends, event.mention.start) - 1
    while k >= 0:
        outer = reporters[k]
        if _BREAK.search(text, outer.cue_end, event.mention.start, **fuse()):
            return None         # a break after this cue is also after every earlier one
        if outer is not event and outer.entity is not event.entity:
            return outer.entity
        k -= 1
    return None


def _source(event: _Event) -> Source:
    entity = event.entity
    return Source(name=entity.name, cue=event.cue, start=event.mention.start, end=event.mention.end,
                  identity=entity.identity, kind=entity.kind, role=entity.role,
                  affiliation=entity.affiliation, relay=event.relay.name if event.relay else None)


def attribute(story: Story, sentences: list[Sentence], claims: list[Claim],
              packs: tuple[str, ...] = ()) -> None:
    """Set `claim.source` in place: the speaker the story attributes each figure to, or None
    (with rules/attribution.toml merged with the given rule packs: a newsroom's own aliases)."""
    lex = _lexicon(packs)
    registry = _Registry(story, sentences, lex)
    per_sentence: list[_Governors] = []
    figured = {claim.sentence for claim in claims}
    all_events: list[_Event] = []
    for sent in sentences:
        events = _events(story, sent, lex)
        introduced = _colon_quote(story, sent, events, lex)
        if introduced:
            events.append(introduced)
        for event in events:
            event.entity = registry.resolve(event.mention, sent.index)
            if event.entity is None:
                continue
            if event.relay_mention is not None:
                event.relay = registry.resolve(event.relay_mention, sent.index)
            elif event.nominal and event.entity.role in lex.speaks_for and event.entity.affiliation:
                event.relay = event.entity
                event.entity = registry.organisation(event.entity.affiliation, sent.index)
            registry.spoke(event.entity, sent.index)
            if event.relay is not None:
                registry.spoke(event.relay, sent.index)
        events = [e for e in events if e.entity is not None]
        reporters = sorted((e for e in events if e.governs == "after" and not e.nominal),
                           key=lambda e: e.cue_end)
        ends = [e.cue_end for e in reporters]
        for event in events:
            event.relay = event.relay or _relay(event, reporters, ends, story.text)
        per_sentence.append(_Governors(events))
        for credit in (e for e in events if e.governs == "table"):     # the table above the credit line
            for row in range(sent.index - 1, -1, -1):
                if not _table_row(story, sentences[row], figured):
                    break
                per_sentence[row].frame = per_sentence[row].frame or credit
        all_events.extend(events)
    quotes = _quote_speakers(story, sentences, all_events)       # in story order, not overlapping
    quote_starts = [q[0] for q in quotes]
    for claim in claims:
        event = per_sentence[claim.sentence].of(claim)
        if event is None:
            k = bisect.bisect_right(quote_starts, claim.start) - 1
            event = quotes[k][2] if k >= 0 and claim.start < quotes[k][1] else None
        if event is None:
            event = _elaborated_by(story, sentences, per_sentence, claim.sentence, lex)
        claim.source = _source(event) if event else None
    _continued(sentences, claims)


def _continued(sentences: list[Sentence], claims: list[Claim]) -> None:
    """A bare count that goes on counting what the count before it counts ("... the death of
    five people, police said. Nineteen others have been injured.") keeps that count's source
    when its own sentence, in the same paragraph, names none."""
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        before = by_id.get(claim.extra.get("subject_from"))
        if claim.source is None and before is not None and before.source is not None \
                and sentences[before.sentence].paragraph == sentences[claim.sentence].paragraph:
            claim.source = before.source


def _elaborated_by(story: Story, sentences: list[Sentence], per_sentence: list[_Governors],
                   index: int, lex: _Lexicon) -> _Event | None:
    """The source closing the next sentence of the paragraph when that sentence goes on about
    this one's figures ("At least six people are dead ... The dead include a Somali national
    and five foreigners, according to police.")."""
    if index + 1 >= len(sentences) or sentences[index + 1].paragraph != sentences[index].paragraph:
        return None
    nxt = sentences[index + 1]
    if not lex.elaboration_re.match(story.text, nxt.start, nxt.end, **fuse()):
        return None
    closing = per_sentence[index + 1].closing
    return closing[-1] if closing else None
