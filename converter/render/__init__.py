"""render: ``Filing`` -> the iXBRL document and its extension schema, as bytes (Jinja templates, autoescaped)."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass

from ..model import DocumentLayout, Filing
from ..taxonomy.index import TaxonomyView
from ..templating import environment
from .extension import ExtensionTaxonomy, build_extension
from .layout import TRANSFORM_NS, UNITS, build_blocks, context_id, element_anchors
from .linkbases import (
    DIM_ARCROLES,
    Hrefs,
    calculation_links,
    definition_links,
    label_links,
    presentation_links,
)

LINKBASE_ROLES = {
    "lab": ("http://www.xbrl.org/2003/role/labelLinkbaseRef", "labelLink", "labelArc"),
    "pre": ("http://www.xbrl.org/2003/role/presentationLinkbaseRef", "presentationLink", "presentationArc"),
    "cal": ("http://www.xbrl.org/2003/role/calculationLinkbaseRef", "calculationLink", "calculationArc"),
    "def": ("http://www.xbrl.org/2003/role/definitionLinkbaseRef", "definitionLink", "definitionArc"),
}
BASE_NAMESPACES = {
    "num": "http://www.xbrl.org/dtr/type/numeric",
    "nonnum": "http://www.xbrl.org/dtr/type/non-numeric",
    "xbrldt": "http://xbrl.org/2005/xbrldt",
}



# EFM 5.2.1.1 (table 5-1): the characters an EDGAR document may hold as they are (ASCII letters, digits, this
# punctuation and white space). Every other character is written as a numeric character reference
# (``&#183;``), which EDGAR accepts and which any XML reader turns back into the same character: the text
# and every fact's value are unchanged, only their spelling in the file.
EDGAR_CHARACTERS = frozenset(string.digits + string.ascii_letters + "`~!@#$%&*().-+ {}[]|\\:;\"'<>,_?/=" + "\t\n\r\f")


_NOT_EDGAR = re.compile("[^" + "".join(sorted(re.escape(c) for c in EDGAR_CHARACTERS)) + "]")


def edgar_characters(xml: str) -> str:
    """``xml`` (a serialised document with no comments, CDATA or processing instructions but its XML
    declaration) with every character EDGAR does not allow as such spelled as a character reference."""
    return _NOT_EDGAR.sub(lambda m: f"&#{ord(m.group())};", xml)


@dataclass(frozen=True)
class Rendered:
    document_name: str
    schema_name: str
    files: dict[str, bytes]
    layout: DocumentLayout  # where each fact and source position is drawn: what export links to
    extension: ExtensionTaxonomy | None = None


def base_name(filing: Filing) -> str:
    return f"{filing.company.prefix}-{filing.report_date:%Y%m%d}"


HIDDEN = "cover:hidden"  # table id of facts that have no place in the document's text (ix:hidden)

def render_filing(filing: Filing, index: TaxonomyView) -> Rendered:
    """The iXBRL document, the extension schema and its linkbases for ``filing``, by the rules it was
    mapped by (``Filing.rules``)."""
    env = environment()
    extension = build_extension(filing, filing.rules, index)
    blocks, contexts, units, fact_ids = build_blocks(filing)
    hidden = [{"fact": f, "fact_id": fact_ids[f.id], "context_id": context_id(f.period, f.dims)}
              for f in filing.facts if f.table_id == HIDDEN]
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
        transform_ns=TRANSFORM_NS, namespaces=namespaces, hidden=hidden,
        schema_file=schema_name, contexts=contexts, units=units, unit_defs=UNITS,
        blocks=blocks,
    )
    files = {f"{base}.htm": edgar_characters(document).encode("ascii")}
    href = Hrefs(index, filing.company.prefix, schema_name)
    builders = {"lab": label_links, "pre": presentation_links, "cal": calculation_links, "def": definition_links}
    linkbase_refs = []
    for kind, build in builders.items():
        links = build(extension, href)
        if not links or not any(link.arcs for link in links):
            continue
        role_ref, link_element, arc_element = LINKBASE_ROLES[kind]
        name = f"{base}_{kind}.xml"
        used_roles = [r for r in extension.roles if any(link.role == r.uri for link in links)]
        linkbase = env.get_template("linkbase.xml.j2").render(
            kind={"lab": "label", "pre": "presentation", "cal": "calculation", "def": "definition"}[kind],
            company=filing.company, schema_file=schema_name, role_refs=used_roles,
            arcrole_refs=DIM_ARCROLES if kind == "def" else [], links=links, link_element=link_element,
            arc_element=arc_element,
        )
        files[name] = edgar_characters(linkbase).encode("ascii")
        linkbase_refs.append({"href": name, "role": role_ref})
    base_imports = []
    for prefix, ns in BASE_NAMESPACES.items():
        location = index.type_schema(ns)
        if location:
            base_imports.append({"namespace": ns, "url": location})
    schema = env.get_template("extension.xsd.j2").render(
        company=filing.company, imports=base_imports + imports,
        imports_ns=[(p, n) for p, n in namespaces if p != filing.company.prefix],
        roles=extension.roles, linkbases=linkbase_refs, elements=extension.elements,
    )
    files[schema_name] = edgar_characters(schema).encode("ascii")
    layout = DocumentLayout(fact_ids, element_anchors(filing, blocks), tuple(c.id for c in contexts), tuple(units))
    return Rendered(f"{base}.htm", schema_name, files, layout, extension)
