"""The four linkbases of the extension taxonomy (label, presentation, calculation, definition) as
plain data for ``templates/linkbase.xml.j2``: locators, resources and arcs per extended link."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..taxonomy.index import TaxonomyView
from .extension import ExtensionTaxonomy

ARC = "http://www.xbrl.org/2003/arcrole/"
DIM = "http://xbrl.org/int/dim/arcrole/"
ROLE = "http://www.xbrl.org/2003/role/"


@dataclass
class Arc:
    src: str
    dst: str
    arcrole: str
    order: int | None = None
    weight: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass
class Link:
    role: str
    locators: list[dict] = field(default_factory=list)
    resources: list[dict] = field(default_factory=list)
    arcs: list[Arc] = field(default_factory=list)
    _labels: dict[str, str] = field(default_factory=dict)

    def alias(self, qname: str, href: str) -> str:
        """A second locator for the same concept (XLink forbids two arcs between one pair of labels)."""
        label = "loc_" + qname.replace(":", "_") + "_2"
        if label not in self._labels.values():
            self._labels[qname + "#2"] = label
            self.locators.append({"href": href, "label": label})
        return label

    def loc(self, qname: str, href: str) -> str:
        if qname not in self._labels:
            label = "loc_" + qname.replace(":", "_")
            self._labels[qname] = label
            self.locators.append({"href": href, "label": label})
        return self._labels[qname]


class Hrefs:
    def __init__(self, index: TaxonomyView, prefix: str, schema_file: str):
        self.index, self.prefix, self.schema_file = index, prefix, schema_file

    def __call__(self, qname: str) -> str:
        p, _, local = qname.partition(":")
        base = self.schema_file if p == self.prefix else self.index.schema_url(p)
        return f"{base}#{p}_{local}"


def label_links(ext: ExtensionTaxonomy, href: Hrefs) -> list[Link]:
    link = Link(ROLE + "link")
    for el in ext.elements:
        loc = link.loc(f"{href.prefix}:{el.name}", href(f"{href.prefix}:{el.name}"))
        texts = [("label", el.label), ("terseLabel", el.terse_label), ("documentation", el.documentation)]
        for role, text in texts:
            if not text:
                continue
            res = f"lab_{el.name}_{role}"
            link.resources.append({"label": res, "role": ROLE + role, "id": res, "text": text})
            link.arcs.append(Arc(loc, res, ARC + "concept-label"))
    return [link]


def presentation_links(ext: ExtensionTaxonomy, href: Hrefs) -> list[Link]:
    links = []
    for role in ext.roles:
        link = Link(role.uri)
        root = link.loc(role.heading, href(role.heading))
        order = 0

        def child(parent: str, qname: str) -> str:
            nonlocal order
            order += 1
            node = link.loc(qname, href(qname))
            link.arcs.append(Arc(parent, node, ARC + "parent-child", order))
            return node

        if role.dims:
            table = child(root, ext.hypercube)
            for axis, members in role.dims.items():
                axis_node = child(table, axis)
                domain_node = child(axis_node, ext.axis_domain[axis])
                for member in members:
                    if member != ext.axis_domain[axis]:
                        child(domain_node, member)
            items = child(root, ext.line_items)
            for name in role.dim_concepts + [c for c in role.concepts if c not in role.dim_concepts]:
                child(items, name)
        else:
            for name in role.concepts:
                child(root, name)
        links.append(link)
    return links


def calculation_links(ext: ExtensionTaxonomy, href: Hrefs) -> list[Link]:
    links = []
    for role in ext.roles:
        if not role.calcs:
            continue
        link = Link(role.uri)
        for order, (total, part, weight) in enumerate(role.calcs, 1):
            link.arcs.append(Arc(link.loc(total, href(total)), link.loc(part, href(part)), ARC + "summation-item",
                                 order, f"{float(weight):.1f}"))
        links.append(link)
    return links


def definition_links(ext: ExtensionTaxonomy, href: Hrefs) -> list[Link]:
    links = []
    for role in ext.roles:
        if not role.dims:
            continue
        link = Link(role.uri)
        items = link.loc(ext.line_items, href(ext.line_items))
        cube = link.loc(ext.hypercube, href(ext.hypercube))
        link.arcs.append(Arc(items, cube, DIM + "all", 1, None, (("xbrldt:closed", "true"), ("xbrldt:contextElement", "segment"))))
        for n, (axis, members) in enumerate(role.dims.items(), 1):
            a = link.loc(axis, href(axis))
            domain = ext.axis_domain[axis]
            d = link.loc(domain, href(domain))
            link.arcs.append(Arc(cube, a, DIM + "hypercube-dimension", n))
            link.arcs.append(Arc(a, d, DIM + "dimension-domain", 1))
            link.arcs.append(Arc(a, link.alias(domain, href(domain)), DIM + "dimension-default", 1))
            for m, member in enumerate(members, 1):
                if member != domain:
                    link.arcs.append(Arc(d, link.loc(member, href(member)), DIM + "domain-member", m))
        for n, name in enumerate(role.dim_concepts, 1):
            link.arcs.append(Arc(items, link.loc(name, href(name)), DIM + "domain-member", n))
        links.append(link)
    return links


DIM_ARCROLES = [
    {"uri": DIM + name, "href": f"http://www.xbrl.org/2005/xbrldt-2005.xsd#{name}"}
    for name in ("all", "hypercube-dimension", "dimension-domain", "domain-member", "dimension-default")
]
