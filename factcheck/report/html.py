"""The review report: one self-contained HTML page per run.

Each story's text with every figure highlighted and coloured by its source
(each highlight carries `data-claim-id`, the claim's id in the JSON report, and
shows its interval, unit, subject and source on hover or keyboard focus);
findings beside the paragraphs they concern, linking to the figures involved;
a "figures by subject" table (subject x source); and, for several stories, an
index with counts per story and the cross-story findings. No network: styles
are inline, there is no script, and a Content-Security-Policy forbids any
request. Colour is never the only signal: every highlight carries its source's
tag ("S1"), explained in a key, and severities are written out in words.
"""
from __future__ import annotations

from importlib.resources import files

from factcheck import __version__
from factcheck.model import Claim, Finding, Result
from factcheck.report.layout import layout
from factcheck.report.text import interval

PALETTE = 8          # source colours in the stylesheet: .src-0 ... .src-7, and .src-none


def _css(index: int) -> str:
    return "src-none" if index < 0 else f"src-{index % PALETTE}"


def _tip(claim: Claim) -> str:
    parts = [f"figure: {interval(claim)}", f"qualifier: {claim.qualifier}"]
    if claim.unit:
        parts.append(f"unit: {claim.unit}")
    if claim.subject:
        parts.append(f"subject: {claim.subject}")
    parts.append(f"source: {claim.source.name}" if claim.source else "source: none given")
    return " · ".join(parts)


def _finding(result: Result, f: Finding, n: int, by_id: dict[str, Claim]) -> dict:
    line, _ = result.story.position(f.start)
    return {"rule": f.rule, "severity": f.severity, "message": f.message, "hint": f.hint, "line": line,
            "claims": [{"href": f"#s{n}-{i}", "text": by_id[i].text} for i in f.claims if i in by_id]}


def story_view(n: int, result: Result) -> dict:
    lay = layout(result)
    by_id = {c.id: c for c in result.claims}
    paragraphs = [{
        "line": p.line,
        "pieces": [{"text": piece.text} if piece.claim is None else {
            "text": piece.text, "id": piece.claim.id, "anchor": f"s{n}-{piece.claim.id}",
            "tag": piece.source.tag, "css": _css(piece.source.index), "tip": _tip(piece.claim)}
            for piece in p.pieces],
        "findings": [_finding(result, f, n, by_id) for f in p.findings],
    } for p in lay.paragraphs]
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "info")}
    return {
        "n": n, "path": result.story.path, "claims": len(result.claims), "counts": counts,
        "dateline": result.story.dateline.isoformat() if result.story.dateline else None,
        "sources": [{"tag": k.tag, "css": _css(k.index), "name": k.name} for k in lay.sources],
        "paragraphs": paragraphs,
        "loose": [_finding(result, f, n, by_id) for f in lay.loose],
        "table": [{"subject": subject, "cells": [[{"href": f"#s{n}-{c.id}", "text": c.text,
                                                    "predicate": c.predicate} for c in cell]
                                                  for cell in cells]}
                  for subject, cells in lay.by_subject],
    }


def render(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    from jinja2 import Environment
    template = files("factcheck.report").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    index = {r.story.path: n for n, r in enumerate(results)}
    claims = {r.story.path: {c.id: c for c in r.claims} for r in results}
    cross_view = []
    for f in cross:
        links = []
        for ref in f.claims:
            path, _, cid = ref.rpartition("#")
            if cid in claims.get(path, {}):
                links.append({"href": f"#s{index[path]}-{cid}", "text": f"{claims[path][cid].text} ({path})"})
        cross_view.append({"rule": f.rule, "severity": f.severity, "message": f.message, "claims": links})
    return env.from_string(template).render(
        stories=[story_view(n, r) for n, r in enumerate(results)], cross=cross_view, errors=errors,
        version=__version__)
