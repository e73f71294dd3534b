"""Stage 4: who each figure is attributed to.

Every lexicon lives in `rules/attribution.toml`; `factcheck/mentions.py` reads it and the speaker
phrases. The stage works in three passes:

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
   list ("Source: UNHCR") frames the rows above it. A sentence with no event
   right after one that closes with reported speech ("Zarin said that ...") in
   its paragraph goes on reporting that speaker. Other narration with no event
   in reach stays unattributed (`source` is None).

A spokesperson's *remarks* named as a noun ("The remarks by coalition
spokesman, Col. Ryan Dillon, came as ... an estimated 4,000 civilians ...")
frame the sentence rather than quote the figure, so the figure goes to the
organisation the spokesperson speaks for (the coalition), with the
spokesperson as relay.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import regex

from factcheck.guard import fuse
from factcheck.mentions import (ASCII_SPACES, DETERMINERS, POSSESSIVE, Lexicon, Mention, Tok, analyse,
                                lexicon, np_after, np_before, np_tokens_before, span)
from factcheck.model import Claim, Sentence, Source, Story
from factcheck.scan import tried_at

_TOKEN = regex.compile(
    r"(?:\p{Lu}\.){2,}(?:-\p{L}+)*"                     # U.S., U.N., U.S.-led
    r"|\p{Lu}\p{Ll}{0,3}\.(?=\s+\p{Lu})"                # Col. Dr. Lt. before a name
    r"|[\p{L}\d][\p{L}\p{M}\d'’-]*(?:\.\p{L}+)*"        # words, al-Assad, coalition's
    r"|\S")
# the same on ASCII text, which re scans faster; white space as regex reads it (ASCII_SPACES)
_ASCII_TOKEN = re.compile(r"(?:[A-Z]\.){2,}(?:-[A-Za-z]+)*|[A-Z][a-z]{0,3}\.(?=" + ASCII_SPACES + "[A-Z])"
                          r"|[A-Za-z0-9][A-Za-z0-9'-]*(?:\.[A-Za-z]+)*|[^\t\n\x0b\x0c\r ]")
_QUOTE = re.compile(r"[\"“”]")          # a class alone: re scans for it quicker, and needs no fuse (see guard)
_COLON_QUOTE = regex.compile(r":\s*[\"“]")
# a transcript's speaker label: "BARBARA KLEIN: ...", 'LOUIS LATAIF: "It's ...'
_LABEL = regex.compile(r"(\p{Lu}[\p{Lu}.'’-]+(?:[ \t]+\p{Lu}[\p{Lu}.'’-]*){0,3})[ \t]*:\s*")
_HEAD_CHARS = 120           # a sentence's opening subject lies within its first characters
_AGENT_WORDS = 8            # the most words between a passive evidence verb and "by" its agent
_CLAUSE_MARKS = frozenset(',;:()"“”—–')
_TAG_WORDS = 10             # the most words after a closing tag's verb (", he said in a statement on Monday.")
_BREAK = regex.compile(r"[;:]|,\s+(?:and|but|while|whereas)\b")
_POSSESSIVE_MARK = re.compile(r"['’][sS]")     # what a token that lowers to end with POSSESSIVE holds
_APOSTROPHE = re.compile(r"['’]")            # what lex.possessive_re cannot match without


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
    mention: Mention
    cue: str
    cue_start: int
    cue_end: int
    governs: str                    # "after", "before", "both", "sentence" or "table" (a credit line's)
    entity: _Entity | None = None
    relay: _Entity | None = None    # who passed it on: a spokesperson; Dillon in "Dillon said the UN estimates"
    nominal: bool = False
    relay_mention: Mention | None = None   # "the BBC reported, citing ...", "IRNA quoted ... as saying"


# ---------------------------------------------------------------- events

def _index_at(starts: list[int], offset: int) -> int:
    """Index of the first token starting at or after offset."""
    return bisect.bisect_left(starts, offset)


def _tail_is_short(toks: list[Tok], k: int, lex: Lexicon) -> bool:
    """Whether what follows toks[k] to the sentence end, or to a comma before a word of `tag_ends`
    (", regional authorities said Monday, after the country intercepted ..."), is only a short tag
    (", he said.", ", regional authorities reported early on Sept. 6."): no figure in it but a day
    of a month, nor a number in words beyond a bare count ("an additional twenty-five million
    people", not ", two officials said")."""
    end = next((j for j in range(k, min(len(toks) - 1, k + 2 * _TAG_WORDS)) if toks[j].text == ","
                and toks[j + 1].low in lex.tag_ends), len(toks))     # ", ... said Monday, after the country ..."
    rest = [t for t in toks[k:min(end, k + 2 * _TAG_WORDS)] if t.word]
    return (len(rest) <= _TAG_WORDS and k + 2 * _TAG_WORDS >= end
            and not any(t.text[0].isdigit() and not (i and rest[i - 1].low.rstrip(".") in lex.months)
                        or t.low == "that" or _written_number(t.low, lex) for i, t in enumerate(rest)))


def _written_number(low: str, lex: Lexicon) -> bool:
    """ "million", "twenty-five", "twenty-five-million": a number in words with a magnitude or of
    more than one word."""
    parts = low.split("-")
    return low in lex.magnitudes or len(parts) > 1 and all(
        p in lex.cardinals or p in lex.magnitudes for p in parts)


def _cues(lex: Lexicon, text: str, start: int, end: int):
    """The matches of `lex.cue_re` in text[start:end]: on ASCII text, tried only where a cue's words
    stand (2 of 3 sentences hold none)."""
    return tried_at(lex.cue_re, lex.cue_starts, text, start, end)


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    if not fuse() and text[start:end].isascii():     # re takes no fuse: only while it is off
        return [Tok(m.group(), m.start(), m.end()) for m in _ASCII_TOKEN.finditer(text, start, end)]
    return [Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end, **fuse())]


def _continues(toks: list[Tok], k: int, lex: Lexicon) -> bool:
    """Whether the tag goes on past a comma with a participle: ", adding that ..."."""
    words = [t for t in toks[k:k + 6]]
    comma = next((i for i, t in enumerate(words) if t.text == ","), None)
    return comma is not None and comma + 1 < len(words) and words[comma + 1].low in lex.continuing


def _subject_person(story: Story, sent: Sentence, lex: Lexicon) -> Mention | None:
    """The named person a sentence opens with as its subject ("Florencio de la Cruz remembers ...",
    "The 67-year-old Mueller, nicknamed ..., paid tribute")."""
    label = _LABEL.match(story.text, sent.start, sent.end, **fuse())   # a host's, read past
    start = label.end() if label else sent.start
    toks = _tokens(story.text, start, min(sent.end, start + _HEAD_CHARS))
    first = 0
    if toks and toks[0].low in DETERMINERS:            # "The 67-year-old Mueller"
        first = 1
        while first < min(len(toks), 3) and toks[first].word and not toks[first].capital:
            first += 1
    k = first
    while k < len(toks) and toks[k].word and (toks[k].capital or toks[k].low in lex.particles):
        k += 1
    mention = None
    found = np_after(toks, first, lex)          # "U.N. humanitarian spokesman Yvon Edoumou described"
    if found is not None and found[1] + 1 < len(toks) and toks[found[1] + 1].text.islower():
        mention = analyse(toks, *found, story, lex)
    if (mention is None or mention.kind != "person") and first < k < len(toks) \
            and (toks[k].text.islower() or toks[k].text == ",") and toks[k - 1].capital:
        mention = analyse(toks, first, k - 1, story, lex)
    if mention is None or mention.kind != "person" or not mention.name[:1].isupper():
        return None
    # "Most of the other refugees ...": a capital only because the sentence opens with it
    return None if " " not in mention.name and story.common_word(mention.name.lower()) else mention


def _colon_quote(story: Story, sent: Sentence, events: list[_Event], lex: Lexicon) -> _Event | None:
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


def _credit(story: Story, sent: Sentence, lex: Lexicon) -> _Event | None:
    """A credit line ("Source: UNHCR", "Sources: the IOM, coast guards"): the first source it names."""
    if story.text.find(":", sent.start, sent.end) < 0:
        return None
    m = lex.credit_re.match(story.text, sent.start, sent.end, **fuse())
    if not m:
        return None
    toks = _tokens(story.text, m.end(), sent.end)
    last = next((k for k, t in enumerate(toks) if t.text in (",", ";", "(")), len(toks)) - 1
    mention = analyse(toks, 0, last, story, lex) if last >= 0 else None
    return _Event(mention, m.group(), m.start(), m.end(), "table") if mention else None


def _table_row(story: Story, sent: Sentence, figured: set[int]) -> bool:
    """Whether a sentence is a row of a table or list: it holds a figure and ends without a full
    stop (prose does; a heading or a byline above the table holds no figure)."""
    return sent.index in figured and not story.text[sent.start:sent.end].rstrip("\"”’' ").endswith(
        (".", "!", "?"))


def _opened_before(toks: list[Tok], first: int, lex: Lexicon) -> bool:
    """Whether what stands before the mark before toks[first] only opens the sentence: a
    dateline ("WASHINGTON —", "KABUL, Afghanistan —") or a short phrase before a comma ("On
    Wednesday, Indonesian authorities reported ..."; "In a statement, the army said"). The
    speaker then opens its clause and is no closing tag."""
    before = toks[:first - 1]
    if not before:
        return False
    if len(before[0].text) > 1 and before[0].text.isupper() and all(t.capital or t.text == "," for t in before[1:]):
        return True                                  # a dateline
    return len(before) <= _OPENER_WORDS and all(t.word for t in before) and toks[first - 1].text == "," \
        and (before[0].low in lex.prepositions or before[0].low in lex.openers)


def _object_of(toks: list[Tok], first: int, lex: Lexicon) -> bool:
    """Whether the speaker phrase at toks[first] follows a figure's noun phrase with no verb or
    punctuation between: a figure the speaker gives ("the 40 deaths the ministry reported",
    "the four million the UNHCR had predicted"), not "In 2015 the ministry said"."""
    k = first - 1
    if k < 1 or not toks[k].word or toks[k].text[0].isdigit():
        return False
    lo = max(0, k - 3)
    return all(toks[i].word or _number_mark(toks, i) for i in range(lo + 1, k + 1)) and any(
        t.text[0].isdigit() or t.low in lex.magnitudes for t in toks[lo:k + 1])


def _number_mark(toks: list[Tok], k: int) -> bool:
    """Whether toks[k] is the comma or point inside a number ("1,200", "6.3")."""
    return (0 < k < len(toks) - 1 and toks[k - 1].end == toks[k].start == toks[k + 1].start - 1
            and toks[k - 1].text[-1].isdigit() and toks[k + 1].text[0].isdigit())


def _agent(toks: list[Tok], k: int, story: Story, lex: Lexicon) -> Mention | None:
    """The agent of a passive evidence verb ending before toks[k]: "by X" a few words on in the same
    clause ("recorded on Sunday by the Bureau of Meteorology", "measured at magnitude 6.3 by the
    USGS"), when X can be a source: not a date ("by March", "by late 2019") nor a thing or a
    group no source list names ("by instruments")."""
    words = 0
    for i in range(k, min(len(toks), k + 3 * _AGENT_WORDS)):
        tok = toks[i]
        if tok.low == "by":
            found = np_after(toks, i + 1, lex)
            mention = analyse(toks, *found, story, lex) if found else None
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


def _known_kind(mention: Mention, lex: Lexicon) -> bool:
    """Whether a speaker found without a verb of its own can be a source: not a document, and a
    group only one the lexicon names ("organisers", not "instruments" or "forty people")."""
    return mention.kind != "document" and (mention.kind != "group" or mention.head in lex.groups)


def _collective(mention: Mention, lex: Lexicon) -> bool:
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
    mention = Mention(m.start(1), m.end(1), m.group(1), "person", words[-1].lower(), bare=len(words) == 1)
    return _Event(mention, ":", m.end(1), m.end(1) + 1, "after")


def _events(story: Story, sent: Sentence, lex: Lexicon) -> list[_Event]:
    """The sentence's speech events."""
    text = story.text
    credit = _credit(story, sent, lex)
    if credit:
        return [credit]
    label = _label(story, sent)
    cues = list(_cues(lex, text, sent.start, sent.end))
    if not cues and not (_APOSTROPHE.search(text, sent.start, sent.end)        # six sentences in seven hold none
                         and lex.possessive_re.search(text, sent.start, sent.end, **fuse())):
        return [label] if label else []
    toks = _tokens(text, sent.start, sent.end)
    starts = [t.start for t in toks]
    events: list[_Event] = [label] if label else []
    for m in cues:
        cue = " ".join(m.group().lower().split())
        if cue in lex.not_cues:
            continue
        at = _index_at(starts, m.start())
        if cue in lex.name_nouns and at > 0 and toks[at - 1].capital and m.group()[:1].islower():
            continue                                   # "Oregon and Washington state": a place, no verb
        after = _index_at(starts, m.end())
        if m.group("phrase"):
            found = np_after(toks, after, lex)
            mention = analyse(toks, *found, story, lex) if found else None
            if found and (mention is None or mention.kind == "document") and found[1] + 2 < len(toks) \
                    and toks[found[1] + 1].low in ("from", "by", "of"):
                owner = np_after(toks, found[1] + 2, lex)   # "according to a statement from the ministry"
                mention = (analyse(toks, *owner, story, lex) if owner else None) or mention
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
        if j >= 0 and toks[j].low in DETERMINERS:
            continue                                   # "an estimated 4,000": an adjective
        if j >= 1 and toks[j].low == "to" and cue in lex.institutional and (
                toks[j - 1].low in lex.groups or toks[j - 1].low in lex.organisations):
            j -= 1                                     # "prompted authorities to order 82,000 people to evacuate"
        if j >= 0 and toks[j].text in lex.passive:      # "is believed to be", "was reported by X"
            agent = _agent(toks, after, story, lex)
            if agent:
                events.append(_Event(agent, m.group(), m.start(), m.end(), "sentence"))
            continue
        found = np_before(toks, j, lex)
        mention = analyse(toks, *found, story, lex) if found else None
        if mention and mention.head in lex.things:
            continue                                   # "the number of deaths reported rose to 40"
        if mention and toks[found[1]].low.rstrip(".") in lex.months and (
                found[1] == found[0] or not toks[found[1] - 1].capital):
            continue                                   # "the revised August estimate of": a date (not "Theresa May")
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
                skip = np_after(toks, after, lex)
                tail_from = skip[1] + 1 if skip else after
            if cue in lex.relaying:                   # "IRNA quoted the minister as saying"
                quoted = np_after(toks, after, lex)
                if quoted and quoted[1] + 2 < len(toks) and toks[quoted[1] + 1].low == "as":
                    speaker = analyse(toks, *quoted, story, lex)
                    if speaker:
                        events.append(_Event(speaker, m.group(), m.start(), toks[quoted[1] + 2].end, "after",
                                             relay_mention=mention))
                        continue
            tagged = first > 0 and toks[first - 1].text in (",", '"', "”") and not _opened_before(toks, first, lex)
            relative = (first >= 2 and toks[first - 1].low in ("that", "which")
                        and toks[first - 2].low not in lex.verbs)
            governs = "before" if relative or (tagged and _tail_is_short(toks, tail_from, lex)) else "after"
            parenthetical = tagged and tail_from < len(toks) and toks[tail_from].text == ","
            if (tagged and _continues(toks, tail_from, lex)) or (not relative and _object_of(toks, first, lex)) \
                    or cue in lex.caseload or parenthetical:
                governs = "both"      # "40 died, police said, adding that 10 ..."; "the 40 deaths the ministry
                                      # reported"; "More than 200 were injured, Xinhua said, 96 in Gansu"
            events.append(_Event(mention, m.group(), m.start(), m.end(), governs))
            continue
        if cue in lex.inverted and j >= 0 and toks[j].text in (",", '"', "”"):
            found = np_after(toks, after, lex)       # '..., said Col. Ryan Dillon'
            mention = analyse(toks, *found, story, lex) if found else None
            if mention:
                events.append(_Event(mention, m.group(), m.start(), m.end(), "before"))
                continue
        if cue in lex.continuing and j >= 0 and toks[j].text == "," and not events:
            found = np_after(toks, 0, lex)            # "The army denied it, saying only 4 ..."
            mention = analyse(toks, *found, story, lex) if found and found[1] < j else None
            if mention and _known_kind(mention, lex) and (mention.kind != "person" or not mention.bare):
                events.append(_Event(mention, m.group(), m.start(), m.end(), "after"))
                continue
        agent = _agent(toks, after, story, lex)        # "a quake, measured at magnitude 6.3 by the USGS,"
        if agent:
            events.append(_Event(agent, m.group(), m.start(), m.end(), "sentence"))
    for k, tok in enumerate(toks[:-1] if _POSSESSIVE_MARK.search(text, sent.start, sent.end) else ()):
        if tok.low.endswith(POSSESSIVE) and toks[k + 1].low in lex.possessive:    # "the UN's figures show"
            first = np_tokens_before(toks, k, lex)
            mention = analyse(toks, first, k, story, lex) if first is not None else None
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
    def __init__(self, story: Story, sentences: list[Sentence], lex: Lexicon) -> None:
        self.story, self.sentences, self.lex = story, sentences, lex   # the sentences' subjects: "he"
        self.quotes: list[tuple[int, int, int, bool]] | None = None     # found on the first "he",
        self.quote_ends: list[int] = []                                  # with the ends to bisect
        self.sentence_ends: list[int] = []
        self.entities: list[_Entity] = []
        self.speakers: list[_Entity] = []       # in order of speaking, for pronouns

    def _new(self, mention: Mention, sentence: int) -> _Entity:
        entity = _Entity(mention.name.lower(), mention.name, mention.kind, mention.head,
                         mention.role, mention.affiliation, sentence)
        self.entities.append(entity)
        return entity

    def resolve(self, mention: Mention, sentence: int) -> _Entity | None:
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
        first = np_tokens_before(toks, k, self.lex)
        words = toks[first if first is not None else k:k + 1]
        words = words[next((i for i, w in enumerate(words) if w.capital), len(words) - 1):]   # "U-N study"
        mention = Mention(words[0].start, words[-1].end, span(self.story, words), "document", toks[k].base)
        return self.resolve(mention, sentence)

    def _before_quote(self, mention: Mention, sentence: int) -> int:
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

    def _match(self, mention: Mention) -> _Entity | None:
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
        mention = Mention(0, 0, canonical or name, "organisation", (canonical or words[-1]).lower(),
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
        marks = [m.start() for m in _QUOTE.finditer(story.text, lo, hi)]
        for k in range(0, len(marks), 2):
            end = marks[k + 1] + 1 if k + 1 < len(marks) else hi
            spans.append((marks[k], end, par, k + 1 >= len(marks)))
    return spans


def _quote_speakers(story: Story, sentences: list[Sentence], events: list[_Event]):
    """(start, end, event) for every quotation whose speaker is tagged next to it, also
    across paragraphs when a quotation runs on without closing; an untagged quotation opening
    its paragraph is the speaker's who spoke last in the paragraph before."""
    spans = [[*quote, None] for quote in _quotations(story, sentences)]   # ... and the speaker's event
    events = sorted(events, key=lambda e: min(e.mention.start, e.cue_start))
    starts = [min(e.mention.start, e.cue_start) for e in events]
    for quote in spans:
        k = bisect.bisect_left(starts, quote[1])
        if k < len(events) and starts[k] <= quote[1] + 4:               # '...," Dillon told'
            quote[4] = events[k]
        else:                                                           # 'Dillon said: "...'
            k = bisect.bisect_right(starts, quote[0]) - 1
            if k >= 0 and quote[0] - 4 <= max(events[k].mention.end, events[k].cue_end) <= quote[0]:
                quote[4] = events[k]

    def continues(prev, cur) -> bool:
        """The same speaker goes on: within one paragraph, or into the next when a quotation runs on."""
        return cur[2] == prev[2] or (prev[3] and cur[2] == prev[2] + 1)

    for k in range(1, len(spans)):
        if spans[k][4] is None and continues(spans[k - 1], spans[k]):
            spans[k][4] = spans[k - 1][4]
    for k in range(len(spans) - 2, -1, -1):
        if spans[k][4] is None and continues(spans[k], spans[k + 1]):
            spans[k][4] = spans[k + 1][4]
    opens = {}                                  # paragraph -> where it starts
    for sent in sentences:
        opens.setdefault(sent.paragraph, sent.start)
    for quote in spans:                         # 'Khan says camps are overloaded. // "The two camps ..."'
        if quote[4] is None and quote[0] == opens.get(quote[2]) and quote[2] > 0:
            k = bisect.bisect_right(starts, quote[0]) - 1
            last = events[k] if k >= 0 else None
            if last is not None and not last.nominal and last.governs in ("after", "both") \
                    and opens.get(quote[2] - 1, quote[0]) <= last.cue_start:
                quote[4] = last
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
    lex = lexicon(packs)
    registry = _Registry(story, sentences, lex)
    per_sentence: list[_Governors] = []
    figured = {claim.sentence for claim in claims}
    all_events: list[_Event] = []
    for sent in sentences:
        events = _events(story, sent, lex)
        introduced = _colon_quote(story, sent, events, lex)
        if introduced:
            events.append(introduced)
        if not events:                                  # two sentences in three
            per_sentence.append(_Governors(events))
            continue
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
        if event is None:
            event = _reported_on(story, sentences, per_sentence, claim.sentence, lex)
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


_THAT = regex.compile(r"\s+that\b")
_OPENER_WORDS = 4          # the most words of a phrase opening a sentence before its speaker ("On Wednesday,")
_CONTINUATION_REACH = 40    # characters at a sentence's start searched for "Another", "also": it goes on
_ANNOUNCED_REACH = 40    # characters after "announced" searched for what was announced ("on Tuesday, Dec. 6, the results")


def _reported_on(story: Story, sentences: list[Sentence], per_sentence: list[_Governors],
                 index: int, lex: Lexicon) -> _Event | None:
    """The speaker whose reported speech ("Muhammad Zarin said that at least 17 militants ...")
    or announcement ("Eric Holder announced today the results of Operation Broken Trust.")
    closes the sentence before, in the same paragraph, for a sentence that names no source of
    its own ("The dead included four civilians and six security personnel."); after any speech
    ("Officials say almost 2,000 civilians died."), for one that goes on with a word of
    `continuations` near its start ("Another 1,900 people were wounded ...")."""
    if index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph \
            or per_sentence[index].leading or per_sentence[index].closing or per_sentence[index].frame:
        return None
    leading = per_sentence[index - 1].leading
    last = leading[-1] if leading else None
    sent = sentences[index]
    if last is None or last.nominal or last.governs != "after" or not (
            _THAT.match(story.text, last.cue_end, sentences[index - 1].end, **fuse())
            or lex.announced_re.search(story.text, last.cue_end, min(last.cue_end + _ANNOUNCED_REACH,
                                                                     sentences[index - 1].end), **fuse())
            or lex.continuation_re.search(story.text, sent.start, min(sent.end, sent.start + _CONTINUATION_REACH),
                                          **fuse())):
        return None
    return last


def _elaborated_by(story: Story, sentences: list[Sentence], per_sentence: list[_Governors],
                   index: int, lex: Lexicon) -> _Event | None:
    """The source closing the next sentence of the paragraph when that sentence goes on about
    this one's figures ("At least six people are dead ... The dead include a Somali national
    and five foreigners, according to police."), or the one that opens it confirming them
    ("... killing at least 10 people. Awda Hospital confirmed receiving the bodies."); after a
    paragraph of one sentence (wire style), an elaboration opening the next paragraph too ("The
    number of deaths has risen to 9,152 ... // The death toll reported Tuesday by the World Health
    Organization ...")."""
    if index + 1 >= len(sentences):
        return None
    nxt = sentences[index + 1]
    alone = sentences[index].paragraph != nxt.paragraph
    if alone and index > 0 and sentences[index - 1].paragraph == sentences[index].paragraph:
        return None                  # a paragraph of one sentence (wire style) goes on in the next
    if not lex.elaboration_re.match(story.text, nxt.start, nxt.end, **fuse()):
        leading = per_sentence[index + 1].leading        # "... killing at least 10 people. Awda Hospital
        return None if alone else next((e for e in leading if not e.nominal   # confirmed receiving the bodies."
                                        and " ".join(e.cue.lower().split()) in lex.confirmations), None)
    closing = per_sentence[index + 1].closing
    return closing[-1] if closing else per_sentence[index + 1].frame    # "The death toll reported Tuesday by
                                                                        # the World Health Organization ..."
