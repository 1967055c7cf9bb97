"""Figures stated in sentences and in guidance lists, found by the ``[[prose]]`` entries of
``taxonomy/prose.toml``.

An entry's ``pattern`` may use these macros (expanded here, documented in taxonomy/README.md):
``{MONEY}`` ($41.4 million, $(0.01), $0.09), ``{COUNT}`` (163), ``{PERCENT}`` (28%, negative 7%),
``{PERIOD}`` (the third quarter of 2012, last quarter, the quarter, June 30, 2013, the three months ended
March 31, 2025), ``{DATE}`` (a date only: March 31, 2025) and ``{MEMBER}`` (a segment phrase the company
profile names). Named groups: ``value`` (one figure), ``low``/``high`` (a range, printed in either order),
``period`` (else the nearest period phrase of the sentence, else the heading of the guidance list),
``member``, ``date`` (the day of an event, for entries with ``period = "event"``).

"Three months ended March 31, 2025" (and six, nine, twelve months, the quarter or year ended a date) names
a duration only where the release has a column for it: its start is taken from that column, never computed.
An entry with ``period = "only"`` takes its sentence's one period phrase, and only when the sentence holds
no other figure of its kind: "16.4% compared to 17.3% in the first quarter of 2024" (whose period is
whose?) or a sentence naming several periods is reported, not tagged.
An entry with ``period = "event"`` (a dividend declared) states a figure of the quarter the event falls in,
as filers tag it (Alphabet's 10-Q for April-June 2025 tags the $0.21 dividend its Q1 release announced): the
``date`` group must name that day and it must fall inside a quarter the release reports; a sentence that
gives no date, or one after the release's last quarter (a quarter not over when the release is dated), is
reported, not tagged. A figure whose period is not of its concept's period type is reported, not tagged.

Guidance entries (``section = "guidance"``) apply only to the lines under a heading such as
"Financial Expectations", "Guidance" or "Outlook"; each sub-heading there ("Fourth Quarter 2013",
"Full Year 2013") gives the period of the lines below it; their facts are forecasts
(StatementScenarioAxis = ScenarioForecastMember) and ranges use RangeAxis Minimum/Maximum.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..model import (
    Document,
    Fact,
    Finding,
    FiscalCalendar,
    Line,
    Period,
    Reading,
    Severity,
    Span,
    Table,
    month_end,
)
from ..rules import RuleError, _read_toml, rule_file
from .apply import UNIT_OF_KIND, ConceptResolver

SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9}
MONEY = r"\$\s*\(?\s*\d[\d,]*(?:\.\d+)?\s*\)?(?:\s*(?:thousand|million|billion)\b)?"
COUNT = r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion)\b)?"
PERCENT = r"(?:negative\s+|minus\s+)?\(?-?\d+(?:\.\d+)?\)?\s*%"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
DATE = MONTHS + r"\s+\d{1,2},\s*\d{4}"
# a duration ending on a printed date: its start comes from the release's own column for it
MONTHS_ENDED = (r"(?:the\s+)?(?:(?:three|six|nine|twelve|3|6|9|12)[\s-]+months?|(?:fiscal\s+)?(?:quarter|year))"
                r"\s+ended\s+" + DATE)
MONTHS_ENDED_RE = re.compile(r"(three|six|nine|twelve|3|6|9|12)[\s-]+months?|(quarter|year)\s+ended", re.IGNORECASE)
LENGTH_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12, "quarter": 3, "year": 12}
PERIOD = (
    r"(?:" + MONTHS_ENDED + r"|(?:the\s+)?(?:first|second|third|fourth)\s+quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?\d{4})?"
    r"|(?:the\s+)?(?:last|previous|prior|same)\s+quarter(?:\s+last\s+year)?"
    r"|the\s+quarter"
    r"|(?:full|fiscal)\s+year\s+\d{4}|(?:fiscal\s+)?\d{4}\s+full\s+year"
    r"|" + MONTHS + r"\s+\d{1,2},\s*\d{4})"
)
# the figures of a sentence of the same kind as an entry's (for ``period = "only"``: one period, one figure)
FIGURE_OF_UNIT = {"monetary": MONEY, "perShare": MONEY, "percent": PERCENT,
                  "shares": r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?\s+shares\b",
                  "count": COUNT}
GUIDANCE_HEADING = re.compile(r"^\s*(?:financial\s+expectations|guidance|outlook|business\s+outlook)\b", re.IGNORECASE)
MACROS = {"{MONEY}": MONEY, "{COUNT}": COUNT, "{PERCENT}": PERCENT, "{PERIOD}": PERIOD, "{DATE}": DATE}
RANGE_DIMS = {"low": "srt:MinimumMember|us-gaap:MinimumMember", "high": "srt:MaximumMember|us-gaap:MaximumMember"}
RANGE_AXIS = "srt:RangeAxis|us-gaap:RangeAxis"
SCENARIO_AXIS = "srt:StatementScenarioAxis|us-gaap:StatementScenarioAxis"
FORECAST = "srt:ScenarioForecastMember|us-gaap:ScenarioForecastMember"


@dataclass(frozen=True)
class ProseRule:
    id: str
    pattern: re.Pattern[str]
    concept: str
    unit: str
    sign: str
    section: str  # "text" | "guidance"
    dims: tuple[tuple[str, str], ...]
    origin: str
    period: str = ""  # "event": the quarter the ``date`` group falls in (a dividend declared); "only": the
    # sentence's one period phrase (several different ones: not tagged)


def load_prose_rules(path: Path | None = None, members: dict[str, str] | None = None) -> list[ProseRule]:
    path = path or rule_file("prose.toml")
    if not path.is_file():
        return []
    _text, data = _read_toml(path)
    member_re = "|".join(f"(?:{p})" for p in (members or {})) or r"(?!x)x"
    out = []
    for entry in data.get("prose", []):
        pattern = entry.get("pattern", "")
        if "{MEMBER}" in pattern and not members:
            continue  # the company names no segments: the entry cannot apply
        for macro, regex in MACROS.items():
            pattern = pattern.replace(macro, regex)
        pattern = pattern.replace("{MEMBER}", member_re)
        try:
            out.append(ProseRule(
                entry["id"], re.compile(pattern, re.IGNORECASE), entry["concept"], entry["unit"],
                entry.get("sign", "as-printed"), entry.get("section", "text"),
                tuple((str(k), str(v)) for k, v in (entry.get("dims") or {}).items()), f"{path.name}#{entry['id']}",
                str(entry.get("period", "")),
            ))
        except (KeyError, re.error) as exc:
            raise RuleError(f"{path}: prose entry {entry.get('id', '?')!r} is incomplete or has a bad pattern: {exc}") from None
        if out[-1].period not in ("", "event", "only"):
            raise RuleError(f"{path}: prose entry {entry['id']!r}: period must be \"event\", \"only\" or absent, "
                            f"not {out[-1].period!r}")
    return out


# ----------------------------------------------------------------------------- periods


def quarter_of(end: dt.date, fiscal_year_end: str) -> tuple[int, int]:
    """(fiscal year, quarter number) of a quarter ending on ``end``."""
    fye_month = int(fiscal_year_end[2:4]) if re.fullmatch(r"--\d\d-\d\d", fiscal_year_end) else 12
    months_after = (end.month - fye_month) % 12 or 12
    year = end.year if end.month <= fye_month else end.year + 1
    return year, (months_after + 2) // 3


def quarter_period(fiscal_year: int, quarter: int, fiscal_year_end: str) -> Period:
    from ..model import add_months

    fye_month = int(fiscal_year_end[2:4]) if re.fullmatch(r"--\d\d-\d\d", fiscal_year_end) else 12
    year_end = dt.date(fiscal_year, fye_month, 1)
    end_first = add_months(year_end, -(4 - quarter) * 3)
    end = add_months(end_first, 1) - dt.timedelta(days=1)
    start = add_months(end + dt.timedelta(days=1), -3)
    return Period(end=end, start=start)


def year_period(fiscal_year: int, fiscal_year_end: str) -> Period:
    q4 = quarter_period(fiscal_year, 4, fiscal_year_end)
    q1 = quarter_period(fiscal_year, 1, fiscal_year_end)
    return Period(end=q4.end, start=q1.start)


def parse_period(text: str, current: Period, fiscal_year_end: str, known: tuple[Period, ...] = ()) -> Period | None:
    """A period phrase of a release, relative to its current quarter. A duration ending on a printed date
    ("the three months ended March 31, 2025") is the one of the release's column periods (``known``)
    with that end and length, or None when the release has no such column."""
    from ..extract.periods import DATE_RE, make_date

    t = re.sub(r"\s+", " ", text.strip().lower())
    m = DATE_RE.search(t)
    length = MONTHS_ENDED_RE.search(t)
    if m and m.group(3) and length and length.start() < m.start():
        end = make_date(m.group(1), m.group(2), int(m.group(3)))
        months = LENGTH_WORDS[(length.group(1) or length.group(2)).lower()]
        fits = {p for p in known if p.start is not None and p.end == end
                and round((p.end - p.start).days / 30.44) == months}
        return fits.pop() if len(fits) == 1 else None
    if m and m.group(3):
        date = make_date(m.group(1), m.group(2), int(m.group(3)))
        return Period(end=date) if date else None
    fy, q = quarter_of(current.end, fiscal_year_end)
    m = re.search(r"(first|second|third|fourth) quarter(?: (?:of )?(?:fiscal )?(\d{4}))?", t)
    if m:
        quarter = ORDINALS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else (fy if quarter <= q else fy - 1)
        return quarter_period(year, quarter, fiscal_year_end)
    if re.search(r"(?:last|previous|prior) quarter", t):
        return quarter_period(fy if q > 1 else fy - 1, q - 1 if q > 1 else 4, fiscal_year_end)
    if re.search(r"same quarter last year", t):
        return quarter_period(fy - 1, q, fiscal_year_end)
    if re.fullmatch(r"(?:the )?quarter", t):
        return current
    m = re.search(r"(?:full|fiscal) year (\d{4})|(\d{4}) full year", t)
    if m:
        return year_period(int(m.group(1) or m.group(2)), fiscal_year_end)
    return None


def column_periods(tables: tuple[Table, ...]) -> tuple[Period, ...]:
    """The periods of the release's table columns (durations and instants), in order, once each."""
    return tuple(dict.fromkeys(c.period for t in tables for c in t.columns if c.period is not None))


def current_quarter(tables: tuple[Table, ...]) -> Period | None:
    """The latest three-month column of the release's statements."""
    quarters = [c.period for t in tables for c in t.columns
                if c.period is not None and c.period.start is not None and 80 <= (c.period.end - c.period.start).days <= 100]
    return max(quarters, key=lambda p: p.end) if quarters else None


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Figure:
    value: Decimal
    decimals: int
    scale: int
    digits_start: int  # offsets of the digits to tag, within the matched text
    digits_end: int
    negative: bool


def read_figure(text: str, unit: str, default_scale_word: str | None = None) -> Figure | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    digits = m.group(0)
    if re.search(r",(?!\d{3}(?:\D|$))", digits):
        return None  # malformed digit groups: never read
    printed_decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits.replace(",", ""))
    negative = bool(re.search(r"\(\s*\$?\s*\d", text) or re.search(r"(?:negative|minus|-)\s*\d", text, re.IGNORECASE))
    word = re.search(r"(thousand|million|billion)", text, re.IGNORECASE)
    scale_word = word.group(1).lower() if word else default_scale_word
    scale = SCALE_WORDS.get(scale_word or "", 0)
    if unit == "percent":
        scale = -2
    decimals = printed_decimals - scale
    value = value.scaleb(scale)
    return Figure(-value if negative else value, decimals, scale, m.start(), m.end(), negative)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z\"])", text):
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def prose_facts(document: Document, tables: tuple[Table, ...], resolver: ConceptResolver, fiscal_year_end: str,
                members: dict[str, str], rules: list[ProseRule] | None = None,
                calendar: FiscalCalendar | None = None) -> tuple[list[Fact], list[Finding]]:
    """Figures in sentences. Quarters and years named in words are calendar-month periods of the
    fiscal year ending ``fiscal_year_end``; on a 52/53-week ``calendar`` they become that calendar's
    periods, or are not tagged when it cannot say them for certain."""
    rules = load_prose_rules(members=members) if rules is None else rules
    if calendar is not None and calendar.kind == "weeks" and len({r.month for r in calendar.rules}) == 1:
        fiscal_year_end = f"--{calendar.rules[0].month:02d}-{month_end(2001, calendar.rules[0].month).day:02d}"
    findings: list[Finding] = []
    current = current_quarter(tables)
    if current is None or not rules:
        return [], findings
    in_table = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    known = column_periods(tables)
    facts: list[Fact] = []
    guidance_on, heading_period = False, None
    for line in document.lines:
        if line.number in in_table or line.is_blank:
            continue
        unsure = next((c.problem for c in line.cells if c.problem), None)
        if unsure:  # ingest could not tell what a reader sees on this line: none of its figures is read
            if re.search(r"\d", line.text):
                findings.append(Finding("prose.uncertain", Severity.WARNING, f"figures on this line are not read: {unsure}",
                                        line.cells[0].span, line.text[:120]))
            continue
        text = line.text
        if GUIDANCE_HEADING.match(text):
            guidance_on, heading_period = True, None
            continue
        stripped = text.strip()
        is_heading = len(stripped) < 60 and not stripped.startswith(("-", "\u2022", "\u00b7")) and not stripped.endswith(".")
        if guidance_on and is_heading:
            period_m = re.search(PERIOD + r"|(?:first|second|third|fourth)\s+quarter\s+\d{4}|\d{4}", stripped, re.IGNORECASE)
            heading_period = _heading_period(stripped, current, fiscal_year_end)
            if heading_period is None and period_m is None:
                guidance_on = False
            continue
        if guidance_on and len(stripped) > 200:
            guidance_on = False
        for s_start, s_end in _sentences(text):
            sentence = text[s_start:s_end]
            for rule in rules:
                if (rule.section == "guidance") != guidance_on:
                    continue
                for match in rule.pattern.finditer(sentence):
                    facts.extend(_facts_of(match, rule, sentence, s_start, line, document, current, fiscal_year_end,
                                           heading_period, resolver, members, findings, calendar, known))
    return facts, findings


def _heading_period(text: str, current: Period, fiscal_year_end: str) -> Period | None:
    t = text.lower()
    m = re.search(r"(first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?:fiscal\s+)?(\d{4})", t)
    if m:
        return quarter_period(int(m.group(2)), ORDINALS[m.group(1)], fiscal_year_end)
    m = re.search(r"(?:full|fiscal)\s+year\s+(\d{4})|(\d{4})\s+(?:full\s+year|fiscal\s+year)", t)
    if m:
        return year_period(int(m.group(1) or m.group(2)), fiscal_year_end)
    return None


def _event_period(rule: ProseRule, groups: dict[str, str | None], known: tuple[Period, ...], current: Period,
                  span_all: Span, text: str, findings: list[Finding]) -> Period | None:
    """The quarter of the release an event's date (``date`` group) falls in, or None with a finding."""
    from ..extract.periods import DATE_RE, make_date

    m = DATE_RE.search(groups.get("date") or "")
    day = make_date(m.group(1), m.group(2), int(m.group(3))) if m and m.group(3) else None
    if day is None:
        findings.append(Finding(
            "prose.eventDateUnknown", Severity.INFO,
            f"{text.strip()!r} ({rule.origin}) is not tagged: the sentence does not say on which day it happened, and filers "
            f"tag it in the quarter it falls in (on or before the release's date, maybe after its last quarter "
            f"ended {current.end.isoformat()}), which therefore cannot be told", span_all, text.strip(), "prose"))
        return None
    quarters = [p for p in known if p.start is not None and 80 <= (p.end - p.start).days <= 100 and p.start <= day <= p.end]
    if not quarters:
        findings.append(Finding(
            "prose.eventAfterPeriods", Severity.INFO,
            f"{text.strip()!r} ({rule.origin}) is not tagged: it happened on {day.isoformat()}, in no quarter the release "
            f"reports (the last ends {current.end.isoformat()}); filers tag it in the quarter it falls in, which "
            f"is not over when the release is dated", span_all, text.strip(), "prose"))
        return None
    first: Period = quarters[0]
    return first


def _period_type(resolver: ConceptResolver, name: str) -> str | None:
    """The period type (instant, duration) of a rule's concept, None when unknown."""
    options = [n.strip() for n in name.split("|")]
    chosen = next((n for n in options if resolver.exists(n)), options[-1])
    prefix, _, local = chosen.partition(":")
    if prefix == "ext":
        ext = resolver.extensions.get(local)
        return ext.period if ext is not None else None
    concept = resolver.index.get(chosen)
    return concept.period_type if concept is not None else None


def _facts_of(match: re.Match[str], rule: ProseRule, sentence: str, offset: int, line: Line, document: Document,
              current: Period, fye: str, heading_period: Period | None, resolver: ConceptResolver,
              members: dict[str, str], findings: list[Finding], calendar: FiscalCalendar | None = None,
              known: tuple[Period, ...] = ()) -> list[Fact]:
    groups = match.groupdict()
    period: Period | None = None
    span_all = Span(document.path, _source_line(line),  offset + match.start(), offset + match.end())
    if rule.period == "event":
        period = _event_period(rule, groups, known, current, span_all, match.group(0), findings)
        if period is None:
            return []
    elif groups.get("period"):
        period = parse_period(groups["period"], current, fye, known)
    elif rule.section == "guidance":
        period = heading_period
    elif rule.period == "only":
        phrases = {parse_period(m.group(0), current, fye, known) for m in re.finditer(PERIOD, sentence, re.IGNORECASE)}
        alike = len(re.findall(FIGURE_OF_UNIT.get(rule.unit, MONEY), sentence, re.IGNORECASE))
        if len(phrases) > 1 or (phrases and alike > 1):
            doubt = (f"names {len(phrases)} periods" if len(phrases) > 1 else
                     f"holds {alike} figures of its kind (a comparison?) for one period phrase")
            findings.append(Finding("prose.periodAmbiguous", Severity.INFO,
                                    f"{match.group(0).strip()!r} ({rule.origin}) is not tagged: its sentence {doubt}, "
                                    f"and which period is the figure's is not read", span_all,
                                    match.group(0).strip(), "prose"))
            return []
        period = phrases.pop() if phrases else None
    else:
        nearest = list(re.finditer(PERIOD, sentence, re.IGNORECASE))
        if nearest:
            period = parse_period(min(nearest, key=lambda m: abs(m.start() - match.start())).group(0), current, fye, known)
    if period is None:
        findings.append(Finding("prose.periodUnknown", Severity.INFO,
                                f"{match.group(0)!r} ({rule.origin}) is not tagged: no period can be read for it",
                                span_all, match.group(0), "prose"))
        return []
    if period.start is not None and period != current and period not in known and calendar is not None \
            and calendar.kind != "months":
        named, why = calendar.quarter(period)
        if named is None:
            findings.append(Finding("prose.periodUncertain", Severity.INFO,
                                    f"{match.group(0)!r} ({rule.origin}) is not tagged: its period on the company's "
                                    f"{calendar.describe()} cannot be determined with certainty ({why})",
                                    span_all, match.group(0), "prose"))
            return []
        period = named
    want = _period_type(resolver, rule.concept)
    if want is not None and want != ("instant" if period.is_instant else "duration"):
        findings.append(Finding("prose.periodType", Severity.INFO,
                                f"{match.group(0)!r} ({rule.origin}) is not tagged: {rule.concept} is an {want} concept "
                                f"and the sentence's period is {'a date' if period.is_instant else 'a duration'}",
                                span_all, match.group(0), "prose"))
        return []
    dims = [(resolver.qname(a), resolver.qname(m)) for a, m in rule.dims if "{member}" not in m]
    if any("{member}" in m for _a, m in rule.dims):
        phrase = groups.get("member") or ""
        member = next((name for pat, name in members.items() if re.fullmatch(pat, phrase.strip(), re.IGNORECASE)), None)
        if member is None:
            return []
        axis = next(a for a, m in rule.dims if "{member}" in m)
        dims.append((resolver.qname(axis), resolver.qname(member)))
    if rule.section == "guidance":
        dims.append((resolver.qname(SCENARIO_AXIS), resolver.qname(FORECAST)))
    concept = resolver.qname(rule.concept)
    out: list[Fact] = []
    value_groups = [g for g in ("value", "low", "high") if groups.get(g)]
    figures: dict[str, Figure] = {}
    for g in value_groups:
        scale_word = None
        if g in ("low", "high"):
            word = re.search(r"(thousand|million|billion)", sentence[match.start():match.end()], re.IGNORECASE)
            scale_word = word.group(1).lower() if word else None
        fig = read_figure(groups[g], rule.unit, scale_word)
        if fig is None:
            findings.append(Finding("prose.unreadable", Severity.WARNING,
                                    f"{groups[g]!r} ({rule.origin}) is not tagged: the number cannot be read with certainty",
                                    span_all, groups[g], "prose"))
            return []
        figures[g] = fig
    if "low" in figures and "high" in figures and figures["low"].value > figures["high"].value:
        figures["low"], figures["high"] = figures["high"], figures["low"]  # a range printed high-to-low
        swapped = {"low": "high", "high": "low"}
    else:
        swapped = {"low": "low", "high": "high"}
    for g, fig in figures.items():
        source_group = swapped.get(g, g)
        g_start = match.start(source_group)
        start = offset + g_start + fig.digits_start
        end = offset + g_start + fig.digits_end
        raw = line.text[start:end]
        value = -fig.value if rule.sign == "negated" else fig.value
        fact_dims = list(dims)
        if g in RANGE_DIMS:
            fact_dims.append((resolver.qname(RANGE_AXIS), resolver.qname(RANGE_DIMS[g])))
        reading = Reading(raw, Span(document.path, _source_line(line),  start, end), fig.value, negative=fig.negative,
                          decimals_printed=max(fig.decimals + fig.scale, 0))
        out.append(Fact(
            concept=concept, period=period, unit=UNIT_OF_KIND[rule.unit], value=value, decimals=fig.decimals,
            scale=fig.scale, reading=reading, rule=rule.origin, table_id="guidance" if rule.section == "guidance" else "prose",
            row_label=re.sub(r"\s+", " ", match.group(0))[:80], dims=tuple(sorted(fact_dims)), row_line=line.number,
        ))
    return out


def _source_line(line: Line) -> int:
    """The file line a document line starts on (the same number for plain text)."""
    return line.cells[0].span.line if line.cells else line.number
