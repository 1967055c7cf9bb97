"""Hostile and broken releases made from one good release, and what the converter makes of each.

``generate_corpus`` derives mutants from a seed release, deterministically for a given RNG seed: the
damage real releases suffer (deleted lines, truncated numbers, shuffled columns, swapped headers,
garbage characters, mixed encodings, odd line endings, numbers that are not one amount), inputs
that are not releases at all (an empty file, a binary file, a UTF-16 file, a huge line, a file of
only tabs), and issue 18's hostile classes: the release as HTML with digits hidden the ways a
browser hides them, after 300 nested ``<div>``s, past source line 65535, after an unclosed
``<embed>``, with a colspan bomb; a row of 100,000 cells; 2,000 rows no rule maps; one invalid byte.

``run_corpus`` converts each mutant in-process (ingest to render, no Arelle) under a time limit and
sorts the outcome: a clean conversion, a refusal (one of the errors the command line shows as a
one-line message), a crash (any other exception), or a hang (the time limit passed). A refusal is
*clear* when its message names the input. For a clean conversion, every fact its report entry says
comes from the release is checked against the mutated bytes: its printed text must start at the line
and column the entry gives (a number not running on into more digits there), and a numeric fact's
value must be that printed number times 10^scale; a fact that fails is an *unsupported fact*. The
rendered document must also be well-formed XML.

The checks read the source independently of ``ingest``: bytes decoded as UTF-8, else cp1252 (the rule
``ingest`` documents), lines split where a text editor splits them (``\\n``, ``\\r\\n``, ``\\r``),
and only the documented markup residue (``\\$``, ``**...**``, ``${\\bf ...}$``) blanked, column for column.
"""
from __future__ import annotations

import decimal
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Report

# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Mutant:
    name: str  # file stem: "<index>-<kind>"
    kind: str
    description: str
    data: bytes


STRAY_GARBAGE = ["\u03a8", "\u00a2", "\u2022", "\u00b7", "\u00a7", "\u00a9", "\u2122", "\ufffd", "\u00bf"]
CONTROL_GARBAGE = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
                   "\u200b", "\u200e", "\u202e", "\ufeff", "\u00a0"]
MARKUP_GARBAGE = ["<script>alert(1)</script>", "<p>", "<td>", "<div>", "<br>", "</table>", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<b onload=\"x()\">", "javascript:alert(1)", "&amp;", "&", "<", ">",
                  "]]>", "\"'", "{{ 7*7 }}", "{% raw %}", "${\\bf x}$", "**", "\\$", "<!--", "\\"]
NUMBER_GARBAGE = ["\u0661\u0662", "\uff15", "\u2212", "(", ")", ",", ".", "$", "%", "-", " ", "\t", "0", "9", "e5", "NaN",
                  "Infinity", "1" * 40]
CP1252_GARBAGE = [b"\x92", b"\x93", b"\x94", b"\x96", b"\x97", b"\x80", b"\x85", b"\xa0", b"\xe9", b"\xb7", b"\x81", b"\xff"]

NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _table_lines(lines: list[str]) -> list[int]:
    """Indexes of lines that look like table rows: tab-separated cells, one of them a number."""
    return [i for i, ln in enumerate(lines) if ln.count("\t") >= 2 and NUMBER_TOKEN.search(ln)]


def _header_lines(lines: list[str]) -> list[int]:
    return [i for i, ln in enumerate(lines)
            if ("\t" in ln and len(YEAR.findall(ln)) >= 2) or re.search(r"\b(?:Three|Nine|Six|Twelve)\b", ln)]


def _delete_lines(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    if rng.random() < 0.5:
        targets = sorted(rng.sample(range(len(lines)), rng.randint(1, 6)))
        what = f"deleted lines {', '.join(str(i + 1) for i in targets)}"
    else:
        start = rng.choice(_table_lines(lines) or range(len(lines)))
        targets = list(range(start, min(len(lines), start + rng.randint(2, 12))))
        what = f"deleted lines {targets[0] + 1}-{targets[-1] + 1}"
    drop = set(targets)
    return what, _join([ln for i, ln in enumerate(lines) if i not in drop])


def _truncate_numbers(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    changed = []
    for i in rng.sample(_table_lines(lines), rng.randint(1, 4)):
        tokens = list(NUMBER_TOKEN.finditer(lines[i]))
        token = rng.choice(tokens)
        keep = rng.randint(1, max(1, len(token.group(0)) - 1))
        lines[i] = lines[i][:token.start()] + token.group(0)[:keep] + lines[i][token.end():]
        changed.append(f"line {i + 1}: {token.group(0)!r} -> {token.group(0)[:keep]!r}")
    return "truncated numbers: " + "; ".join(changed), _join(lines)


def _shuffle_columns(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    candidates = [i for i in _table_lines(lines) if sum(1 for c in lines[i].split("\t")[1:] if c.strip()) >= 2]
    changed = []
    for i in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
        cells = lines[i].split("\t")
        rest = cells[1:]
        for _ in range(10):
            rng.shuffle(rest)
            if rest != cells[1:]:
                break
        lines[i] = "\t".join([cells[0]] + rest)
        changed.append(str(i + 1))
    return f"tab cells permuted on lines {', '.join(changed)}", _join(lines)


def _swap_headers(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    headers = _header_lines(lines)
    i = rng.choice(headers)
    line = lines[i]
    years = sorted(set(YEAR.findall(line)))
    choice = rng.random()
    if len(years) >= 2 and choice < 0.5:
        a, b = rng.sample(years, 2)
        lines[i] = YEAR.sub(lambda m: b if m.group(0) == a else a if m.group(0) == b else m.group(0), line)
        return f"line {i + 1}: years {a} and {b} swapped", _join(lines)
    if re.search(r"\b(?:Three|Nine)\b", line) and choice < 0.85:
        lines[i] = re.sub(r"\b(Three|Nine)\b", lambda m: "Nine" if m.group(1) == "Three" else "Three", line)
        return f"line {i + 1}: 'Three' and 'Nine' swapped", _join(lines)
    j = rng.choice([k for k in headers if k != i] or [i])
    lines[i], lines[j] = lines[j], lines[i]
    return f"header lines {i + 1} and {j + 1} swapped", _join(lines)


def _inject_garbage(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    table = _table_lines(lines)
    pool = rng.choice([STRAY_GARBAGE, CONTROL_GARBAGE, MARKUP_GARBAGE, NUMBER_GARBAGE,
                       STRAY_GARBAGE + CONTROL_GARBAGE + MARKUP_GARBAGE + NUMBER_GARBAGE])
    changed = []
    for _ in range(rng.randint(1, 8)):
        i = rng.choice(table) if table and rng.random() < 0.7 else rng.randrange(len(lines))
        line = lines[i]
        tokens = list(NUMBER_TOKEN.finditer(line))
        if tokens and rng.random() < 0.6:  # inside or beside a number
            token = rng.choice(tokens)
            at = rng.randint(token.start(), token.end())
        else:
            at = rng.randint(0, len(line))
        junk = rng.choice(pool)
        lines[i] = line[:at] + junk + line[at:]
        changed.append(f"{junk!r} at {i + 1}:{at + 1}")
    return "garbage: " + ", ".join(changed), _join(lines)


def _mixed_encoding(rng: random.Random, text: str) -> tuple[str, bytes]:
    """cp1252 / latin-1 bytes inside a UTF-8 file: the file is no longer valid UTF-8."""
    lines = _lines(text)
    data = [ln.encode("utf-8") for ln in lines]
    changed = []
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.4 and lines[i].strip():
            data[i] = lines[i].replace("'", "\u2019").replace("-", "\u2013").encode("cp1252", errors="replace")
            changed.append(f"line {i + 1} in cp1252")
        else:
            at = rng.randint(0, len(data[i]))
            junk = rng.choice(CP1252_GARBAGE)
            data[i] = data[i][:at] + junk + data[i][at:]
            changed.append(f"byte {junk!r} at line {i + 1}")
    return "mixed encodings: " + ", ".join(changed), b"\n".join(data)


def _line_endings(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    style = rng.choice(["crlf", "cr", "mixed"])
    if style == "mixed":
        out = lines[0]
        for ln in lines[1:]:
            out += rng.choice(["\n", "\r\n", "\r"]) + ln
        return "mixed line endings", out.encode("utf-8")
    return f"{style} line endings", ({"crlf": "\r\n", "cr": "\r"}[style]).join(lines).encode("utf-8")


def _number_styles(rng: random.Random, text: str) -> tuple[str, bytes]:
    """European separators (17.000), digits split by a space (3 400), a merged tab (two numbers in a cell)."""
    lines = _lines(text)
    style = rng.choice(["european", "space", "merged"])
    changed = []
    for i in rng.sample(_table_lines(lines), rng.randint(1, 4)):
        if style == "european":
            lines[i] = NUMBER_TOKEN.sub(lambda m: m.group(0).translate(str.maketrans(",.", ".,")), lines[i])
        elif style == "space":
            lines[i] = NUMBER_TOKEN.sub(lambda m: m.group(0).replace(",", " "), lines[i])
        else:
            cells = lines[i].split("\t")
            at = rng.randrange(1, len(cells))
            lines[i] = "\t".join(cells[:at - 1] + [cells[at - 1] + " " + cells[at]] + cells[at + 1:])
        changed.append(str(i + 1))
    return f"{style} numbers on lines {', '.join(changed)}", _join(lines)


def _reencode(rng: random.Random, text: str) -> tuple[str, bytes]:
    encoding = rng.choice(["cp1252", "latin-1", "utf-8-sig"])
    return f"whole file in {encoding}", text.encode(encoding, errors="replace")


def _change_dates(rng: random.Random, text: str) -> tuple[str, bytes]:
    """Dates moved far into the past or future, or made impossible (February 30), in the dateline or everywhere."""
    date = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                      r"(\s+)(\d{1,2})(,?\s+)((?:19|20)\d{2})\b")
    month = rng.choice(["January", "February", "September", "December", "Sept.", "Febuary"])
    day = rng.choice([1, 28, 29, 30, 31, 0, 99])
    year = rng.choice([1900, 1970, 1999, 2000, 2009, 2012, 2099])
    everywhere = rng.random() < 0.5
    count = 0

    def replace(m: re.Match) -> str:
        nonlocal count
        count += 1
        return f"{month}{m.group(2)}{day}{m.group(4)}{year}" if everywhere or count == 1 else m.group(0)

    out = date.sub(replace, text)
    return f"{'every date' if everywhere else 'the first date'} made {month} {day}, {year}", out.encode("utf-8")


def _tabs_to_spaces(rng: random.Random, text: str) -> tuple[str, bytes]:
    """Tab-separated cells become space-aligned columns (the release as old EDGAR text)."""
    width = rng.choice([1, 2, 3, 8])
    if rng.random() < 0.5:
        return f"every tab replaced by {width} spaces", text.replace("\t", " " * width).encode("utf-8")
    lines = _lines(text)
    table = _table_lines(lines)
    for i in rng.sample(table, min(len(table), rng.randint(1, 6))):
        lines[i] = lines[i].replace("\t", " " * width)
    return f"tabs replaced by {width} spaces on some table rows", _join(lines)


def _markup(rng: random.Random, text: str) -> tuple[str, bytes]:
    """HTML tags around lines and cells: enough of them and the release is read as HTML."""
    lines = _lines(text)
    n = rng.randint(1, 12)
    for i in rng.sample(range(len(lines)), n):
        tag = rng.choice(["p", "div", "td", "span", "font", "b", "h2"])
        if rng.random() < 0.5:
            lines[i] = f"<{tag}>{lines[i]}</{tag}>"
        else:
            lines[i] = lines[i].replace("\t", f"</{tag}><{tag}>", 1)
    return f"HTML tags on {n} lines", _join(lines)


def _number_forms(rng: random.Random, text: str) -> tuple[str, bytes]:
    """Numbers that are not one amount: a currency sign with a percent sign, a leading zero."""
    lines = _lines(text)
    table = _table_lines(lines)
    changed = []
    for i in rng.sample(table, min(len(table), rng.randint(1, 4))):
        numbers = [m for m in NUMBER_TOKEN.finditer(lines[i]) if not YEAR.fullmatch(m.group())]
        if not numbers:
            continue
        m = rng.choice(numbers)
        new = rng.choice([f"{m.group()}%", f"0{m.group()}", f"0,0{m.group()}"])
        if new.endswith("%") and "$" not in lines[i][max(0, m.start() - 4):m.start()]:
            new = "$ " + new
        lines[i] = lines[i][:m.start()] + new + lines[i][m.end():]
        changed.append(f"{new!r} at line {i + 1}")
    if not changed:
        raise ValueError("no number to change")
    return "number forms: " + ", ".join(changed), _join(lines)


# The ways a browser hides text that EDGAR documents use; a hidden run always sits in <span class="mh">
# (the checker below removes those spans before it compares a fact with the source).
HIDING = ['style="display:none"', "hidden", 'style="display:/**/none"', 'style="visibility:hidden"',
          'style="font-size:0"', 'style="color:#ffffff"', 'style="color:white;font-size:0pt"', "class-rule"]


def _as_html(text: str, *, style: str = "", hide=None, before: str = "", after: str = "") -> str:
    """The release as an HTML document: runs of tab-separated lines as table rows, other lines as
    paragraphs, markup residue removed. ``hide(cell)`` may rewrite a cell's HTML; ``before`` goes
    before the first table, ``after`` after the last line."""
    import html as html_lib

    out = [f"<html><head><style>{style}</style></head><body>"]
    in_table = False
    for line in _lines(text):
        clean = _MD_BOLD.sub(lambda m: m.group(2), _LATEX_BOLD.sub(lambda m: m.group(2), line)).replace("\\$", "$")
        if "\t" in line.strip("\t") or (in_table and "\t" in line):
            if not in_table:
                out.append(before + "<table>")
                before, in_table = "", True
            cells = [html_lib.escape(c) for c in clean.split("\t")]
            out.append("<tr>" + "".join(f"<td>{hide(c) if hide else c}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if clean.strip():
            out.append(f"<p>{html_lib.escape(clean)}</p>")
    if in_table:
        out.append("</table>")
    out.append(after + "</body></html>")
    return "\n".join(out)


def _hidden_digits(rng: random.Random, text: str) -> tuple[str, bytes]:
    """The release as HTML with a hidden digit before some numbers (EPS 0.15 shown, 90.15 in the source)."""
    how = rng.choice(HIDING)
    style = ".mh { display : none }" if how == "class-rule" else ""
    attrs = "" if how == "class-rule" else " " + how
    chosen: list[str] = []

    def hide(cell: str) -> str:
        m = re.search(r"\d", cell)
        if m is None or YEAR.fullmatch(cell.strip()) or rng.random() > 0.3:
            return cell
        digit = rng.choice("123456789")
        chosen.append(cell)
        return cell[:m.start()] + f'<span class="mh"{attrs}>{digit}</span>' + cell[m.start():]

    document = _as_html(text, style=style, hide=hide)
    return f"HTML with hidden digits ({how}) before {len(chosen)} numbers", document.encode("utf-8")


def _html_variants(text: str) -> list[tuple[str, str, str]]:
    """(kind, description, document): the release as HTML, and as HTML that a parser finds hard."""
    deep = "<div>" * 300 + "<p>Nested.</p>" + "</div>" * 300
    bomb = "<table>" + "".join(f'<tr><td colspan="1000">{n}</td></tr>' for n in range(1100)) + "</table>"
    return [
        ("html", "the release as HTML (tab-separated lines as table rows)", _as_html(text)),
        ("html-deep", "the release as HTML after 300 nested <div>s", _as_html(text, before=deep)),
        ("html-long", "the release as HTML after 70,000 blank lines (source lines past 65535)",
         _as_html(text, before="<p>Padding" + "\n" * 70_000 + "</p>")),
        ("html-embed", "the release as HTML after an unclosed <embed>", _as_html(text, before='<embed src="x.swf">')),
        ("colspan-bomb", "the release as HTML with 1,100 rows of colspan=1000", _as_html(text, after=bomb)),
    ]


RANDOM_KINDS: dict[str, Callable[[random.Random, str], tuple[str, bytes]]] = {
    "delete-lines": _delete_lines,
    "truncate-number": _truncate_numbers,
    "shuffle-columns": _shuffle_columns,
    "swap-headers": _swap_headers,
    "garbage": _inject_garbage,
    "mixed-encoding": _mixed_encoding,
    "number-style": _number_styles,
    "line-endings": _line_endings,
    "re-encode": _reencode,
    "dates": _change_dates,
    "tabs-to-spaces": _tabs_to_spaces,
    "markup": _markup,
    "number-forms": _number_forms,
    "hidden-digits": _hidden_digits,
}


def _fixed_mutants(text: str, rng: random.Random) -> list[tuple[str, str, bytes | str]]:
    """(kind, description, bytes or text, written as UTF-8): the inputs that are not releases, or barely."""
    lines = _lines(text)
    table = _table_lines(lines)
    at = table[len(table) // 2] if table else len(lines) // 2
    hostile_row = "\t".join(["Revenue", "1" + " " * 400_000 + "1x", "9" * 50_000, "(" * 100_000 + "1", "$" + "," * 300_000 + "1"])
    huge_cells = lines[:at] + [hostile_row] + lines[at:]
    binary = bytes(rng.randrange(256) for _ in range(8192))
    return [
        ("empty", "an empty file", b""),
        ("binary", "random bytes (with NUL bytes)", binary),
        ("binary-no-nul", "random bytes without a NUL byte", bytes(b or 1 for b in binary)),
        ("utf-16", "the release in UTF-16 (little-endian, with BOM)", text.encode("utf-16")),
        ("utf-16-be", "the release in UTF-16 (big-endian, no BOM)", text.encode("utf-16-be")),
        ("only-tabs", "a file of only tabs", ("\t" * 200 + "\n") * 50),
        ("huge-line", "a 4 MB line of prose in the middle of the release",
         _join(lines[:len(lines) // 2] + ["word, 1,234 and (5) " * 200_000] + lines[len(lines) // 2:])),
        ("huge-cells", f"a row of huge cells (long runs of spaces, digits, parentheses, commas) at line {at + 1}",
         _join(huge_cells)),
        ("no-newline", "the whole release on one line (newlines replaced by tabs)", text.replace("\n", "\t").encode()),
        ("nul-late", "a NUL byte after the first 64 KiB", text.encode() + b"\n" + b" " * 70_000 + b"\x00\n"),
        ("fake-pdf", "text that starts like a PDF file", b"%PDF-1.4\n" + text.encode("utf-8")),
        ("html-shell", "the release inside <html><body><pre>", ("<html><body><pre>" + text + "</pre></body></html>")),
        ("cp1252-undefined", "bytes that cp1252 does not define", text.encode() + b"\n\x81\x8d\x8f\x90\x9d\n"),
        ("invalid-byte", "one byte that is not UTF-8 in a UTF-8 release with UTF-8 characters",
         text.replace("\n", "\n\u2014 caf\u00e9\n", 1).encode("utf-8") + b"\nA stray \xff byte.\n"),
        ("wide-row", f"a row of 100,000 cells at line {at + 1}",
         _join(lines[:at] + ["Revenue\t" + "\t".join(str(n % 900 + 100) for n in range(100_000))] + lines[at:])),
        ("many-rows", f"2,000 rows no rule maps at line {at + 1}",
         _join(lines[:at] + [f"Line item {n}\t{n % 900 + 100}\t{n % 700 + 100}" for n in range(2000)] + lines[at:])),
        *_html_variants(text),
    ]


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def generate_corpus(seed: bytes, count: int, *, rng_seed: int = 0) -> list[Mutant]:
    """``count`` mutants of ``seed`` (UTF-8 text): the fixed ones first, then random damage, one kind after another."""
    rng = random.Random(rng_seed)
    text = seed.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    made: list[tuple[str, str, bytes]] = [(k, d, _as_bytes(b)) for k, d, b in _fixed_mutants(text, rng)]
    kinds = list(RANDOM_KINDS)
    attempts = 0
    while len(made) < count and attempts < 20 * count + 100:
        kind = kinds[attempts % len(kinds)]
        attempts += 1
        try:
            description, data = RANDOM_KINDS[kind](rng, text)
        except (ValueError, IndexError):  # the seed has nothing this kind can damage (no table, no header)
            continue
        made.append((kind, description, data))
    return [Mutant(f"{i:03d}-{kind}", kind, description, data) for i, (kind, description, data) in enumerate(made[:count])]


def write_corpus(mutants: list[Mutant], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for mutant in mutants:
        path = folder / f"{mutant.name}.txt"
        path.write_bytes(mutant.data)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- reading the source independently


_LATEX_BOLD = re.compile(r"(\$\{\\bf\s*)(.*?)(\}\$)")
_MD_BOLD = re.compile(r"(\*\*)(.*?)(\*\*)")
_DASHES = ("-", "\u2013", "\u2014", "\u2212", "--")


def decode_source(data: bytes) -> str:
    """The README's rule: UTF-16 with its byte-order mark, else UTF-8 (a BOM allowed), else, in a file
    with no UTF-8 sequence at all, cp1252; else each line on its own, invalid bytes as U+FFFD."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data):
        return data.decode("cp1252", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def source_lines(data: bytes) -> list[str]:
    """The lines a text editor shows (line 1 first): split at \\r\\n, \\r or \\n, nothing else."""
    return re.split(r"\r\n|\r|\n", decode_source(data))


def without_markup(line: str) -> str:
    """The line with the README's markup residue (``\\$``, ``${\\bf ...}$``, ``**...**``) and tabs turned
    into spaces: same length, so a column of the result is the same column of the source."""
    def blank(m: re.Match) -> str:
        return " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3))

    line = _MD_BOLD.sub(blank, _LATEX_BOLD.sub(blank, line))
    return line.replace("\\$", " $").replace("\\%", " %").replace("\\&", " &").replace("\u00a0", " ").replace("\t", " ")


def printed_value(printed: str) -> Decimal | None:
    """The magnitude of the number in ``printed`` from its ASCII digits alone (a dash is zero)."""
    digits = re.sub(r"[^0-9.]", "", printed).strip(".")
    if not digits:
        return Decimal(0) if printed.strip("$ ") in _DASHES else None
    try:
        return Decimal(digits)
    except decimal.InvalidOperation:
        return None


_HIDDEN_SPAN = re.compile(r'<span class="mh"[^>]*>[^<]*</span>')
_TAG = re.compile(r"<[^>]*>")


def html_shown(line: str, column: int) -> str:
    """What a generated HTML mutant shows from ``column`` on: its hidden spans (``class="mh"``) and
    tags removed, entities decoded; the text of the cell that starts there and the cells after it."""
    import html as html_lib

    return html_lib.unescape(_TAG.sub(" ", _HIDDEN_SPAN.sub("", line[max(column - 1, 0):])))


def unsupported_facts(report: Report, scales: Mapping[str, int | None], source: bytes, release: str,
                      html: bool = False) -> list[str]:
    """One line per fact of ``report`` (the review report) that ``source`` does not show where the report says.

    A fact whose report entry names the release must have its printed text at that line and column
    (a number not followed by more of its digits), and a numeric fact's value must be the printed
    number times 10^scale (``scales`` by fact id), and the printed text one amount (not a currency sign
    with a percent sign, no leading zero before more digits). In an HTML mutant (``html``) the column is
    its cell's start tag: the printed text, spaces and ``$`` aside, must be a whole number of what the
    line shows once the mutant's hidden spans are removed.
    Facts the report says come from elsewhere (the company profile) are not the release's to support."""
    lines = source_lines(source)
    problems = []
    for entry in report.facts:
        where = entry.source
        if where.file != release:
            continue
        printed = entry.printed
        label = f"{entry.id} {entry.concept} {printed!r} at line {where.line} column {where.column}"
        if not printed or not 1 <= where.line <= len(lines):
            problems.append(f"{label}: the source has {len(lines)} lines" if printed else f"{label}: nothing printed")
            continue
        if html:
            # the line as shown (hidden spans out), "$" and runs of spaces aside: the printed text must be in it as
            # a whole number (a cell's column is its start tag's; a sentence's is an offset in its text)
            shown = re.sub(r"\s+", " ", html_shown(lines[where.line - 1], 1).replace("$", " "))
            printed_here = re.sub(r"\s+", " ", printed.replace("$", " ")).strip()
            if where.column < 1 or not re.search(r"(?<![\d.,])" + re.escape(printed_here) + r"(?!\d|[.,]\d)", shown):
                problems.append(f"{label}: the line shows no {printed_here!r} ({shown[:80]!r})")
                continue
            shown = printed  # found whole: it does not go on
        else:
            shown = without_markup(lines[where.line - 1])[max(where.column - 1, 0):]
            if where.column < 1 or not shown.startswith(printed):
                problems.append(f"{label}: the source shows {shown[:len(printed) + 10]!r} there")
                continue
        if entry.unit is not None and (re.search(r"[$\u20ac\u00a3]", printed) and "%" in printed
                                          or re.search(r"(?<![\d.,])0[\d,]", printed)):
            problems.append(f"{label}: {printed!r} is not one amount")
            continue
        if entry.unit is None:
            continue
        after = shown[len(printed):len(printed) + 2]
        if re.match(r"\d|[.,]\d", after):
            problems.append(f"{label}: the printed number goes on: {shown[:len(printed) + 10]!r}")
            continue
        magnitude = printed_value(printed)
        scale = scales.get(entry.id) or 0
        with decimal.localcontext() as ctx:
            ctx.prec = 200
            if magnitude is None or abs(Decimal(entry.value_text)) != magnitude * Decimal(10) ** scale:
                problems.append(f"{label}: value {entry.value_text} is not the printed number x 10^{scale}")
    return problems


# --------------------------------------------------------------------------- running the corpus


class Hang(BaseException):
    """The time limit passed (a BaseException, so that no ``except Exception`` in the pipeline swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the main thread after ``seconds`` (no limit off the main thread or without SIGALRM)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(_signum, _frame):
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def user_errors() -> tuple[type[BaseException], ...]:
    """The errors the command line shows as a one-line message: ``IxconvError``, as ``converter.cli`` catches."""
    from ..errors import IxconvError

    return (IxconvError,)


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str
    description: str
    path: str
    status: str  # clean | refused | crash | hang
    seconds: float
    message: str = ""  # the refusal's message, or the crash's exception
    facts: int = 0
    unsupported: tuple[str, ...] = ()
    names_input: bool = True  # a refusal's message names the input file
    output_problem: str = ""  # the rendered document is not well-formed XML

    @property
    def ok(self) -> bool:
        return self.status in ("clean", "refused") and self.names_input and not self.unsupported and not self.output_problem

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "description": self.description, "path": self.path,
                "status": self.status, "seconds": round(self.seconds, 3), "message": self.message, "facts": self.facts,
                "unsupported": list(self.unsupported), "names_input": self.names_input,
                "output_problem": self.output_problem}


@dataclass
class CorpusResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = self.outcomes
        return {
            "inputs": len(out),
            "clean": sum(1 for o in out if o.status == "clean"),
            "refused": sum(1 for o in out if o.status == "refused" and o.names_input),
            "unclear_refusals": sum(1 for o in out if o.status == "refused" and not o.names_input),
            "crashes": sum(1 for o in out if o.status == "crash"),
            "hangs": sum(1 for o in out if o.status == "hang"),
            "unsupported_facts": sum(len(o.unsupported) for o in out),
            "broken_outputs": sum(1 for o in out if o.output_problem),
        }

    def by_kind(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            row = table.setdefault(o.kind, {"inputs": 0, "clean": 0, "refused": 0, "crash": 0, "hang": 0, "unsupported": 0})
            row["inputs"] += 1
            row[o.status] += 1
            row["unsupported"] += len(o.unsupported)
        return table

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)


def _well_formed(document: bytes) -> str:
    from lxml import etree

    try:
        etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        return f"the rendered document is not well-formed XML: {exc}"
    return ""


def run_mutant(path: Path, *, kind: str = "", description: str = "", taxonomy: Path, profile: Path | None,
               rules=None, seconds: float = 20.0) -> Outcome:
    """Convert one input (no Arelle) under a time limit and check what it produced."""
    from ..export.report import build_report
    from ..pipeline import build_filing, render

    started = time.perf_counter()
    name = path.stem

    def outcome(status: str, **more) -> Outcome:
        return Outcome(name, kind, description, str(path), status, time.perf_counter() - started, **more)

    try:
        with time_limit(seconds):
            filing, index = build_filing(path, taxonomy=taxonomy, profile=profile, rules=rules)
            rendered = render(filing, index)
            report = build_report(filing, None, rendered.document_name, rendered.layout)
    except Hang as exc:
        return outcome("hang", message=str(exc))
    except user_errors() as exc:
        message = str(exc)
        return outcome("refused", message=message, names_input=path.name in message)
    except Exception as exc:  # noqa: BLE001 - anything else is a crash, which is what this counts
        return outcome("crash", message=f"{type(exc).__name__}: {exc}"[:500])
    scales = {rendered.layout.elements[fact.id]: fact.scale for fact in filing.facts}
    problems = unsupported_facts(report, scales, path.read_bytes(), filing.document.path,
                                 html=filing.document.format == "html")
    return outcome("clean", facts=len(filing.facts), unsupported=tuple(problems),
                   output_problem=_well_formed(rendered.files[rendered.document_name]))


def run_corpus(mutants: list[Mutant], folder: Path, *, taxonomy: Path, profile: Path | None, seconds: float = 20.0,
               progress: Callable[[Outcome], None] | None = None) -> CorpusResult:
    """Write the mutants into ``folder`` and convert each one."""
    from ..rules import load_rules
    from ..taxonomy.index import load_index

    rules = load_rules()
    load_index(taxonomy)  # a setup problem is raised here, once, not counted against every mutant
    result = CorpusResult()
    for mutant, path in zip(mutants, write_corpus(mutants, folder)):
        outcome = run_mutant(path, kind=mutant.kind, description=mutant.description, taxonomy=taxonomy,
                             profile=profile, rules=rules, seconds=seconds)
        result.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return result
