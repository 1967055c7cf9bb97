"""Issue 6 (ingest): ``read_document`` picks the reader by content (extension breaks ties); one-line errors."""
from __future__ import annotations

import pytest
from conftest import CORPUS, SEED

from converter.ingest import read_document
from converter.ingest.errors import IngestError
from converter.ingest.text import read_text

READERS = {
    "02_orcl_fy2014q4_ex99-1.htm": "html",
    "05_aapl_fy2011q1_ex99-1.htm": "html",
    "06_aapl_fy2004q3_ex99-1.htm": "html",
    "07_sears_2004q2_ex99.txt": "edgar_text",
    "08_so_2004q4_ex99-01_release.txt": "edgar_text",
    "09_so_2006q4_ex99-01_release.htm": "html",
    "12_twx_2003q3_ex99-1.txt": "edgar_text",
    "13_bke_fy2024q3_ex99-1.html": "html",
    "14_aapl_fy2022q4_ex99-1.pdf": "pdf",
    "19_paltalk_2024q3_newswire.md": "newswire",
    "20_forian_2024q3_newswire.md": "newswire",
}


def test_seed_goes_through_the_tab_text_reader_unchanged():
    from converter.ingest import decode, sniff

    data = SEED.read_bytes()
    assert sniff(data, decode(data, str(SEED)), ".txt") == "text"
    assert read_document(SEED) == read_text(decode(data, str(SEED)), str(SEED))


@pytest.mark.parametrize("content, suffix, reader", [
    ("<html><body><p>Hi</p><p>There</p></body></html>", ".txt", "html"),  # content wins over the extension
    ("<p>Net sales</p>", ".htm", "html"),
    ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", ".xml", "html"),
    ("<TABLE>\n<S>     <C>\nNet sales ...... $ 1\n</TABLE>\n", ".txt", "edgar_text"),
    ("Revenue\t1,234\t1,100\n" * 6, ".txt", "text"),
    ("# Title\n\nSome text\n", ".md", "newswire"),
    ("Revenue\n\n$\n\n1,234\n\n$\n\n1,100\n\nCosts\n\n(5\n\n)\n\n$\n\n7\n", ".txt", "newswire"),
    ("Plain prose only.\n", ".txt", "edgar_text"),
])
def test_sniffing(content, suffix, reader):
    from converter.ingest import decode, sniff

    data = content.encode()
    assert sniff(data, decode(data, "x"), suffix) == reader


@pytest.mark.parametrize("name, content, words", [
    ("empty.htm", b"", "empty"),
    ("blank.md", b"  \n\t\n", "only whitespace"),
    ("blob.htm", bytes(range(256)) * 4, "binary"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
])
def test_one_line_errors(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        read_document(path)
    message = str(err.value)
    assert words in message and name in message and "\n" not in message


def test_missing_and_directory(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        read_document(tmp_path / "nope.htm")
    with pytest.raises(IngestError, match="not a file"):
        read_document(tmp_path)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(READERS))
def test_every_corpus_file_is_read(name):
    from converter.ingest import decode, sniff

    path = CORPUS / name
    data = path.read_bytes()
    text = None if data.startswith(b"%PDF") else decode(data, name)
    assert sniff(data, text, path.suffix.lower()) == READERS[name]
    doc = read_document(path)
    assert doc.format == ("pdf" if READERS[name] == "pdf" else "html" if READERS[name] == "html" else "text")
    assert [ln.number for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert sum(1 for ln in doc.lines if ln.text) > 20
    # a cell is found by its (line, column) everywhere downstream: no two cells with text share one
    keys = [(c.span.line, c.span.col_start) for ln in doc.lines for c in ln.cells if c.text]
    assert len(keys) == len(set(keys))
