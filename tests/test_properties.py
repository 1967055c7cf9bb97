"""Property-based tests (hypothesis) for the parsers that read figures: numbers, signs, scale, periods.

Each property is what the converter promises a reader of the filing: a number it reads is the number
printed (its digits, sign and decimals, nothing invented), a damaged number is refused with a reason,
and no text at all makes a parser raise or hang.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from converter.extract.numbers import STRAY, looks_numeric, read_number
from converter.extract.periods import read_header
from converter.extract.tables import read_scale
from converter.model import Span

pytestmark = pytest.mark.slow  # generated inputs by the thousand (hypothesis): seconds, not milliseconds

SPAN = Span("release.txt", 1, 0, 1)
ASCII_DIGITS = "0123456789"
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text built from what numbers are made of, plus the characters that damage them in real releases.
NUMBER_ALPHABET = (ASCII_DIGITS + ",.$()-% \t\u00a0\u2212\u2013\u2014\u20ac\u00a3" + "".join(sorted(STRAY))
                   + "\u0661\u0665\uff15\u00b2\u2075\u200b\u202e\ufeffOolI")
numberish_text = st.text(alphabet=NUMBER_ALPHABET, max_size=30)
any_text = st.one_of(st.text(max_size=40), numberish_text)


# --------------------------------------------------------------------------- numbers: round trip


def group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


@st.composite
def printed_numbers(draw):
    """(text, value, decimals) for a number printed the ways releases print them."""
    magnitude = draw(st.integers(min_value=0, max_value=10**18))
    decimals = draw(st.integers(min_value=0, max_value=4))
    negative = draw(st.booleans()) and magnitude != 0
    commas = draw(st.booleans())
    currency = draw(st.sampled_from(["", "$", "$ ", "\u20ac", "\u00a3 "]))
    negative_style = draw(st.sampled_from(["parentheses", "minus", "unicode minus", "currency inside parentheses"]))
    whole, fraction = divmod(magnitude, 10**decimals) if decimals else (magnitude, 0)
    text = group_thousands(str(whole)) if commas else str(whole)
    if decimals:
        text += "." + str(fraction).zfill(decimals)
    if negative and negative_style == "parentheses":
        text = f"{currency}({text})"
    elif negative and negative_style == "currency inside parentheses":
        text = f"({currency}{text})"
    elif negative:
        text = currency + ("-" if negative_style == "minus" else "\u2212") + text
    else:
        text = currency + text
    value = Decimal(magnitude).scaleb(-decimals)
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " "])), -value if negative else value, decimals


@PROPERTY_SETTINGS
@given(printed_numbers())
@example((" $ (1,301)", Decimal(-1301), 0))
@example(("$ (0.01)", Decimal("-0.01"), 2))
@example(("54,046,161", Decimal(54046161), 0))
def test_a_printed_number_reads_back_as_printed(case):
    text, value, decimals = case
    reading = read_number(text, SPAN)
    assert reading.problem is None, (text, reading.problem)
    assert reading.value == value
    assert reading.negative == (value < 0)
    assert reading.decimals_printed == decimals
    assert reading.raw == text.strip()
    if not re.fullmatch(r"\(\d\)", text.strip()):  # "(1)" alone in a cell is a footnote marker
        assert looks_numeric(text)


@PROPERTY_SETTINGS
@given(printed_numbers())
def test_a_printed_number_reads_the_same_in_a_table_of_thousands_unless_it_looks_european(case):
    text, value, decimals = case
    reading = read_number(text, SPAN, thousands_table=True)
    digits = text.strip(" $\u20ac\u00a3()-\u2212")
    if re.fullmatch(r"\d{1,3}\.\d{3}", digits):
        assert reading.problem and reading.value is None  # 17.000: a European thousands separator, not 17
    else:
        assert reading.problem is None and reading.value == value


@PROPERTY_SETTINGS
@given(st.sampled_from(["-", "\u2013", "\u2014", "\u2212", "--", "$ -", "$-", "$ \u2014"]))
def test_a_dash_reads_as_zero(text):
    reading = read_number(text, SPAN)
    assert reading.dash and reading.value == 0 and reading.problem is None


# --------------------------------------------------------------------------- numbers: damage is refused


@st.composite
def malformed_groups(draw):
    """Digits grouped by commas where some group after the first is not three digits (103,33; 1,2345)."""
    first = draw(st.integers(min_value=1, max_value=999))
    groups = draw(st.lists(st.integers(min_value=0, max_value=99999).map(str), min_size=1, max_size=4))
    lengths = draw(st.lists(st.integers(min_value=1, max_value=5), min_size=len(groups), max_size=len(groups)))
    groups = [g.zfill(n)[-n:] for g, n in zip(groups, lengths)]
    assume(any(len(g) != 3 for g in groups))
    body = ",".join([str(first)] + groups)
    wrap = draw(st.sampled_from(["{}", "$ {}", "({})", "$ ({})", "-{}"]))
    return wrap.format(body)


@PROPERTY_SETTINGS
@given(malformed_groups())
@example("103,33")
@example("$ 208,57")
@example("1,2345")
def test_malformed_digit_groups_are_never_read_as_a_value(text):
    reading = read_number(text, SPAN)
    assert reading.value is None and reading.problem, (text, reading)


@PROPERTY_SETTINGS
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_digits_split_by_a_space_are_refused(head, tail):
    text = f"{head} {tail:03d}"
    reading = read_number(text, SPAN)
    assert reading.value is None and "space" in reading.problem


@PROPERTY_SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=2, max_size=4), st.integers(min_value=1, max_value=999))
def test_dots_used_as_thousands_separators_are_refused(groups, head):
    text = ".".join([str(head)] + [f"{g:03d}" for g in groups])
    reading = read_number(text, SPAN)
    assert reading.value is None and reading.problem


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(sorted(STRAY)), st.integers(min_value=0, max_value=8))
def test_a_stray_symbol_inside_a_number_is_refused(n, symbol, where):
    printed = f"{n:,}"
    where = min(where, len(printed))
    reading = read_number(printed[:where] + symbol + printed[where:], SPAN)
    assert reading.value is None and reading.problem


@PROPERTY_SETTINGS
@given(st.sampled_from(["\u0661\u0662\u0663", "\uff11\uff12\uff13", "1\uff12", "\u0661,\u0662\u0663\u0664", "\u00b9\u00b2", "12\u2075"]))
def test_digits_other_than_ascii_are_never_read(text):
    """A fullwidth or Arabic-Indic digit is not what the filing's ixt:num-dot-decimal can show; refuse it."""
    reading = read_number(text, SPAN)
    assert reading.value is None and reading.problem


@pytest.mark.parametrize("text", ["(-5)", "(\u22125)", "$(-1,234)", "-(5)"])
def test_two_negative_signs_are_refused_not_read_as_one(text):
    reading = read_number(text, SPAN)
    assert reading.value is None and reading.problem


def test_more_digits_than_any_figure_are_refused_not_rounded():
    """Decimal arithmetic keeps 28 digits: a 30-digit cell (merged cells, a huge line) would be rounded when scaled."""
    from converter.extract.numbers import MAX_DIGITS

    assert read_number("9" * MAX_DIGITS, SPAN).value == Decimal("9" * MAX_DIGITS)
    for text in ("1" * (MAX_DIGITS + 1), "10000000000000000000000000001", "1" * 5000, "0." + "1" * 40):
        reading = read_number(text, SPAN)
        assert reading.value is None and "digits" in reading.problem


# --------------------------------------------------------------------------- numbers: any text at all


@PROPERTY_SETTINGS
@given(any_text)
def test_any_text_gives_a_value_or_a_reason_never_an_exception(text):
    reading = read_number(text, SPAN)
    assert (reading.value is not None) != (reading.problem is not None), reading
    assert isinstance(looks_numeric(text), bool)


@PROPERTY_SETTINGS
@given(st.one_of(any_text, printed_numbers().map(lambda case: case[0]),
                 st.text(alphabet="0123456789,.$()-\u2212 %", max_size=14)))
@example("\u0661\u0662\u0663")
@example("(-5)")
@example(".5")
@example("007")
def test_a_value_read_is_literally_the_digits_printed(text):
    reading = read_number(text, SPAN)
    if not reading.readable:
        return
    printed_digits = "".join(ch for ch in text if ch in ASCII_DIGITS)
    if reading.dash:
        assert reading.value == 0 and not printed_digits
        return
    shown = format(abs(reading.value), "f").replace(".", "")  # exact: no rounding to the context's precision
    assert printed_digits.lstrip("0") == shown.lstrip("0"), (text, reading.value)
    fraction = text.split(".", 1)[1] if "." in text else ""
    assert reading.decimals_printed == len(re.match(r"\d*", fraction).group(0))
    assert (reading.value < 0) == (reading.negative and reading.value != 0)
    if reading.negative:
        assert any(ch in text for ch in "(-\u2212"), text


@pytest.mark.parametrize("filler", [" ", "\t", "\u00a0", ",", ".", " 1"])
def test_long_runs_inside_a_cell_are_read_in_linear_time(filler):
    """A huge line (a PDF extraction gone wrong) must not make the number reader hang (it took minutes)."""
    import time

    text = "1" + filler * 200_000 + "1x"
    started = time.perf_counter()
    looks_numeric(text)
    read_number(text, SPAN)
    assert time.perf_counter() - started < 1.0


# --------------------------------------------------------------------------- scale


SCALE_WORDS = {"thousands": 3, "millions": 6}


def caption_case(text: str, style: str) -> str:
    return {"title": text.title(), "upper": text.upper(), "lower": text.lower()}[style]


@PROPERTY_SETTINGS
@given(st.sampled_from(sorted(SCALE_WORDS)), st.sampled_from(["per share data", "per share amounts", "per-share data",
                                                               "per share information"]),
       st.sampled_from(["title", "upper", "lower"]), st.sampled_from(["({})", "{}", "(unaudited; {})", "({}) Unaudited"]),
       st.sampled_from(["in {w}", "amounts in {w}", "dollars in {w}", "in {w} of dollars"]))
def test_in_thousands_except_per_share_scales_money_and_share_counts(word, per_share, style, wrap, phrase):
    caption = caption_case(wrap.format(f"{phrase.format(w=word)}, except {per_share}"), style)
    money, shares, found = read_scale([caption])
    assert (money, shares, found) == (SCALE_WORDS[word], SCALE_WORDS[word], caption)


@PROPERTY_SETTINGS
@given(st.sampled_from(sorted(SCALE_WORDS)),
       st.sampled_from(["share and per share data", "share and per share amounts", "shares and per share data",
                        "share data and per share data", "number of shares and per share data",
                        "for share and per share amounts", "share and per-share data", "share amounts and per share data",
                        "shares", "share counts and per share data"]),
       st.sampled_from(["title", "upper", "lower"]), st.sampled_from(["({})", "{}", "(unaudited; {})"]))
def test_except_share_and_per_share_leaves_share_counts_unscaled(word, exception, style, wrap):
    caption = caption_case(wrap.format(f"in {word}, except {exception}"), style)
    money, shares, _found = read_scale([caption])
    assert money == SCALE_WORDS[word]
    assert shares == 0, caption


@pytest.mark.parametrize("caption", ["(In Millions, Except Per Share And Share Data)",
                                     "(in thousands, except per share amounts and shares)",
                                     "(in thousands, except per share data and share counts)"])
def test_except_per_share_and_share_data_leaves_share_counts_unscaled(caption):
    assert read_scale([caption])[1] == 0


@PROPERTY_SETTINGS
@given(st.lists(st.text(max_size=80), max_size=6))
def test_read_scale_never_raises_and_gives_a_known_power(lines):
    money, shares, caption = read_scale(lines)
    assert money in (0, 3, 6, 9) and shares in (0, 3, 6, 9)
    assert (caption is None) == (money == 0) or caption in lines


SEED_CAPTION = "(In Thousands, Except Share and Per Share Data)\nUnaudited"


@pytest.mark.parametrize("caption, money, shares", [
    ("(In Thousands, Except Share and Per Share Data)", 3, 0),
    ("(In Millions, Except Per Share Data)", 6, 6),
    ("(in thousands, except per share amounts)", 3, 3),
    ("(IN MILLIONS, EXCEPT SHARE AND PER SHARE AMOUNTS)", 6, 0),
])
def test_the_income_statement_caption_scales_its_facts_and_never_per_share(tmp_path, taxonomy, caption, money, shares):
    """The whole pipeline: money and share counts follow the caption; per-share amounts are always as printed.
    The seed prints thousands of dollars and whole share counts: a caption that says otherwise is a misread
    that the cross-checks catch, and what it would scale wrongly is refused, never tagged."""
    from conftest import SEED

    from converter.pipeline import build_filing

    text = SEED.read_text(encoding="utf-8")
    assert SEED_CAPTION in text
    release = tmp_path / "release.txt"
    release.write_text(text.replace(SEED_CAPTION, f"{caption}\nUnaudited"), encoding="utf-8")
    filing, _index = build_filing(release, taxonomy=taxonomy, profile=SEED.with_name(SEED.stem + ".profile.toml"))
    table = next(t for t in filing.tables if "Statements of Operations" in t.title)
    facts = [f for f in filing.facts if f.table_id == table.id]
    expected = {"USD": money, "shares": shares, "USDPerShare": 0}
    if money != 3:
        # the amounts agree with the release's sentences ("$0.7 million") only at a thousandth of the caption's
        # scale: the scale agreement gate refuses the table's amounts
        assert not [f for f in facts if f.unit == "USD"]
        assert any(f.code == "gate.scale" for f in filing.findings)
        del expected["USD"]
    if shares or money != 3:
        # share counts scaled by the caption, or the net income they are checked against: EPS x shares is then
        # a power of ten off net income and the EPS gate cannot tell which scale is wrong
        assert not [f for f in facts if f.unit == "shares"]
        assert any(f.code == "gate.perShare" for f in filing.findings)
        del expected["shares"]
    assert {f.unit for f in facts} == set(expected)
    for fact in facts:
        assert fact.scale == expected[fact.unit], (fact.concept, fact.reading.raw, fact.scale)
        printed = Decimal(re.sub(r"[^0-9.]", "", fact.reading.raw))
        assert abs(fact.value) == printed.scaleb(fact.scale)
        if fact.unit == "USDPerShare":
            assert fact.decimals == fact.reading.decimals_printed


def test_the_nearest_caption_wins():
    assert read_scale(["(In millions)", "(In thousands)"])[0] == 6
    assert read_scale(["Unaudited", "(In thousands, except share data)"])[:2] == (3, 0)
    assert read_scale(["Condensed Consolidated Balance Sheets"]) == (0, 0, None)


# --------------------------------------------------------------------------- periods


MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]
DURATION_WORDS = {3: ["Three", "3"], 6: ["Six", "6"], 9: ["Nine", "9"], 12: ["Twelve", "12"]}
header_words = st.sampled_from(MONTH_NAMES + ["Months", "Weeks", "Ended", "Three", "Nine", "Year", "Quarter", "0", "00",
                                              "13", "31", "30", "2012", "2013", "1999", ",", "As of", "\t", "(unaudited)"])
header_line = st.lists(header_words, max_size=10).map(" ".join)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(header_line, st.text(max_size=60)), max_size=4), st.integers(min_value=-1, max_value=8))
@example(["0 Months Ended September 30,", "2013"], 1)
@example(["00 Weeks Ended September 30, 2013"], 1)
@example(["February 29, 2013"], 1)
def test_header_parsing_never_raises_and_fits_the_columns(lines, ncols):
    header = read_header(lines, ncols)
    if header.periods is None:
        assert header.problem
        return
    assert header.problem is None
    assert len(header.periods) == ncols == len(header.labels)
    for period in header.periods:
        assert period.start is None or period.start <= period.end, (lines, period)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def first_of_month_before(end: dt.date, months: int) -> dt.date:
    index = end.year * 12 + end.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(sorted(DURATION_WORDS)), min_size=1, max_size=3), st.integers(min_value=1, max_value=12),
       st.lists(st.integers(min_value=1990, max_value=2030), min_size=1, max_size=3, unique=True), st.data())
def test_durations_over_a_row_of_years(counts, month, years, data):
    """"Three Months Ended / Nine Months Ended September 30," over "2013 2012 2013 2012": one period per column."""
    words = [data.draw(st.sampled_from(DURATION_WORDS[c])) for c in counts]
    day = calendar.monthrange(2001, month)[1]  # a non-leap month end, valid every year
    lines = ["\t".join(f"{w} Months Ended" for w in words),
             "\t".join(f"{MONTH_NAMES[month - 1]} {day}," for _ in words),
             "\t".join(str(y) for _ in words for y in years)]
    header = read_header(lines, len(words) * len(years))
    assert header.problem is None, (lines, header.problem)
    expected = []
    for count in counts:
        for year in years:
            end = dt.date(year, month, day)
            expected.append((first_of_month_before(end, count) if day == month_end(year, month).day else None, end))
    for period, (start, end) in zip(header.periods, expected):
        assert period.end == end
        if start is not None:
            assert period.start == start, (lines, period)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=1990, max_value=2030), st.integers(min_value=1, max_value=12)),
                min_size=1, max_size=4, unique=True), st.sampled_from(["\t", "  ", " \t "]))
def test_instants_one_full_date_per_column(dates, separator):
    ends = [month_end(y, m) for y, m in dates]
    lines = [separator.join(f"{d:%B} {d.day}, {d.year}" for d in ends)]
    header = read_header(lines, len(ends))
    assert header.problem is None, lines
    assert [p.end for p in header.periods] == ends
    assert all(p.is_instant for p in header.periods)


@PROPERTY_SETTINGS
@given(st.permutations([2013, 2012, 2011]))
def test_swapped_years_give_swapped_periods_never_the_original_order(years):
    lines = ["Year Ended December 31,", "\t".join(str(y) for y in years)]
    header = read_header(lines, 3)
    assert [p.end.year for p in header.periods] == list(years)


def test_a_header_with_a_date_that_is_not_a_calendar_date_is_refused():
    header = read_header(["Three Months Ended February 30,", "2013\t2012"], 2)
    assert header.periods is None and "calendar" in header.problem


@pytest.mark.parametrize("count", ["0", "00"])
def test_a_zero_length_duration_is_refused(count):
    """'0 Months Ended' would make a period that starts after it ends."""
    assert read_header([f"{count} Months Ended September 30,", "2013\t2012"], 2).periods is None
    assert read_header([f"{count} Weeks Ended September 30, 2013"], 1).periods is None


def test_many_header_lines_are_read_in_linear_time():
    import time

    lines = ["September 30, 2013 December 31, 2012"] * 4000
    started = time.perf_counter()
    read_header(lines, 2)
    assert time.perf_counter() - started < 1.0
