"""A scale that is not printed, proven by agreement with a table whose scale is printed.

A statement recognised by its rows alone (no title, no "(In millions)" caption: a PDF-to-Markdown
conversion lost both) has amounts of unknown scale; thousands or millions are never guessed. The scale
is proven when rows of the table, mapped to the same concept for the same period, print digit for digit
the numbers of rows of a table whose caption states its scale (the closing cash of the cash-flow statement
and the balance sheet's cash at the same date): the table takes that scale. At least one agreement is
needed and no disagreement is allowed (a mapped row of the same concept and period with other digits, or
one of the two zero); without proof every amount of the table stays untagged with the reason. Share
counts are not proven this way (an amount's scale says nothing of theirs): they stay unknown.
"""
from __future__ import annotations

import dataclasses

from ..model import Extraction, Fact, Finding, Mapping, QName, Severity, Table
from ..rules import RuleSet
from ..taxonomy.index import TaxonomyView
from .apply import EXT, map_extraction

SCALE_WORDS = {0: "units", 3: "thousands", 6: "millions", 9: "billions"}
MAX_SHOWN = 3  # agreements spelled out in the evidence (the count says how many there are)


Key = tuple[QName, str, tuple[tuple[QName, QName], ...], "str | None"]


def _key(fact: Fact) -> Key:
    return (fact.concept, fact.period.key, fact.dims, fact.unit)


def _where(fact: Fact, table: Table) -> str:
    return f"row {fact.row_label!r} (line {fact.row_line}) of table {table.id} ({table.title[:60]!r})"


def prove_scales(extraction: Extraction, mapping: Mapping, rules: RuleSet, index: TaxonomyView,
                 ext_prefix: str = EXT) -> tuple[Extraction, list[Finding]]:
    """The extraction with the tables whose amounts' scale is unknown given the scale their rows prove (an
    unchanged extraction when none is proven), and a finding per such table: the evidence, or why not."""
    unproven = [t for t in extraction.tables if "monetary" in t.scale_unknown]
    if not unproven:
        return extraction, []
    by_id = {t.id: t for t in extraction.tables}
    known: dict[Key, list[Fact]] = {}
    for fact in mapping.facts:
        table = by_id.get(fact.table_id)
        if (table is not None and table.scale_caption and "monetary" not in table.scale_unknown
                and fact.unit == "USD" and fact.reading.value is not None):
            known.setdefault(_key(fact), []).append(fact)
    findings: list[Finding] = []
    replaced: dict[str, Table] = {}
    for table in unproven:
        trial_table = dataclasses.replace(table, scale_monetary=0, scale_unknown=())
        trial = map_extraction(dataclasses.replace(extraction, tables=(trial_table,)), rules, index, ext_prefix)
        agreements: list[tuple[Fact, Fact]] = []
        disagreements: list[tuple[Fact, Fact]] = []
        for fact in trial.facts:
            if fact.unit != "USD" or fact.reading.value is None or isinstance(fact.value, str):
                continue
            seen: set[tuple[str, int]] = set()  # a row whose columns end on the same date agrees once
            for other in known.get(_key(fact), ()):
                if (other.table_id, other.row_line) in seen:
                    continue
                seen.add((other.table_id, other.row_line))
                a, b = fact.reading.value, other.reading.value
                if a == 0 and b == 0:
                    continue  # zero agrees at any scale: it proves nothing
                same = (a == b and fact.reading.decimals_printed == other.reading.decimals_printed
                        and fact.value.scaleb(other.scale) == other.value)
                if same and not fact.rule.startswith("candidate") and not other.rule.startswith("candidate"):
                    agreements.append((fact, other))
                elif not same:
                    disagreements.append((fact, other))
        scales = {other.scale for _f, other in agreements}
        span = next((c.span for r in table.rows for c in r.cells if c is not None), None)
        problem = None
        if disagreements:
            fact, other = disagreements[0]
            problem = (f"{_where(fact, table)} prints {fact.reading.raw} for {fact.concept} "
                       f"{fact.period.describe()}, {_where(other, by_id[other.table_id])} prints {other.reading.raw}")
        elif not agreements:
            problem = ("no row agrees digit for digit with a row of the same concept and date in a table whose scale "
                       "is printed")
        elif len(scales) > 1:
            problem = f"its rows agree with tables of different scales ({', '.join(str(s) for s in sorted(scales))})"
        if problem:
            findings.append(Finding(
                "mapping.scaleUnproven", Severity.WARNING,
                f"table {table.id} ({table.title[:60]!r}) prints no scale caption and its scale is not proven: {problem}; "
                f"none of its amounts is tagged", span, table_id=table.id))
            continue
        scale = scales.pop()
        shown = "; ".join(
            f"{_where(f, table)} = {f.reading.raw} {f.period.describe()}, as {_where(o, by_id[o.table_id])} "
            f"(scale caption {by_id[o.table_id].scale_caption[:60]!r}), both {f.concept}"
            for f, o in agreements[:MAX_SHOWN])
        more = f" and {len(agreements) - MAX_SHOWN} more" if len(agreements) > MAX_SHOWN else ""
        evidence = (f"{SCALE_WORDS.get(scale, f'10^{scale}')}: {len(agreements)} row value(s) agree digit for digit, "
                    f"none disagrees: {shown}{more}")
        replaced[table.id] = dataclasses.replace(
            table, scale_monetary=scale, scale_unknown=tuple(u for u in table.scale_unknown if u != "monetary"),
            scale_evidence=evidence)
        findings.append(Finding("mapping.scaleProven", Severity.INFO,
                                f"table {table.id} ({table.title[:60]!r}) prints no scale caption; its amounts are in "
                                f"{evidence}", span, table_id=table.id))
    if not replaced:
        return extraction, findings
    tables = tuple(replaced.get(t.id, t) for t in extraction.tables)
    return dataclasses.replace(extraction, tables=tables), findings
