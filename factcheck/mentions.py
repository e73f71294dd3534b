"""Who a speaker's noun phrase names (for the attribution stage, `factcheck/attribute.py`).

The lexicons of `rules/attribution.toml`, read once per process (`lexicon`); a token with what the
phrase readers ask of it (`Tok`); and the readers themselves: the speaker phrase ending before a cue
(`np_before`: "the coalition has said", "Dillon, a spokesman, said", "health officials in the
province said") or starting after one (`np_after`: ", said Col. Ryan Dillon"), and what such a
phrase names (`analyse` -> `Mention`): a person with role and affiliation ("coalition spokesman
Col. Ryan Dillon"), an organisation, a group, a medium, a document or a pronoun.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

from factcheck.checks.base import alternation, trie
from factcheck.data import load_toml
from factcheck.model import Story

ASCII_SPACES = r"[\t\n\x0b\x0c\r ]+"
_DASHES = frozenset("-–—")
_PREFIXED = regex.compile(r"(?:al|el|ad|an|as|ash|at|az|ud|ul|bin|ibn|abu)-\p{Lu}")
_ASIDE_TOKENS = 30          # the longest aside between commas after a speaker ("who asked not to be named ...")
DETERMINERS = frozenset({"the", "a", "an"})
_CONNECTORS = frozenset({"of", "for", "and"})       # inside a title: "Secretary for Water and Science"
POSSESSIVE = ("'s", "’s")
_POSSESSIVE_RE = regex.compile(r"['’]s$")


@dataclass(frozen=True)
class Lexicon:
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
    name_nouns: frozenset[str]                # "state" after a name: "Washington state", no verb
    clause_breaks: frozenset[str]             # words between a passive verb and "by" that end its reach
    tag_ends: frozenset[str]                  # ", ... said Monday, after ...": a comma before one ends a closing tag
    months: frozenset[str]                    # from rules/dates.toml: "by March" is no agent
    magnitudes: frozenset[str]                # from rules/numbers.toml: "four million the UN predicted"
    cardinals: frozenset[str]
    nominal_speech: frozenset[str]
    nominal: frozenset[str]                   # nominal_speech and nominal_data
    auxiliaries: frozenset[str]
    passive: frozenset[str]
    possessive: frozenset[str]
    titles: dict[str, tuple[tuple[str, ...], ...]]   # first word -> titles as words, longest first
    possessive_re: regex.Pattern              # "the UN's figures"
    credit_re: regex.Pattern                  # "Source:" opening a line under a table
    elaboration_re: regex.Pattern             # "The dead include": a sentence going on about the one before
    confirmations: frozenset[str]             # "confirmed": a speaker opening the next sentence vouches for the figures
    openers: frozenset[str]                   # "Earlier, ...", "Meanwhile, ...": words opening a sentence before its speaker
    continuation_re: regex.Pattern            # "Another 1,900 were wounded": a sentence going on with the one before
    announced_re: regex.Pattern               # "announced today the results of": the next sentence gives them
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
def lexicon(packs: tuple[str, ...] = ()) -> Lexicon:
    data = load_toml("attribution.toml", packs)
    cues, speakers = data["cues"], data["speakers"]
    phrases = cues["preceding"] + cues["nominal_speech"] + cues["nominal_data"]
    verbs = cues["verbs"] + cues["institutional"] + cues["caseload"] + cues["not_cues"]
    cue_re = regex.compile(                     # verbs in lower case only: "Islamic State" is no cue
        r"\b(?:(?P<phrase>(?i:" + trie(phrases) + r"))|(?P<verb>" + trie(verbs) + r"))\b")
    # every phrase and verb in lower case, found case-sensitively in the lowered text (with white
    # space as regex reads it in ASCII): where cue_re matches in ASCII text, this matches too (run on
    # ASCII alone, so with re's ASCII classes, which it tests faster: see `scan.tried_at`)
    cue_starts = re.compile(r"\b(?:" + trie({w.lower() for w in phrases + verbs}, ASCII_SPACES) + r")\b", re.ASCII) \
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
    return Lexicon(
        cue_re=cue_re, cue_starts=cue_starts, verbs=frozenset(cues["verbs"]), relaying=frozenset(cues["relaying"]),
        continuing=frozenset(cues["continuing"]),
        inverted=frozenset(cues["inverted"]),
        addressee=frozenset(cues["addressee"]), caseload=frozenset(cues["caseload"]),
        institutional=frozenset(cues["institutional"] + cues["caseload"]),
        clause_breaks=frozenset(cues["clause_breaks"]), tag_ends=frozenset(cues.get("tag_ends", ())), not_cues=frozenset(cues["not_cues"]),
        name_nouns=frozenset(cues.get("name_nouns", ())),
        months=frozenset(name.lower().rstrip(".") for name in load_toml("dates.toml", packs)["months"]),
        magnitudes=frozenset(name.lower() for name in load_toml("numbers.toml", packs)["magnitudes"]),
        cardinals=frozenset(name.lower() for name in load_toml("numbers.toml", packs)["cardinals"]),
        nominal_speech=frozenset(cues["nominal_speech"]),
        nominal=frozenset(cues["nominal_speech"] + cues["nominal_data"]),
        auxiliaries=frozenset(cues["auxiliaries"]),
        passive=frozenset(cues["passive"]), possessive=frozenset(cues["possessive"]),
        possessive_re=regex.compile(r"(?i)['’]s\s+(?:" + alternation(cues["possessive"]) + r")\b"),
        credit_re=regex.compile(r"(?i:" + alternation(cues["credit"]) + r")\s*:"),
        elaboration_re=regex.compile(r"(?i:" + alternation(cues["elaborations"]) + r")\b"),
        confirmations=frozenset(cues.get("confirmations", ())),
        openers=frozenset(cues.get("openers", ())),
        continuation_re=regex.compile(r"(?i)\b(?:" + alternation(cues["continuations"]) + r")\b"),
        announced_re=regex.compile(r"(?i)\b(?:" + alternation(cues["announced"]) + r")\b"),
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
    """A token's text, low, base, word and capital (see `Tok`), worked out once per distinct token."""
    if text in _DASHES:
        text = ","                              # "Edward Lazear - the president's adviser - says": an aside
    low = text.lower()
    return (text, low, low[:-2] if low.endswith(POSSESSIVE) else low,   # "ministry's" -> "ministry"
            text[0].isalnum(),
            # capitalised, also after a name prefix: "al-Qudra", "el-Sisi"
            text[0].isupper() or ("-" in text and bool(_PREFIXED.match(text))))


class Tok:
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
class Mention:
    """A speaker's noun phrase as analysed: who, of what kind, with what role."""
    start: int
    end: int
    name: str
    kind: str                       # person, organisation, group, media, document, pronoun
    head: str                       # lower-case head word, for "the coalition" -> earlier coalition
    role: str | None = None
    affiliation: str | None = None
    bare: bool = False              # no words but the head ("the coalition", "officials")


# ---------------------------------------------------------------- noun phrases

def _is_source_word(tok: Tok, lex: Lexicon) -> bool:
    low = tok.base
    return (tok.last in lex.roles or low in lex.groups or low in lex.organisations or low in lex.media
            or low in lex.documents)


def _is_head(tok: Tok, lex: Lexicon) -> bool:
    """Whether a word can end a speaker's noun phrase: a name, a source noun, a plural ("fighters")."""
    return tok.capital or _is_source_word(tok, lex) or (tok.low.endswith("s") and len(tok.low) > 3)


def np_tokens_before(toks: list[Tok], j: int, lex: Lexicon) -> int | None:
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
        if tok.low in DETERMINERS:
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
        if tok.capital or _is_source_word(tok, lex) or tok.low.endswith(POSSESSIVE):
            i -= 1
            continue
        if lower_mods < 3 and not tok.low.endswith(("ing", "ed")):
            lower_mods += 1
            i -= 1
            continue
        break
    return i


def np_before(toks: list[Tok], j: int, lex: Lexicon) -> tuple[int, int] | None:
    """(first, last) token indices of the speaker phrase ending at or before toks[j]."""
    if j < 0:
        return None
    if toks[j].low in lex.pronouns:
        return j, j
    if toks[j].text == ")" and j >= 3 and toks[j - 2].text == "(" and toks[j - 1].text.isupper():
        return np_before(toks, j - 3, lex)       # "The European Mediterranean Seismological Centre (EMSC) said"
    if toks[j].text == ",":                       # "Dillon, who ..., said" / "Dillon, a spokesman, said"
        k = next((k for k in range(j - 1, max(-1, j - _ASIDE_TOKENS), -1) if toks[k].text == ","), None)
        if k is None:
            return None
        inner = toks[k + 1:j]
        named = bool(inner) and all(t.capital or t.low in lex.particles for t in inner if t.word)
        roled = any(t.last in lex.roles for t in inner)
        aside = bool(inner) and (inner[0].low in lex.asides or inner[0].low.endswith("ed")
                                 or inner[0].low in lex.verbs)   # "The study, published in Nature, found"
        if inner and (aside or named or roled or inner[0].low in DETERMINERS):
            found = np_before(toks, k - 1, lex)      # "The Observatory, a monitoring group, said"
            if found is None and named:
                return k + 1, j - 1                   # "A spokesman for the province, Hamedulla Zawak, says"
            return (found[0], j - 1) if found and (named or roled) else found
        return None
    first = np_tokens_before(toks, j, lex)
    if first is None:
        at = next((k for k in range(j - 1, max(0, j - 4), -1) if toks[k].low in lex.place_prepositions), None)
        if at and all(t.word for t in toks[at + 1:j + 1]) and _is_source_word(toks[at - 1], lex) \
                and toks[at - 1].low not in lex.documents:
            outer = np_tokens_before(toks, at - 1, lex)      # "health officials in the province said"
            if outer is not None:
                return outer, j
        # "an official who spoke on condition of anonymity said"
        who = next((k for k in range(j, max(-1, j - 12), -1) if toks[k].low in ("who", "which")
                    or not toks[k].word), None)
        return np_before(toks, who - 1, lex) if who is not None and toks[who].word else None
    # "the head of the UN agency", "the Bureau of Labor Statistics of the U.S. Department of Labor",
    # "officials in Damascus"
    while first >= 2 and (
            (toks[first - 1].low in lex.links
             and (toks[first - 2].last in lex.roles or toks[first - 2].capital))
            or (toks[first - 1].low in lex.place_prepositions and _is_source_word(toks[first - 2], lex)
                and toks[first - 2].low not in lex.documents)):
        outer = np_tokens_before(toks, first - 2, lex)
        if outer is None:
            break
        first = outer
    # "the coalition battling the Islamic State group said"
    if first >= 2 and toks[first - 1].low.endswith("ing") and not toks[first - 1].capital:
        outer = np_tokens_before(toks, first - 2, lex)
        if outer is not None:
            return outer, first - 2
    return first, j


def np_after(toks: list[Tok], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(first, last) token indices of the speaker phrase starting at toks[i]."""
    n = len(toks)
    start = i
    while i < n and toks[i].low in DETERMINERS:
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
        if last == i - 1 and toks[last].capital and not tok.capital and tok.low.endswith("s") \
                and not tok.low.endswith(POSSESSIVE) and not _is_source_word(tok, lex) \
                and i + 1 < n and toks[i + 1].low in DETERMINERS:
            break                              # "the World Health Organization represents a jump": a verb
        if _is_head(tok, lex) or tok.low.endswith(POSSESSIVE):
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
        inner = np_after(toks, last + 2, lex)
        if inner and (toks[last].last in lex.roles
                      or any(t.capital for t in toks[inner[0]:inner[1] + 1] if t.low not in DETERMINERS)):
            last = inner[1]
    # appositive: "coalition spokesman, Col. Ryan Dillon," / "Dillon, a coalition spokesman,"
    if last + 2 < n and toks[last + 1].text == ",":
        inner = np_after(toks, last + 2, lex)
        if inner and any(t.last in lex.roles for t in (*toks[start:last + 1], *toks[inner[0]:inner[1] + 1])):
            last = inner[1]
    return start, last


def _strip_title(words: list[Tok], lex: Lexicon) -> list[Tok]:
    lows = [w.low for w in words]
    for title in lex.titles.get(lows[0], ()) if lows else ():
        if tuple(lows[:len(title)]) == title and len(words) > len(title):
            return words[len(title):]
    return words


def span(story: Story, words: list[Tok]) -> str:
    return _POSSESSIVE_RE.sub("", story.raw[words[0].start:words[-1].end])


def _person_name(words: list[Tok], lex: Lexicon) -> tuple[list[Tok], list[Tok]]:
    """(role words, name words) of a capitalised phrase: "Health Minister Ahmed Ali", "Col. Ryan Dillon"."""
    if len(words) > 2 and any(w.low in _CONNECTORS for w in words) and (
            words[0].low in lex.titles or any(w.last in lex.roles for w in words[:-2])):
        if words[-2].low in _CONNECTORS:       # "High Commissioner for Refugees": an office, no name
            return [], words
        return words[:-2], words[-2:]          # "Secretary for Water and Science Tanya Trujillo"
    words = _strip_title(words, lex)
    cut = max((k for k, w in enumerate(words[:-1]) if w.last in lex.roles), default=-1)
    return words[:cut + 1], _strip_title(words[cut + 1:], lex)


def _role(words: list[Tok], story: Story, lex: Lexicon) -> tuple[int, str, str | None] | None:
    """(index of the role word, role, affiliation) of a role phrase ("Syrian interior minister",
    "the army's chief", "spokesman for the coalition"), or None without a role word."""
    at = max((k for k, w in enumerate(words) if w.last in lex.roles and not w.capital), default=None)
    if at is None:
        return None
    mods = [w for w in words[:at] if not w.capital and w.low not in lex.organisations
            and not w.low.endswith(POSSESSIVE)]
    aff = [w for w in words[:at] if w not in mods]
    if not aff and at + 2 < len(words) and words[at + 1].low in lex.links:
        aff = [w for w in words[at + 2:] if w.low not in DETERMINERS]
    return at, " ".join(w.low for w in [*mods, words[at]]), span(story, aff) if aff else None


def _segments(toks: list[Tok]) -> list[list[Tok]]:
    """The comma-separated parts of a phrase, words only, leading articles dropped."""
    segs: list[list[Tok]] = [[]]
    for tok in toks:
        if tok.text == ",":
            segs.append([])
        elif tok.word and (segs[-1] or tok.low not in DETERMINERS):
            segs[-1].append(tok)
    return [seg for seg in segs if seg]


def _person(story: Story, start: int, end: int, role_words: list[Tok], name: list[Tok],
            lex: Lexicon) -> Mention:
    """A named person with the capitalised title before the name as role: "U.N. Human Rights
    Commissioner Navi Pillay" -> role "human rights commissioner", affiliation United Nations."""
    affiliation = None
    if role_words and role_words[0].low in lex.alias:
        affiliation = lex.alias[role_words[0].low]
        role_words = role_words[1:]
    return Mention(start, end, span(story, name), "person", name[-1].low,
                    role=" ".join(w.low for w in role_words) or None, affiliation=affiliation,
                    bare=len(name) == 1)


def analyse(toks: list[Tok], first: int, last: int, story: Story, lex: Lexicon) -> Mention | None:
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
            return Mention(start, end, span(story, name), "person", name[-1].low, role=role, affiliation=aff)
        end = words[-1].end
    if len(words) == 1 and words[0].low in lex.pronouns:
        return Mention(start, end, words[0].text, "pronoun", words[0].low)
    owner = next((k for k in range(len(words) - 2, -1, -1) if words[k].low.endswith(POSSESSIVE)), None)
    if owner is not None and all(w.capital for w in words[owner + 1:]) and not any(
            w.base in lex.organisations or w.low in lex.media for w in words[owner + 1:]):
        role_words, name = _person_name(words[owner + 1:], lex)    # "The BBC's Lyse Doucet"
        if name and (len(name) == 2 or len(name) < len(words) - owner - 1):   # a first name, or a title
            person = _person(story, start, end, role_words, name, lex)
            person.affiliation = person.affiliation or lex.alias.get(
                span(story, words[:owner + 1]).lower(), span(story, words[:owner + 1]))
            return person
    tail = len(words)
    while tail > 1 and words[tail - 1].capital:
        tail -= 1
    if 0 < tail < len(words) and not words[tail - 1].capital and (
            words[tail - 1].low in lex.media or words[tail - 1].low in lex.organisations):
        words = words[tail:]                 # "Syria's state news agency SANA" -> SANA
    name = span(story, words)
    proper = next((k for k, w in enumerate(words) if w.capital), 0)       # "the latest UN figures" -> UN
    canonical = lex.alias.get(name.lower()) or lex.alias.get(span(story, words[proper:]).lower())
    if not canonical and proper < len(words) - 1 and words[-1].low in lex.documents:   # not "the Report"
        canonical = lex.alias.get(span(story, words[proper:-1]).lower())
    if canonical:
        return Mention(start, end, canonical, "organisation", canonical.lower(), bare=True)
    at = next((k for k, w in enumerate(words) if w.low in ("of", "at", "from", "in")), None)
    if at and words[at - 1].low in lex.groups:                          # "officials in Damascus"
        return Mention(start, end, name, "group", words[at - 1].low)
    if at and all(w.capital for w in words[:at]) and not any(
            w.base in lex.organisations or w.low in lex.media for w in words[:at]):
        person = _strip_title(words[:at], lex)
        if len(person) < at or len(person) > 1 or person[0].last not in lex.roles:   # "Dr. Jane Roe of ..."
            affiliation = [w for w in words[at + 1:] if w.low not in DETERMINERS]
            if person and affiliation and not (len(person) == 1 and _person_name(words, lex)[0]):
                return Mention(start, end, span(story, person), "person", person[-1].low,
                                affiliation=span(story, affiliation), bare=len(person) == 1)
    if any(w.low in lex.media for w in words) or name.lower() in lex.media:
        return Mention(start, end, name, "media", words[-1].low, bare=len(words) == 1)
    roled = _role(words, story, lex)
    if roled:                        # "coalition spokesman Col. Ryan Dillon", "the Syrian interior minister"
        at, role, aff = roled
        person = [w for w in words[at + 1:]]
        if person and all(w.capital for w in person):
            person = _person_name(person, lex)[1]
            return Mention(start, end, span(story, person), "person", person[-1].low, role=role, affiliation=aff)
        return Mention(start, end, span(story, words[:at + 1]), "person", words[at].low, role=role,
                        affiliation=aff, bare=at == 0)
    if len(words) > 1 and words[-1].low in lex.documents and not words[-1].capital \
            and words[-2].low not in lex.documents:
        words = words[:-1]           # "police estimates" -> police
        name = span(story, words)
    head = words[-1].base
    bare = len(words) == 1
    capitalised = words[0].capital and words[-1].capital and all(
        w.capital or w.low in _CONNECTORS or w.low in lex.particles for w in words)
    role_words, person = _person_name(words, lex) if capitalised else ([], [])
    if role_words and not any(w.base in lex.organisations for w in person):
        return _person(story, start, end, role_words, person, lex)      # "Police Chief Mark Lee"
    if head in lex.groups or (not words[-1].capital and head.endswith("s") and head not in lex.organisations
                              and head not in lex.documents):
        return Mention(start, end, name, "group", head, bare=bare)
    if any(w.base in lex.organisations for w in words) or (words[-1].text.isupper() and len(words[-1].text) > 1):
        return Mention(start, end, name, "organisation", head, bare=bare)
    if head in lex.documents:
        if bare and head.endswith("s") and first > 0 and toks[first - 1].low in lex.stop:
            return None              # "Some estimates put ...": no owner, no source ("Reports say": some)
        return Mention(start, end, name, "document", head, bare=bare)
    if capitalised:
        return _person(story, start, end, role_words, person, lex)
    return None
