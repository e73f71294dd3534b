"""The rule engine: the explicit registry of rules, selection, and running them.

To add a rule: write a module in this package that declares `RULE`, add it to
`REGISTRY` below, and give it a cases file in `tests/cases/rules/RULE-ID.toml`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.checks import (arithmetic, conflicting_figures, parts_exceed_total, percent_bounds,
                              range_order, unattributed_figure, unit_conversion, unit_mismatch,
                              weekday_date)
from factcheck.checks import unused_suppression
from factcheck.checks.base import SEVERITIES, Context, Rule
from factcheck.model import Finding

REGISTRY: tuple[Rule, ...] = (
    unit_conversion.RULE,
    unit_mismatch.RULE,
    conflicting_figures.RULE,
    range_order.RULE,
    percent_bounds.RULE,
    parts_exceed_total.RULE,
    arithmetic.RULE,
    weekday_date.RULE,
    unattributed_figure.RULE,
    unused_suppression.RULE,   # the story's own factcheck comments (factcheck.suppress)
)
RULES: dict[str, Rule] = {rule.id: rule for rule in REGISTRY}


class SelectionError(ValueError):
    """A rule id or severity that does not exist."""


@dataclass
class Selection:
    """Which rules run and at what severity (`--select`, `--ignore`, `--severity`, config)."""
    select: tuple[str, ...] = ()            # empty: all rules
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)   # rule id -> error|warning|info|off

    def validate(self) -> None:
        for rule_id in (*self.select, *self.ignore, *self.severity):
            if rule_id not in RULES:
                raise SelectionError(f"unknown rule {rule_id!r} (see `factcheck rules`)")
        for rule_id, level in self.severity.items():
            if level not in (*SEVERITIES, "off"):
                raise SelectionError(f"severity of {rule_id} must be error, warning, info or off, not {level!r}")

    def active(self) -> list[Rule]:
        chosen = [r for r in REGISTRY if (not self.select or r.id in self.select)
                  and r.id not in self.ignore and self.severity.get(r.id) != "off"]
        return chosen


def run_rules(ctx: Context, selection: Selection) -> list[Finding]:
    findings: list[Finding] = []
    for rule in selection.active():
        for finding in rule.check(ctx):
            if rule.id in selection.severity:
                finding.severity = selection.severity[rule.id]
            findings.append(finding)
    findings.sort(key=lambda f: (f.start, f.end, f.rule, f.message))
    return findings


__all__ = ["REGISTRY", "RULES", "Context", "Rule", "Selection", "SelectionError", "run_rules"]
