"""JUnit XML, for CI systems that show test results: one test case per story, one
failure per finding (an unreadable file is a test case with an error)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.model import Finding, Result
from factcheck.report.located import locate, source_root


def render(results: list[Result], cross: list[Finding], errors: list[tuple[str, str]]) -> str:
    root = source_root()
    located = locate(results, cross, root)
    failures = len(located)
    suites = ET.Element("testsuites", name="factcheck", tests=str(len(results) + len(errors)),
                        failures=str(failures), errors=str(len(errors)))
    suite = ET.SubElement(suites, "testsuite", name="factcheck", tests=suites.get("tests"),
                          failures=str(failures), errors=str(len(errors)), skipped="0", time="0")
    cases = {r.story.path: _case(suite, r.story.path) for r in results}
    for loc in located:
        f = loc.finding
        story_path = loc.result.story.path if loc.result else loc.path
        if story_path not in cases:
            cases[story_path] = _case(suite, story_path)
        failure = ET.SubElement(cases[story_path], "failure", type=f.rule,
                                message=f"{f.severity} {f.rule}: {f.message}")
        failure.text = f"{loc.path}:{loc.line}:{loc.column}: {f.severity} {f.rule} {loc.text}"
    for path, message in errors:
        error = ET.SubElement(_case(suite, path), "error", type="unreadable", message=message)
        error.text = f"{path}: {message}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _case(suite: ET.Element, path: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname="factcheck", name=path, file=path, time="0")
