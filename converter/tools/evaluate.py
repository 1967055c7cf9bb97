"""Grade a conversion against the company's own XBRL (the truth), and measure its recall.

The truth is the company's XBRL instance, its Inline XBRL filing, or SEC companyfacts JSON (one
filing's entries picked with ``accession``); a hand-written CSV (``concept,period,value[,dimensions]``,
period ``YYYY-MM-DD`` or ``YYYY-MM-DD/YYYY-MM-DD``) only where no company XBRL exists.

Every emitted numeric fact gets one grade (concepts compared by local name, dimensions by local names):

- **exact**: the truth has the same concept, period and dimensions with the same value (at the coarser
  of the two decimals);
- **scaled**: the same concept and end date (and dimensions), the value off by a power of ten;
- **conflict**: the same concept, period and dimensions, another value;
- **shifted**: the same concept, dimensions and value, the truth has nothing for the fact's own period
  but has it for a nearby one (each boundary within ``NEAR_DAYS``): a period boundary misread;
- **unchecked**: the truth says nothing about the concept there.

shifted + scaled + conflict are *wrong facts*. Recall is measured the other way: of the truth's
numeric facts whose value the release prints for a date it prints a column for (at a scale of 1, thousands,
millions or billions, with
four or more significant digits, or three with a decimal point at a scale of 1), the share we tagged with the same period,
dimensions and value (by any concept); concept agreement is the share of those with the same concept.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import IxconvError
from ..evidence.read import EvidenceError, read_instance, read_reported
from ..model import Period, ReportedFact

NEAR_DAYS = 35
SCALES = (0, 3, 6, 9)
NUMBER_TOKEN = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")


class EvalError(IxconvError):
    """Expected facts cannot be read."""


# --------------------------------------------------------------------------- reading


def _local(name: str) -> str:
    return name.rpartition(":")[2].rpartition("}")[2]


def parse_period(text: str) -> Period:
    start, _, end = text.strip().partition("/")
    if end:
        return Period(end=dt.date.fromisoformat(end), start=dt.date.fromisoformat(start))
    return Period(end=dt.date.fromisoformat(start))


def format_period(period: Period) -> str:
    return period.end.isoformat() if period.start is None else f"{period.start.isoformat()}/{period.end.isoformat()}"


def read_expected_csv(path: Path) -> list[ReportedFact]:
    out = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            for n, row in enumerate(csv.DictReader(line for line in handle if not line.startswith("#")), 2):
                try:
                    dims = tuple(sorted((_local(axis), _local(member)) for axis, _eq, member in
                                        (d.partition("=") for d in (row.get("dimensions") or "").split(";") if "=" in d)))
                    out.append(ReportedFact(_local(row["concept"]), parse_period(row["period"]),
                                            Decimal(row["value"].strip()), None, dims, source=str(path)))
                except (KeyError, InvalidOperation, AttributeError, ValueError) as exc:
                    raise EvalError(f"{path}:{n}: needs concept, period and a numeric value ({exc})") from None
    except OSError as exc:
        raise EvalError(f"{path}: cannot read expected facts: {exc.strerror or exc}") from None
    return out


def read_expected(path: Path, accession: str | None = None) -> list[ReportedFact]:
    """The truth: a hand-written CSV, or the company's XBRL (instance, iXBRL, companyfacts JSON)."""
    if path.suffix.lower() == ".csv":
        return read_expected_csv(path)
    try:
        return read_reported(path, accession=accession)
    except EvidenceError as exc:
        raise EvalError(str(exc)) from None


def read_xbrl_facts(path: Path) -> list[ReportedFact]:
    """Numeric facts of an iXBRL document (ours) or an XBRL instance."""
    try:
        return read_instance(path)
    except EvidenceError as exc:
        raise EvalError(str(exc)) from None


# --------------------------------------------------------------------------- grading


def _agrees(a: Decimal, a_dec: int | None, b: Decimal, b_dec: int | None) -> bool:
    if (a == 0) != (b == 0):
        return False  # a zero is not the rounding of a per-share amount or a small value (0 at -6 vs 1.89)
    decimals = [d for d in (a_dec, b_dec) if d is not None]
    if not decimals or abs(min(decimals)) >= 20:
        return a == b
    q = Decimal(1).scaleb(-min(decimals))
    return a.quantize(q) == b.quantize(q)


def _scaled(ours: ReportedFact, truth: ReportedFact) -> bool:
    if ours.value == 0 or truth.value == 0:
        return False
    for k in range(-9, 10):
        if k and _agrees(ours.value.scaleb(k), None if ours.decimals is None else ours.decimals - k,
                         truth.value, truth.decimals):
            return True
    return False


def _near(a: Period, b: Period) -> bool:
    if (a.start is None) != (b.start is None):
        return False
    if abs((a.end - b.end).days) > NEAR_DAYS:
        return False
    return a.start is None or abs((a.start - b.start).days) <= NEAR_DAYS  # type: ignore[operator]


@dataclass
class Grade:
    exact: list[tuple[ReportedFact, ReportedFact]] = field(default_factory=list)
    shifted: list[tuple[ReportedFact, ReportedFact]] = field(default_factory=list)
    scaled: list[tuple[ReportedFact, ReportedFact]] = field(default_factory=list)
    conflict: list[tuple[ReportedFact, ReportedFact]] = field(default_factory=list)
    unchecked: list[ReportedFact] = field(default_factory=list)
    expected: int = 0  # truth facts the release prints
    found: int = 0
    same_concept: int = 0
    missing: list[ReportedFact] = field(default_factory=list)
    other_concept: list[tuple[ReportedFact, str]] = field(default_factory=list)
    # per emitted fact: those whose period, dimensions and value the company tagged (by any concept), and of
    # those the ones whose concept is one the company used for that value there
    matched: int = 0
    matched_same: int = 0
    fact_other_concept: list[tuple[ReportedFact, tuple[str, ...]]] = field(default_factory=list)

    @property
    def wrong(self) -> int:
        return len(self.shifted) + len(self.scaled) + len(self.conflict)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def concept_agreement(self) -> float:
        return self.same_concept / self.found if self.found else 0.0

    @property
    def fact_concept_agreement(self) -> float:
        """Of our facts the company tagged the value of, the share with one of the company's concepts for it.

        A company often tags one printed value under several concepts (net income also as net income
        available to common stockholders); a converter tags one cell once, so the per-value
        ``concept_agreement`` cannot reach 100% there while this one can."""
        return self.matched_same / self.matched if self.matched else 0.0

    def wrong_facts(self) -> list[tuple[str, ReportedFact, ReportedFact]]:
        return ([("shifted", a, b) for a, b in self.shifted] + [("scaled", a, b) for a, b in self.scaled]
                + [("conflict", a, b) for a, b in self.conflict])

    def as_dict(self) -> dict:
        return {
            "exact": len(self.exact), "shifted": len(self.shifted), "scaled": len(self.scaled),
            "conflict": len(self.conflict), "unchecked": len(self.unchecked), "wrong": self.wrong,
            "expected": self.expected, "found": self.found, "same_concept": self.same_concept,
            "recall": round(self.recall, 4), "concept_agreement": round(self.concept_agreement, 4),
            "matched": self.matched, "matched_same": self.matched_same,
            "fact_concept_agreement": round(self.fact_concept_agreement, 4),
            "fact_other_concept": [f"{_describe(f)}: the company: {', '.join(c)}" for f, c in self.fact_other_concept],
            "wrong_facts": [f"{kind}: {_describe(a)}; the company: {_describe(b)}" for kind, a, b in self.wrong_facts()],
            "missing": [_describe(e) for e in self.missing],
            "other_concept": [f"{_describe(e)}: tagged as {c}" for e, c in self.other_concept],
        }


def _describe(fact: ReportedFact) -> str:
    dims = "".join(f" [{a}={m}]" for a, m in fact.dims)
    return f"{fact.concept} {format_period(fact.period)}{dims} {fact.value}"


def grade(emitted: Iterable[ReportedFact], truth: Iterable[ReportedFact],
          printed: Callable[[ReportedFact], bool] | None = None) -> Grade:
    """Grade every emitted fact against the truth, and the truth's printed facts for recall."""
    truth = list(truth)
    emitted = list(emitted)
    by_exact: dict[tuple, list[ReportedFact]] = defaultdict(list)
    by_concept: dict[tuple, list[ReportedFact]] = defaultdict(list)
    for t in truth:
        by_exact[(t.concept, t.period, t.dims)].append(t)
        by_concept[(t.concept, t.dims)].append(t)
    result = Grade()
    for fact in emitted:
        own = by_exact.get((fact.concept, fact.period, fact.dims), [])
        match = next((t for t in own if _agrees(fact.value, fact.decimals, t.value, t.decimals)), None)
        if match is not None:
            result.exact.append((fact, match))
            continue
        if own:
            scaled = next((t for t in own if _scaled(fact, t)), None)
            if scaled is not None:
                result.scaled.append((fact, scaled))
            else:
                result.conflict.append((fact, own[0]))
            continue
        others = by_concept.get((fact.concept, fact.dims), [])
        near = next((t for t in others if _near(t.period, fact.period)
                     and _agrees(fact.value, fact.decimals, t.value, t.decimals)), None)
        if near is not None:
            result.shifted.append((fact, near))
            continue
        scaled = next((t for t in others if t.period.end == fact.period.end and _scaled(fact, t)), None)
        if scaled is not None:
            result.scaled.append((fact, scaled))
            continue
        result.unchecked.append(fact)

    by_key: dict[tuple, list[ReportedFact]] = defaultdict(list)
    for fact in emitted:
        by_key[(fact.period, fact.dims)].append(fact)
    seen: set[tuple] = set()
    for t in truth:
        if printed is not None and not printed(t):
            continue
        key = (t.concept, t.period, t.dims, t.value)
        if key in seen:
            continue
        seen.add(key)
        result.expected += 1
        candidates = [f for f in by_key.get((t.period, t.dims), []) if _agrees(f.value, f.decimals, t.value, t.decimals)]
        if not candidates:
            result.missing.append(t)
            continue
        result.found += 1
        if any(f.concept == t.concept for f in candidates):
            result.same_concept += 1
        else:
            result.other_concept.append((t, candidates[0].concept))
    values: dict[tuple, list[ReportedFact]] = defaultdict(list)
    for t in truth:
        if printed is None or printed(t):
            values[(t.period, t.dims)].append(t)
    for fact in emitted:
        same_value = [t for t in values.get((fact.period, fact.dims), [])
                      if _agrees(fact.value, fact.decimals, t.value, t.decimals)]
        if not same_value:
            continue
        result.matched += 1
        concepts = tuple(sorted({t.concept for t in same_value}))
        if fact.concept in concepts:
            result.matched_same += 1
        else:
            result.fact_other_concept.append((fact, concepts))
    return result


# --------------------------------------------------------------------------- what the release prints


def _forms(value: Decimal) -> list[str]:
    out = []
    magnitude = abs(value)
    for power in SCALES:
        v = magnitude.scaleb(-power)
        if v == v.to_integral_value():
            text = f"{int(v):,}"
        elif power == 0 and v == v.quantize(Decimal("0.01")):  # per-share amounts, as printed
            text = f"{v:,.2f}"
        else:
            continue
        significant = len(text.replace(",", "").replace(".", "").lstrip("0"))
        if significant >= 4 or (significant >= 3 and "." in text):
            out.append(text)
    return out


def printed_numbers(texts: Iterable[str]) -> Callable[[Decimal], bool]:
    """A test of whether a value is printed in the given texts at one of the usual scales."""
    tokens: set[str] = set()
    for text in texts:
        tokens.update(NUMBER_TOKEN.findall(text))
    return lambda value: value != 0 and any(form in tokens for form in _forms(value))


def printed_in(texts: Iterable[str], duration_ends: set[dt.date] | None = None,
               instant_ends: set[dt.date] | None = None) -> Callable[[ReportedFact], bool]:
    """A test of whether the release prints a truth fact: its value among the texts' numbers (at one of the
    usual scales) and, when the release's column dates are given, its period ending on a date the release
    prints a column for (a duration on a duration column's end, an instant on an instant column's)."""
    has_value = printed_numbers(texts)

    def test(fact: ReportedFact) -> bool:
        ends = instant_ends if fact.period.start is None else duration_ends
        return has_value(fact.value) and (ends is None or fact.period.end in ends)
    return test


def release_prints(filing) -> Callable[[ReportedFact], bool]:
    """``printed_in`` for a built ``model.Filing``: its document's text and its tables' column dates."""
    columns = [c for t in filing.tables for c in t.columns if c.end is not None]
    return printed_in((line.text for line in filing.document.lines),
                      {c.end for c in columns if c.length is not None}, {c.end for c in columns if c.length is None})


# --------------------------------------------------------------------------- output


def format_grade(name: str, result: Grade) -> str:
    lines = [
        f"{name}: exact {len(result.exact)}, shifted {len(result.shifted)}, scaled {len(result.scaled)}, "
        f"conflict {len(result.conflict)}, unchecked {len(result.unchecked)}; wrong {result.wrong}",
        f"{name}: recall {result.recall:.1%} ({result.found}/{result.expected} of the company's values the release prints), "
        f"concept agreement {result.concept_agreement:.1%} ({result.same_concept}/{result.found} of those values), "
        f"{result.fact_concept_agreement:.1%} of our facts ({result.matched_same}/{result.matched} of our facts "
        "whose value the company tagged carry one of its concepts for it)",
    ]
    lines += [f"  WRONG {kind}: {_describe(a)}; the company: {_describe(b)}" for kind, a, b in result.wrong_facts()]
    lines += [f"  missing: {_describe(e)}" for e in result.missing]
    lines += [f"  other concept: {_describe(e)} tagged as {c}" for e, c in result.other_concept]
    lines += [f"  our concept differs: {_describe(f)}; the company: {', '.join(c)}" for f, c in result.fact_other_concept]
    return "\n".join(lines)


def as_json(results: dict[str, Grade]) -> str:
    return json.dumps({k: v.as_dict() for k, v in results.items()}, indent=2, sort_keys=True)
