"""The JSON report: exactly the contract `factcheck-report/1` (shared/contract/REPORT.md).

Fields beyond the contract are added, never renamed: a claim's `predicate`,
`place`, `time`, `base_value`; a source's `identity`, `kind`, `role`.
"""
from __future__ import annotations

import io
import json
import math
from typing import Any, Iterable, TextIO

from factcheck import __version__
from factcheck.model import Claim, DateMention, Finding, Result
from factcheck.report import Tally

SCHEMA = "factcheck-report/1"


def _number(x: float | None) -> float | int | None:
    if x is None or not math.isfinite(x):
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def claim_dict(result: Result, c: Claim) -> dict[str, Any]:
    line, column = result.story.position(c.start)
    out: dict[str, Any] = {
        "id": c.id, "text": c.text, "start": c.start, "end": c.end, "line": line, "column": column,
        "kind": c.kind, "value": _number(c.value), "low": _number(c.low), "high": _number(c.high),
        "qualifier": c.qualifier, "unit": c.unit, "dimension": c.dimension, "subject": c.subject,
        "source": c.source.contract() if c.source else None,
        "subject_key": c.subject_key, "predicate": c.predicate, "place": c.place, "time": c.time,
    }
    if c.base_unit is not None:
        out.update(base_unit=c.base_unit, base_value=_number(c.base_value),
                   base_low=_number(c.base_low), base_high=_number(c.base_high))
    if c.difference:
        out["difference"] = True
    out.update({k: v for k, v in sorted(c.extra.items()) if k not in out})
    return out


def date_dict(result: Result, d: DateMention) -> dict[str, Any]:
    line, column = result.story.position(d.start)
    out = {"text": d.text, "start": d.start, "end": d.end, "line": line, "column": column,
           "iso": d.iso, "weekday": d.weekday}
    out.update({k: v for k, v in sorted(d.extra.items()) if k not in out})
    return out


def finding_dict(result: Result | None, f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": f.rule, "severity": f.severity, "message": f.message,
                           "claims": list(f.claims), "start": f.start, "end": f.end}
    if result is not None:
        out["line"], out["column"] = result.story.position(f.start)
        out["end_line"], out["end_column"] = result.story.position(f.end)
    if f.hint:
        out["hint"] = f.hint
    out.update({k: v for k, v in sorted(f.extra.items()) if k not in out})
    return out


def document_dict(result: Result) -> dict[str, Any]:
    return {
        "path": result.story.path,
        "dateline": result.story.dateline.isoformat() if result.story.dateline else None,
        "format": result.story.format,
        "claims": [claim_dict(result, c) for c in result.claims],
        "dates": [date_dict(result, d) for d in result.dates],
        "findings": [finding_dict(result, f) for f in result.findings],
    }


def summary(tally: Tally) -> dict[str, int]:
    return {"documents": tally.documents, "claims": tally.claims,
            "errors": tally.severities["error"], "warnings": tally.severities["warning"],
            "infos": tally.severities["info"], "unreadable": tally.unreadable}


def _dump(value: Any, depth: int) -> str:
    """`value` as it appears `depth` levels deep in the indented report (JSON strings
    hold no raw newline, so re-indenting the lines is exact)."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n" + "  " * depth)


def _line(value: Any) -> str:
    """`value` on one line. Unindented, json uses its C encoder: the indented encoder is
    pure Python and was most of the time of a warm rerun over an archive."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class JsonWriter:
    """Writes the report while the stories arrive: the head, each document as it comes
    (one line per document), then the cross-story findings, the errors and the summary,
    so memory stays flat. The output is the same for the same input, whatever --jobs."""

    def __init__(self, out: TextIO):
        self.out = out
        self.tally = Tally()
        out.write('{\n  "schema": ' + _dump(SCHEMA, 1) + ',\n  "tool": '
                  + _dump({"name": "factcheck", "version": __version__}, 1) + ',\n  "documents": [')

    def document(self, result: Result) -> None:
        self.out.write(("\n    " if self.tally.documents == 0 else ",\n    ") + _line(document_dict(result)))
        self.tally.add(result)

    def finish(self, cross: list[Finding], errors: list[tuple[str, str]]) -> None:
        self.tally.count(cross)
        self.tally.unreadable = len(errors)
        self.out.write(("\n  ]" if self.tally.documents else "]")
                       + ',\n  "findings": ' + _dump([finding_dict(None, f) for f in cross], 1)
                       + ',\n  "errors": ' + _dump([{"path": p, "message": m} for p, m in errors], 1)
                       + ',\n  "summary": ' + _dump(summary(self.tally), 1) + "\n}\n")


def render(results: Iterable[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = JsonWriter(out)
    for result in results:
        writer.document(result)
    writer.finish(cross, errors)
    return out.getvalue()
