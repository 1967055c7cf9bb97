"""Issue 6 (ingest): old EDGAR text and other space-aligned text -> lines of cells."""
from __future__ import annotations

import functools

import pytest
from conftest import CORPUS
from docread import line_with
from docread import rows as _rows

from converter.extract import extract
from converter.ingest import read_document
from converter.ingest.edgar_text import read_edgar_text
from converter.rules import load_rules

rows = functools.partial(_rows, keep_empty=True)  # empty cells are the columns of space-aligned text


SC_TABLE = """<PAGE>
                         ACME CORPORATION
                CONSOLIDATED STATEMENT OF OPERATIONS
                            (UNAUDITED)

<TABLE>
<CAPTION>
                                              THREE MONTHS ENDED
                                                 SEPTEMBER 30,
                                            ----------------------
                                              2003          2002
                                            --------      --------
                                         (MILLIONS, EXCEPT PER SHARE AMOUNTS)
<S>                                         <C>           <C>
Revenues:
      Subscriptions ....................... $  5,150      $  4,818
      Advertising .........................    1,424            --
                                            --------      --------
      Total revenues ......................    6,574         4,818
Income (loss) before income taxes and
      cumulative effect ...................      919          (80)
Net income (loss) ......................... $    541      $(53,791)
                                            ========      ========
</TABLE>
"""


def test_s_c_columns_dot_leaders_rules_and_wrapped_labels():
    doc = read_edgar_text(SC_TABLE, "so.txt")
    r = rows(doc)
    assert r["Subscriptions"] == ["$ 5,150", "$ 4,818"]
    assert r["Advertising"] == ["1,424", "--"]
    assert r["Total revenues"] == ["6,574", "4,818"]
    assert r["Income (loss) before income taxes and cumulative effect"] == ["919", "(80)"]
    assert r["Net income (loss)"] == ["$ 541", "$(53,791)"]
    # no rule, markup or blank line inside the table; the stacked header is one line per band
    texts = [ln.text for ln in doc.lines]
    assert not any(t.startswith(("<", "---", "===")) for t in texts)
    header = next(ln for ln in doc.lines if "SEPTEMBER 30," in ln.text)
    assert [c.text for c in header.cells if c.text] == ["THREE MONTHS ENDED SEPTEMBER 30,"]
    span = line_with(doc, "Subscriptions").cells[1].span
    assert (span.line, span.col_start, span.col_end) == (16, 44, 52)
    assert SC_TABLE.split("\n")[span.line - 1][span.col_start:span.col_end] == "$  5,150"


def test_extract_reads_s_c_table():
    tables = extract(read_edgar_text(SC_TABLE, "so.txt"), load_rules().statements).tables
    assert len(tables) == 1
    table = tables[0]
    assert table.statement == "income"
    assert [c.period.key for c in table.columns] == ["D20030701-20030930", "D20020701-20020930"]
    net = next(r for r in table.rows if r.label == "net income (loss)")
    assert [str(c.value) for c in net.cells] == ["541", "-53791"]


SPACED = """    SEARS, ROEBUCK AND CO.
    CONSOLIDATED BALANCE SHEET

        (millions)
                                            July 3,   June 28,  January 3,
                                             2004       2003       2004
    Assets
      Current assets
        Cash and cash equivalents          $ 3,559    $ 2,921    $ 9,057
        Domestic credit card receivables         -     29,465          -
        Sears Canada credit card
         receivables                         1,813      1,849      1,998

        Deferred income taxes                  588        839        708
          Total current assets              12,920     39,921     18,196


    Net income per share, diluted  $  0.24   $  1.04   $ (3.71)

    The Company posted record revenue of $26.74 billion and record net quarterly
profit of $6 billion, or $6.43 per diluted share.  These results compare to
revenue of $15.68 billion in the year-ago quarter.
"""


def test_space_aligned_columns_by_right_edge():
    doc = read_edgar_text(SPACED, "sears.txt")
    r = rows(doc)
    assert r["Cash and cash equivalents"] == ["$ 3,559", "$ 2,921", "$ 9,057"]
    assert r["Domestic credit card receivables"] == ["-", "29,465", "-"]
    assert r["Sears Canada credit card receivables"] == ["1,813", "1,849", "1,998"]
    assert r["Total current assets"] == ["12,920", "39,921", "18,196"]
    # "July 3," stacked over "2004": one header cell per column
    header = next(ln for ln in doc.lines if "July 3" in ln.text)
    assert [c.text for c in header.cells] == ["", "July 3, 2004", "June 28, 2003", "January 3, 2004"]
    # the blank line inside the table is gone; the table stays one run of lines
    first = [ln.text for ln in doc.lines].index(header.text)
    last = next(i for i, ln in enumerate(doc.lines) if ln.text.startswith("Total current assets"))
    assert not any(ln.is_blank for ln in doc.lines[first:last])
    # a wrapped paragraph is one line of one cell (the sentence gap is not a cell boundary)
    prose = next(ln for ln in doc.lines if ln.text.startswith("The Company posted"))
    assert len(prose.cells) == 1 and prose.text.endswith("in the year-ago quarter.")
    assert "per diluted share. These results" in prose.text
    tables = extract(doc, load_rules().statements).tables
    balance = tables[0]
    assert balance.statement == "balance"
    assert [c.period.key for c in balance.columns] == ["I20040703", "I20030628", "I20040103"]


def test_lone_dollar_and_parenthesis_chunks():
    text = """
                         2004        2003
    Net income       $    53   $    309
    Loss             $  (806   )  $   501
    Other               (12)         7
"""
    r = rows(read_edgar_text(text, "x.txt"))
    assert r["Net income"] == ["$ 53", "$ 309"]
    assert r["Loss"] == ["$ (806)", "$ 501"]
    assert r["Other"] == ["(12)", "7"]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.corpus
def test_sears_space_aligned_statements():
    doc = read_document(CORPUS / "07_sears_2004q2_ex99.txt")
    assert doc.format == "text"
    r = rows(doc)
    assert r["Merchandise sales and services"] == ["$8,700", "$ 8,851", "$16,403", "$16,325"]
    assert r["Income before income taxes, minority interest and cumulative effect of change in accounting principle"] \
        == ["89", "502", "64", "812"]
    assert r["NET INCOME/ (LOSS)"] == ["$ 53", "$ 309", "$ (806)", "$ 501"]
    assert r["Cash and cash equivalents"] == ["$ 3,559", "$ 2,921", "$ 9,057"]
    # a row with numbers in some columns only keeps them in their columns
    assert r["Foreign exchange rate (quarterly average)"] == ["", "", "0.7353", "0.7109", "", ""]
    tables = extract(doc, load_rules().statements).tables
    balance = next(t for t in tables if t.statement == "balance")
    assert [c.period.key for c in balance.columns] == ["I20040703", "I20030628", "I20040103"]
    total = next(r for r in balance.rows if r.label == "total assets")
    assert [str(c.value) for c in total.cells] == ["21927", "50373", "27723"]


@pytest.mark.corpus
def test_time_warner_old_edgar_text():
    doc = read_document(CORPUS / "12_twx_2003q3_ex99-1.txt")
    r = rows(doc)
    assert r["Cash and equivalents"] == ["$ 1,728", "$ 1,730"]
    assert r["Mandatorily convertible preferred stock"] == ["1,500", "--"]
    assert r["Series LMCN-V common stock, $0.01 par value, 171.2 million shares outstanding in each period"] == ["2", "2"]
    assert r["Net income (loss)"][:4] == ["$ 541", "$ 57", "$ 2,001", "$(53,791)"]
    tables = extract(doc, load_rules().statements).tables
    income = next(t for t in tables if t.statement == "income")
    assert [c.period.key for c in income.columns] == [
        "D20030701-20030930", "D20020701-20020930", "D20030101-20030930", "D20020101-20020930"]
    balance = next(t for t in tables if t.statement == "balance")
    assert [c.period.key for c in balance.columns] == ["I20030930", "I20021231"]


@pytest.mark.corpus
def test_southern_2004_old_text_prose_only():
    doc = read_document(CORPUS / "08_so_2004q4_ex99-01_release.txt")
    texts = [ln.text for ln in doc.lines]
    assert "Jan. 25, 2005" in texts
    opening = next(t for t in texts if t.startswith("ATLANTA - Southern Company today reported"))
    assert opening.endswith("in the fourth quarter of 2003.")  # the wrapped paragraph is one line
    assert not any(t.strip() == "<PAGE>" for t in texts)
    assert extract(doc, load_rules().statements).tables == ()  # the release has no table
