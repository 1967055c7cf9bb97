"""Issue 6 (ingest): newswire copies of releases (one cell per line; tables collapsed on one line)."""
from __future__ import annotations

import pytest
from conftest import CORPUS
from docread import line_with, rows

from converter.extract import extract
from converter.ingest import read_document
from converter.ingest.newswire import read_newswire
from converter.rules import load_rules

ONE_PER_LINE = """# Acme, Inc. Reports Results

ACME, INC.

CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS

Three Months EndedSeptember 30,

Nine Months EndedSeptember 30,

2024

2023

2024

2023

 Revenues:

 Subscription revenue

$

2,033,324

$

2,673,333

$

6,649,206

$

8,063,992

 Loss from operations

(1,687,534

)

(389,416

)

(3,623,785

)

(1,576,133

)

 Other income, net

-

\u00a0

-

\u00a0

146,269

343,045
"""


def test_cells_one_per_line_are_reassembled_into_rows():
    doc = read_newswire(ONE_PER_LINE, "n.md")
    r = rows(doc)
    assert r["Subscription revenue"] == ["$2,033,324", "$2,673,333", "$6,649,206", "$8,063,992"]
    assert r["Loss from operations"] == ["(1,687,534)", "(389,416)", "(3,623,785)", "(1,576,133)"]
    assert r["Other income, net"] == ["-", "-", "146,269", "343,045"]
    texts = [ln.text for ln in doc.lines]
    assert "Acme, Inc. Reports Results" in texts  # markdown heading marker dropped
    assert "Three Months Ended September 30," in texts  # "EndedSeptember" split
    years = next(ln for ln in doc.lines if ln.text == "2024 2023 2024 2023")
    assert [c.text for c in years.cells] == ["", "2024", "2023", "2024", "2023"]
    loss = line_with(doc, "Loss from operations")
    assert loss.cells[1].span.line == 41  # the line of "(1,687,534"


def test_extract_reads_reassembled_rows():
    table = extract(read_newswire(ONE_PER_LINE, "n.md"), load_rules().statements).tables[0]
    assert table.statement == "income"
    assert [c.period.key for c in table.columns] == [
        "D20240701-20240930", "D20230701-20230930", "D20240101-20240930", "D20230101-20230930"]
    loss = next(r for r in table.rows if r.label == "loss from operations")
    assert [str(c.value) for c in loss.cells] == ["-1687534", "-389416", "-3623785", "-1576133"]


NBSP = "\u00a0"
COLLAPSED = (
    f" FORIAN INC.CONDENSED CONSOLIDATED BALANCE SHEETS{NBSP} {NBSP}  September 30, {NBSP} December 31,{NBSP} 2024"
    f" {NBSP} 2023{NBSP}  (UNAUDITED) {NBSP}  ASSETS {NBSP}  Current assets: {NBSP}  Cash and cash equivalents"
    f" ${NBSP}{NBSP}{NBSP}{NBSP} 2,707,688 {NBSP} ${NBSP}{NBSP}{NBSP} 6,042,986Marketable securities {NBSP}{NBSP}{NBSP}"
    f" 46,650,200 {NBSP}{NBSP}{NBSP}{NBSP} 42,296,589Accounts receivable, net {NBSP}{NBSP} 3,546,582 {NBSP}{NBSP}"
    f" 2,572,931Convertible notes payable, net {NBSP}{NBSP}{NBSP} 24,370,509 {NBSP}  Warrant liability {NBSP}{NBSP}"
    f" - {NBSP}{NBSP}{NBSP} 563Accumulated deficit {NBSP}{NBSP} (51,656,195) {NBSP}{NBSP}{NBSP} (47,685,414)Preferred"
    f" Stock; par value $0.001; 5,000,000 Shares authorized; 0 issued and outstanding as of{NBSP}{NBSP} September 30,"
    f" 2024 and December 31, 2023 {NBSP}{NBSP}{NBSP} - {NBSP}{NBSP}{NBSP} -Total assets ${NBSP}{NBSP} 57,511,990 {NBSP}"
    f" ${NBSP}{NBSP} 58,888,612\n"
)


def test_collapsed_table_is_split_into_rows():
    doc = read_newswire(COLLAPSED, "f.md")
    r = rows(doc)
    assert r["Cash and cash equivalents"] == ["$2,707,688", "$6,042,986"]
    assert r["Marketable securities"] == ["46,650,200", "42,296,589"]
    assert r["Accumulated deficit"] == ["(51,656,195)", "(47,685,414)"]
    assert r["Warrant liability"] == ["-", "563"]
    assert r["Total assets"] == ["$57,511,990", "$58,888,612"]
    label = ("Preferred Stock; par value $0.001; 5,000,000 Shares authorized; 0 issued and outstanding as of "
             "September 30, 2024 and December 31, 2023")
    assert r[label] == ["-", "-"]
    # "September 30," "December 31," over "2024" "2023": one header cell per column
    header = next(ln for ln in doc.lines if "September 30, 2024" in ln.text and len(ln.cells) == 3)
    assert [c.text for c in header.cells] == ["", "September 30, 2024", "December 31, 2023"]
    # spans point into the one long source line
    cash = line_with(doc, "Cash and cash equivalents")
    assert COLLAPSED[cash.cells[2].span.col_start:cash.cells[2].span.col_end].endswith("6,042,986")


def test_a_row_that_lost_its_empty_cells_is_not_guessed_into_a_column():
    doc = read_newswire(COLLAPSED, "f.md")
    short = line_with(doc, "Convertible notes payable, net")
    # the table's rows have 2 numbers: this row's single number goes after them (column unknown)
    assert [c.text for c in short.cells] == ["Convertible notes payable, net", "", "", "24,370,509"]
    table = extract(doc, load_rules().statements).tables[0]
    row = next(r for r in table.rows if r.label == "convertible notes payable, net")
    assert row.problem == "cannot tell which column a number belongs to"
    assert all(c is None for c in row.cells)


# --------------------------------------------------------------------------- the corpus


@pytest.mark.corpus
def test_paltalk_one_cell_per_line():
    doc = read_document(CORPUS / "19_paltalk_2024q3_newswire.md")
    r = rows(doc)
    assert r["Subscription revenue"] == ["$2,033", "$2,673", "(640)", "-23.9%"]  # the collapsed summary table
    assert r["Net loss"] == ["$(1,509,250)", "$(181,576)", "$(2,935,708)", "$(784,245)"]
    assert r["Income tax(expense) benefit"] == ["20,767", "37,915", "88,076", "(13,590)"]
    assert r["Cash and cash equivalents"] == ["$12,056,085", "$13,568,049"]
    tables = extract(doc, load_rules().statements).tables
    income = next(t for t in tables if t.statement == "income")
    assert [c.period.key for c in income.columns] == [
        "D20240701-20240930", "D20230701-20230930", "D20240101-20240930", "D20230101-20230930"]
    total = next(r for r in income.rows if r.label == "total revenues")
    assert [str(c.value) for c in total.cells] == ["2121234", "2767939", "6943589", "8287958"]
    balance = next(t for t in tables if t.title == "CONSOLIDATED CONDENSED BALANCE SHEETS")
    assert [c.period.key for c in balance.columns] == ["I20240930", "I20231231"]


@pytest.mark.corpus
def test_forian_collapsed_tables():
    doc = read_document(CORPUS / "20_forian_2024q3_newswire.md")
    r = rows(doc)
    assert r["Marketable securities"] == ["46,650,200", "42,296,589"]
    assert r["Net (loss) income"] == ["$ (204,907)", "$ 4,342,091", "-105%"]  # the highlights table, first
    assert line_with(doc, "Revenue").cells[1].text == "$ 4,686,312"  # "$ ... 4,686,312" on one line, spaces collapsed
    tables = extract(doc, load_rules().statements).tables
    balance = next(t for t in tables if t.statement == "balance")
    assert [c.period.key for c in balance.columns] == ["I20240930", "I20231231"]
    total = next(r for r in balance.rows if r.label == "total assets")
    assert [str(c.value) for c in total.cells] == ["57511990", "58888612"]
    income = next(t for t in tables if t.statement == "income")
    net = next(r for r in income.rows if r.label == "net (loss) income")
    assert [str(c.value) for c in net.cells] == ["-204907", "4342091", "-3970781", "9717744"]
