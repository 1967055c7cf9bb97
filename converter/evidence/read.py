"""Readers of a company's own XBRL: instance, Inline XBRL, SEC companyfacts JSON -> ``ReportedFact``s.

Nothing is resolved: no schema, no linkbase, no network, no entity expansion. Contexts, units and
explicit dimensions are read from the document itself. Only numeric facts are returned.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from ..errors import IxconvError
from ..model import Period, ReportedFact

IX = "http://www.xbrl.org/2013/inlineXBRL"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
MAX_BYTES = 200 * 1024 * 1024


class EvidenceError(IxconvError):
    """A company XBRL file cannot be read; the message says which and why."""

    exit_code = 2


def _local(name: str) -> str:
    return name.rpartition(":")[2].rpartition("}")[2]


def _prefix(name: str) -> str:
    return name.partition(":")[0] if ":" in name else ""


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip()[:10])


def read_reported(path: Path, *, accession: str | None = None) -> list[ReportedFact]:
    """The numeric facts of ``path``: companyfacts JSON (``accession`` picks one filing's entries),
    else an XBRL instance or Inline XBRL document."""
    try:
        head = path.read_bytes()[:64].lstrip()
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head.startswith(b"{"):
        return read_companyfacts(path, accession=accession)
    if accession:
        raise EvidenceError(f"{path}: --accession applies to SEC companyfacts JSON only; this is an XBRL file")
    return read_instance(path)


def read_companyfacts(path: Path, *, accession: str | None = None) -> list[ReportedFact]:
    """SEC companyfacts (``facts`` -> taxonomy -> concept -> ``units`` -> entries). No dimensions and no
    decimals are in this format; an entry without ``start`` is an instant."""
    if path.stat().st_size > MAX_BYTES:
        raise EvidenceError(f"{path}: over {MAX_BYTES} bytes; not read")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        facts = data["facts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvidenceError(f"{path}: not SEC companyfacts JSON ({exc})") from None
    out: list[ReportedFact] = []
    seen: set[tuple] = set()
    for taxonomy, concepts in sorted(facts.items()):
        for concept, body in sorted(concepts.items()):
            for unit, entries in sorted((body.get("units") or {}).items()):
                for entry in entries:
                    if accession and entry.get("accn") != accession:
                        continue
                    try:
                        end = _date(entry["end"])
                        period = Period(end=end, start=_date(entry["start"]) if entry.get("start") else None)
                        value = Decimal(str(entry["val"]))
                        filed = _date(entry["filed"]) if entry.get("filed") else None
                    except (KeyError, ValueError, InvalidOperation, TypeError):
                        continue
                    key = (concept, period, value, entry.get("accn"))
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(ReportedFact(concept, period, value, None, (), unit, taxonomy,
                                            entry.get("accn", ""), entry.get("form", ""), filed, str(path)))
    if accession and not out:
        raise EvidenceError(f"{path}: no entries with accession {accession}")
    return out


def read_instance(path: Path) -> list[ReportedFact]:
    """Numeric facts of an XBRL instance or an Inline XBRL document (no taxonomy needed)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise EvidenceError(f"{path}: not a readable XBRL or iXBRL file: {exc}") from None
    contexts: dict[str, tuple[Period, tuple, tuple]] = {}
    for ctx in root.iter(f"{{{XBRLI}}}context"):
        try:
            instant = ctx.find(f".//{{{XBRLI}}}instant")
            if instant is not None:
                period = Period(end=_date(instant.text or ""))
            else:
                start, end = ctx.find(f".//{{{XBRLI}}}startDate"), ctx.find(f".//{{{XBRLI}}}endDate")
                if start is None or end is None:
                    continue
                period = Period(end=_date(end.text or ""), start=_date(start.text or ""))
        except ValueError:
            continue
        written = tuple(sorted((m.get("dimension", "").strip(), (m.text or "").strip())
                               for m in ctx.iter(f"{{{XBRLDI}}}explicitMember")))
        dims = tuple(sorted((_local(a), _local(m)) for a, m in written))
        contexts[ctx.get("id")] = (period, dims, written)
    units: dict[str, str] = {}
    for unit in root.iter(f"{{{XBRLI}}}unit"):
        measures = [_local((m.text or "").strip()) for m in unit.iter(f"{{{XBRLI}}}measure")]
        units[unit.get("id")] = "/".join(measures) if len(measures) == 2 and unit.find(f".//{{{XBRLI}}}divide") is not None \
            else "".join(measures)
    inline = root.find(f".//{{{IX}}}header") is not None
    elements = root.iter(f"{{{IX}}}nonFraction") if inline else (
        e for e in root if isinstance(e.tag, str) and e.get("contextRef") and e.get("unitRef"))
    out: list[ReportedFact] = []
    for el in elements:
        if el.get("contextRef") not in contexts:
            continue
        text = "".join(el.itertext()).strip() if inline else (el.text or "").strip()
        try:
            if inline:
                if el.get("format", "").endswith(("zero", "fixed-zero", "zerodash")) or el.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true":
                    value = Decimal(0)
                else:
                    value = Decimal(text.replace(",", "").replace(" ", "")).scaleb(int(el.get("scale", "0")))
                if el.get("sign") == "-":
                    value = -value
            else:
                value = Decimal(text)
        except (InvalidOperation, ValueError):
            continue
        decimals = el.get("decimals")
        period, dims, written = contexts[el.get("contextRef")]
        name = el.get("name") if inline else f"{el.prefix or ''}:{etree.QName(el).localname}"
        out.append(ReportedFact(_local(name), period, value,
                                int(decimals) if decimals not in (None, "INF") else None, dims,
                                units.get(el.get("unitRef"), ""), _prefix(name), source=str(path),
                                qualified_dims=written))
    return out
