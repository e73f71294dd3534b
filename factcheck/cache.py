"""The cache: a story whose bytes, factcheck's code and the options are unchanged is not checked again.

Like ruff's cache, it lives in `.factcheck_cache/` in the current folder, or next
to the configuration file that applies there — but never inside a folder being
checked, unless that is the current folder's own cache. Each entry is one file
named by the SHA-256 of: the factcheck version and a digest of its code and
rule data, the options (rule selection, severities, dateline, rule packs and
their contents), the story's path and its bytes. Entries are written atomically
(temporary file and rename), so a run that is interrupted never leaves half an
entry; an entry that cannot be read or decoded is a miss, never an error.

Entries are JSON, never pickle: a cache folder can arrive with a cloned
repository, and reading one must not be able to run code.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import stat
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import factcheck
from factcheck import __version__
from factcheck.data import builtin_path
from factcheck.files import write_atomic
from factcheck.model import Claim, DateMention, Finding, Result, Sentence, Source, Story
from factcheck.pipeline import Options

CACHE_DIR = ".factcheck_cache"
_FORMAT = "v1"          # the layout of an entry; bump when it changes
_MODEL = {cls.__name__: cls for cls in (Result, Story, Sentence, Claim, DateMention, Source, Finding)}
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This is a cache folder made by factcheck.\n"


@functools.cache
def code_digest() -> str:
    """The version plus a digest of factcheck's own code and built-in rule data, so that
    an edited install (an editable checkout) never reuses results of the old code."""
    h = hashlib.sha256(__version__.encode())
    for root in (Path(factcheck.__file__).parent, builtin_path("settings.toml").parent):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml", ".txt", ".j2") \
                    and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _folder_digest(folder: str) -> str:
    h = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def cache_root(checked: list[str], config_dir: Path | None = None) -> Path:
    """Where the cache goes: next to the configuration when there is one, else the
    current folder; the current folder too when the configuration's folder would put
    the cache inside something being checked."""
    here = Path.cwd() / CACHE_DIR
    if config_dir is None:
        return here
    candidate = Path(config_dir).resolve() / CACHE_DIR
    for given in checked:
        if given == "-":
            continue
        folder = Path(given).resolve()
        folder = folder if folder.is_dir() else folder.parent
        if candidate.is_relative_to(folder) and candidate != here.resolve():
            return here
    return candidate


def _encode(obj: Any) -> Any:
    """The JSON form of what the json module cannot write itself (called by its C encoder)."""
    if is_dataclass(obj):
        out = {"~": type(obj).__name__}
        out.update((name, getattr(obj, name)) for name in _fields(type(obj)))
        return out
    if isinstance(obj, dt.datetime):
        return {"~datetime": obj.isoformat()}
    if isinstance(obj, dt.date):
        return {"~date": obj.isoformat()}
    raise TypeError(f"cannot cache a {type(obj).__name__}")


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if not f.name.startswith("_"))


def _decode(obj: dict[str, Any]) -> Any:
    if "~" in obj:
        cls = _MODEL[obj.pop("~")]
        return cls(**obj)
    if "~date" in obj:
        return dt.date.fromisoformat(obj["~date"])
    if "~datetime" in obj:
        return dt.datetime.fromisoformat(obj["~datetime"])
    return obj


def dumps(result: Result) -> str:
    """The entry for `result`: JSON, in which tuples come back as lists (as in the report)."""
    return json.dumps(result, default=_encode, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Result:
    result = json.loads(text, object_hook=_decode)
    if not isinstance(result, Result):
        raise ValueError("not a cached result")
    return result


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.entries = self.root / _FORMAT
        self._options: dict[int, tuple[Options, str]] = {}
        self._ready = False
        self.warning: str | None = None     # set once when the cache could not be written

    def _options_digest(self, options: Options) -> str:
        known = self._options.get(id(options))
        if known is None or known[0] is not options:
            h = hashlib.sha256(code_digest().encode() + repr(options).encode())
            for pack in options.packs:
                h.update(_folder_digest(pack).encode())
            known = self._options[id(options)] = (options, h.hexdigest())
        return known[1]

    def key(self, path: str, options: Options) -> str | None:
        """The entry name for this story as it is now; None when it is not a regular file
        (a pipe is read once, by the checker), cannot be read (the checker then says why)
        or is over the size limit."""
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > options.max_bytes:
                return None
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        h = hashlib.sha256(self._options_digest(options).encode())
        h.update(path.encode("utf-8", "surrogateescape") + b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str) -> Result | None:
        try:
            text = (self.entries / key[:2] / f"{key}.json").read_text(encoding="utf-8")
            return loads(text)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None

    def put(self, key: str, result: Result) -> None:
        try:
            text = dumps(result)
        except (TypeError, ValueError, RecursionError):
            return                     # something in it JSON cannot hold: check it again next time
        try:
            self._prepare()
            folder = self.entries / key[:2]
            folder.mkdir(exist_ok=True)
            write_atomic(str(folder / f"{key}.json"), text)
        except OSError as exc:
            if self.warning is None:
                self.warning = f"cannot write the cache in {self.root}: {exc.strerror or exc}; " \
                               f"stories will be checked again next time"

    def _prepare(self) -> None:
        if self._ready:
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# made by factcheck\n*\n")):
            if not (self.root / name).exists():
                write_atomic(str(self.root / name), text)
        self._ready = True
