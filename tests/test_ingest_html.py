"""Issue 6 (ingest): HTML and XHTML releases -> lines of cells in column position order."""
from __future__ import annotations

import time

import pytest
from conftest import CORPUS
from docread import line_with, rows

from converter.extract import extract
from converter.ingest import read_document
from converter.ingest.html import read_html
from converter.rules import load_rules

TABLE = """<html><body>
<p>ACME CORP.</p>
<p>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</p>
<p>(in millions)</p>
<table>
<tr><td></td><td colspan="3" align="center">Three Months Ended</td></tr>
<tr><td></td><td colspan="2">December 25, 2010</td><td></td><td colspan="2">December 26, 2009</td></tr>
<tr><td>Net sales</td><td>$</td><td align="right">26,741</td><td></td><td>$</td><td align="right">15,683</td></tr>
<tr><td>Cost of sales<sup>(1)</sup></td><td></td><td>16,443<sup>(1)</sup></td><td></td><td></td><td>9,272</td></tr>
<tr><td></td><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td>Other income</td><td></td><td>(1,234</td><td>)</td><td></td><td>&#151;</td></tr>
<tr><td>Tax rate</td><td></td><td>24.5</td><td>%</td><td></td><td>&mdash;</td></tr>
<tr><td>Interest</td><td>(</td><td>45</td><td>)</td><td>$</td><td>(3)</td></tr>
<tr><td>Restructuring</td><td></td><td>(8</td><td>)<i>(a)</i></td><td colspan="2">12</td></tr>
</table>
<p>(1) Includes stock-based compensation.</p>
</body></html>
"""


def test_colspan_dollar_parentheses_percent_dash_and_footnotes():
    doc = read_html(TABLE, "t.htm")
    net, cost, other, tax, restr = (line_with(doc, n) for n in
                                    ("Net sales", "Cost of sales", "Other income", "Tax rate", "Restructuring"))
    # same column, same cell index, in every row
    assert [c.text for c in net.cells] == ["Net sales", "", "$26,741", "", "", "$15,683"]
    assert [c.text for c in cost.cells] == ["Cost of sales", "", "16,443", "", "", "9,272"]
    assert [c.text for c in other.cells] == ["Other income", "", "(1,234)", "", "", "\u2014"]  # &#151; is cp1252's em dash
    assert [c.text for c in tax.cells] == ["Tax rate", "", "24.5%", "", "", "\u2014"]
    assert [c.text for c in line_with(doc, "Interest").cells] == ["Interest", "", "(45)", "", "", "$(3)"]
    # ")(a)": the parenthesis closes the number, the footnote marker stays out of it
    assert [c.text for c in restr.cells] == ["Restructuring", "", "(8)", "(a)", "", "12"]
    # an empty spacer row is not a line; the header keeps its dates in one cell each
    header = next(line for line in doc.lines if "December 25, 2010" in line.text)
    assert [c.text for c in header.cells if c.text] == ["December 25, 2010", "December 26, 2009"]
    assert not any(line.is_blank and i and doc.lines[i - 1] is net for i, line in enumerate(doc.lines))


def test_extract_reads_the_html_table():
    doc = read_html(TABLE, "t.htm")
    extraction = extract(doc, load_rules().statements)
    table = extraction.tables[0]
    assert table.statement == "income"
    assert [c.end.isoformat() for c in table.columns] == ["2010-12-25", "2009-12-26"]
    # a 52/53-week calendar whose year-end rule the table does not show: the later quarter is 13 weeks (the
    # same quarter's ends are 52 weeks apart), the earlier one's start is not certain and it is not tagged
    assert table.columns[0].period.start.isoformat() == "2010-09-26"
    assert table.columns[1].period is None and "fiscal_calendar" in table.columns[1].problem
    net = next(r for r in table.rows if r.label == "net sales")
    assert [str(c.value) for c in net.cells] == ["26741", "15683"]
    other = next(r for r in table.rows if r.label == "other income")
    assert [str(c.value) for c in other.cells] == ["-1234", "0"]


def test_spans_give_source_line_column_and_element_path():
    doc = read_html(TABLE, "t.htm")
    net = line_with(doc, "Net sales")
    value = net.cells[2]
    assert value.span.line == 8  # the <tr> of Net sales is on line 8 of the fixture
    source_line = TABLE.split("\n")[7]
    assert source_line[value.span.col_start:].startswith("<td align=\"right\">26,741")
    assert value.span.path == "/html/body/table/tr[3]/td[3]"
    title = doc.lines[0]
    assert title.text == "ACME CORP." and title.cells[0].span.path == "/html/body/p[1]"
    # line numbers are positions in the document; (line, column) is unique per cell
    assert [ln.number for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    keys = [(c.span.line, c.span.col_start) for ln in doc.lines for c in ln.cells if c.text]
    assert len(keys) == len(set(keys))


def test_rowspan_and_nested_tables():
    html = """<html><body>
<table><tr><td>
  <table>
  <tr><td rowspan="2">Revenue</td><td>2024</td><td>2023</td></tr>
  <tr><td>1,000</td><td>900</td></tr>
  <tr><td>Costs</td><td>(400)</td><td>(350)</td></tr>
  <tr><td>Profit</td><td>600</td><td>550</td></tr>
  </table>
</td><td><p>Side note</p></td></tr></table>
</body></html>"""
    doc = read_html(html, "n.htm")
    # the outer table is layout: its inner table's rows are lines, its text cell a paragraph
    assert [c.text for c in line_with(doc, "Revenue").cells] == ["Revenue", "2024", "2023"]
    below = doc.lines[[ln.text for ln in doc.lines].index("Revenue 2024 2023") + 1]
    assert [c.text for c in below.cells] == ["", "1,000", "900"]  # under the rowspan: an empty label cell
    assert [c.text for c in line_with(doc, "Costs").cells] == ["Costs", "(400)", "(350)"]
    assert any(ln.text == "Side note" for ln in doc.lines)


def test_text_only_inner_table_is_flattened_into_its_cell():
    html = """<table><tr><td><table><tr><td>Net</td><td>income</td></tr></table></td><td>1,234</td></tr>
<tr><td>Other</td><td>5</td></tr></table>"""
    doc = read_html(html, "f.htm")
    assert rows(doc)["Net income"] == ["1,234"]


def test_paragraphs_br_and_inline_markup():
    html = """<html><head><title>Ignored</title><style>p { color: red }</style></head><body>
<div>Apple <b>Reports</b> First<br/>Quarter Results</div>
<p onclick="steal()">CUPERTINO, California&#151;January 18, 2011&#151;Apple<sup>&reg;</sup> today
announced results.<script>document.write('evil')</script><!-- a comment --></p>
<div style="display:none">hidden text</div>
</body></html>"""
    doc = read_html(html, "p.htm")
    texts = [ln.text for ln in doc.lines]
    assert texts == [
        "Apple Reports First",
        "Quarter Results",
        "CUPERTINO, California\u2014January 18, 2011\u2014Apple\u00ae today announced results.",
    ]
    joined = " ".join(texts)
    for active in ("steal", "evil", "comment", "color", "hidden", "Ignored"):
        assert active not in joined


XXE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Name &xxe; end</p></body></html>"""


def _laughs(xml: bool) -> str:
    decl = "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)
    ).replace("&lol0;", "lol")
    head = '<?xml version="1.0"?>\n' if xml else ""
    ns = ' xmlns="http://www.w3.org/1999/xhtml"' if xml else ""
    return f"{head}<!DOCTYPE html [{decl}]>\n<html{ns}><body><p>a &lol9; b</p><p>After</p></body></html>"


@pytest.mark.parametrize("source", [XXE, XXE.replace('<?xml version="1.0"?>\n', ""), _laughs(True), _laughs(False)],
                         ids=["xxe-xhtml", "xxe-html", "laughs-xhtml", "laughs-html"])
def test_hostile_entities_are_not_expanded(tmp_path, source):
    path = tmp_path / "hostile.htm"
    path.write_text(source, encoding="utf-8")
    started = time.monotonic()
    doc = read_document(path)
    assert time.monotonic() - started < 5
    text = "\n".join(ln.text for ln in doc.lines)
    assert "root:" not in text and "/bin/" not in text
    assert "lollol" not in text
    assert len(text) < 200


def test_xhtml_is_read_with_namespaces(tmp_path):
    src = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL">
<body><div style="display:none"><ix:header>hidden facts</ix:header></div>
<table><tr><td>Revenues</td><td>$</td><td><ix:nonFraction name="us-gaap:Revenues">1,234</ix:nonFraction></td></tr>
<tr><td>Costs</td><td></td><td>(567)</td></tr></table></body></html>"""
    path = tmp_path / "doc.xhtml"
    path.write_text(src, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert rows(doc) == {"Revenues": ["$1,234"], "Costs": ["(567)"]}
    assert "hidden" not in " ".join(ln.text for ln in doc.lines)
    assert line_with(doc, "Revenues").cells[1].span.path == "/html/body/table/tr[1]/td[3]"  # the "$" column is gone


def test_edgar_envelope_and_pre_block(tmp_path):
    src = """<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>2
<TEXT>
<html><body><p>Exhibit 99.1</p>
<pre>
                                   2004       2003
Net sales ..................   $ 1,234    $ 1,100
Cost of sales ..............       600        550
</pre></body></html>
</TEXT>
</DOCUMENT>"""
    path = tmp_path / "ex.htm"
    path.write_text(src)
    doc = read_document(path)
    assert doc.lines[0].text == "Exhibit 99.1"
    assert rows(doc)["Net sales"] == ["$ 1,234", "$ 1,100"]
    net = line_with(doc, "Net sales")
    assert net.cells[1].span.line == 8 and net.cells[1].span.path == "/html/body/pre"


# --------------------------------------------------------------------------- the corpus


@pytest.mark.corpus
def test_apple_2011_statement_of_operations():
    doc = read_document(CORPUS / "05_aapl_fy2011q1_ex99-1.htm")
    assert doc.format == "html"
    net = line_with(doc, "Net sales")
    assert [c.text for c in net.cells if c.text] == ["Net sales", "$26,741", "$15,683"]
    assert rows(doc)["Total liabilities and shareholders\u2019 equity"] == ["$86,742", "$75,183"]
    assert rows(doc)["Accounts receivable, net"] == ["(517)", "271"]
    net_span = net.cells[[c.text for c in net.cells].index("$26,741")].span
    assert (net_span.line, net_span.path) == (91, "/html/body/table[1]/tr[4]/td[4]")
    tables = extract(doc, load_rules().statements).tables
    assert [t.statement for t in tables] == ["income", "balance", "cashflow"]
    assert [c.period.key for c in tables[0].columns] == ["D20100926-20101225", "D20090927-20091226"]
    assert [c.period.key for c in tables[1].columns] == ["I20101225", "I20100925"]


@pytest.mark.corpus
def test_apple_2004_three_and_nine_months():
    doc = read_document(CORPUS / "06_aapl_fy2004q3_ex99-1.htm")
    assert rows(doc)["Net sales"][:4] == ["$2,014", "$1,545", "$5,929", "$4,492"]
    assert rows(doc)["Restructuring costs"] == ["8", "\u2014", "18", "26"]
    assert rows(doc)["Current debt"] == ["\u2014", "304"]


@pytest.mark.corpus
def test_oracle_dense_tables():
    doc = read_document(CORPUS / "02_orcl_fy2014q4_ex99-1.htm")
    new_licenses = line_with(doc, "New software licenses")
    assert [c.text for c in new_licenses.cells if c.text][1:] == ["$3,769", "33%", "$3,769", "35%", "0%", "(1%)"]
    total = line_with(doc, "Total Revenues")
    positions = [i for i, c in enumerate(total.cells) if c.text][1:]
    assert positions == [i for i, c in enumerate(new_licenses.cells) if c.text][1:]  # same columns, same indices


@pytest.mark.corpus
def test_buckle_workiva_document():
    doc = read_document(CORPUS / "13_bke_fy2024q3_ex99-1.html")
    assert doc.lines[0].text == "Exhibit 99.1"  # the EDGAR envelope is not text
    assert rows(doc)["NET INCOME"] == ["$44,172", "$51,762", "$118,270", "$140,338"]
    assert rows(doc)["Less accumulated depreciation and amortization"] == ["(365,241)", "(360,200)", "(359,367)"]
    net = line_with(doc, "NET INCOME")
    assert all(c.span.line == 10 for c in net.cells)  # one long source line: the column tells the cells apart
    assert len({c.span.col_start for c in net.cells}) == len(net.cells)


@pytest.mark.corpus
def test_southern_2006_prose():
    doc = read_document(CORPUS / "09_so_2006q4_ex99-01_release.htm")
    assert any(ln.text.startswith("ATLANTA \u2013 Citing continued economic strength") for ln in doc.lines)
    assert any("(NYSE: SO)" in ln.text for ln in doc.lines)
