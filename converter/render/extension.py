"""The company's extension taxonomy for a filing: elements, roles, labels and the presentation,
calculation and definition networks, built from the facts and the rule data.

- one role per statement table (and one for the cover, the prose figures and the guidance);
- presentation: the role's heading concept, then every concept in the order its rows print;
  dimensional facts get the table / axis / domain / member structure above their line items;
- calculation: the rule data's calculations whose total and a part are tagged, weights +1/-1;
  an arc that XBRL 2.1's balance rule forbids (same balances with weight -1, opposite with +1) is
  left out of the linkbase (the footing is still checked before rendering) and reported;
- definition: for each role with dimensional facts, a hypercube (``us-gaap:StatementTable`` where the
  taxonomy has it) with its axes, their domains, members and defaults.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Filing, Finding, QName, Severity
from ..rules import RuleSet
from ..taxonomy.index import TaxonomyView

XSD_TYPES = {
    "monetary": "xbrli:monetaryItemType", "perShare": "num:perShareItemType", "shares": "xbrli:sharesItemType",
    "pure": "xbrli:pureItemType", "count": "xbrli:pureItemType", "percent": "num:percentItemType",
    "string": "xbrli:stringItemType", "axis": "xbrli:stringItemType", "domain": "nonnum:domainItemType",
    "member": "nonnum:domainItemType", "abstract": "xbrli:stringItemType",
}
SPECIAL_ROLES = {
    "cover": ("CoverPage", "Cover page", "ext:CoverAbstract"),
    "prose": ("NarrativeFigures", "Figures stated in the text of the release", "ext:NarrativeFiguresAbstract"),
    "guidance": ("FinancialExpectations", "Financial expectations (guidance)", "ext:FinancialExpectationsAbstract"),
}


@dataclass(frozen=True)
class Element:
    name: str
    type: str
    substitution_group: str
    period: str
    balance: str | None
    abstract: bool
    label: str
    terse_label: str | None = None
    documentation: str = ""


@dataclass
class Role:
    id: str
    uri: str
    definition: str
    heading: str  # the presentation root (prefixed name)
    concepts: list[str] = field(default_factory=list)  # line items in order (prefixed names)
    dims: dict[str, list[str]] = field(default_factory=dict)  # axis -> members
    dim_concepts: list[str] = field(default_factory=list)  # concepts with dimensional facts
    calcs: list[tuple[str, str, int]] = field(default_factory=list)  # (total, part, weight)


@dataclass
class ExtensionTaxonomy:
    elements: list[Element]
    roles: list[Role]
    axis_domain: dict[str, str]  # axis -> domain
    hypercube: str
    line_items: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_dimensions(self) -> bool:
        return any(r.dims for r in self.roles)


def words(name: str) -> str:
    """'AdjustedEBITDAPerShareDiluted' -> 'Adjusted EBITDA Per Share Diluted' (a label from a name)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)


def build_extension(filing: Filing, rules: RuleSet, index: TaxonomyView) -> ExtensionTaxonomy:
    prefix = filing.company.prefix
    ext_defs = {e.name: e for e in rules.extensions}
    statement_kinds = {s.kind: s for s in rules.statements}

    def resolve(name: str) -> str:
        q = QName.parse(name)
        return f"{prefix}:{q.local}" if q.prefix == "ext" else str(q)

    tables = {t.id: t for t in filing.tables}
    roles: dict[str, Role] = {}
    role_of_group: dict[str, Role] = {}
    used_role_ids: set[str] = set()

    def role_for(group: str) -> Role:
        if group in role_of_group:
            return role_of_group[group]
        if group in SPECIAL_ROLES:
            rid, definition, heading = SPECIAL_ROLES[group]
        else:
            table = tables[group]
            kind = statement_kinds.get(table.statement)
            rid = (kind.role if kind and kind.role else f"Table{table.id.upper()}")
            heading = kind.abstract if kind and kind.abstract else f"ext:{rid}Abstract"
            definition = re.sub(r"\s+", " ", table.title).strip()[:200] or words(rid)
        base, n = rid, 2
        while rid in used_role_ids:
            rid, n = f"{base}{n}", n + 1
        if rid != base and heading.startswith("ext:"):
            heading = f"ext:{rid}Abstract"
        used_role_ids.add(rid)
        role = Role(rid, f"{filing.company.namespace}/role/{rid}", "", resolve(heading))
        role.definition = f"{len(used_role_ids):02d}0000 - {'Document' if group == 'cover' else 'Statement'} - {definition}"
        roles[rid] = role
        role_of_group[group] = role
        return role

    ordered = sorted(filing.facts, key=lambda f: (f.reading.span.line, f.reading.span.col_start))
    for fact in ordered:
        group = fact.table_id if fact.table_id in tables else fact.table_id.split(":")[0]
        if group not in tables and group not in SPECIAL_ROLES:
            group = "prose"
        role = role_for(group)
        name = str(fact.concept)
        if fact.dims:
            if name not in role.dim_concepts:
                role.dim_concepts.append(name)
            for axis, member in fact.dims:
                members = role.dims.setdefault(str(axis), [])
                if str(member) not in members:
                    members.append(str(member))
        elif name not in role.concepts:
            role.concepts.append(name)

    # calculations per role, from the rule data
    findings: list[Finding] = []
    present = {(f.table_id, str(f.concept)) for f in filing.facts if not f.dims and f.is_numeric}
    for group, role in role_of_group.items():
        if group not in tables:
            continue
        table = tables[group]
        aliases = filing.concept_aliases  # a rule concept the company's prior filing replaced

        def resolved(name: str) -> str:
            return aliases.get((group, resolve(name)), resolve(name))

        claimed: set[str] = set()  # one calculation per total: the first in the rule data that fits the table
        for calc in rules.calculations:
            if calc.statement != table.statement or calc.at_start:
                continue  # (a sum across two dates, e.g. opening cash plus the change, has no calculation arc)
            total = resolved(calc.total)
            if (group, total) not in present or total in claimed:
                continue
            if any((group, resolved(p)) not in present for p, _w in calc.parts if p not in calc.optional):
                continue  # a required part is not tagged: the table is not laid out this way
            claimed.add(total)
            for part, weight in calc.parts:
                part_name = resolved(part)
                if (group, part_name) not in present:
                    continue
                problem = _balance_problem(total, part_name, weight, index, ext_defs, prefix)
                if problem:
                    findings.append(Finding("render.calcArcOmitted", Severity.INFO,
                                            f"calculation {calc.id}: {part_name} -> {total} (weight {weight:+d}) is checked "
                                            f"but not written to the calculation linkbase: {problem}", None, table_id=group))
                    continue
                if (total, part_name, weight) not in role.calcs:
                    role.calcs.append((total, part_name, weight))

    _drop_inconsistent_calculations(filing, role_of_group, findings)

    # elements: the extension concepts used, role headings, axes and domains
    elements: dict[str, Element] = {}
    hypercube = "us-gaap:StatementTable" if index.get("us-gaap:StatementTable") else f"{prefix}:StatementTable"
    line_items = "us-gaap:StatementLineItems" if index.get("us-gaap:StatementLineItems") else f"{prefix}:StatementLineItems"
    axis_domain: dict[str, str] = {}

    def add_element(qname: str, kind: str | None = None, label: str | None = None) -> None:
        p, _, local = qname.partition(":")
        if p != prefix or local in elements:
            return
        ext = ext_defs.get(local)
        if ext is not None:
            kind = ext.type
            subst = {"axis": "xbrldt:dimensionItem"}.get(kind, "xbrli:item")
            elements[local] = Element(local, XSD_TYPES[kind], subst, ext.period, ext.balance,
                                      kind in ("axis", "domain", "member"), ext.label or words(local), ext.terse_label,
                                      ext.documentation)
            return
        kind = kind or "abstract"
        subst = {"hypercube": "xbrldt:hypercubeItem"}.get(kind, "xbrli:item")
        elements[local] = Element(local, XSD_TYPES.get(kind, "xbrli:stringItemType"), subst, "duration", None, True,
                                  label or words(local))

    for role in roles.values():
        add_element(role.heading, "abstract")
        for name in role.concepts + role.dim_concepts:
            add_element(name)
        for axis_name, members in role.dims.items():
            add_element(axis_name)
            domain = _domain_of(axis_name, index, ext_defs, prefix)
            axis_domain[axis_name] = domain
            add_element(domain, "domain")
            for member_name in members:
                add_element(member_name, "member")
    if any(r.dims for r in roles.values()):
        add_element(hypercube, "hypercube")
        add_element(line_items, "abstract")
    for fact in filing.facts:
        for axis, member in fact.dims:
            add_element(str(member), "member")
    return ExtensionTaxonomy(sorted(elements.values(), key=lambda e: e.name), list(roles.values()), axis_domain,
                             hypercube, line_items, findings)


def _drop_inconsistent_calculations(filing: Filing, role_of_group: dict, findings: list[Finding]) -> None:
    """Keep a total's calculation only if the facts as tagged satisfy it in every period (Calculations
    1.1, round to nearest): a part refused after its footing was checked would make it inconsistent."""
    values: dict[tuple[str, str], list] = {}
    for fact in filing.facts:
        if fact.is_numeric and not fact.dims:
            values.setdefault((str(fact.concept), fact.period.key), []).append(fact)

    for role in role_of_group.values():
        totals = sorted({t for t, _p, _w in role.calcs})
        for total in totals:
            arcs = [(p, w) for t, p, w in role.calcs if t == total]
            bad = []
            for (concept, pkey), facts in values.items():
                if concept != total:
                    continue
                t = facts[0]
                parts = [(values[(p, pkey)][0], w) for p, w in arcs if (p, pkey) in values]
                if not parts:
                    continue
                computed = sum((Decimal(w) * f.value for f, w in parts), Decimal(0))
                tolerance = t.half_unit + sum((f.half_unit for f, _w in parts), Decimal(0))
                if abs(computed - t.value) > tolerance:
                    bad.append(t.period.describe())
            if bad:
                role.calcs = [c for c in role.calcs if c[0] != total]
                findings.append(Finding(
                    "render.calcOmitted", Severity.WARNING,
                    f"the calculation of {total} is not written to the calculation linkbase: the facts as tagged do not "
                    f"add up for {', '.join(sorted(bad))} (a part was refused after the footing was checked)", None))


def _balance_of(name: str, index: TaxonomyView, ext_defs, prefix: str) -> str | None:
    p, _, local = name.partition(":")
    if p == prefix:
        ext = ext_defs.get(local)
        return ext.balance if ext else None
    concept = index.get(name)
    return concept.balance if concept else None


def _balance_problem(total: str, part: str, weight: int, index, ext_defs, prefix) -> str | None:
    a, b = _balance_of(total, index, ext_defs, prefix), _balance_of(part, index, ext_defs, prefix)
    if a and b and (a == b) != (weight > 0):
        return f"{total} is {a} and {part} is {b}, which XBRL 2.1 allows only with weight {'+1' if a == b else '-1'}"
    return None


def _domain_of(axis: str, index: TaxonomyView, ext_defs, prefix: str) -> str:
    p, _, local = axis.partition(":")
    if p == prefix:
        domain = local[:-4] + "Domain" if local.endswith("Axis") else local + "Domain"
        return f"{prefix}:{domain}"
    info = index.dimension(axis)
    if info.get("domain"):
        return f"{p}:{info['domain']}"
    return f"{prefix}:{local[:-4] if local.endswith('Axis') else local}Domain"
