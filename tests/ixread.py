"""A small, independent reader of Inline XBRL facts for tests: it knows nothing of the converter."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lxml import etree

IX = "http://www.xbrl.org/2013/inlineXBRL"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"


@dataclass(frozen=True)
class IxFact:
    concept: str
    period: str  # "2013-07-01/2013-09-30" or "2013-09-30"
    dims: tuple[tuple[str, str], ...]
    unit: str | None
    value: Decimal | str
    decimals: str | None
    shown: str


def _period(ctx) -> str:
    instant = ctx.find(f".//{{{XBRLI}}}instant")
    if instant is not None:
        return instant.text.strip()
    return f"{ctx.find(f'.//{{{XBRLI}}}startDate').text.strip()}/{ctx.find(f'.//{{{XBRLI}}}endDate').text.strip()}"


def read_facts(path: Path) -> list[IxFact]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    contexts = {}
    for ctx in root.iter(f"{{{XBRLI}}}context"):
        dims = tuple(sorted((m.get("dimension"), m.text.strip()) for m in ctx.iter(f"{{{XBRLDI}}}explicitMember")))
        contexts[ctx.get("id")] = (_period(ctx), dims)
    facts = []
    for el in root.iter(f"{{{IX}}}nonFraction"):
        shown = "".join(el.itertext()).strip()
        fmt = el.get("format", "")
        if fmt.endswith("fixed-zero"):
            value = Decimal(0)
        else:
            value = Decimal(shown.replace(",", "")).scaleb(int(el.get("scale", "0")))
        if el.get("sign") == "-":
            value = -value
        period, dims = contexts[el.get("contextRef")]
        facts.append(IxFact(el.get("name"), period, dims, el.get("unitRef"), value, el.get("decimals"), shown))
    for el in root.iter(f"{{{IX}}}nonNumeric"):
        period, dims = contexts[el.get("contextRef")]
        facts.append(IxFact(el.get("name"), period, dims, None, "".join(el.itertext()).strip(), None, ""))
    return facts


def fact_map(facts: list[IxFact]) -> dict[tuple[str, str, tuple], list[IxFact]]:
    out: dict = {}
    for f in facts:
        out.setdefault((f.concept, f.period, f.dims), []).append(f)
    return out


def consistent(group: list[IxFact]) -> bool:
    """Duplicates agree: text facts are equal; numbers are equal once rounded to the coarsest decimals
    among them (a statement's 77,379 thousand and the text's "$77.4 million" are one fact)."""
    if isinstance(group[0].value, str):
        return len({f.value for f in group}) == 1
    coarsest = min(int(f.decimals) for f in group)
    return len({f.value.quantize(Decimal(1).scaleb(-coarsest)) for f in group}) == 1


def most_precise(group: list[IxFact]) -> IxFact:
    return max(group, key=lambda f: int(f.decimals))
