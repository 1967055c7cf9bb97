"""Issue 6 (ingest): PDF releases through their text layer (pdfplumber)."""
from __future__ import annotations

import pytest
from conftest import CORPUS

from converter.extract import extract
from converter.ingest import read_document
from converter.ingest.errors import IngestError
from converter.rules import load_rules

# Helvetica advance widths (per 1000 em) of the characters numbers are made of
WIDTHS = {**{d: 556 for d in "0123456789"}, ",": 278, ".": 278, "(": 333, ")": 333, "$": 556, "-": 333}


def _width(text: str, size: float) -> float:
    return sum(WIDTHS.get(ch, 556) for ch in text) * size / 1000


def make_pdf(pages: list[list[tuple[float, float, str, bool]]], size: float = 9) -> bytes:
    """A PDF whose pages hold text runs (x, y, text, right_aligned) in Helvetica."""
    objects: list[bytes] = []
    kids = []
    page_objs = []
    for runs in pages:
        ops = []
        for x, y, text, right in runs:
            if right:
                x = x - _width(text, size)
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {size} Tf {x:.2f} {y:.2f} Td ({escaped}) Tj ET")
        page_objs.append("\n".join(ops).encode("latin-1"))
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    for i in range(n_pages):
        kids.append(f"{4 + 2 * i} 0 R")
    objects.append(f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, content in enumerate(page_objs):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def statement_page() -> list[tuple[float, float, str, bool]]:
    runs = [
        (40, 760, "Printed 4/24/26, 6:26 PM", False),
        (250, 720, "Acme Inc.", False),
        (150, 706, "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", False),
        (230, 694, "(In millions)", False),
        (330, 674, "Three Months Ended", False),
        (300, 662, "September 24,", False), (400, 662, "September 25,", False),
        (330, 650, "2022", False), (430, 650, "2021", False),
    ]
    y = 634
    for label, a, b, dollar in [
        ("Net sales", "90,146", "83,360", True),
        ("Cost of sales", "52,051", "48,186", False),
        ("Gross margin", "38,095", "35,174", False),
        ("Other income/(expense), net", "(237)", "(538)", False),
        ("Income before provision for income taxes", "24,657", "23,248", False),
        ("Net income", "20,721", "20,551", True),
    ]:
        runs.append((40, y, label, False))
        if dollar:
            runs += [(305, y, "$", False), (405, y, "$", False)]
        # "(237)": the parenthesis hangs right of the column's digits
        runs += [(360 + (3 if a.endswith(")") else 0), y, a, True), (460 + (3 if b.endswith(")") else 0), y, b, True)]
        y -= 12
    runs += [(40, y - 20, "Revenue grew in every geographic segment, and the Company posted a September quarter", False),
             (40, y - 30, "record. Gross margin was 42.3 percent.", False),
             (280, 30, "Page 1 of 2", False)]
    return runs


def test_pdf_lines_cells_and_columns(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(make_pdf([statement_page(), [(40, 760, "Printed 4/24/26, 6:26 PM", False),
                                                  (40, 700, "Second page text.", False),
                                                  (280, 30, "Page 2 of 2", False)]]))
    doc = read_document(path)
    assert doc.format == "pdf"
    by_label = {ln.cells[0].text: [c.text for c in ln.cells[1:]] for ln in doc.lines if len(ln.cells) > 1}
    assert by_label["Net sales"] == ["$ 90,146", "$ 83,360"]
    assert by_label["Other income/(expense), net"] == ["(237)", "(538)"]
    assert by_label["Income before provision for income taxes"] == ["24,657", "23,248"]
    header = next(ln for ln in doc.lines if "September 24" in ln.text)
    assert [c.text for c in header.cells] == ["", "September 24, 2022", "September 25, 2021"]
    prose = next(ln for ln in doc.lines if ln.text.startswith("Revenue grew"))
    assert len(prose.cells) == 1 and prose.text.endswith("Gross margin was 42.3 percent.")
    texts = [ln.text for ln in doc.lines]
    assert not any("Printed" in t or t.startswith("Page ") for t in texts)  # running head and foot
    net = next(ln for ln in doc.lines if ln.cells[0].text == "Net sales")
    assert net.cells[1].span.path == "page 1"
    assert next(ln for ln in doc.lines if ln.text == "Second page text.").cells[0].span.path == "page 2"
    keys = [(c.span.line, c.span.col_start) for ln in doc.lines for c in ln.cells if c.text]
    assert len(keys) == len(set(keys))
    table = extract(doc, load_rules().statements).tables[0]
    assert table.statement == "income"
    # 52/53-week quarters (Saturdays, not month ends): the later is 13 weeks, as Apple's own XBRL says
    # (2022-06-26..2022-09-24); the earlier one's start needs the year-end rule, which this page does not show
    assert table.columns[0].period.key == "D20220626-20220924"
    assert table.columns[1].period is None and table.columns[1].end.isoformat() == "2021-09-25"
    other = next(r for r in table.rows if r.label.startswith("other income"))
    assert [str(c.value) for c in other.cells] == ["-237", "-538"]


def test_not_a_pdf_and_no_text_layer(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello, not a pdf")
    with pytest.raises(IngestError, match="not a PDF"):
        read_document(fake)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(IngestError, match="PDF") as err:
        read_document(broken)
    assert "\n" not in str(err.value)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(make_pdf([[]]))
    with pytest.raises(IngestError, match="no text layer"):
        read_document(empty)


@pytest.mark.corpus
def test_apple_2022_pdf():
    doc = read_document(CORPUS / "14_aapl_fy2022q4_ex99-1.pdf")
    assert doc.format == "pdf"
    by_label = {}
    for ln in doc.lines:
        if len(ln.cells) > 1:
            by_label.setdefault(ln.cells[0].text, [c.text for c in ln.cells[1:]])
    assert by_label["Products"] == ["$ 70,958", "$ 65,083", "$ 316,199", "$ 297,392"]
    assert by_label["Net income"] == ["$ 20,721", "$ 20,551", "$ 99,803", "$ 94,680"]
    assert by_label["Income before provision for income taxes"] == ["24,657", "23,248", "119,103", "109,207"]
    assert by_label["Other income/(expense), net"] == ["(237)", "(538)", "(334)", "258"]
    assert by_label["Total assets"] == ["$ 352,755", "$ 351,002"]
    assert not any("file:///" in ln.text or "6:26 PM" in ln.text for ln in doc.lines)  # the browser's print header
    tables = extract(doc, load_rules().statements).tables
    assert [t.statement for t in tables] == ["income", "balance", "cashflow"]
    # Apple's 52/53-week calendar (last Saturday of September), as in its own 10-K contexts
    assert [c.period.key for c in tables[0].columns] == [
        "D20220626-20220924", "D20210627-20210925", "D20210926-20220924", "D20200927-20210925"]
    assert [c.period.key for c in tables[1].columns] == ["I20220924", "I20210925"]
