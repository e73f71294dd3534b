"""The JSON report: exactly the contract `factcheck-report/1` (shared/contract/REPORT.md).

Fields beyond the contract are added, never renamed: a claim's `predicate`,
`place`, `time`, `base_value`; a source's `identity`, `kind`, `role`.
"""
from __future__ import annotations

import json
import math
from typing import Any

from factcheck import __version__
from factcheck.model import Claim, DateMention, Finding, Result

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


def summary(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> dict[str, int]:
    findings = [f for r in results for f in r.findings] + cross
    return {"documents": len(results), "claims": sum(len(r.claims) for r in results),
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "infos": sum(f.severity == "info" for f in findings),
            "unreadable": len(errors)}


def render(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    report = {
        "schema": SCHEMA,
        "tool": {"name": "factcheck", "version": __version__},
        "documents": [document_dict(r) for r in results],
        "findings": [finding_dict(None, f) for f in cross],
        "errors": [{"path": path, "message": message} for path, message in errors],
        "summary": summary(results, cross, errors),
    }
    return json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
