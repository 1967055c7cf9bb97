"""ingest: a release file (text, HTML, PDF) -> ``Document`` (lines of cells with source spans)."""
from __future__ import annotations

from pathlib import Path

from ..model import Document
from .errors import IngestError
from .text import read_text

MAX_INPUT_BYTES = 20 * 1024 * 1024


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name}: looks like a binary file (NUL bytes), not a release; give a .txt, .htm or .pdf release")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_document(path: Path) -> Document:
    """Read a release; raise ``IngestError`` with a one-line reason when it cannot be read."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{name}: cannot read the release ({exc.strerror or exc}); check the path") from None
    if not path.is_file():
        raise IngestError(f"{name}: not a file; give the path of a release (.txt, .htm, .pdf)")
    if size == 0:
        raise IngestError(f"{name}: the file is empty; nothing to convert")
    if size > MAX_INPUT_BYTES:
        raise IngestError(f"{name}: {size} bytes is over the {MAX_INPUT_BYTES}-byte input limit")
    data = path.read_bytes()
    text = decode(data, name)
    if not text.strip():
        raise IngestError(f"{name}: the file holds only whitespace; nothing to convert")
    return read_text(text, name)
