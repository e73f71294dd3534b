"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

Every rule is described in `tool.driver.rules` with the documentation `factcheck
rule ID` prints. Each result names its rule, its level (error, warning, note),
the story's path relative to the repository root (`uriBaseId` SRCROOT), the
region of the figures, and a `partialFingerprints` value built from the story,
the rule and the figures as written (the key of a baseline entry), so that it
stays the same when unrelated lines move.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.baseline import figures, involved, relative
from factcheck.checks import RULES, Rule
from factcheck.model import Finding, Result
from factcheck.report.located import locate, source_root

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "factcheckFigures/v1"


def _name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _paragraph(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    doc = rule.documentation()
    return {
        "id": rule.id,
        "name": _name(rule.id),
        "shortDescription": {"text": _paragraph(rule.summary)},
        "fullDescription": {"text": _paragraph(rule.what)},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["factcheck", "accuracy"]},
    }


def _physical(result: Result | None, path: str, start: int, end: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(path), "uriBaseId": "SRCROOT"}}
    if result is not None:
        story = result.story
        (line, column), (end_line, end_column) = story.position(start), story.position(end)
        physical["region"] = {"startLine": line, "startColumn": column, "endLine": end_line,
                              "endColumn": end_column, "snippet": {"text": story.raw[start:end]}}
    return physical


def render(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    root = source_root()
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    by_path = {r.story.path: r for r in results}
    seen: Counter[str] = Counter()
    sarif_results = []
    for loc in locate(results, cross, root):
        f = loc.finding
        key = "\0".join((loc.path, f.rule, *figures(by_path, loc.result, f)))
        seen[key] += 1     # the same figures flagged twice in a story: number them in order
        physical = _physical(loc.result, loc.path, f.start, f.end)
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": LEVEL[f.severity],
            "message": {"text": loc.text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {
                FINGERPRINT: hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()},
        }
        related = [{"id": i, "message": {"text": claim.text}, "physicalLocation": _physical(
                        owner, relative(owner.story.path, root), claim.start, claim.end)}
                   for i, (owner, claim) in enumerate(involved(by_path, loc.result, f))]
        if len(related) > 1:
            result["relatedLocations"] = related
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        sarif_results.append(result)
    notifications = [{"level": "error", "message": {"text": f"{path}: {message}"},
                      "locations": [{"physicalLocation": {"artifactLocation": {
                          "uri": quote(relative(path, root)), "uriBaseId": "SRCROOT"}}}]}
                     for path, message in errors]
    run = {
        "tool": {"driver": {"name": "factcheck", "version": __version__, "semanticVersion": __version__,
                            "rules": [rule_descriptor(rule) for rule in RULES.values()]}},
        "originalUriBaseIds": {"SRCROOT": {"uri": root.as_uri() + "/"}},
        "invocations": [{"executionSuccessful": not errors,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=2) + "\n"
