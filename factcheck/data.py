"""Reference data: the files in `rules/` (installed as the `factcheck.ruledata` package).

Every lexicon, table and threshold lives in a data file whose format is
documented in `rules/README.md`. A newsroom can add its own *rule packs*:
folders holding files of the same names, whose tables are merged over the
built-in ones (a pack's list replaces the built-in list of the same key unless
the key ends in `+`, which appends to it).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import tomli     # tomllib's own code, compiled: rules/ read in 15 ms, not 24, at a cold start

import factcheck.ruledata

_COMMENT = re.compile(r"(?:^|\s)#.*$")  # "#" opens a comment at a line start or after a space


class DataError(Exception):
    """A data file is missing or malformed."""


def builtin_path(name: str) -> Path:
    # the package's folder, from its module: importlib.resources would load tempfile and zipfile
    return Path(factcheck.ruledata.__file__).parent / name


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if key.endswith("+"):
            key = key[:-1]
            out[key] = list(out.get(key, [])) + list(value)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomli.load(fh)
    except OSError as exc:
        raise DataError(f"{path}: cannot read rule data: {exc.strerror or exc}") from None
    except tomli.TOMLDecodeError as exc:
        raise DataError(f"{path}: bad TOML: {exc}") from None


@functools.cache
def load_toml(name: str, packs: tuple[str, ...] = ()) -> dict[str, Any]:
    """The built-in `rules/NAME` merged with the same file in each rule pack."""
    data = _read_toml(builtin_path(name))
    for pack in packs:
        path = Path(pack) / name
        if path.is_file():
            data = _merge(data, _read_toml(path))
    return data


@functools.cache
def load_lines(name: str, packs: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Non-blank, non-comment lines of `rules/NAME` followed by those of each pack."""
    paths = [builtin_path(name)] + [Path(p) / name for p in packs if (Path(p) / name).is_file()]
    lines: list[str] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = _COMMENT.sub("", line).strip()
            if line:
                lines.append(line)
    return tuple(lines)
