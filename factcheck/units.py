"""Units: the lexicon in `rules/units.txt`, backed by quantulum3's unit knowledge.

`lookup(chunks)` finds the longest unit name at the start of the words that
follow a figure; `to_base(value, unit)` converts a figure to its dimension's
base unit ("4 square kilometres" -> 4e6 square metres) so rules can compare
figures given in different units.

Our own file knows the units news uses, with conversion factors. For a word it
does not know, the units quantulum3 ships as JSON (read directly from its
package folder, lazily, without importing quantulum3, whose parser costs more
than a second to import) name the unit and its dimension, without a factor.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

from factcheck.data import DataError, load_lines, load_toml

_SPLIT = re.compile(r"[\s\u00a0]+|(?<=[^\W\d_])-(?=[^\W\d_])")   # words of a unit name
_FACTOR = re.compile(r"\s*([-+]?[\d.]+(?:e[-+]?\d+)?)\s*([*/^]?)", re.I)


@dataclass(frozen=True)
class Unit:
    name: str                 # canonical name: "square kilometre"
    dimension: str            # "area"
    kind: str                 # claim kind it gives: measure, money, percent, duration, count
    factor: float | None      # to the base unit; None when the unit has no fixed scale
    offset: float = 0.0       # base = (value + offset) * factor
    base: str | None = None   # the dimension's base unit: "square metre"


@dataclass
class Lexicon:
    exact: dict[str, Unit]          # aliases matched as written
    folded: dict[str, Unit]         # aliases matched case-insensitively (keys lower-case)
    prefixes: list[tuple[str, bool, Unit]]   # (alias, case-sensitive, unit) that may precede a figure
    compounds: dict[tuple[str, str], float]  # (big, small) -> how many small make one big
    units: dict[str, Unit]          # by canonical name
    leads: frozenset[str] = frozenset()      # see `_leads`


def key(text: str) -> str:
    """The lookup key of a unit name: its words joined by single spaces."""
    return " ".join(w for w in _SPLIT.split(text.strip()) if w)


def _factor(expr: str, where: str) -> float | None:
    expr = expr.strip()
    if expr == "?":
        return None
    value, op, pos = None, "", 0
    while pos < len(expr):
        m = _FACTOR.match(expr, pos)
        if not m or m.end() == pos:
            raise DataError(f"rules/units.txt: bad factor {expr!r} in {where!r}")
        number = float(m.group(1))
        value = number if value is None else (value * number if op == "*" else value / number
                                              if op == "/" else value ** number)
        op, pos = m.group(2), m.end()
    if value is None:
        raise DataError(f"rules/units.txt: bad factor {expr!r} in {where!r}")
    return value


def _plural(alias: str) -> str | None:
    last = alias.rsplit(" ", 1)[-1]
    if len(last) < 3 or not last.isalpha() or last.endswith("s"):
        return None
    if last.endswith(("ch", "sh", "x")):
        return alias + "es"
    if last.endswith("y") and last[-2] not in "aeiou":
        return alias[:-1] + "ies"
    return alias + "s"


@functools.cache
def lexicon(packs: tuple[str, ...] = ()) -> Lexicon:
    lex = Lexicon({}, {}, [], {}, {})
    dimension, kind = "count", "count"
    pending: list[tuple[str, str, str, float | None, float, list[str]]] = []
    compounds: list[tuple[str, str]] = []
    for line in load_lines("units.txt", packs):
        if line.startswith("@dimension"):
            _, dimension, kind = line.split()
            continue
        if line.startswith("@compound"):
            big, small = (p.strip() for p in line[len("@compound"):].split("|"))
            compounds.append((big, small))
            continue
        parts = [p.strip() for p in line.split(" = ")]
        if len(parts) < 2:
            raise DataError(f"rules/units.txt: expected 'NAME = FACTOR BASE = ALIAS ...': {line!r}")
        name, definition, aliases = parts[0], parts[1], parts[2:]
        offset = 0.0
        if " offset " in definition:
            definition, off = definition.split(" offset ")
            offset = float(off)
        factor_text, _, base = definition.partition(" ")
        pending.append((name, dimension, kind, _factor(factor_text, line), offset,
                        [base.strip()] + aliases))
    for name, dim, knd, factor, offset, (base, *aliases) in pending:
        lex.units[name] = Unit(name, dim, knd, factor, offset, base)
    for name, dim, knd, factor, offset, (base, *aliases) in pending:
        if base not in lex.units:
            raise DataError(f"rules/units.txt: {name!r} is defined in {base!r}, which is not a unit")
        unit = lex.units[name]
        for alias in [name] + aliases:
            prefix = alias.startswith("<")
            alias = alias.lstrip("<")
            exact = alias.startswith("[") and alias.endswith("]")
            alias = alias[1:-1] if exact else alias
            if prefix:
                lex.prefixes.append((alias, exact, unit))
            if exact:
                lex.exact.setdefault(key(alias), unit)
                continue
            folded = key(alias).lower()
            lex.folded.setdefault(folded, unit)
            plural = _plural(folded)
            if plural:
                lex.folded.setdefault(plural, unit)
    for big, small in compounds:
        lex.compounds[(big, small)] = lex.units[big].factor / lex.units[small].factor
    lex.prefixes.sort(key=lambda p: -len(p[0]))
    lex.leads = _leads(lex.exact, lex.folded)
    return lex


def _leads(*indexes: dict[str, Unit]) -> frozenset[str]:
    """The first words of the names of two words or more in the indexes: a run of chunks whose
    first is none of them can only name a unit in one word."""
    return frozenset(k.partition(" ")[0] for index in indexes for k in index if " " in k)


def _find(index_exact: dict[str, Unit], index_folded: dict[str, Unit], leads: frozenset[str],
          chunks: list[str], common=None):
    """The longest run of `chunks` that names a unit; `common()`, when given, returns
    words that are never units (it is called only on a hit, so it may load lazily)."""
    multiword = chunks[0] in leads or chunks[0].lower() in leads if chunks else False
    for n in range(len(chunks) if multiword else min(len(chunks), 1), 0, -1):
        text = " ".join(chunks[:n])
        for candidate in (text, text.rstrip(".'’"), text[:-2] if text.endswith(("'s", "’s")) else ""):
            if not candidate:
                continue
            unit = index_exact.get(candidate)
            if unit is None:
                unit = index_folded.get(candidate.lower())
                written = candidate.lower()
            else:
                written = candidate
            if unit and not (common and written in common()):
                return unit, n, len(text) - len(candidate)
    return None


def lookup(chunks: list[str], packs: tuple[str, ...] = ()) -> tuple[Unit, int, int] | None:
    """The unit named by the longest run of `chunks` from the first: (unit, how many
    chunks, how many characters at the end of the last chunk are not part of it:
    a full stop, an apostrophe, an "'s")."""
    lex = lexicon(packs)
    return _find(lex.exact, lex.folded, lex.leads, chunks)


def lookup_quantulum(chunks: list[str], packs: tuple[str, ...] = ()) -> tuple[Unit, int, int] | None:
    """Like `lookup`, in the units quantulum3 knows and our file does not."""
    exact, folded, leads = _quantulum_index(packs)
    return _find(exact, folded, leads, chunks, _common_words)


def _quantulum_dir() -> Path | None:
    spec = importlib.util.find_spec("quantulum3")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@functools.cache
def _common_words() -> frozenset[str]:
    """The common English words quantulum3 lists (lower-case), which are never units."""
    folder = _quantulum_dir()
    if folder is None:
        return frozenset()
    common = json.loads((folder / "_lang/en_US/common-words.json").read_text(encoding="utf-8"))
    return frozenset(w.lower() for words in common.values() for w in words)


@functools.cache
def _quantulum_index(packs: tuple[str, ...] = ()) -> tuple[dict[str, Unit], dict[str, Unit], frozenset[str]]:
    """quantulum3's surfaces (case-insensitive, with plurals) and symbols (as written),
    without the entities and words `rules/numbers.toml` leaves out. Common English
    words are left out at lookup time (`_common_words`)."""
    folder = _quantulum_dir()
    if folder is None:
        return {}, {}, frozenset()
    conf = load_toml("numbers.toml", packs)["quantulum"]
    skip_entities = set(conf["skip_entities"])
    not_units = {w.lower() for w in conf["not_units"]}
    units: dict[str, dict] = {}
    for path in (folder / "units.json", folder / "_lang/en_US/units.json"):
        for name, data in json.loads(path.read_text(encoding="utf-8")).items():
            units.setdefault(name, {}).update(data)
    exact: dict[str, Unit] = {}
    folded: dict[str, Unit] = {}
    for name, data in list(units.items()):
        for prefix in data.get("prefixes", []):
            full = conf["metric_prefixes"].get(prefix)
            if full:
                units.setdefault(full + name, {
                    "surfaces": [full + s for s in data.get("surfaces", [])],
                    "symbols": [prefix + s for s in data.get("symbols", [])],
                    "entity": data.get("entity")})
    for name, data in units.items():
        entity = data.get("entity")
        if not entity or entity in skip_entities:
            continue
        unit = Unit(name, entity, "measure", None)
        for surface in data.get("surfaces", []):
            k = key(surface).lower()
            for form in (k, _plural(k)):
                if form and form not in not_units:
                    folded.setdefault(form, unit)
        for symbol in data.get("symbols", []):
            k = key(symbol)
            if len(k) > 1 and k.lower() not in not_units:
                exact.setdefault(k, unit)
    return exact, folded, _leads(exact, folded)


@functools.cache
def per_unit(top: Unit, bottom: Unit) -> Unit:
    """ "dollar per hour", "kilometre per second": one unit divided by another."""
    if top.dimension == "currency":
        dimension = "currency"
    elif top.dimension == "length" and bottom.dimension == "time":
        dimension = "speed"
    else:
        dimension = f"{top.dimension} per {bottom.dimension}"
    factor = top.factor / bottom.factor if top.factor and bottom.factor and not top.offset else None
    base = f"{top.base} per {bottom.base}" if factor is not None else None
    return Unit(f"{top.name} per {bottom.name}", dimension, top.kind, factor, 0.0, base)


def to_base(value: float | None, unit: Unit | None, difference: bool = False) -> float | None:
    """`value` in `unit` expressed in the unit's base unit; a difference ignores the offset."""
    if value is None or unit is None or unit.factor is None:
        return None
    return value * unit.factor if difference else (value + unit.offset) * unit.factor
