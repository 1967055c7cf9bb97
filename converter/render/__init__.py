"""render: ``Filing`` -> the iXBRL document and its extension schema, as bytes (Jinja templates, autoescaped)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model import Filing
from ..taxonomy.index import ConceptIndex
from .layout import TRANSFORM_NS, UNITS, build_blocks

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COVER_CONTEXT = "c-cover"


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # everything rendered is XML: escape all text
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


@dataclass(frozen=True)
class Rendered:
    document_name: str
    schema_name: str
    files: dict[str, bytes]


def base_name(filing: Filing) -> str:
    return f"{filing.company.prefix}-{filing.report_date:%Y%m%d}"


def hidden_cover_facts(filing: Filing, index: ConceptIndex) -> list[dict]:
    """dei facts from the company profile and the document, kept to those the loaded dei declares."""
    candidates = [
        ("dei:DocumentType", filing.document_type),
        ("dei:AmendmentFlag", "false"),
        ("dei:DocumentPeriodEndDate", filing.report_date.isoformat()),
        ("dei:EntityRegistrantName", filing.company.name),
        ("dei:EntityCentralIndexKey", filing.company.cik10),
        ("dei:TradingSymbol", filing.company.ticker),
    ]
    out = []
    for n, (name, value) in enumerate(candidates, 1):
        if value and index.get(name) is not None:
            out.append({"name": name, "value": value, "id": f"cover-{n}"})
    return out


def render_filing(filing: Filing, index: ConceptIndex) -> Rendered:
    env = environment()
    blocks, contexts, units, _ids = build_blocks(filing)
    base = base_name(filing)
    schema_name = f"{base}.xsd"
    families = sorted({f.concept.prefix for f in filing.facts} | {"dei"})
    for fact in filing.facts:
        for axis, member in fact.dims:
            families.extend([axis.prefix, member.prefix])
    imports = []
    namespaces = [(filing.company.prefix, filing.company.namespace)]
    for prefix in sorted(set(families)):
        ns = index.namespace(prefix)
        if ns:
            imports.append({"namespace": ns, "url": index.schema_url(prefix)})
            namespaces.append((prefix, ns))
    document = env.get_template("filing.htm.j2").render(
        company=filing.company, document_type=filing.document_type, report_date=filing.report_date,
        transform_ns=TRANSFORM_NS, namespaces=namespaces, hidden=hidden_cover_facts(filing, index),
        cover_context=COVER_CONTEXT, schema_file=schema_name, contexts=contexts, units=units, unit_defs=UNITS,
        blocks=blocks,
    )
    schema = env.get_template("extension.xsd.j2").render(
        company=filing.company, imports=imports, imports_ns=[(p, n) for p, n in namespaces if p != filing.company.prefix],
        roles=[], linkbases=[], elements=[],
    )
    return Rendered(f"{base}.htm", schema_name, {f"{base}.htm": document.encode("utf-8"), schema_name: schema.encode("utf-8")})
