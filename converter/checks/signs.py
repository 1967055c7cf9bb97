"""Signs: a number printed in parentheses (or with a minus) in a table is a negative value only when
something says so; otherwise the parentheses may just show a deduction ("Income tax expense (32)").

A negative printed value is trusted when
- the rule states the row's convention (``sign = "negated"``, or ``"magnitude"`` for payments and
  proceeds, always positive whichever way the statement prints them), or
- the row's label or its heading names the negative case in parentheses ("(Loss) income from
  operations", "Net income (loss)", "(Benefit from) provision for income taxes"), or
- a passing footing verified the fact, or
- the label names only the concept's negative side ("Net cash used in investing activities" for
  NetCashProvidedByUsedIn..., "Net loss" for NetIncomeLoss); such a row printed WITHOUT a sign is refused
  unless a footing verifies it (a magnitude "used", or a negative one?).
Otherwise it is refused: "a benefit, or an expense shown in parentheses as a deduction?". A heading's
negative case that is the concept's own positive side does not count ("Other income (expense)" over
"Interest expense (195)": the parentheses show the expense, InterestExpense's positive amount, as a
deduction), and is refused too.
Figures in sentences are read by patterns that state their own signs and are not checked here.

A footing's verdict is the fact's own field (``Fact.footed``, set by ``checks/footings.py``); each fact
kept whose sign was in question carries why it is trusted (``Fact.sign_verdict``).
"""
from __future__ import annotations

import dataclasses
import re

from ..model import Fact, Finding, Severity, SignVerdict

NEGATIVE_CASE = re.compile(r"\(\s*[a-z][a-z\s/&-]*\)", re.IGNORECASE)  # "(loss)", "(benefit from)", not "(1)"
# a concept name's two sides: the first word of a pair is what its positive values are
POLARITY = (("income", "loss"), ("income", "expense"), ("expense", "benefit"), ("gain", "loss"),
            ("provided", "used"), ("increase", "decrease"), ("earnings", "loss"), ("profit", "loss"))


def inverted_convention(label: str, concept_local: str) -> str | None:
    """The label's parenthesised word when it names the side the concept holds as POSITIVE
    ("Income tax (expense) benefit" for IncomeTaxExpenseBenefit): the row prints the concept's
    positive amounts in parentheses, so reading them as printed would invert every sign."""
    name = _name_words(concept_local)
    for marked in _negative_cases(label):
        word = re.sub(r"[^a-z]", " ", marked.lower()).split()
        for positive, negative in POLARITY:
            if positive in word and positive in name and negative in name and name.index(positive) < name.index(negative):
                return marked
    return None


def _name_words(concept_local: str) -> list[str]:
    return [m.group(0).lower() for m in re.finditer(r"[A-Z][a-z]+", concept_local)]


def _negative_cases(text: str) -> list[str]:
    """The parenthesised words of ``text`` ("(loss)", "(benefit from)")."""
    return [m.group(0) for m in NEGATIVE_CASE.finditer(text)]


def positive_side_marked(words: str, concept_local: str) -> str | None:
    """The parenthesised word of ``words`` (a label and its heading) that names the concept's own positive
    side: a word of the concept's name that is the positive side of a polarity pair, and not the negative
    side of another word of the name ("(expense)" is InterestExpense's positive side, but the negative
    side of NonoperatingIncomeExpense)."""
    name = _name_words(concept_local)
    for marked in _negative_cases(words):
        for word in re.sub(r"[^a-z]", " ", marked.lower()).split():
            if (word in name and any(word == positive for positive, _n in POLARITY)
                    and not any(word == negative and positive in name for positive, negative in POLARITY)):
                return marked
    return None


def negative_side(label: str, concept_local: str) -> str | None:
    """The label's word when it names only the NEGATIVE side of a concept that holds both ("Net cash used
    in investing activities" for NetCashProvidedByUsedInInvestingActivities, "Net loss" for NetIncomeLoss):
    the row's amount is then a negative value of the concept, whichever way it is printed."""
    name = _name_words(concept_local)
    words = set(re.findall(r"[a-z]+", label.lower()))
    for positive, negative in POLARITY:
        if positive in name and negative in name and name.index(positive) < name.index(negative):
            if negative in words and positive not in words:
                return negative
    return None


def check_signs(facts: list[Fact], sections: dict[tuple[str, int], str]) -> tuple[list[Fact], list[Finding]]:
    """(facts kept, findings): a fact whose sign is in doubt is refused; one kept whose sign was in
    question says why it is trusted (``Fact.sign_verdict``). ``sections``: (table id, row line) -> the
    row's heading."""
    kept: list[Fact] = []
    findings: list[Finding] = []
    doubted: list[Fact] = []  # the facts refused here: their rows' conventions are not established

    def trust(fact: Fact, why: SignVerdict) -> None:
        kept.append(dataclasses.replace(fact, sign_verdict=why))

    def doubt(fact: Fact, code: str, why: str) -> None:
        findings.append(_not_tagged(code, fact, why))
        doubted.append(fact)

    for fact in facts:
        if fact.is_numeric and fact.table_id not in ("prose", "guidance", "cover") and fact.sign == "as-printed":
            marked = inverted_convention(fact.row_label, fact.concept.local)
            if marked:
                doubt(fact, "sign.inverted", f"the row {fact.row_label!r} prints {marked} amounts in parentheses, which "
                      f"{fact.concept} holds as positive; a rule with sign = \"negated\" is needed for this row")
                continue
        side = (negative_side(fact.row_label, fact.concept.local)
                if fact.is_numeric and fact.sign == "as-printed" and fact.table_id not in ("prose", "guidance", "cover")
                and not fact.dims else None)
        if side and not fact.reading.negative and fact.value != 0 and not fact.footed:
            doubt(fact, "sign.ambiguous", f"the row {fact.row_label!r} names the {side!r} side of {fact.concept} but "
                  f"prints the amount without a sign (a magnitude, or a negative {side}?) and no footing verifies it")
            continue
        if not fact.is_numeric or not fact.reading.negative or fact.table_id in ("prose", "guidance", "cover"):
            if side and fact.value != 0:
                trust(fact, SignVerdict.FOOTING)  # "Net cash used in ... 8,564" printed without a sign, footed
            else:
                kept.append(fact)
            continue
        if side:
            trust(fact, SignVerdict.LABEL)  # "Net cash used in ... (8,564)": the label and the parentheses agree
            continue
        if fact.sign != "as-printed":
            trust(fact, SignVerdict.RULE)
            continue
        if fact.footed:
            trust(fact, SignVerdict.FOOTING)
            continue
        words = f"{fact.row_label} {sections.get((fact.table_id, fact.row_line), '')}"
        marked = positive_side_marked(words, fact.concept.local)
        if marked:
            doubt(fact, "sign.deduction", f"{marked} over the row {fact.row_label!r} is {fact.concept}'s positive side, "
                  f"so the parentheses show a deduction, not a negative amount, and no footing verifies the sign")
            continue
        if NEGATIVE_CASE.search(words):
            trust(fact, SignVerdict.NEGATIVE_CASE)
            continue
        doubt(fact, "sign.ambiguous", f"the row {fact.row_label!r} does not say what parentheses mean (a negative "
              f"amount, or an amount shown as a deduction?) and no footing verifies it")
    return _row_conventions(kept, doubted, findings)


def _not_tagged(code: str, fact: Fact, why: str, where: str = "") -> Finding:
    """The warning that ``fact`` is not tagged, and ``why`` (``where``: more of its place, after its period)."""
    return Finding(code, Severity.WARNING,
                   f"{fact.reading.raw!r} ({fact.concept}, {fact.period.describe()}{where}) is not tagged: {why}",
                   fact.reading.span, fact.reading.raw, fact.table_id)


def _established(fact: Fact) -> bool:
    """The fact's sign stands on its own: a rule's convention, a footing, or a label that names its side."""
    return bool(fact.footed) or fact.sign != "as-printed" or fact.sign_verdict in (SignVerdict.RULE, SignVerdict.LABEL)


def _row_conventions(kept: list[Fact], doubted: list[Fact], findings: list[Finding]) -> tuple[list[Fact], list[Finding]]:
    """A row's sign convention is one for all its cells: when some cells of a row were refused because what
    their parentheses mean is not established ("Income taxes 95,896 (93,191)": an expense shown as a
    deduction, and so a benefit shown unsigned as added, or the other way round?), the row's other cells
    whose signs nothing else establishes are refused too, never only the parenthesised ones. And a reading
    kept whose sign nothing establishes is refused when a refused reading of the same fact (concept,
    period, dimensions, unit) prints the same figure with the other sign: the two contradict, and the
    duplicate check, which runs later, no longer sees the refused one."""
    rows = {(f.table_id, f.row_line, f.concept): f for f in doubted}
    readings: dict[tuple[object, ...], list[Fact]] = {}
    for f in doubted:
        if f.is_numeric and f.amount != 0:
            readings.setdefault((f.concept, f.period.key, f.dims, f.unit), []).append(f)
    out: list[Fact] = []
    for fact in kept:
        if (fact.is_numeric and fact.table_id not in ("prose", "guidance", "cover") and fact.amount != 0
                and not _established(fact)):
            other = rows.get((fact.table_id, fact.row_line, fact.concept))
            if other is not None:
                findings.append(_not_tagged(
                    "sign.row", fact, f"the sign convention of the row {fact.row_label!r} is not established "
                    f"({other.reading.raw!r} in the same row is refused for its sign), so this cell may be printed "
                    f"with the opposite sign too"))
                continue
            clash = next((f for f in readings.get((fact.concept, fact.period.key, fact.dims, fact.unit), [])
                          if f.reading.negative != fact.reading.negative and abs(f.amount) == abs(fact.amount)), None)
            if clash is not None:
                findings.append(_not_tagged(
                    "sign.contradicted", fact, f"the same fact is printed {clash.reading.raw!r} (line "
                    f"{clash.reading.span.line}, row {clash.row_label!r}) with the other sign, and nothing establishes "
                    f"which sign is right", where=f", line {fact.reading.span.line}"))
                continue
        out.append(fact)
    return out, findings
