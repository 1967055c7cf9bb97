"""mapping: table rows -> facts, by the rules in ``taxonomy/``, each checked against the loaded taxonomy.

A rule whose concept the taxonomy does not have, or whose concept is abstract, of the wrong period
type or of an item type that does not fit the row's unit, maps nothing and is reported.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from ..model import (
    MONTH_NAMES,
    UNLABELED_ROW,
    CompanyMember,
    Extraction,
    Fact,
    Finding,
    Line,
    Mapping,
    Period,
    QName,
    Reading,
    Refusal,
    Row,
    Severity,
    Span,
    Table,
)
from ..rules import PERIOD_OF_STATEMENT, CaptionRule, MappingRule, Origin, RuleSet, StatementKind
from ..taxonomy.index import TaxonomyView
from .candidates import Candidate

# a scale printed on the row itself: "Weighted-average shares (in thousands)", "Basic (shares in millions)"
ROW_SCALE = re.compile(r"\(\s*(?:shares\s+|\$\s*)?in\s+(thousands|millions|billions)\s*\)"
                       r"|\bshares\s+in\s+(thousands|millions)\b", re.IGNORECASE)
ROW_SCALE_POWERS = {"thousands": 3, "millions": 6, "billions": 9}
# a row that says its numbers are percentages ("Operating margin %", "Effective tax rate (percent)"): its
# cells may be printed without the sign
PERCENT_ROW = re.compile(r"%|\bpercent(?:age)?s?\b", re.IGNORECASE)

UNIT_OF_KIND = {"monetary": "USD", "perShare": "USDPerShare", "shares": "shares", "pure": "pure",
                "percent": "pure", "count": "pure"}


LABEL_SLOT = "{label}"  # in a rule's dims member: the row's label as a name ("Rest of Asia" -> RestOfAsia)


def label_words(label: str) -> list[str]:
    """The words of a row label a member is named from (footnote marks dropped, "Women's" -> "Womens")."""
    text = re.sub(r"\(\s*(?:\d{1,2}|[a-z])\s*\)|[*\u00b9\u00b2\u00b3]", " ", label)  # footnote marks
    text = re.sub(r"['\u2019]s\b", "s", text)
    return re.findall(r"[A-Za-z0-9]+", text)


def member_name(label: str) -> str | None:
    """A row label as the CamelCase part of a member name (LC3), or None when it has no word to name."""
    words = label_words(label)
    if not words or not words[0][0].isalpha():
        return None
    return "".join(w[0].upper() + w[1:] for w in words)


EXT = "ext"  # in rule data, the company's own extension prefix
EXT_TYPES = {"monetary": "monetary", "perShare": "perShare", "shares": "shares", "pure": "pure",
             "percent": "percent", "count": "pure", "string": "text"}


class ConceptResolver:
    """Resolves rule names to the taxonomy loaded or to the company's extension concepts."""

    def __init__(self, index: TaxonomyView, rules: RuleSet, ext_prefix: str,
                 company_members: tuple[CompanyMember, ...] = ()):
        self.index = index
        self.ext_prefix = ext_prefix
        self.extensions = {e.name: e for e in rules.extensions}
        self.company_members = company_members  # the prior filings' members, for members named from labels

    def exists(self, name: str) -> bool:
        prefix, _, local = name.partition(":")
        if prefix == EXT:
            return local in self.extensions
        concept = self.index.get(name)
        return concept is not None

    def qname(self, name: str) -> QName:
        """The first alternative of ``a|b|c`` that exists, as a QName with the company prefix for ``ext:``."""
        options = [n.strip() for n in name.split("|")]
        chosen = next((n for n in options if self.exists(n)), options[-1])
        q = QName.parse(chosen)
        return QName(self.ext_prefix, q.local) if q.prefix == EXT else q


def rule_problem(rule: MappingRule, index: TaxonomyView, resolver: ConceptResolver | None = None) -> str | None:
    """Why the loaded taxonomy does not allow this rule, or None."""
    prefix, _, local = rule.concept.partition(":")
    want = rule.period or PERIOD_OF_STATEMENT.get(rule.statement)
    if prefix == EXT and resolver is not None:
        ext = resolver.extensions.get(local)
        if ext is None:
            return f"{rule.concept} has no [[extension]] definition in taxonomy/extensions"
        if want and ext.period != want:
            return f"{rule.concept} has period type {ext.period}, the row needs {want}"
        if EXT_TYPES.get(ext.type) != ("text" if rule.unit == "text" else EXT_TYPES.get(rule.unit)):
            return f"{rule.concept} is of type {ext.type}, which does not fit a {rule.unit} row"
        return None
    if resolver is not None:
        for axis, member in rule.dims:
            if not any(resolver.exists(a.strip()) for a in axis.split("|")):
                return f"axis {axis} is neither in the loaded taxonomy nor an extension"
            if LABEL_SLOT in member and any(m.strip().startswith(f"{EXT}:") for m in member.split("|")):
                continue  # a member named from the row's label, declared when it is used
            if not any(resolver.exists(m.strip()) for m in member.split("|")):
                return f"member {member} is neither in the loaded taxonomy nor an extension"
    concept = index.get(rule.concept)
    if concept is None:
        if prefix in index.chosen:
            return f"{rule.concept} is not in the loaded taxonomy (us-gaap {index.year})"
        return f"{rule.concept}: unknown prefix {prefix!r} (use a taxonomy prefix or ext: for the company's own concepts)"
    if concept.abstract:
        return f"{rule.concept} is abstract"
    if want and concept.period_type != want:
        return f"{rule.concept} has period type {concept.period_type}, the row needs {want}"
    if not concept.fits_unit_kind(rule.unit):
        return f"{rule.concept} is a {concept.type}, which does not fit a {rule.unit} row"
    return None


def choose_rule(row: Row, rules: list[MappingRule], title: str = "", previous: str | None = None,
                following: str | None = None) -> tuple[MappingRule | None, str, str | None]:
    """(rule, how it matched, problem) for a row; several rules for different concepts is a problem.
    ``previous`` and ``following``: the labels of the rows just above and below (None: no such row). A rule
    that names its neighbours (``previous``/``next``) applies only beside them, and wins over the rules that
    name none (it says more about the row: "Property and equipment" above "Less accumulated depreciation" is
    the gross amount); an unlabeled row is matched only by such rules."""
    exact, squashed, repaired = [], [], []
    for rule in rules:
        if rule.also:
            continue  # a second tagging of the row, applied once its own rule has mapped it
        if rule.has_neighbours:
            if not rule.neighbours_match(previous, following):
                continue
        elif not row.label:
            continue
        how = rule.match(row.label, row.section, row.alt_label, title)
        if how == "label":
            exact.append(rule)
        elif how == "squashed":
            squashed.append(rule)
        elif how == "repaired":
            repaired.append(rule)
    candidates = exact or squashed or repaired
    if not candidates:
        return None, "", None
    if any(not r.fallback for r in candidates):
        candidates = [r for r in candidates if not r.fallback]  # a fallback rule applies only when no other does
    if any(r.has_neighbours for r in candidates):
        candidates = [r for r in candidates if r.has_neighbours]  # the rules that name the row's neighbours win
    concepts = {(r.concept, r.dims) for r in candidates}
    if len(concepts) > 1:
        ids = ", ".join(r.id for r in candidates)
        return None, "", f"label {row.label!r} matches rules for different concepts ({ids})"
    how = "label" if exact else ("label without spaces" if squashed else "label with an OCR-doubled letter dropped")
    return candidates[0], how, None


def map_extraction(extraction: Extraction, rules: RuleSet, index: TaxonomyView, ext_prefix: str = EXT,
                   company_members: tuple[CompanyMember, ...] = ()) -> Mapping:
    """``company_members``: the members of the company's prior filings, reused for rows a rule names a
    member for from their label (``_company_members``)."""
    out = Mapping()
    resolver = ConceptResolver(index, rules, ext_prefix, company_members)
    bad_rules: dict[str, str | None] = {}
    sub_kinds = [k for k in rules.statements if k.kind == "breakdown"]
    for table in extraction.tables:
        statement_rules = rules.rules_for(table.statement)
        if not statement_rules:
            count = sum(1 for r in table.rows for c in r.cells if c is not None and c.readable)
            if count:
                out.findings.append(Finding(
                    "mapping.tableNotMapped", Severity.INFO,
                    f"table {table.id} ({table.title[:60]!r}, lines {table.first_line}-{table.last_line}) is not a "
                    f"statement the mapping rules cover ({table.statement}); its {count} numbers are not tagged",
                    None, table_id=table.id,
                ))
            continue
        for n, row in enumerate(table.rows):
            around = (table.rows[n - 1] if n else None, table.rows[n + 1] if n + 1 < len(table.rows) else None)
            # rows under a heading that titles a breakdown ("includes stock-based compensation as follows")
            # are read with the breakdown rules, the heading standing as their title
            sub = next((k for k in sub_kinds if row.section and k.matches(row.section)), None)
            if sub is not None and sub.kind != table.statement:
                view = dataclasses.replace(table, statement=sub.kind, title=row.section)
                _map_row(view, row, rules.rules_for(sub.kind), resolver, bad_rules, out, around)
                continue
            kind = _statement_kind(rules.statements, table)
            _map_row(table, row, statement_rules, resolver, bad_rules, out, around,
                     kind.section_class(row.section) if kind else None)
    if rules.captions:
        lines = {line.number: line for line in extraction.document.lines}
        for table in extraction.tables:
            captions = [c for c in rules.captions if c.statement == table.statement]
            for row in table.rows if captions else ():
                for caption in captions:
                    if row.label and caption.applies(row.label):
                        _map_caption(table, row, caption, lines.get(row.line), resolver, out)
    _map_candidates(out, resolver, rules.statements)
    return out


CAPTION_NUMBER = re.compile(r"\$?\s?\d[\d,]*(?:\.\d+)?")
# a caption that names dates binds its figures to them ("9,236,987 shares outstanding as of September 30,
# 2024 and 9,222,157 ... as of December 31, 2023"): which figure is whose is not read, so none is tagged
CAPTION_DATE = re.compile(r"\b(?:" + "|".join(MONTH_NAMES) + r")\b|\b(?:19|20)\d{2}\b", re.IGNORECASE)
# a figure's details in parentheses right after it: "12,211 (Class A 5,835, Class B 861, Class C 5,515)"
CAPTION_DETAIL = re.compile(r"\([^()]*\)")
# the classes or series of stock a caption names outside parentheses ("Class A and Class B common stock")
# a figure and a list separator just before the value group: the pattern caught only the tail of a list
# ("1,210, 1,150 and 1,100 shares issued"), whose figures cannot be placed in the columns
CAPTION_LIST_BEFORE = re.compile(r"\d(?:\s*\([^()]*\))?\s*(?:,|\band\b|&)\s*$", re.IGNORECASE)
CAPTION_CLASS = re.compile(r"\b(?:class|series)\s+([a-z0-9])\b", re.IGNORECASE)


def _caption_figures(value: str) -> tuple[list[re.Match[str]], bool, str | None]:
    """The figures of a caption's value group, each with the details printed in parentheses after it, which
    must add up to it ("12,211 (Class A 5,835, Class B 861, Class C 5,515)"): (figures, whether every figure
    has such details, problem)."""
    details = list(CAPTION_DETAIL.finditer(value))
    figures = [m for m in CAPTION_NUMBER.finditer(value) if not any(d.start() <= m.start() < d.end() for d in details)]
    detailed = set()
    for detail in details:
        before = [n for n, f in enumerate(figures) if f.end() <= detail.start()]
        parts = [Decimal(m.group(0).lstrip("$ ").replace(",", "")) for m in CAPTION_NUMBER.finditer(detail.group(0))]
        if not before or not parts:
            continue
        figure = figures[before[-1]].group(0).strip()
        if sum(parts) != Decimal(figure.lstrip("$ ").replace(",", "")):
            return figures, False, f"the figures in parentheses after {figure!r} ({detail.group(0)}) do not add up to it"
        detailed.add(before[-1])
    return figures, bool(figures) and len(detailed) == len(figures), None


def _map_caption(table: Table, row: Row, caption: CaptionRule, line: Line | None, resolver: ConceptResolver,
                 out: Mapping) -> None:
    """The figures a row's caption states, at the dates of the table's columns: one number holds for every
    column; several, one per column in the columns' order ("12,211 and 12,155 shares issued and outstanding",
    "..., respectively", the convention of a statement's captions). Refused: a count of figures that is not
    one or one per column, as many figures as the caption names classes of stock (they may be one per
    class) unless each figure's details show it is the total of the classes, figures whose details in
    parentheses do not add up to them, a caption that names dates of its own, and share counts whose scale
    is neither printed nor proven (``Table.scale_unknown``)."""
    text = row.raw_label or ""
    match = caption.search(text)
    if match is None or line is None:
        return
    start = line.text.find(text)
    numbers, detailed, problem = _caption_figures(match.group("value"))
    columns = [c.period for c in table.columns if c.period is not None and c.period.is_instant]  # their dates
    cell = line.cells[0].span if line.cells else Span("", row.line, 0, 0)
    where = Span(cell.file, cell.line, max(start, 0), max(start, 0) + len(text), cell.path)
    classes = {c.lower() for c in CAPTION_CLASS.findall(CAPTION_DETAIL.sub(" ", text[:match.start("value")]))}
    if start < 0:
        problem = "the caption's text could not be placed in its source line"
    elif not columns or len(columns) != len(table.columns):
        problem = "the table's columns are not all dates"
    elif dated := CAPTION_DATE.search(text):
        problem = f"the caption binds its figures to dates ({dated.group(0)!r}), which are not read"
    elif caption.unit == "shares" and not table.scale_caption and "shares" not in table.scale_unknown:
        # amounts of a titled table without a caption are read as printed; share counts stated in a caption
        # are not: without a caption saying so, whole shares are no more certain than thousands or millions
        problem = ("the table prints no scale caption, so the scale of the share counts its caption states is not "
                   "certain (whole shares are not assumed)")
    elif problem:
        pass
    elif CAPTION_LIST_BEFORE.search(text[:match.start("value")]):
        problem = "more figures are listed before these, so which figure is whose cannot be told"
    elif len(numbers) > 1 and len(numbers) != len(columns):
        problem = f"{len(numbers)} figures for {len(columns)} columns, not one for each"
    elif len(numbers) > 1 and len(classes) == len(numbers) and not detailed:
        problem = (f"{len(numbers)} figures and {len(classes)} classes of stock named: the figures may be one per "
                   f"class, not one per column")
    if problem:
        out.findings.append(Finding("mapping.captionRefused", Severity.WARNING,
                                    f"{caption.concept} in the caption of {text.strip()[:60]!r} is not tagged: {problem}",
                                    where, match.group("value"), table.id))
        return
    if caption.unit in table.scale_unknown:
        out.findings.append(Finding("mapping.captionRefused", Severity.WARNING,
                                    f"{caption.concept} in the caption of {text[:60]!r} is not tagged: "
                                    f"{scale_unknown_reason(table, caption.unit)}",
                                    where, match.group("value"), table.id))
        return
    concept = resolver.qname(caption.concept)
    scale = table.scale_shares if caption.unit == "shares" else 0
    for n, date in enumerate(columns):
        number = numbers[n if len(numbers) > 1 else 0]
        raw = number.group(0).strip()
        digits = raw.lstrip("$ ").replace(",", "")
        offset = start + match.start("value") + number.start() + (len(number.group(0)) - len(number.group(0).lstrip()))
        printed = len(digits.partition(".")[2])
        reading = Reading(raw, Span(where.file, where.line, offset, offset + len(raw), where.path), Decimal(digits),
                          decimals_printed=printed)
        value = Decimal(digits).scaleb(scale) if scale else Decimal(digits)
        out.facts.append(Fact(
            concept=concept, period=date, unit=UNIT_OF_KIND[caption.unit], value=value,
            decimals=printed - scale, scale=scale, reading=reading, rule=f"{Path(caption.origin.file).name}#{caption.id}",
            table_id=table.id, row_label=text, row_line=row.line,
        ))


def scale_unknown_reason(table: Table, unit: str) -> str:
    """Why a table's amounts of ``unit`` ("monetary", "shares") are not tagged: their scale is neither printed
    nor proven."""
    what = "amounts" if unit == "monetary" else "share counts"
    if unit == "shares" and table.scale_evidence:
        return (f"the table prints no scale caption and the scale of its {what} is not proven (the rows that proved "
                f"its amounts' scale prove nothing of its share counts)")
    return (f"the table prints no scale caption (thousands or millions are not guessed) and no row agrees digit for "
            f"digit with a row of a table whose scale is printed, which would prove the scale of its {what}")


def _map_row(table: Table, row: Row, rules: list[MappingRule], resolver: ConceptResolver,
             bad_rules: dict[str, str | None], out: Mapping,
             around: tuple[Row | None, Row | None] = (None, None), part: str | None = None) -> None:
    """``around``: the rows just above and below ``row`` in its table (None at either end); ``part``:
    "current" or "noncurrent" for a row in that part of a classified balance sheet (``section_class``). A
    rule's concept whose name says the other part (``…Noncurrent`` for a row that adds into total current
    assets or liabilities, ``…Current`` after them) is refused for the row, whatever its label says."""
    # a reconciliation printed side by side (GAAP | adjustments | non-GAAP) has rules of its own: its lines
    # between a GAAP total and its non-GAAP one are the parts of the adjustment charged to that line (Oracle's
    # "Stock-based compensation 216" is the part in operating expenses, not the 223 of the whole), which the
    # rules of a reconciliation bridge would tag as the whole
    side_by_side = any(c.role for c in table.columns)
    rules = [r for r in rules if r.side_by_side == side_by_side]
    readable = [c for c in row.cells if c is not None and c.readable]
    above, below = around
    rule, how, problem = choose_rule(row, rules, table.title, above.label if above else None,
                                     below.label if below else None)
    first_span = next((c.span for c in row.cells if c is not None), None)
    if row.problem == UNLABELED_ROW:
        if rule is None or not rule.net_of_above:
            return  # only a net row its arithmetic proves is read without a label (extraction reported the row)
        out.read_damaged.append((table.id, first_span))
    if problem:
        out.findings.append(Finding("mapping.ambiguous", Severity.WARNING, f"row not tagged: {problem}", first_span,
                                    table_id=table.id))
        return
    if rule is None:
        if readable and row.problem is None:
            out.unmapped.append((table.id, row.line))
            out.unmapped_rows.append((table, row))
            out.findings.append(Finding(
                "mapping.noRule", Severity.INFO,
                f"row {row.raw_label or '(no label)'!r} of the {table.statement} statement matches no mapping rule; "
                f"{len(readable)} numbers not tagged",
                first_span, " ".join(c.raw for c in readable), table.id,
            ))
        return
    if rule.id not in bad_rules:
        bad_rules[rule.id] = rule_problem(rule, resolver.index, resolver)
        if bad_rules[rule.id]:
            out.findings.append(Finding("mapping.badRule", Severity.ERROR, f"rule {rule.ref} maps nothing: {bad_rules[rule.id]}",
                                        None, table_id=table.id))
    if bad_rules[rule.id]:
        return
    named = _part_named(rule.concept.rpartition(":")[2])
    if part is not None and named is not None and named != part:
        why = (f"rule {rule.ref} maps it to {rule.concept}, which names the {named} part, but the row sits in the "
               f"{part} part of the balance sheet ({row.section!r})")
        out.refusals.extend(Refusal(resolver.qname(rule.concept), c.period, table.id, r, why)
                            for c, r in zip(table.columns, row.cells) if r is not None)
        return
    _emit(table, row, rule, how, resolver, out, _net_of_above(table, row) if rule.net_of_above else None)
    for extra in rules:  # rules that tag a mapped row a second time (an equity line as its component)
        if extra.also and extra.match(row.label, row.section, row.alt_label, table.title) == "label":
            if extra.id not in bad_rules:
                bad_rules[extra.id] = rule_problem(extra, resolver.index, resolver)
            if not bad_rules[extra.id]:
                _emit(table, row, extra, "label", resolver, out)


def _net_of_above(table: Table, row: Row) -> dict[int, str]:
    """For a row that is the net of the two rows above it (gross, then its deduction: "Property and equipment",
    "Less accumulated depreciation", then the net amount), the cells that are not the gross less the
    deduction's magnitude, by column index, with the reason. A cell whose gross or deduction is missing or
    unreadable is not proven, and so listed too."""
    out: dict[int, str] = {}
    at = table.rows.index(row)
    gross_row, less_row = (table.rows[at - 2], table.rows[at - 1]) if at >= 2 else (None, None)
    for n, reading in enumerate(row.cells):
        if reading is None or reading.value is None:
            continue
        gross = gross_row.cells[n] if gross_row and not gross_row.problem and n < len(gross_row.cells) else None
        less = less_row.cells[n] if less_row and not less_row.problem and n < len(less_row.cells) else None
        if gross is None or less is None or gross.value is None or less.value is None:
            out[n] = ("the row is the net of the two rows above it, whose amounts in this column are "
                                 "not both readable: it is not proven")
        elif gross.value - abs(less.value) != reading.value:
            out[n] = (f"the row is the net of the two rows above it, but {gross.raw} less {less.raw} is "
                                 f"not {reading.raw}")
    return out


def _emit(table: Table, row: Row, rule: MappingRule, how: str, resolver: ConceptResolver, out: Mapping,
          unproven_net: dict[int, str] | None = None) -> None:
    """The facts of a row that a rule (or a candidate) maps, or the refusals of its cells. ``unproven_net``:
    the cells of a net row (``net_of_above``) that its gross and deduction do not prove, by column index."""
    concept = resolver.qname(rule.concept)
    named = None
    if any(LABEL_SLOT in m for _a, m in rule.dims):
        named = member_name(row.raw_label or row.label)
    pairs = [(resolver.qname(a), resolver.qname(m.replace(LABEL_SLOT, named or ""))) for a, m in rule.dims]
    member_evidence = ""
    if named and resolver.company_members:
        pairs, member_evidence = _company_members(table, row, rule, pairs, resolver, out)
    dims = tuple(sorted(pairs))
    if named:
        for (_a, m), (_qa, qm) in zip(rule.dims, pairs):
            if LABEL_SLOT in m and qm.prefix == resolver.ext_prefix:
                # the label the name is the LC3 form of: "Americas" + "Segment" -> "Americas Segment [Member]"
                after = m.split(LABEL_SLOT, 1)[1].split("|")[0]
                after = after[:-len("Member")] if after.endswith("Member") else after
                extra = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", after).strip()
                text = re.sub(r"\s+", " ", (row.raw_label or row.label)).strip().rstrip(":")
                out.members.setdefault(qm.local, f"{text}{' ' + extra if extra else ''} [Member]")
    group = f"{table.id}:{row.section}" if rule.dims else ""
    unproven = _side_by_side(table, row)
    for n, (column, reading) in enumerate(zip(table.columns, row.cells)):
        if reading is None:
            continue
        # an unlabeled net row stands on its arithmetic (``unproven_net``), not on a label
        reason = reading.problem or (None if unproven_net is not None and row.problem == UNLABELED_ROW else row.problem)
        if reason is None and unproven_net is not None:
            reason = unproven_net.get(n)
        if reason is None and column.period is None:
            reason = f"the column's period is unknown ({column.problem})"
        fact_concept = concept
        if reason is None and column.role == "adjustment":
            reason = (f"an adjustment column ({column.header!r}) of a reconciliation printed side by side: the "
                      f"amount between the GAAP and the non-GAAP figure is not a fact the rules name")
        elif reason is None and column.role == "nongaap":
            if not rule.non_gaap:
                reason = f"a non-GAAP column ({column.header!r}): rule {rule.ref} names no non-GAAP concept for the row"
            elif any(resolver.exists(n.strip()) for n in rule.non_gaap.split("|")):
                fact_concept = resolver.qname(rule.non_gaap)
                reason = unproven.get(column.index)
            else:
                reason = f"the rule's non-GAAP concept {rule.non_gaap} is neither in the loaded taxonomy nor an extension"
        if reason is None and rule.dims and named is None and LABEL_SLOT in "".join(m for _a, m in rule.dims):
            reason = f"the row's label {row.raw_label!r} has no word to name its member"
        period = column.period
        if reason is None and period is not None and rule.period == "instant" and period.start is not None:  # a duration
            if rule.at == "start":
                period = Period(end=period.start - dt.timedelta(days=1))  # the day before the column starts
            else:
                period = Period(end=period.end)
        elif reason is None and rule.at and period is not None and period.is_instant:
            reason = f"an amount at the {rule.at} of a period in a column of one date ({column.header!r})"
        scale = {"monetary": table.scale_monetary, "shares": table.scale_shares, "percent": -2}.get(rule.unit, 0)
        percent_cell = "%" in reading.raw
        if reason is None and rule.unit == "percent" and not percent_cell and not reading.dash \
                and not PERCENT_ROW.search(row.raw_label or row.label):
            reason = f"a number without a percent sign ({reading.raw}) in a row of percentages"
        elif reason is None and rule.unit in ("monetary", "perShare", "shares") and percent_cell:
            reason = f"a percentage ({reading.raw}) in a row of {'amounts' if rule.unit == 'monetary' else rule.unit}"
        row_scale = ROW_SCALE.search(row.raw_label or row.label)
        if row_scale and rule.unit in ("monetary", "shares"):
            scale = ROW_SCALE_POWERS[(row_scale.group(1) or row_scale.group(2)).lower()]  # "(in thousands)", "shares in millions" on the row itself
        elif reason is None and rule.unit in table.scale_unknown:
            reason = scale_unknown_reason(table, rule.unit)
        if reason is None and rule.unit in ("monetary", "shares") and scale >= 3 and reading.decimals_printed > 0:
            reason = f"a fraction ({reading.raw}) in a row of whole {'thousands' if scale == 3 else 'millions'}"
        if reason is None and rule.unit == "perShare" and reading.decimals_printed == 0 and not reading.dash:
            reason = f"a whole number ({reading.raw}) in a per-share row"
        if reason is not None:
            out.refusals.append(Refusal(fact_concept, column.period, table.id, reading, reason))
            continue
        # a column without a period is refused above, and a reading without a problem has a value (extract.numbers)
        assert period is not None and reading.value is not None
        value = {"as-printed": reading.value, "negated": -reading.value, "magnitude": abs(reading.value)}[rule.sign]
        value = value.scaleb(scale) if scale else value
        decimals = reading.decimals_printed - scale
        if reading.dash:
            decimals = -scale if rule.unit in ("monetary", "shares", "percent") else 0
        out.facts.append(Fact(
            concept=fact_concept, period=period, unit=UNIT_OF_KIND[rule.unit], value=Decimal(value),
            decimals=decimals, scale=scale, reading=reading,
            rule=(how if rule.origin.file == "candidate" else f"{rule.ref}" + ("" if how == "label" else f" ({how})")),
            table_id=table.id, row_label=row.raw_label, dims=dims, row_line=row.line, sign=rule.sign,
            column=column.period if period != column.period else None, group=group, member_evidence=member_evidence,
        ))


def _side_by_side(table: Table, row: Row) -> dict[int, str]:
    """In a reconciliation printed side by side, the non-GAAP cells of ``row`` that its GAAP and adjustment
    cells of the same period contradict (GAAP + the sum of the period's adjustments, one column or one per
    adjustment, must be the non-GAAP figure; a dash is zero), by column index, with the reason. A period
    without an adjustment cell proves nothing and is not listed; nor is one whose adjustment cell is unreadable."""
    out: dict[int, str] = {}
    if not any(c.role for c in table.columns):
        return out
    by_period: dict[object, dict[str, list[Reading | None]]] = {}
    where: dict[object, int] = {}
    for column, reading in zip(table.columns, row.cells):
        if not column.role or column.period is None:
            continue
        cells = by_period.setdefault(column.period, {})
        if column.role == "adjustment":  # an empty adjustment cell is none for this line
            if reading is not None:
                cells.setdefault("adjustment", []).append(reading if reading.readable else None)
        elif reading is not None and reading.readable:
            cells[column.role] = [reading]
            if column.role == "nongaap":
                where[column.period] = column.index
    for period, cells in by_period.items():
        adjustments = cells.get("adjustment", [])
        if "gaap" not in cells or "nongaap" not in cells or not adjustments or None in adjustments:
            continue
        gaap, non = cells["gaap"][0], cells["nongaap"][0]
        values = [r.value for r in (gaap, non, *adjustments) if r is not None]
        if gaap is None or non is None or len(values) != len(adjustments) + 2 or None in values:
            continue
        total = Decimal(0)
        for v in values[:1] + values[2:]:
            assert v is not None
            total += v
        if total != values[1]:
            adj = " + ".join(a.raw for a in adjustments if a is not None)
            what = "the adjustment" if len(adjustments) == 1 else "the adjustments"
            out[where[period]] = (f"the non-GAAP figure {non.raw} is not the GAAP {gaap.raw} plus {what} {adj}: "
                                  f"which one is misread cannot be told")
    return out


def _company_members(table: Table, row: Row, rule: MappingRule, pairs: list[tuple[QName, QName]],
                     resolver: ConceptResolver, out: Mapping) -> tuple[list[tuple[QName, QName]], str]:
    """``pairs`` with each member named from the row's label replaced by the company's own member on that
    axis in its prior filings, where exactly one spells the label (evidence/members.py): a company member
    under our extension prefix with its local name (its namespace is the prior filing's, which we do not
    import; our schema declares it), a standard member when the loaded taxonomy has it. The evidence."""
    from ..evidence.members import match_member
    from ..evidence.votes import STANDARD_PREFIXES

    label = row.raw_label or row.label
    span = next((c.span for c in row.cells if c is not None), None)
    evidence = []
    for n, ((_a, m), (axis, ours)) in enumerate(zip(rule.dims, pairs)):
        if LABEL_SLOT not in m:
            continue
        found, spelled = match_member(resolver.company_members, axis.local, label_words(label))
        if found is None:
            if len(spelled) > 1:
                out.findings.append(Finding(
                    "prior.memberAmbiguous", Severity.INFO,
                    f"row {label!r}: {len(spelled)} members of the prior filings on {axis.local} spell the label "
                    f"({', '.join(str(c.member) for c in spelled)}); {ours} named from the label stands",
                    span, table_id=table.id))
            continue
        member, why = found.member, None
        if member.prefix in STANDARD_PREFIXES:
            if resolver.index.get(str(member)) is None:
                why = f"it is not in the loaded taxonomy (us-gaap {resolver.index.year})"
        elif not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,199}", member.local):
            why = "its name cannot be declared as ours"
        elif resolver.index.get(f"us-gaap:{member.local}") is not None:
            why = f"it is named like the standard us-gaap:{member.local}"
        else:
            member = QName(resolver.ext_prefix, member.local)
        if why is not None:
            out.findings.append(Finding(
                "prior.memberNotApplied", Severity.INFO,
                f"row {label!r}: the prior filing's member {found.member} ({found.filing}) is not used: {why}; "
                f"{ours} named from the label stands", span, table_id=table.id))
            continue
        pairs[n] = (axis, member)
        evidence.append(f"{axis.local}: {found.member} in {found.filing}")
        out.findings.append(Finding(
            "prior.member", Severity.INFO,
            f"row {label!r}: member {member} on {axis.local}, as the company named it ({found.member} in "
            f"{found.filing})" + ("" if member == ours else f", in place of {ours} named from the label"),
            span, table_id=table.id))
    return pairs, "; ".join(evidence)


# not cash-flow statements: their adjustment lines share the names of income-statement concepts ("Income tax
# benefit", "Depreciation") but are other amounts; only their rules map them
CANDIDATE_STATEMENTS = {"income": "duration", "balance": "instant"}


def _row_unit(row: Row) -> str:
    words = f"{row.label} {row.section}"
    if re.search(r"per\s+(?:common\s+)?share", words):
        return "perShare"
    if re.search(r"\bshares\b|weighted", words):
        return "shares"
    return "monetary"


def _part_named(local: str) -> str | None:
    """The part of a classified balance sheet a concept's local name says: "noncurrent", "current" or None."""
    return "noncurrent" if local.endswith("Noncurrent") else ("current" if local.endswith("Current") else None)


def _statement_kind(statements: tuple[StatementKind, ...], table: Table) -> StatementKind | None:
    return next((k for k in statements if k.kind == table.statement), None)


def _place_candidate(best: Candidate, table: Table, row: Row, kind: StatementKind | None,
                     index: TaxonomyView) -> tuple[Candidate | None, str | None]:
    """The candidate fitted to the row's place in a classified balance sheet (``kind``'s current and
    non-current sections), or None and why it is refused. A concept that spans both parts (us-gaap ``X``
    beside ``XCurrent`` and ``XNoncurrent``) becomes the one of the row's part where the taxonomy has it; a
    row before any such part in a table that has them gets none; a concept naming one part is refused in
    the other."""
    if kind is None or not (kind.current_section or kind.noncurrent_section):
        return best, None
    prefix, _, local = best.concept.partition(":")
    part = kind.section_class(row.section)
    own = _part_named(local)
    if own is not None:
        if part is not None and part != own:
            return None, f"{best.concept} names the {own} part, but the row sits in the {part} part ({row.section!r})"
        return best, None
    if index.get(f"{prefix}:{local}Current") is None or index.get(f"{prefix}:{local}Noncurrent") is None:
        return best, None
    if part is None:
        if any(kind.section_class(r.section) for r in table.rows):
            return None, (f"{best.concept} spans current and non-current amounts, and the row ({row.section!r}) is "
                          f"in neither part of a balance sheet that has both")
        return best, None
    target = f"{prefix}:{local}{'Current' if part == 'current' else 'Noncurrent'}"
    concept, spanning = index.get(target), index.get(best.concept)
    if concept is None or spanning is None or concept.abstract or concept.deprecated \
            or concept.period_type != spanning.period_type or concept.type != spanning.type:
        return None, f"{best.concept} spans current and non-current amounts and {target} cannot be used for the row"
    return Candidate(target, best.confidence,
                     f"{best.why}; {best.concept} spans current and non-current amounts, the row sits in the "
                     f"{part} part ({row.section!r})"), None


def _map_candidates(out: Mapping, resolver: ConceptResolver, statements: tuple[StatementKind, ...] = ()) -> None:
    """Rows no rule maps: the loaded taxonomy's best candidate tags a clean row when its confidence
    reaches the threshold and leads the next candidate; otherwise the report proposes an extension
    concept and nothing is tagged. Such rows stay outside the rule data's footings. In a classified balance
    sheet the candidate is fitted to the row's part (``_place_candidate``) or refused."""
    from .candidates import MARGIN, THRESHOLD, extension_name, rank

    mapped = {(f.table_id, f.row_line): f.concept for f in out.facts if not f.dims}
    taken = {(f.table_id, f.period.key, f.concept) for f in out.facts if not f.dims}
    totals: dict[str, tuple[list[int], list[QName]]] = {}  # table -> (lines, concepts) of its mapped total rows, in order
    superseded: set[tuple[str, object]] = set()  # (table, span) of mapping.noRule findings this replaces
    for table, row in out.unmapped_rows:
        period = CANDIDATE_STATEMENTS.get(table.statement)
        cells = [c for c in row.cells if c is not None]
        if period is None or not cells or any(c.problem for c in cells) or len(row.label.split()) > 8:
            continue
        if table.id not in totals:
            found = sorted((r.line, mapped[(table.id, r.line)]) for r in table.rows
                           if r.label.startswith("total") and (table.id, r.line) in mapped)
            totals[table.id] = ([line for line, _c in found], [c for _line, c in found])
        lines, concepts = totals[table.id]
        at = bisect.bisect_right(lines, row.line)  # the first mapped total row below this row
        total = concepts[at] if at < len(lines) else None
        unit = _row_unit(row)
        ranked = rank(row.label, resolver.index, period, unit, str(total) if total else None)
        span = cells[0].span
        superseded.add((table.id, span))
        best = ranked[0] if ranked else None
        runner_up = ranked[1].confidence if len(ranked) > 1 else 0.0
        clear = best is not None and best.confidence >= THRESHOLD and best.confidence - runner_up >= MARGIN
        if clear and best is not None:
            kind = _statement_kind(statements, table)
            best, misplaced = _place_candidate(best, table, row, kind, resolver.index)
            if best is None:
                out.findings.append(Finding(
                    "mapping.candidateMisplaced", Severity.WARNING,
                    f"row {row.raw_label!r} ({table.statement}) is not tagged: {misplaced}", span,
                    " ".join(c.raw for c in cells), table.id))
                continue
        if clear and best is not None and not any((table.id, c.period.key, QName.parse(best.concept)) in taken
                             for c in table.columns if c.period):
            rule = MappingRule(id=f"candidate-{row.line}", statement=table.statement, label=re.escape(row.label),
                               concept=best.concept, unit=unit, origin=Origin("candidate", 0))
            _emit(table, row, rule, f"candidate {best.concept} (confidence {best.confidence:.2f}: {best.why})",
                  resolver, out)
            continue
        shown = ", ".join(f"{c.concept} ({c.confidence:.2f})" for c in ranked) or "none"
        out.findings.append(Finding(
            "mapping.extensionProposed", Severity.WARNING,
            f"row {row.raw_label!r} ({table.statement}) is not tagged: no rule maps it and no standard candidate is "
            f"both at least {THRESHOLD:.2f} and {MARGIN:.2f} ahead of the next: {shown}; proposed extension "
            f"ext:{extension_name(row.raw_label)} ({unit}, {period}); add a rule in taxonomy/mappings or an "
            f"[[extension]] to tag it", span, " ".join(c.raw for c in cells), table.id))
    if superseded:
        out.findings = [f for f in out.findings
                        if not (f.code == "mapping.noRule" and (f.table_id, f.span) in superseded)]
