"""Measure a conversion against the company's own figures.

Expected facts come from a CSV written by hand (columns: concept, period, value[, dimensions]; period
``YYYY-MM-DD`` for an instant or ``YYYY-MM-DD/YYYY-MM-DD``; value as a plain number; dimensions
``axis=member;...``) or from the company's own XBRL instance or Inline XBRL filing for the same period.

- recall: the share of expected facts whose period and value (and dimensions) we tagged, by any concept;
- concept agreement: of those found, the share we tagged with the same concept;
- extra: facts we tagged that the expected set does not hold (not errors: the expected set may be partial).
A value matches when the two agree at the coarser of their decimals (a "$41.4 million" matches 41,392,000).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

IX = "http://www.xbrl.org/2013/inlineXBRL"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"


class EvalError(Exception):
    pass


@dataclass(frozen=True)
class Expected:
    concept: str  # local name: prefixes differ between filers' own extensions and ours
    period: str
    value: Decimal
    dims: tuple[tuple[str, str], ...] = ()
    decimals: int | None = None


@dataclass
class Score:
    expected: int
    found: int
    same_concept: int
    missing: list[Expected] = field(default_factory=list)
    other_concept: list[tuple[Expected, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def concept_agreement(self) -> float:
        return self.same_concept / self.found if self.found else 0.0

    def as_dict(self) -> dict:
        return {
            "expected": self.expected, "found": self.found, "same_concept": self.same_concept,
            "recall": round(self.recall, 4), "concept_agreement": round(self.concept_agreement, 4),
            "missing": [f"{e.concept} {e.period} {e.value}" for e in self.missing],
            "other_concept": [f"{e.concept} {e.period} {e.value}: tagged as {c}" for e, c in self.other_concept],
        }


def _local(name: str) -> str:
    return name.rpartition(":")[2].rpartition("}")[2]


def read_expected_csv(path: Path) -> list[Expected]:
    out = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            for n, row in enumerate(csv.DictReader(line for line in handle if not line.startswith("#")), 2):
                try:
                    dims = tuple(sorted(tuple(_local(x) for x in d.split("=", 1))
                                        for d in (row.get("dimensions") or "").split(";") if "=" in d))
                    out.append(Expected(_local(row["concept"]), row["period"].strip(), Decimal(row["value"].strip()), dims))
                except (KeyError, InvalidOperation, AttributeError) as exc:
                    raise EvalError(f"{path}:{n}: needs concept, period and a numeric value ({exc})") from None
    except OSError as exc:
        raise EvalError(f"{path}: cannot read expected facts: {exc.strerror or exc}") from None
    return out


def read_xbrl_facts(path: Path) -> list[Expected]:
    """Numeric facts of an XBRL instance or an Inline XBRL document (no taxonomy needed)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise EvalError(f"{path}: not a readable XBRL or iXBRL file: {exc}") from None
    contexts = {}
    for ctx in root.iter(f"{{{XBRLI}}}context"):
        instant = ctx.find(f".//{{{XBRLI}}}instant")
        if instant is not None:
            period = instant.text.strip()
        else:
            start, end = ctx.find(f".//{{{XBRLI}}}startDate"), ctx.find(f".//{{{XBRLI}}}endDate")
            if start is None or end is None:
                continue
            period = f"{start.text.strip()}/{end.text.strip()}"
        dims = tuple(sorted((_local(m.get("dimension", "")), _local(m.text.strip()))
                            for m in ctx.iter(f"{{{XBRLDI}}}explicitMember")))
        contexts[ctx.get("id")] = (period, dims)
    out = []
    inline = root.find(f".//{{{IX}}}header") is not None
    elements = root.iter(f"{{{IX}}}nonFraction") if inline else (
        e for e in root if isinstance(e.tag, str) and e.get("contextRef") and e.get("unitRef"))
    for el in elements:
        if el.get("contextRef") not in contexts:
            continue
        text = "".join(el.itertext()).strip() if inline else (el.text or "").strip()
        try:
            if inline:
                value = Decimal(0) if el.get("format", "").endswith("zero") else Decimal(text.replace(",", "")).scaleb(int(el.get("scale", "0")))
                if el.get("sign") == "-":
                    value = -value
            else:
                value = Decimal(text)
        except (InvalidOperation, ValueError):
            continue
        decimals = el.get("decimals")
        period, dims = contexts[el.get("contextRef")]
        name = el.get("name") if inline else etree.QName(el).localname
        out.append(Expected(_local(name), period, value, dims,
                            int(decimals) if decimals not in (None, "INF") else None))
    return out


def read_expected(path: Path) -> list[Expected]:
    if path.suffix.lower() == ".csv":
        return read_expected_csv(path)
    return read_xbrl_facts(path)


def _agrees(a: Decimal, a_dec: int | None, b: Decimal, b_dec: int | None) -> bool:
    decimals = [d for d in (a_dec, b_dec) if d is not None]
    if not decimals:
        return a == b
    q = Decimal(1).scaleb(-min(decimals))
    return a.quantize(q) == b.quantize(q) if abs(min(decimals)) < 20 else a == b


def score(expected: list[Expected], tagged: list[Expected]) -> Score:
    by_key: dict[tuple, list[Expected]] = {}
    for fact in tagged:
        by_key.setdefault((fact.period, fact.dims), []).append(fact)
    result = Score(len(expected), 0, 0)
    for exp in expected:
        candidates = [t for t in by_key.get((exp.period, exp.dims), [])
                      if _agrees(t.value, t.decimals, exp.value, exp.decimals)]
        if not candidates:
            result.missing.append(exp)
            continue
        result.found += 1
        if any(t.concept == exp.concept for t in candidates):
            result.same_concept += 1
        else:
            result.other_concept.append((exp, candidates[0].concept))
    return result


def evaluate(filing_htm: Path, expected_path: Path) -> Score:
    return score(read_expected(expected_path), read_xbrl_facts(filing_htm))


def format_score(name: str, result: Score) -> str:
    lines = [f"{name}: recall {result.recall:.1%} ({result.found}/{result.expected}), "
             f"concept agreement {result.concept_agreement:.1%} ({result.same_concept}/{result.found})"]
    lines += [f"  missing: {e.concept} {e.period} {e.value}" for e in result.missing]
    lines += [f"  other concept: {e.concept} {e.period} {e.value} tagged as {c}" for e, c in result.other_concept]
    return "\n".join(lines)


def as_json(results: dict[str, Score]) -> str:
    return json.dumps({k: v.as_dict() for k, v in results.items()}, indent=2, sort_keys=True)
