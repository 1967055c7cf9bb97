"""Read one printed number, or say why it cannot be read with certainty.

Accepted: ``1,234``, ``$ 1,234``, ``(1,234)``, ``-1,234``, ``0.03``, ``$(0.01)``, ``12.5%``, and a
dash standing for zero. Refused with a reason: digit groups that are not three digits
(``103,33``), digits split by a space (``3 400``), a dot followed by exactly three digits where
a comma would be (``17.000``), stray symbols inside the number, several numbers in one cell.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import Reading, Span

DASHES = {"-", "\u2013", "\u2014", "\u2012", "\u2212", "--", "\u2014\u2014"}
CURRENCY = "$\u20ac\u00a3"
# characters that, found in or beside a number, mean the cell is damaged
STRAY = set("\u03a8\u00a2\u2022\u00b7\u00a7\u00b6\u00a9\u00ae\u2122\u25cf\u25aa\u25a0\u03ce\u00bf\ufffd")
MARKER = re.compile(r"^\(?[a-z]\)$|^\(\d\)$|^_+$|^\*+$", re.IGNORECASE)

ASCII_DIGITS = "0123456789"
# No release prints a figure of more digits (a trillion dollars to the cent is 15); more is cells run
# together. The limit keeps every value exact once scaled (x 10^9 at most) in Decimal's 28-digit context.
MAX_DIGITS = 19
# ASCII digits only: a fullwidth or Arabic-Indic digit is not what it seems in a filing (and not what
# ixt:num-dot-decimal reads), so such a cell is refused rather than read.
_WELL_FORMED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$", re.ASCII)
# Written so that no two parts can match the same run of characters: a long run of spaces or dots inside
# a cell (a huge line) is scanned once, not once per split point (that took minutes on a 100 kB run).
_NUMBERISH = re.compile(r"^[\s$\u20ac\u00a3(]*[-\u2212]?\d[\d,.\s]*(?:[)%]\s*[)%]?)?$|^[(]?\s*[$]?\s*\.\d+\)?$")


def is_noise(text: str) -> bool:
    """A cell made only of stray symbols (a damaged currency sign, a bullet)."""
    t = text.replace(" ", "")
    return bool(t) and all(ch in STRAY for ch in t)


def looks_numeric(text: str) -> bool:
    """True for cells that hold a number (well-formed or damaged) or a dash; False for words."""
    t = text.strip()
    if not t:
        return False
    if t in DASHES or t.strip("$ ") in DASHES:
        return True
    if MARKER.match(t):
        return False
    stripped = "".join(ch for ch in t if ch not in STRAY)
    return bool(_NUMBERISH.match(stripped)) and any(ch.isdigit() for ch in stripped)


def read_number(text: str, span: Span, *, thousands_table: bool = False) -> Reading:
    """The value printed in ``text`` (sign applied, no scale), or a Reading whose ``problem`` says why not."""
    raw = text.strip()
    t = raw
    if t.strip("$ ") in DASHES:
        return Reading(raw, span, Decimal(0), dash=True)
    if not t.isascii():  # stray symbols and foreign digits are all outside ASCII
        stray = [ch for ch in t if ch in STRAY]
        if stray:
            return Reading(raw, span, None, problem=f"stray symbol {''.join(stray)!r} in the number")
        foreign = sorted({ch for ch in t if ch.isdigit() and ch not in ASCII_DIGITS})
        if foreign:
            return Reading(raw, span, None, problem=f"digit {''.join(foreign)!r} is not a plain 0-9 digit")
    negative = False
    t = t.replace("\u00a0", " ").strip()
    currency = any(sym in t for sym in CURRENCY)
    for sym in CURRENCY:
        t = t.replace(sym, " ")
    t = t.strip()
    percent = t.endswith("%")
    if percent:
        t = t[:-1].strip()
    if currency and (percent or "%" in t):
        return Reading(raw, span, None, problem="both a currency sign and a percent sign: an amount or a percentage?")
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    elif t.startswith("(") or t.endswith(")"):
        return Reading(raw, span, None, problem="unbalanced parenthesis")
    for sym in CURRENCY:
        t = t.replace(sym, "")
    t = t.strip()
    if t.startswith("-") or t.startswith("\u2212"):
        if negative:
            return Reading(raw, span, None, problem="both parentheses and a minus sign")
        negative, t = True, t[1:].strip()
    if re.search(r"\d\s+\d", t):
        if re.fullmatch(r"[\d,.]+(?:\s+[\d,.]+)+", t) and all("," in p or "." in p for p in t.split()):
            return Reading(raw, span, None, problem="several numbers in one cell")
        return Reading(raw, span, None, problem="digits split by a space")
    if not t or not any(ch.isdigit() for ch in t):
        return Reading(raw, span, None, problem="no digits")
    if re.match(r"0[\d,]", t):
        return Reading(raw, span, None, problem="a leading zero before more digits (digits run together or a lost separator?)")
    if not _WELL_FORMED.match(t):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
            return Reading(raw, span, None, problem="dot used as a thousands separator")
        return Reading(raw, span, None, problem="malformed digit groups")
    if thousands_table and re.fullmatch(r"\d{1,3}\.\d{3}", t):
        return Reading(raw, span, None, problem="dot followed by three digits in a table of whole thousands (a European separator?)")
    digits = sum(ch.isdigit() for ch in t)
    if digits > MAX_DIGITS:
        return Reading(raw, span, None, problem=f"{digits} digits: more than any figure printed ({MAX_DIGITS}); cells run together?")
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:
        return Reading(raw, span, None, problem="not a number")
    if negative:
        value = -value
    return Reading(raw, span, value, negative=negative, decimals_printed=decimals)
