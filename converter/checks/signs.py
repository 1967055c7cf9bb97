"""Signs: a number printed in parentheses (or with a minus) in a table is a negative value only when
something says so; otherwise the parentheses may just show a deduction ("Income tax expense (32)").

A negative printed value is trusted when
- the rule states the row's convention (``sign = "negated"``), or
- the row's label or its heading names the negative case in parentheses ("(Loss) income from
  operations", "Net income (loss)", "(Benefit from) provision for income taxes"), or
- a passing footing verified the fact.
Otherwise it is refused: "a benefit, or an expense shown in parentheses as a deduction?".
Figures in sentences are read by patterns that state their own signs and are not checked here.
"""
from __future__ import annotations

import re

from ..model import Fact, Finding

NEGATIVE_CASE = re.compile(r"\(\s*[a-z][a-z\s/&-]*\)", re.IGNORECASE)  # "(loss)", "(benefit from)", not "(1)"


def check_signs(facts: list[Fact], verified: set[int], sections: dict[tuple[str, int], str]) -> tuple[list[Fact], list[Finding]]:
    kept, findings = [], []
    for fact in facts:
        if not fact.is_numeric or not fact.reading.negative or fact.table_id in ("prose", "guidance", "cover"):
            kept.append(fact)
            continue
        if "negated" in fact.rule or id(fact) in verified:
            kept.append(fact)
            continue
        words = f"{fact.row_label} {sections.get((fact.table_id, fact.row_line), '')}"
        if NEGATIVE_CASE.search(words):
            kept.append(fact)
            continue
        findings.append(Finding(
            "sign.ambiguous", "warning",
            f"{fact.reading.raw!r} ({fact.concept}, {fact.period.describe()}) is not tagged: the row "
            f"{fact.row_label!r} does not say what parentheses mean (a negative amount, or an amount shown "
            f"as a deduction?) and no footing verifies it", fact.reading.span, fact.reading.raw, fact.table_id))
    return kept, findings
