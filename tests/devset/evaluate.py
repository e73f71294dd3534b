"""Evaluate factcheck on the development set of real (and edited) news stories.

Runs the real pipeline (`factcheck.load.read_story` + `factcheck.pipeline.check_story`
with default `Options`) on every story annotated in `tests/devset/annotations/`
and compares its claims, sources and findings with the annotations.

    .venv/bin/python -m tests.devset.evaluate              # table per story + totals
    .venv/bin/python -m tests.devset.evaluate --json out.json
    .venv/bin/python -m tests.devset.evaluate --story 03   # only stories whose id starts with 03
    .venv/bin/python -m tests.devset.evaluate --details    # list misses and false alarms

The annotation format and the matching rules are documented in README.md.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ANNOTATIONS = HERE / "annotations"

TOLERANCE = 0.005          # interval ends agree within 0.5 %
NONE = "none"              # TOML has no null: "none" stands for null / unbounded


# ---------------------------------------------------------------- annotations

@dataclass
class GoldClaim:
    text: str
    occurrence: int
    start: int
    end: int
    low: float | None
    high: float | None
    qualifier: str
    units: list[str | None]           # acceptable canonical units (null = bare count)
    subjects: list[str]               # acceptable subjects (head noun compared)
    sources: list[str | None]         # acceptable source names (None = unattributed)
    optional: bool = False            # neither a miss if absent nor a false alarm if found
    check_interval: bool = True       # false for compound or fractional figures with no agreed unit
    note: str = ""


@dataclass
class GoldFinding:
    rule: str
    figures: list[int]                # indices into Gold.claims
    severity: str
    spans: list[tuple[int, int]] = field(default_factory=list)   # `at`: texts that are not claims (dates)
    optional: bool = False            # defensible either way: neither missed nor a false alarm
    note: str = ""


@dataclass
class Gold:
    id: str
    path: Path
    meta: dict[str, Any]
    claims: list[GoldClaim] = field(default_factory=list)
    findings: list[GoldFinding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)   # integrity problems


def _none(value: Any) -> Any:
    return None if value == NONE else value


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [_none(v) for v in value]
    return [_none(value)]


def _find(raw: str, text: str, occurrence: int) -> tuple[int, int] | None:
    """The span of the occurrence-th whole-word appearance of text ("six" not in "sixty")."""
    pattern = (r"(?<!\w)" if text[:1].isalnum() else "") + re.escape(text) + (r"(?!\w)" if text[-1:].isalnum() else "")
    for n, m in enumerate(re.finditer(pattern, raw), 1):
        if n == occurrence:
            return m.start(), m.end()
    return None


def _figure_ref(ref: str) -> tuple[str, int]:
    """'4,000' or '4,000#2' (second occurrence of that annotated text)."""
    m = re.fullmatch(r"(.*)#(\d+)", ref)
    return (m.group(1), int(m.group(2))) if m else (ref, 1)


def load_gold(path: Path) -> Gold:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    meta = {k: v for k, v in data.items() if k not in ("claim", "finding")}
    story_path = (path.parent.parent / meta["file"]).resolve()   # relative to the set's folder
    gold = Gold(id=path.stem, path=story_path, meta=meta)
    raw = story_path.read_text(encoding="utf-8-sig") if story_path.exists() else ""
    if not raw:
        gold.errors.append(f"story file {meta['file']} missing or empty")
    for i, c in enumerate(data.get("claim", [])):
        occurrence = int(c.get("occurrence", 1))
        span = _find(raw, c["text"], occurrence)
        if span is None:
            gold.errors.append(f"claim {i + 1}: {c['text']!r} (occurrence {occurrence}) not found in the story")
            span = (-1, -1)
        gold.claims.append(GoldClaim(
            text=c["text"], occurrence=occurrence, start=span[0], end=span[1],
            low=_none(c.get("low", NONE)), high=_none(c.get("high", NONE)),
            qualifier=c.get("qualifier", "exact"),
            units=_as_list(c.get("unit", NONE)),
            subjects=[s for s in _as_list(c.get("subject", NONE)) if s],
            sources=_as_list(c.get("source", NONE)),
            optional=bool(c.get("optional", False)), check_interval=bool(c.get("interval", True)),
            note=c.get("note", "")))
    index = {(c.text, c.occurrence): i for i, c in enumerate(gold.claims)}
    for f in data.get("finding", []):
        figures = []
        for ref in f["figures"]:
            key = _figure_ref(ref)
            if key not in index:
                gold.errors.append(f"finding {f['rule']}: figure {ref!r} is not an annotated claim")
            else:
                figures.append(index[key])
        spans = []
        for ref in f.get("at", []):
            text, occurrence = _figure_ref(ref)
            span = _find(raw, text, occurrence)
            if span is None:
                gold.errors.append(f"finding {f['rule']}: text {ref!r} not found in the story")
            else:
                spans.append(span)
        if not figures and not spans:
            gold.errors.append(f"finding {f['rule']}: names no figure and no `at` text")
        gold.findings.append(GoldFinding(rule=f["rule"], figures=figures, spans=spans,
                                         severity=f.get("severity", "warning"),
                                         optional=bool(f.get("optional", False)), note=f.get("note", "")))
    return gold


def load_all(prefix: str = "", folder: Path = ANNOTATIONS) -> list[Gold]:
    """Every annotation in `folder` (the devset's by default; the held-out set passes its own)."""
    return [load_gold(p) for p in sorted(folder.glob("*.toml")) if p.stem.startswith(prefix)]


# ---------------------------------------------------------------- comparison

_TITLES = {"col", "col.", "colonel", "gen", "gen.", "general", "lt", "lt.", "maj", "maj.", "capt", "capt.",
           "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "the", "president", "prime", "minister",
           "secretary", "spokesman", "spokeswoman", "sen", "sen.", "senator", "gov", "gov.", "governor",
           "chief", "director", "u.s.", "us"}
_ALIASES = {"un": "united nations", "u.n.": "united nations", "usgs": "united states geological survey",
            "u.s. geological survey": "united states geological survey", "unhcr": "un refugee agency",
            "noaa": "national oceanic and atmospheric administration",
            "bls": "bureau of labor statistics", "nasa": "national aeronautics and space administration",
            "fcc": "federal communications commission", "f.c.c.": "federal communications commission"}


def _tokens(name: str) -> set[str]:
    name = name.lower().strip()
    name = _ALIASES.get(name, name)
    name = re.sub(r"['’]s\b", "", name)
    words = re.findall(r"[a-z0-9.\-]+", name)
    return {w.strip(".").rstrip("s") for w in words if w not in _TITLES and w.strip(".")} or {name}


def source_matches(predicted: str | None, gold: list[str | None]) -> bool:
    for g in gold:
        if g is None or predicted is None:
            if g is None and predicted is None:
                return True
            continue
        a, b = _tokens(predicted), _tokens(g)
        if a <= b or b <= a:
            return True
    return False


def _head(phrase: str) -> str:
    words = re.findall(r"[a-z]+", phrase.lower())
    if not words:
        return ""
    w = words[-1]
    for suffix, repl in (("ies", "y"), ("ses", "s"), ("s", "")):
        if w.endswith(suffix) and len(w) > 3:
            return w[: len(w) - len(suffix)] + repl
    return w


def subject_matches(predicted: str | None, gold: list[str]) -> bool:
    if predicted is None:
        return False
    ph = _head(predicted)
    return any(_head(g) == ph for g in gold)


def _unit_key(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = unit.lower().strip().replace("meter", "metre")
    return u[:-1] if u.endswith("s") and not u.endswith("ss") else u


def unit_matches(predicted: str | None, gold: list[str | None]) -> bool:
    return _unit_key(predicted) in {_unit_key(g) for g in gold}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def interval_matches(low: float | None, high: float | None, gold: GoldClaim) -> bool:
    return _close(low, gold.low) and _close(high, gold.high)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


@dataclass
class StoryScore:
    id: str
    kind: str
    gold_claims: int = 0
    predicted_claims: int = 0
    matched: int = 0
    interval_ok: int = 0
    interval_n: int = 0
    unit_ok: int = 0
    subject_ok: int = 0
    subject_n: int = 0
    source_ok: int = 0
    gold_findings: int = 0
    predicted_findings: int = 0
    findings_tp_pred: int = 0
    findings_tp_gold: int = 0
    severity_ok: int = 0
    dateline_ok: int = 0
    rules: dict[str, list[int]] = field(default_factory=dict)   # rule -> [gold, predicted, tp_gold, tp_pred]
    error: str = ""
    details: list[str] = field(default_factory=list)


def score_story(gold: Gold) -> StoryScore:
    score = StoryScore(id=gold.id, kind=gold.meta.get("kind", ""))
    try:
        from factcheck.load import read_story
        from factcheck.pipeline import Options, check_story
        story = read_story(str(gold.path))
        result = check_story(story, Options())
    except Exception as exc:  # a crash (even an import error mid-edit) is a result too: count it, go on
        score.error = f"{type(exc).__name__}: {exc}"
        score.gold_claims = sum(not c.optional for c in gold.claims)
        score.gold_findings = sum(not f.optional for f in gold.findings)
        for gf in gold.findings:
            if not gf.optional:
                score.rules.setdefault(gf.rule, [0, 0, 0, 0])[0] += 1
        return score

    predicted = result.claims
    found = result.story.dateline.isoformat() if result.story.dateline else None
    score.dateline_ok = int(found == gold.meta.get("date"))
    if not score.dateline_ok:
        score.details.append(f"  dateline {found}, want {gold.meta.get('date')}")
    # one-to-one matching by overlap, largest overlap first
    pairs = sorted(((_overlap(p.start, p.end, g.start, g.end), pi, gi)
                    for pi, p in enumerate(predicted) for gi, g in enumerate(gold.claims)
                    if _overlap(p.start, p.end, g.start, g.end) > 0), reverse=True)
    p_to_g: dict[int, int] = {}
    g_to_p: dict[int, int] = {}
    for _, pi, gi in pairs:
        if pi not in p_to_g and gi not in g_to_p:
            p_to_g[pi] = gi
            g_to_p[gi] = pi
    # predicted claims overlapping an optional annotation count neither way
    ignored = {pi for pi, gi in p_to_g.items() if gold.claims[gi].optional}
    for pi, p in enumerate(predicted):
        if pi not in p_to_g and any(g.optional and _overlap(p.start, p.end, g.start, g.end)
                                    for g in gold.claims):
            ignored.add(pi)

    score.gold_claims = sum(not c.optional for c in gold.claims)
    score.predicted_claims = len(predicted) - len(ignored)
    for gi, g in enumerate(gold.claims):
        if g.optional:
            continue
        if gi not in g_to_p:
            score.details.append(f"  missed   {g.text!r}")
            continue
        p = predicted[g_to_p[gi]]
        score.matched += 1
        if g.qualifier != "vague" and g.check_interval:
            score.interval_n += 1
            if interval_matches(p.low, p.high, g):
                score.interval_ok += 1
            else:
                score.details.append(f"  interval {g.text!r}: got {p.low}..{p.high}, want {g.low}..{g.high}")
        if unit_matches(p.unit, g.units):
            score.unit_ok += 1
        else:
            score.details.append(f"  unit     {g.text!r}: got {p.unit!r}, want {g.units[0]!r}")
        if g.subjects:
            score.subject_n += 1
            if subject_matches(p.subject, g.subjects):
                score.subject_ok += 1
            else:
                score.details.append(f"  subject  {g.text!r}: got {p.subject!r}, want {g.subjects[0]!r}")
        name = p.source.name if p.source else None
        if source_matches(name, g.sources):
            score.source_ok += 1
        else:
            score.details.append(f"  source   {g.text!r}: got {name!r}, want {g.sources[0]!r}")
    for pi, p in enumerate(predicted):
        if pi not in p_to_g and pi not in ignored:
            score.details.append(f"  extra    {p.text!r} (line {story.position(p.start)[0]})")

    # findings: same rule and at least one shared figure
    by_id = {c.id: c for c in predicted}
    findings = result.findings
    score.predicted_findings = len(findings)

    def figures_of(f) -> set[int]:
        out: set[int] = set()
        for cid in f.claims:
            c = by_id.get(cid)
            if c is None:
                continue
            for gi, g in enumerate(gold.claims):
                if _overlap(c.start, c.end, g.start, g.end):
                    out.add(gi)
        return out

    pred_figs = [figures_of(f) for f in findings]
    gold_hit = [False] * len(gold.findings)
    for fi, f in enumerate(findings):
        hits = [gi for gi, gf in enumerate(gold.findings)
                if gf.rule == f.rule and (pred_figs[fi] & set(gf.figures)
                                          or any(_overlap(f.start, f.end, a, b) for a, b in gf.spans))]
        counts = score.rules.setdefault(f.rule, [0, 0, 0, 0])
        if not hits:
            counts[1] += 1
            score.details.append(f"  false finding {f.rule} ({f.severity}): {f.message}")
            continue
        if all(gold.findings[gi].optional for gi in hits):
            score.predicted_findings -= 1          # a defensible flag: not counted either way
            continue
        counts[1] += 1
        counts[3] += 1
        score.findings_tp_pred += 1
        for gi in hits:
            if not gold_hit[gi] and not gold.findings[gi].optional:
                gold_hit[gi] = True
                if gold.findings[gi].severity == f.severity:
                    score.severity_ok += 1
    score.findings_tp_gold = sum(gold_hit)
    score.gold_findings = sum(not gf.optional for gf in gold.findings)
    for gi, gf in enumerate(gold.findings):
        if not gf.optional:
            counts = score.rules.setdefault(gf.rule, [0, 0, 0, 0])
            counts[0] += 1
            counts[2] += gold_hit[gi]
    for gi, gf in enumerate(gold.findings):
        if not gold_hit[gi] and not gf.optional:
            texts = ", ".join([gold.claims[i].text for i in gf.figures] + [story.raw[a:b] for a, b in gf.spans])
            score.details.append(f"  missed finding {gf.rule} ({gf.severity}): {texts}")
    return score


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def totals(scores: list[StoryScore]) -> dict[str, Any]:
    s = lambda attr: sum(getattr(x, attr) for x in scores)  # noqa: E731
    precision = _ratio(s("matched"), s("predicted_claims"))
    recall = _ratio(s("matched"), s("gold_claims"))
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall else None)
    return {
        "stories": len(scores),
        "crashed": sum(1 for x in scores if x.error),
        "gold_claims": s("gold_claims"),
        "predicted_claims": s("predicted_claims"),
        "matched_claims": s("matched"),
        "claim_precision": precision,
        "claim_recall": recall,
        "claim_f1": f1,
        "interval_accuracy": _ratio(s("interval_ok"), s("interval_n")),
        "unit_accuracy": _ratio(s("unit_ok"), s("matched")),
        "subject_accuracy": _ratio(s("subject_ok"), s("subject_n")),
        "source_accuracy": _ratio(s("source_ok"), s("matched")),
        "gold_findings": s("gold_findings"),
        "predicted_findings": s("predicted_findings"),
        "findings_precision": _ratio(s("findings_tp_pred"), s("predicted_findings")),
        "findings_recall": _ratio(s("findings_tp_gold"), s("gold_findings")),
        "findings_severity_accuracy": _ratio(s("severity_ok"), s("findings_tp_gold")),
        "dateline_accuracy": _ratio(s("dateline_ok"), len(scores)),
    }


def by_rule(scores: list[StoryScore]) -> dict[str, dict[str, Any]]:
    """Findings precision and recall for each rule id."""
    out: dict[str, list[int]] = {}
    for x in scores:
        for rule, c in x.rules.items():
            acc = out.setdefault(rule, [0, 0, 0, 0])
            for i in range(4):
                acc[i] += c[i]
    return {rule: {"gold": c[0], "predicted": c[1], "precision": _ratio(c[3], c[1]), "recall": _ratio(c[2], c[0])}
            for rule, c in sorted(out.items())}


def by_kind(scores: list[StoryScore]) -> dict[str, dict[str, Any]]:
    """The totals for each kind of story (disaster, conflict, economy, ...)."""
    kinds = sorted({x.kind for x in scores})
    return {k: totals([x for x in scores if x.kind == k]) for k in kinds}


def evaluate(prefix: str = "", folder: Path = ANNOTATIONS) -> tuple[list[StoryScore], dict[str, Any]]:
    golds = load_all(prefix, folder)
    broken = [f"{g.id}: {e}" for g in golds for e in g.errors]
    if broken:
        raise ValueError("annotation integrity errors:\n" + "\n".join(broken))
    scores = [score_story(g) for g in golds]
    return scores, totals(scores)


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def render(scores: list[StoryScore], tot: dict[str, Any], details: bool = False) -> str:
    lines = [f"{'story':34} {'kind':10} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'intv':>5} "
             f"{'unit':>5} {'subj':>5} {'src':>5} {'fG':>3} {'fP':>3} {'fPr':>5} {'fRe':>5}"]
    for x in scores:
        lines.append(
            f"{x.id[:34]:34} {x.kind[:10]:10} {x.gold_claims:4} {x.predicted_claims:4} "
            f"{_fmt(_ratio(x.matched, x.predicted_claims))} {_fmt(_ratio(x.matched, x.gold_claims))} "
            f"{_fmt(_ratio(x.interval_ok, x.interval_n))} {_fmt(_ratio(x.unit_ok, x.matched))} "
            f"{_fmt(_ratio(x.subject_ok, x.subject_n))} {_fmt(_ratio(x.source_ok, x.matched))} "
            f"{x.gold_findings:3} {x.predicted_findings:3} "
            f"{_fmt(_ratio(x.findings_tp_pred, x.predicted_findings))} "
            f"{_fmt(_ratio(x.findings_tp_gold, x.gold_findings))}"
            + (f"  CRASH {x.error}" if x.error else ""))
        if details:
            lines.extend(x.details)
    lines.append("")
    lines.append(f"{'kind':10} {'stories':>7} {'claimP':>6} {'claimR':>6} {'intv':>5} {'src':>5} {'fPr':>5} {'fRe':>5}")
    for kind, t in by_kind(scores).items():
        lines.append(f"{kind:10} {t['stories']:7} {_fmt(t['claim_precision']):>6} {_fmt(t['claim_recall']):>6} "
                     f"{_fmt(t['interval_accuracy'])} {_fmt(t['source_accuracy'])} "
                     f"{_fmt(t['findings_precision'])} {_fmt(t['findings_recall'])}")
    lines.append("")
    lines.append(f"{'rule':20} {'gold':>4} {'pred':>4} {'prec':>5} {'rec':>5}")
    for rule, r in by_rule(scores).items():
        lines.append(f"{rule:20} {r['gold']:4} {r['predicted']:4} {_fmt(r['precision'])} {_fmt(r['recall'])}")
    lines.append("")
    for key, value in tot.items():
        lines.append(f"{key:28} {value if not isinstance(value, float) else round(value, 3)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the per-story scores and totals as JSON")
    parser.add_argument("--story", default="", help="only annotations whose file name starts with this")
    parser.add_argument("--details", action="store_true", help="list misses, extras and wrong fields")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    scores, tot = evaluate(args.story)
    print(render(scores, tot, args.details))
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"totals": tot, "by_kind": by_kind(scores), "by_rule": by_rule(scores), "stories": [x.__dict__ for x in scores]}, indent=2),
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
