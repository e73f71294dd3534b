"""Configuration files: `[tool.factcheck]` in `pyproject.toml`, or a `.factcheck.toml`.

For every checked file the nearest configuration wins: factcheck walks up from
the file's folder and takes the first `.factcheck.toml` or `pyproject.toml`
with a `[tool.factcheck]` table (in one folder, `.factcheck.toml` goes first).
Command-line flags win over both. Keys (in `.factcheck.toml` at the top level):

    select = ["range-order", "unit-conversion"]   # run only these rules
    ignore = ["unattributed-figure"]              # do not run these
    fail-on = "warning"                           # error, warning, info or never
    include = ["*.md", "*.html"]                  # file patterns to check in folders
    exclude = ["archive/*"]                       # file or folder patterns to skip
    date = ["front-matter", "text"]               # where datelines come from, or a date
    rule-packs = ["factcheck-rules"]              # folders, relative to this file

    [severity]                                    # [tool.factcheck.severity] in pyproject.toml
    unit-conversion = "error"
    unattributed-figure = "off"

A key that is not one of these, or a value of the wrong kind, is an error that
names the file and the key (exit code 2).
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli     # as data.py reads rules/

from factcheck.checks import Selection, SelectionError
from factcheck.data import DataError, builtin_path, load_toml
from factcheck.dates import METHODS as DATELINE_METHODS
from factcheck.discover import DEFAULT_INCLUDE, discover
from factcheck.pipeline import Options

FAIL_ON = {"error": ("error",), "warning": ("error", "warning"),
           "info": ("error", "warning", "info"), "never": ()}
FILE_NAMES = (".factcheck.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "include", "exclude", "date", "rule-packs", "severity")


class ConfigError(ValueError):
    """A configuration file that cannot be used; str(self) names the file and the key."""


@dataclass(frozen=True)
class Config:
    """One configuration file, checked. None means the key was not set."""
    path: Path
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    date: dt.date | None = None
    date_methods: tuple[str, ...] | None = None
    packs: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()


def _table(path: Path) -> dict[str, Any] | None:
    """The factcheck settings in a configuration file, or None when it has none."""
    try:
        with path.open("rb") as fh:
            data = tomli.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomli.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("factcheck")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.factcheck] must be a table")
        return table
    return data


class _Checker:
    """Reads one key after another, raising an error that names the file and the key."""

    def __init__(self, path: Path, table: dict[str, Any]):
        self.path, self.table = path, table
        self.prefix = "tool.factcheck." if path.name == "pyproject.toml" else ""

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.prefix}{key}: {problem}")

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, f"must be a list of strings, not {value!r}")
        return tuple(v.strip() for v in value)

    def rules(self, key: str) -> tuple[str, ...] | None:
        ids = self.strings(key)
        try:
            Selection(select=ids or ()).validate()
        except SelectionError as exc:
            raise self.fail(key, str(exc)) from None
        return ids

    def choice(self, key: str, allowed) -> str | None:
        value = self.table.get(key)
        if value is not None and value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def severity(self) -> tuple[tuple[str, str], ...]:
        value = self.table.get("severity", {})
        if not isinstance(value, dict):
            raise self.fail("severity", 'must be a table of rule = "error", "warning", "info" or "off"')
        for rule_id, level in value.items():
            try:
                Selection(severity={rule_id: level}).validate()
            except SelectionError as exc:
                raise self.fail(f"severity.{rule_id}", str(exc)) from None
        return tuple(sorted(value.items()))

    def date(self) -> tuple[dt.date | None, tuple[str, ...] | None]:
        value = self.table.get("date")
        if value is None:
            return None, None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value), None
            except ValueError:
                value = [value]
        methods = value if isinstance(value, list) else None
        if not methods or not all(m in DATELINE_METHODS for m in methods):
            raise self.fail("date", f"must be a date (YYYY-MM-DD) or a list of where to look for the "
                                    f"dateline, from {', '.join(DATELINE_METHODS)}; not {value!r}")
        return None, tuple(methods)

    def packs(self) -> tuple[str, ...] | None:
        folders = self.strings("rule-packs")
        if folders is None:
            return None
        resolved = []
        for folder in folders:
            pack = (self.path.parent / folder).resolve()
            if not pack.is_dir():
                raise self.fail("rule-packs", f"{folder!r} is not a folder (looked for {pack})")
            for data_file in sorted(pack.glob("*.toml")):
                if builtin_path(data_file.name).is_file():
                    try:
                        load_toml(data_file.name, (str(pack),))
                    except DataError as exc:
                        raise self.fail("rule-packs", str(exc)) from None
            resolved.append(str(pack))
        return tuple(resolved)


@functools.cache
def load(path: Path) -> Config | None:
    """The checked configuration in `path`, or None when the file has no factcheck settings."""
    table = _table(path)
    if table is None:
        return None
    check = _Checker(path, table)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise check.fail(unknown[0], f"unknown key; the keys are {', '.join(KEYS)}")
    date, methods = check.date()
    return Config(path=path, select=check.rules("select"), ignore=check.rules("ignore"),
                  fail_on=check.choice("fail-on", tuple(FAIL_ON)), include=check.strings("include"),
                  exclude=check.strings("exclude"), date=date, date_methods=methods,
                  packs=check.packs(), severity=check.severity())


@functools.cache
def find(folder: Path) -> Config | None:
    """The nearest configuration at or above `folder` (an absolute path)."""
    for name in FILE_NAMES:
        candidate = folder / name
        if candidate.is_file():
            found = load(candidate)
            if found is not None:
                return found
    return None if folder.parent == folder else find(folder.parent)


@dataclass
class Flags:
    """What was given on the command line; None and empty mean 'not given'."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    date: dt.date | None = None
    max_bytes: int = Options.max_bytes
    stdin_filename: str | None = None


class Settings:
    """The options for each checked file: its nearest configuration under the command-line flags."""

    def __init__(self, flags: Flags):
        self.flags = flags
        Selection(select=flags.select, ignore=flags.ignore, severity=dict(flags.severity)).validate()
        self._options: dict[Config | None, Options] = {}

    def config(self, path: str) -> Config | None:
        if path == "-":
            path = self.flags.stdin_filename or os.path.join(os.getcwd(), "-")
        folder = Path(path) if os.path.isdir(path) else Path(path).parent
        return find(folder.resolve())

    def options(self, path: str) -> Options:
        config = self.config(path)
        if config not in self._options:
            flags, c = self.flags, config or Config(Path("."))
            severity = dict(c.severity)
            severity.update(flags.severity)
            selection = Selection(select=flags.select or c.select or (),
                                  ignore=flags.ignore or (() if flags.select else c.ignore or ()),
                                  severity=severity)
            self._options[config] = Options(
                selection=selection, date=flags.date or c.date, packs=c.packs or (),
                max_bytes=flags.max_bytes,
                date_methods=c.date_methods or DATELINE_METHODS)
        return self._options[config]

    def active_rules(self, path: str) -> set[str]:
        """The ids of the rules that run on `path`."""
        return {rule.id for rule in self.options(path).selection.active()}

    def fail_on(self, path: str) -> tuple[str, ...]:
        """The severities that fail the run when a finding in `path` has one of them."""
        config = self.config(path)
        return FAIL_ON[self.flags.fail_on or (config and config.fail_on) or "error"]

    def discover(self, paths: list[str]) -> list[str]:
        """The files to check under each PATH, with the include and exclude patterns of the
        configuration nearest to that PATH (or those given on the command line); a file that
        the configuration nearest to it excludes is left out too."""
        files: dict[str, None] = {}
        for given in paths:
            config = self.config(given) or Config(Path("."))
            include = self.flags.include or config.include or DEFAULT_INCLUDE
            exclude = self.flags.exclude or config.exclude or ()
            files.update(dict.fromkeys(f for f in discover([given], include=include, exclude=exclude)
                                       if not self._excluded(f)))
        return list(files)

    def _excluded(self, path: str) -> bool:
        config = self.config(path)
        return bool(config and config.exclude and not self.flags.exclude and path != "-"
                    and not discover([path], exclude=config.exclude))


def flags_from(args) -> Flags:
    """The command-line flags of `factcheck check` as parsed by argparse."""
    return Flags(select=tuple(args.select), ignore=tuple(args.ignore), severity=dict(args.severity),
                 fail_on=args.fail_on, include=tuple(args.include or ()), exclude=tuple(args.exclude),
                 date=args.date, max_bytes=args.max_bytes, stdin_filename=args.stdin_filename)


__all__ = ["FAIL_ON", "Config", "ConfigError", "Flags", "Settings", "find", "flags_from", "load"]
