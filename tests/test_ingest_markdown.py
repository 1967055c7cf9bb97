"""Issue 14: Markdown releases (pipe tables, HTML tables inside Markdown), chosen by content; report
dates from "is as of" sentences; hostile Markdown inert; the Alphabet releases of the corpus."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS
from docread import line_with, rows
from ixread import read_facts
from lxml import etree
from lxml import html as lxml_html

from converter.ingest import decode, read_document, sniff
from converter.ingest.markdown import read_markdown
from converter.ingest.newswire import read_newswire

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]

DATELINE = "NEW YORK, May 1, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.\n\n"

PIPE = DATELINE + """## CONDENSED CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts; unaudited)*

|                              | Three Months Ended March 31,<br/>2024 | 2025     |   |
| ---------------------------- | ------------------------------------- | -------- | - |
| Revenues                     | $ 1,000                               | $ 1,200  |   |
| Cost of revenues             | 600                                   | 700      |   |
| **Net income**               | **$ 400**                             | **$ 500**|   |
| Diluted net income per share | $ 0.40                                | $ 0.50   |   |

## CONDENSED CONSOLIDATED BALANCE SHEETS
*(In millions)*

### Assets

| Description          | As of December 31, 2024 | As of March 31, 2025 |
| -------------------- | ----------------------- | -------------------- |
| Cash                 | $ 300                   | $ 350                |
| **Total assets**     | **$ 900**               | **$ 950**            |

### Liabilities and Stockholders' Equity

| Description          | As of December 31, 2024 | As of March 31, 2025 |
| -------------------- | ----------------------- | -------------------- |
| Total liabilities    | 400                     | 420                  |
| Total stockholders' equity | 500               | 530                  |
| Total liabilities and stockholders' equity | $ 900 | $ 950             |
"""

HTML = DATELINE + """## CONDENSED CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts; unaudited)*

<table>
  <thead>
    <tr><th></th><th colspan="2">Three Months Ended March 31,</th></tr>
    <tr><th></th><th>2024</th><th>2025</th></tr>
  </thead>
  <tbody>
    <tr><td>Revenues</td><td>$ 1,000</td><td>$ 1,200</td></tr>
    <tr><td>Cost of revenues</td><td>600</td><td>700</td></tr>

    <tr><td><b>Net income</b></td><td>$</td><td>400</td><td>$ 500</td></tr>
    <tr><td>Diluted net income per share</td><td>$ 0.40</td><td>$ 0.50</td></tr>
  </tbody>
</table>

## CONDENSED CONSOLIDATED BALANCE SHEETS
*(In millions)*

<table>
  <tr><th></th><th>As of December 31, 2024</th><th>As of March 31, 2025</th></tr>
  <tr><th colspan="3" align="left">Assets</th></tr>
  <tr><td>Cash</td><td>$ 300</td><td>$ 350</td></tr>
  <tr><td>Total assets</td><td>$ 900</td><td>$ 950</td></tr>
  <tr><th colspan="3" align="left">Liabilities and Stockholders' Equity</th></tr>
  <tr><td>Total liabilities</td><td>400</td><td>420</td></tr>
  <tr><td>Total stockholders' equity</td><td>500</td><td>530</td></tr>
  <tr><td>Total liabilities and stockholders' equity</td><td>$ 900</td><td>$ 950</td></tr>
</table>
"""

EXPECTED = {
    # concept, period: value, decimals
    ("us-gaap:Revenues", "2025-01-01/2025-03-31"): (Decimal("1200000000"), "-6"),
    ("us-gaap:Revenues", "2024-01-01/2024-03-31"): (Decimal("1000000000"), "-6"),
    ("us-gaap:CostOfRevenue", "2025-01-01/2025-03-31"): (Decimal("700000000"), "-6"),
    ("us-gaap:NetIncomeLoss", "2025-01-01/2025-03-31"): (Decimal("500000000"), "-6"),
    ("us-gaap:NetIncomeLoss", "2024-01-01/2024-03-31"): (Decimal("400000000"), "-6"),
    ("us-gaap:EarningsPerShareDiluted", "2025-01-01/2025-03-31"): (Decimal("0.50"), "2"),
    ("us-gaap:Assets", "2025-03-31"): (Decimal("950000000"), "-6"),
    ("us-gaap:Assets", "2024-12-31"): (Decimal("900000000"), "-6"),
    ("us-gaap:Liabilities", "2025-03-31"): (Decimal("420000000"), "-6"),
    ("us-gaap:StockholdersEquity", "2024-12-31"): (Decimal("500000000"), "-6"),
    ("us-gaap:LiabilitiesAndStockholdersEquity", "2025-03-31"): (Decimal("950000000"), "-6"),
}


def convert(path: Path, out: Path, taxonomy: Path, *extra: str) -> int:
    from converter.cli import main

    return main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *COMPANY, *extra])


def facts_of(out: Path) -> set[tuple]:
    return {(f.concept, f.period, f.dims, f.unit, f.value, f.decimals)
            for f in read_facts(next(out.glob("*.htm"))) if not f.concept.startswith("dei:")}


# --------------------------------------------------------------------------- the same statement twice


def test_pipe_table_and_html_table_of_the_same_statements_give_the_same_facts(tmp_path, taxonomy):
    (tmp_path / "pipe.md").write_text(PIPE)
    (tmp_path / "html.md").write_text(HTML)
    assert convert(tmp_path / "pipe.md", tmp_path / "p", taxonomy) == 0
    assert convert(tmp_path / "html.md", tmp_path / "h", taxonomy) == 0
    pipe, html = facts_of(tmp_path / "p"), facts_of(tmp_path / "h")
    assert pipe == html
    got = {(c, p): (v, d) for c, p, _dims, _u, v, d in pipe}
    for key, value in EXPECTED.items():
        assert got.get(key) == value, key
    units = {(c, u) for c, _p, _d, u, _v, _dec in pipe}
    assert ("us-gaap:EarningsPerShareDiluted", "USDPerShare") in units or any(
        c == "us-gaap:EarningsPerShareDiluted" and u and "share" in u.lower() for c, u in units)


def test_stacked_header_caption_and_continued_table_as_the_extractor_reads_them(tmp_path):
    doc = read_markdown(PIPE, "pipe.md")
    years = next(ln for ln in doc.lines if [c.text for c in ln.cells if c.text] == ["2024", "2025"])
    above = doc.lines[years.number - 2]
    assert [c.text for c in above.cells if c.text] == ["Three Months Ended March 31,"]
    assert any(ln.text == "(In millions, except per share amounts; unaudited)" for ln in doc.lines)
    # the empty trailing column is gone; "$ 1,000" is one cell
    assert rows(doc)["Revenues"] == ["$ 1,000", "$ 1,200"]
    assert len(line_with(doc, "Revenues").cells) == 3
    # the balance sheet goes on under "### Liabilities ...": one run of lines, the repeated header dropped
    first = line_with(doc, "Cash").number
    last = line_with(doc, "Total liabilities and stockholders' equity").number
    run = doc.lines[first - 1:last]
    assert all(not ln.is_blank for ln in run)
    assert "Liabilities and Stockholders' Equity" in [ln.text for ln in run]
    assert sum(1 for ln in doc.lines if ln.text.startswith("Description")) == 1


def test_provenance_is_line_and_column_in_the_markdown_file():
    source = PIPE.split("\n")
    doc = read_markdown(PIPE, "pipe.md")
    for ln in doc.lines:
        for cell in ln.cells:
            if cell.text and cell.text[:1] in "$0123456789(":
                shown = source[cell.span.line - 1][cell.span.col_start:]
                assert shown.startswith(cell.text), (cell.text, cell.span)
    revenue = line_with(doc, "Revenues").cells[2]
    assert (revenue.span.line, revenue.span.col_start) == (8, source[7].index("$ 1,200"))
    hdoc = read_markdown(HTML, "html.md")
    hsource = HTML.split("\n")
    cell = line_with(hdoc, "Cost of revenues").cells[1]
    assert hsource[cell.span.line - 1][cell.span.col_start:].startswith("<td>600</td>")
    assert "/td" in cell.span.path


def test_wrapped_label_and_a_table_gfm_does_not_accept():
    text = """## STATEMENTS OF CASH FLOWS
(In millions)

Activities|           |      |      |
| ------------------ | ---- | ---- |
| Three Months Ended March 31, | | |
|                    | 2024 | 2025 |
| Net income         | 400  | 500  |
| Effect of exchange rate changes on cash | | |
|                    | (12) | 7    |
| Adjustments:       |      |      |
|                    | 1    | 2    |
"""
    doc = read_markdown(text, "cf.md")
    table = rows(doc)
    assert table["Net income"] == ["400", "500"]
    assert table["Effect of exchange rate changes on cash"] == ["(12)", "7"]
    # a heading ending in ":" keeps its own line: its numbers stay unlabelled (and are refused downstream)
    assert table["Adjustments:"] == []
    after = doc.lines[line_with(doc, "Adjustments:").number]
    assert [c.text for c in after.cells] == ["", "1", "2"]


# --------------------------------------------------------------------------- choosing the reader


@pytest.mark.parametrize("content, suffix, reader", [
    ("# Acme\n\n| a | b |\n| - | - |\n| Revenues | 1 |\n", ".md", "markdown"),
    ("# Acme\n\n<table>\n<tr><td>Revenues</td><td>1</td></tr>\n</table>\n", ".md", "markdown"),
    ("# Acme\n\n| a | b |\n| --- | --- |\n| Revenues | 1 |\n", ".txt", "markdown"),
    ("# Acme\n\nRevenue\n\n$\n\n1,234\n", ".md", "newswire"),
    ("<html><body><table><tr><td>a</td></tr></table></body></html>", ".md", "html"),
])
def test_sniffing(content, suffix, reader):
    data = content.encode()
    assert sniff(data, decode(data, "x"), suffix) == reader


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["19_paltalk_2024q3_newswire.md", "20_forian_2024q3_newswire.md"])
def test_newswire_files_named_md_keep_the_newswire_reader(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    data = path.read_bytes()
    text = decode(data, str(path))
    assert sniff(data, text, ".md") == "newswire"
    assert read_document(path) == read_newswire(text, str(path))


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["22_goog_2025q1_release.md", "23_goog_2025q2_release.md"])
def test_alphabet_markdown_goes_to_the_markdown_reader(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    data = path.read_bytes()
    assert sniff(data, decode(data, str(path)), ".md") == "markdown"
    doc = read_document(path)
    assert [ln.number for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    keys = [(c.span.line, c.span.col_start) for ln in doc.lines for c in ln.cells if c.text]
    assert len(keys) == len(set(keys))


# --------------------------------------------------------------------------- report date


def test_report_date_from_an_information_is_as_of_sentence(tmp_path, taxonomy):
    body = PIPE.replace(DATELINE, "Acme Corp. today announced results for the quarter ended March 31, 2025.\n\n")
    body += "\n## Forward-Looking Statements\n\nAll information provided in this release and in the attachments is as of May 2, 2025. We undertake no duty to update.\n"
    (tmp_path / "r.md").write_text(body)
    assert convert(tmp_path / "r.md", tmp_path / "o", taxonomy) == 0
    assert (tmp_path / "o" / "acme-20250502.htm").is_file()


def test_no_report_date_printed_is_a_one_line_error(tmp_path, taxonomy, capsys):
    body = "## CONSOLIDATED STATEMENTS OF INCOME\n(In millions)\n\n| | 2025 | 2024 |\n| - | - | - |\n| Revenues | 5 | 4 |\n| Net income | 2 | 1 |\n"
    (tmp_path / "r.md").write_text(body)
    assert convert(tmp_path / "r.md", tmp_path / "o", taxonomy) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "--report-date" in err[0] and "Traceback" not in err[0]


# --------------------------------------------------------------------------- hostile Markdown


HOSTILE = DATELINE + """Read [the release](javascript:alert(1)) or <a href="javascript:alert(2)" onclick="alert(3)">here</a>.
<script>alert(4)</script> Tom &amp; Jerry &#x26; &lt;b&gt;

<script>
document.write("<table><tr><td>Revenues</td><td>9,999</td><td>9,999</td></tr></table>")
</script>

<!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;"> <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>

<style>body { background: url(javascript:alert(5)) }</style>

## CONDENSED CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts; unaudited)*

|                                        | Three Months Ended March 31,<br/>2024 | 2025 |
| -------------------------------------- | ---- | ---- |
| Revenues <script>alert(6)</script>     | $ 1,000 | $ 1,200 |
| Cost of revenues &xxe;                 | 600 | 700 |
| Diluted net income per share <img src=x onerror=alert(7)> | $ 0.40 | $ 0.50 |

<table onmouseover="alert(8)">
<tr><td></td><td>2024</td><td>2025</td></tr>
<tr><td>Gross profit &lol2;</td><td>400</td><td>500</td></tr>
<tr><td><script>alert(9)</script>Net income</td><td>&#52;00</td><td>500</td></tr>
</table>
"""


def test_hostile_markdown_is_inert(tmp_path, taxonomy):
    (tmp_path / "h.md").write_text(HOSTILE)
    assert convert(tmp_path / "h.md", tmp_path / "o", taxonomy) == 0
    htm = next((tmp_path / "o").glob("*.htm"))
    text = htm.read_text()
    for word in ("alert", "javascript", "passwd", "onclick", "onerror", "onmouseover", "document.write", "9,999"):
        assert word not in text, word
    root = etree.parse(str(htm), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()
    assert not list(root.iter("{http://www.w3.org/1999/xhtml}script"))
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on") and "javascript" not in value.lower(), (el.tag, name)
    # entities: character references are the characters they name; an XML entity is never expanded
    assert "Tom &amp; Jerry &amp; &lt;b&gt;" in text
    doc = read_markdown(HOSTILE, "h.md")
    assert "Gross profit &lol2;" in rows(doc) and "lollol" not in "".join(ln.text for ln in doc.lines)
    assert rows(doc)["Net income"] == ["400", "500"]
    assert rows(doc)["Revenues"] == ["$ 1,000", "$ 1,200"]
    assert "9,999" not in "".join(ln.text for ln in doc.lines)
    got = {(f.concept, f.period): f.value for f in read_facts(htm)}
    assert got[("us-gaap:Revenues", "2025-01-01/2025-03-31")] == Decimal("1200000000")
    # the report page's own script is the project's; the input's never reaches it
    report = lxml_html.fromstring((tmp_path / "o" / "report.html").read_bytes())
    for script in report.iter("script"):
        assert "alert(" not in (script.text or "")


# --------------------------------------------------------------------------- the Alphabet releases


def _company_facts(accession: str) -> dict[tuple[str, str], Decimal]:
    data = json.loads((CORPUS / "truth" / "CIK0001652044.json").read_text())
    out = {}
    for prefix, concepts in data["facts"].items():
        for concept, body in concepts.items():
            for entries in body["units"].values():
                for e in entries:
                    if e["accn"] == accession:
                        period = f"{e['start']}/{e['end']}" if e.get("start") else e["end"]
                        out[(f"{prefix}:{concept}", period)] = Decimal(str(e["val"]))
    return out


ALPHABET = ["--cik", "1652044", "--company", "Alphabet Inc.", "--ticker", "GOOGL", "--prefix", "goog"]


@pytest.mark.corpus
@pytest.mark.arelle
def test_alphabet_q1_html_in_markdown_validates_and_agrees_with_the_company(tmp_path, taxonomy):
    from converter.cli import main

    path = CORPUS / "22_goog_2025q1_release.md"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    out = tmp_path / "q1"
    assert main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), *ALPHABET]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["validation"]["errors"] == 0
    assert report["report_date"] == "2025-04-24"
    kinds = {t["statement"] for t in report["tables"]}
    assert {"income", "balance", "cashflow"} <= kinds
    facts = read_facts(out / "goog-20250424.htm")
    got = {(f.concept, f.period): f for f in facts if not f.dims}
    for key, value in {
        ("us-gaap:NetIncomeLoss", "2025-01-01/2025-03-31"): Decimal("34540000000"),
        ("us-gaap:NetIncomeLoss", "2024-01-01/2024-03-31"): Decimal("23662000000"),
        ("us-gaap:EarningsPerShareDiluted", "2025-01-01/2025-03-31"): Decimal("2.81"),
        ("us-gaap:Assets", "2025-03-31"): Decimal("475374000000"),
        ("us-gaap:Assets", "2024-12-31"): Decimal("450256000000"),
    }.items():
        assert got[key].value == value, key
    assert got[("us-gaap:Assets", "2025-03-31")].decimals == "-6"
    # no tagged value contradicts what the company tagged in its 10-Q for the quarter
    truth = _company_facts("0001652044-25-000043")
    wrong = [(k, f.value, truth[k]) for k, f in got.items() if k in truth and truth[k] != f.value]
    assert wrong == []
    agreeing = [k for k, f in got.items() if truth.get(k) == f.value]
    assert len(agreeing) >= 50


@pytest.mark.corpus
def test_alphabet_q2_pipe_tables_with_year_to_date_columns_split_across_cells(tmp_path, taxonomy):
    from converter.cli import main

    path = CORPUS / "23_goog_2025q2_release.md"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    out = tmp_path / "q2"
    assert main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *ALPHABET]) == 0
    facts = read_facts(out / "goog-20250723.htm")
    truth = _company_facts("0001652044-25-000062")
    for f in facts:
        if (f.concept, f.period) in truth and not f.dims:
            assert truth[(f.concept, f.period)] == f.value, f
    got = {(f.concept, f.period): f for f in facts if not f.dims}
    # "Quarter Ended June 30,<br/>2024 | 2025 | Year To Date June 30,<br/>2024 | 2025"
    for key, value in {
        ("us-gaap:Revenues", "2025-04-01/2025-06-30"): Decimal("96428000000"),
        ("us-gaap:Revenues", "2024-04-01/2024-06-30"): Decimal("84742000000"),
        ("us-gaap:Revenues", "2025-01-01/2025-06-30"): Decimal("186662000000"),
        ("us-gaap:NetIncomeLoss", "2024-01-01/2024-06-30"): Decimal("47281000000"),
        ("us-gaap:EarningsPerShareDiluted", "2025-01-01/2025-06-30"): Decimal("5.12"),
    }.items():
        assert got[key].value == value, key
    assert got[("us-gaap:Revenues", "2025-01-01/2025-06-30")].decimals == "-6"
    report = json.loads((out / "report.json").read_text())
    for kind in ("income", "cashflow"):
        table = next(t for t in report["tables"] if t["statement"] == kind)
        assert [c["period"] for c in table["columns"]] == [
            "2024-04-01 to 2024-06-30", "2025-04-01 to 2025-06-30", "2024-01-01 to 2024-06-30", "2025-01-01 to 2025-06-30"]
        assert table["scale"]["monetary"] == 6
    # the balance sheet lost its title and its "(In millions)" caption in the Markdown: one table under
    # its sub-headings, with its periods, recognised by its totals; its scale is proven by its cash rows,
    # which print the cash-flow statement's opening and closing cash digit for digit
    balance = next(t for t in report["tables"] if t["title"] == "Current assets")
    assert balance["statement"] == "balance" and balance["scale"]["monetary"] == 6
    assert "'total assets'" in balance["statement_evidence"]
    assert balance["scale"]["evidence"].startswith("millions: 2 row value(s) agree digit for digit, none disagrees")
    assert balance["scale"]["unknown"] == ["shares"]  # the caption's share counts: nothing proves their scale
    assert [c["period"] for c in balance["columns"]] == ["as of 2024-12-31", "as of 2025-06-30"]
    for key, value in {
        ("us-gaap:Assets", "2025-06-30"): Decimal("502053000000"),
        ("us-gaap:Assets", "2024-12-31"): Decimal("450256000000"),
        ("us-gaap:LiabilitiesAndStockholdersEquity", "2025-06-30"): Decimal("502053000000"),
        ("us-gaap:StockholdersEquity", "2024-12-31"): Decimal("325084000000"),
        ("us-gaap:RetainedEarningsAccumulatedDeficit", "2025-06-30"): Decimal("275760000000"),
    }.items():
        assert (got[key].value, got[key].decimals) == (value, "-6"), key
    assert not any(f.concept == "us-gaap:CommonStockSharesAuthorized" for f in facts)


# Both Alphabet releases graded by `ixconv eval` against the company facts (0 wrong, recall floors):
# tests/test_truth.py


def test_an_html_table_inside_a_quote_keeps_its_columns_in_the_markdown_file():
    text = "# T\n\n> <table>\n> <tr><td>Revenues</td><td>1,000</td><td>900</td></tr>\n> </table>\n"
    doc = read_markdown(text, "q.md")
    line = line_with(doc, "Revenues")
    assert [c.text for c in line.cells] == ["Revenues", "1,000", "900"]
    source = text.split("\n")
    assert all(source[c.span.line - 1][c.span.col_start:].startswith("<td>" + c.text) for c in line.cells)


@pytest.mark.parametrize("header, expected", [
    (["Quarter Ended June 30, 2024 2025"], ["2024-04-01 to 2024-06-30", "2025-04-01 to 2025-06-30"]),
    (["As of December 31, 2024 2023"], ["as of 2024-12-31", "as of 2023-12-31"]),
])
def test_a_header_whose_first_year_sits_beside_its_month_day(header, expected):
    from converter.extract.periods import read_header

    reading = read_header(header, 2)
    assert reading.problem is None and [p.describe() for p in reading.periods] == expected
    # a year before the date is not part of the years row: no guess
    assert read_header(["2023 Quarter Ended June 30, 2024 2025"], 3).periods is None


@pytest.mark.corpus
@pytest.mark.parametrize("name, kinds", [
    ("22_goog_2025q1_release.md", ("balance", "income", "cashflow")),
    ("23_goog_2025q2_release.md", ("income", "cashflow")),
])
def test_alphabet_statements_are_read_whole(name, kinds):
    """Every row of the statements (the cash flow too, which issue 13 maps) has a readable number in
    every column: wrapped labels joined, "$ 80,539" read, empty trailing columns gone."""
    from converter.extract import extract
    from converter.rules import load_rules

    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    rules = load_rules([Path(__file__).resolve().parents[1] / "taxonomy"])
    tables = {t.statement: t for t in extract(read_document(path), rules.statements).tables if t.statement in kinds}
    assert set(tables) == set(kinds)
    for table in tables.values():
        assert table.scale_monetary == 6
        assert all(c.period is not None for c in table.columns)
        for row in table.rows:
            assert row.problem is None and all(c is not None and c.readable for c in row.cells), row.label
    cash = {r.label: [c.value for c in r.cells] for r in tables["cashflow"].rows}
    if name.startswith("23"):
        assert cash["effect of exchange rate changes on cash and cash equivalents"] == [
            Decimal(-238), Decimal(401), Decimal(-363), Decimal(444)]
        assert cash["purchases of property and equipment"] == [
            Decimal(-13186), Decimal(-22446), Decimal(-25198), Decimal(-39643)]
    else:
        assert len(tables["balance"].rows) == 30 and len(cash) >= 30


def test_an_unclosed_html_table_stops_at_the_next_markdown_heading():
    text = ("# T\n\n<table>\n<tr><td>Revenues</td><td>1,000</td><td>900</td></tr>\n\n"
            "<tr><td>Costs</td><td>100</td><td>90</td></tr>\n\n## Next heading\n\nSome prose.\n")
    doc = read_markdown(text, "u.md")
    assert rows(doc)["Costs"] == ["100", "90"]
    heading = line_with(doc, "Next heading")
    assert doc.lines[heading.number - 2].is_blank and heading.cells[0].span.line == 8
    assert line_with(doc, "Some prose.").cells[0].span.line == 10


def test_a_markdown_file_of_a_million_cells_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    path = tmp_path / "wide.md"
    path.write_text("# Acme\n\n" + "|" + " a |" * 1000 + "\n|" + " - |" * 1000 + "\n" + ("|" + " 1 |" * 1000 + "\n") * 1000)
    assert convert(path, tmp_path / "o", taxonomy) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "wide.md" in err[0] and "'|'" in err[0] and "Traceback" not in err[0]
