"""The validation gate on deliberately broken filings: every EDGAR rule fires with its code, a clean filing passes.

The filings are written by hand here (an iXBRL document, an extension schema, label / presentation /
calculation linkbases), small enough to read, against the shared taxonomy package. The EDGAR rules are the
SEC's EDGAR plugin's (``EFM.6.05.08``); the project's own rules are only those the plugin does not have
(``ixconv.…``, see converter/validate/rules/README.md). The faults are grouped to keep Arelle loads few:
one clean filing, one with instance faults (contexts, units, facts, cover, transformations), one with
taxonomy faults (names, labels, networks), and two cheap ones that import dei only (namespace and prefix
forms, no presentation linkbase); one warm validator validates them all.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from converter.validate import edgar, rules
from converter.validate.arelle_run import ArelleResult, Message

needs_plugin = pytest.mark.skipif(not (edgar.default_plugin_folder() / "__init__.py").is_file() or bool(edgar.missing_modules()),
                                  reason="the EDGAR plugin (../shared/arelle-plugins/EDGAR) is not available")

XBRLI = "http://www.xbrl.org/2003/instance"
TRANSFORM_2020 = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
TRANSFORM_2010 = "http://www.xbrl.org/inlineXBRL/transformation/2010-04-20"  # not in EDGAR's accepted list
LINK_ROLE = "http://www.xbrl.org/2003/role/link"
LABEL_ROLE = "http://www.xbrl.org/2003/role/label"
CIK = "0000123456"


# --------------------------------------------------------------------------- writing small filings


@dataclass(frozen=True)
class Taxonomies:
    """Official URLs and namespaces of the package's us-gaap and dei schemas (no year assumed)."""

    us_gaap_ns: str
    us_gaap_xsd: str
    dei_ns: str
    dei_xsd: str


def taxonomies_of(package: Path) -> Taxonomies:
    from converter.taxonomy.index import load_index

    index = load_index(package).as_of(None)  # the package's newest versions
    return Taxonomies(index.namespace("us-gaap"), index.schema_url("us-gaap"), index.namespace("dei"),
                      index.schema_url("dei"))


@dataclass(frozen=True)
class Filing:
    """A hand-written filing; every part is text, and faults are made by replacing parts."""

    prefix: str = "abc"
    namespace: str = "http://www.example.com/20240331"
    base: str = "abc-20240331"
    us_gaap: bool = True
    # extension elements: (name, type, period type, abstract, id or None for prefix_name)
    elements: tuple = (
        ("CoverAbstract", "xbrli:stringItemType", "duration", True, None),
        ("ResultsAbstract", "xbrli:stringItemType", "duration", True, None),
        ("AdjustedRevenue", "xbrli:monetaryItemType", "duration", False, None),
    )
    # labels: (element local name of the extension, text, role, lang)
    labels: tuple = (
        ("CoverAbstract", "Cover", LABEL_ROLE, "en-US"),
        ("ResultsAbstract", "Results", LABEL_ROLE, "en-US"),
        ("AdjustedRevenue", "Adjusted Revenue", LABEL_ROLE, "en-US"),
    )
    # networks: role name -> arcs (from, to[, weight]) as prefixed names
    presentation: tuple = (
        ("Cover", (("abc:CoverAbstract", "dei:DocumentType"), ("abc:CoverAbstract", "dei:AmendmentFlag"),
                   ("abc:CoverAbstract", "dei:DocumentPeriodEndDate"),
                   ("abc:CoverAbstract", "dei:EntityRegistrantName"),
                   ("abc:CoverAbstract", "dei:EntityCentralIndexKey"),
                   ("abc:CoverAbstract", "dei:EntityTaxIdentificationNumber"),
                   ("abc:CoverAbstract", "dei:EntityAddressAddressLine1"),
                   ("abc:CoverAbstract", "dei:EntityAddressCityOrTown"),
                   ("abc:CoverAbstract", "dei:EntityAddressStateOrProvince"),
                   ("abc:CoverAbstract", "dei:EntityAddressPostalZipCode"),
                   ("abc:CoverAbstract", "dei:CityAreaCode"), ("abc:CoverAbstract", "dei:LocalPhoneNumber"))),
        ("Statement", (("abc:ResultsAbstract", "us-gaap:Revenues"),
                       ("abc:ResultsAbstract", "us-gaap:CostOfRevenue"),
                       ("abc:ResultsAbstract", "us-gaap:GrossProfit"),
                       ("abc:ResultsAbstract", "abc:AdjustedRevenue"),
                       ("abc:ResultsAbstract", "us-gaap:Assets"))),
    )
    calculation: tuple = (
        ("Statement", (("us-gaap:GrossProfit", "us-gaap:Revenues", 1), ("us-gaap:GrossProfit", "us-gaap:CostOfRevenue", -1))),
    )
    roles: tuple = ("Cover", "Statement")
    transform_ns: tuple = (("ixt", TRANSFORM_2020),)
    contexts: tuple = (
        ("D", "<xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-03-31</xbrli:endDate>"),
        ("I", "<xbrli:instant>2024-03-31</xbrli:instant>"),
    )
    units: tuple = (("USD", "<xbrli:measure>iso4217:USD</xbrli:measure>"),)
    cover: tuple = (
        ("dei:DocumentType", "8-K"), ("dei:AmendmentFlag", "false"), ("dei:DocumentPeriodEndDate", "2024-03-31"),
        ("dei:EntityRegistrantName", "Example Corp."), ("dei:EntityCentralIndexKey", CIK),
        ("dei:EntityTaxIdentificationNumber", "123456789"), ("dei:EntityAddressAddressLine1", "1 Main Street"),
        ("dei:EntityAddressCityOrTown", "Springfield"), ("dei:EntityAddressStateOrProvince", "IL"),
        ("dei:EntityAddressPostalZipCode", "12345"),
        ("dei:CityAreaCode", "555"), ("dei:LocalPhoneNumber", "555-0100"),
    )
    # numeric facts as ix:nonFraction attribute strings and shown text
    numbers: tuple = (
        ('name="us-gaap:Revenues" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "1,000"),
        ('name="us-gaap:CostOfRevenue" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "400"),
        ('name="us-gaap:GrossProfit" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "600"),
        ('name="abc:AdjustedRevenue" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "1,050"),
        ('name="us-gaap:Assets" contextRef="I" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "5,000"),
    )
    extra_schema: str = ""  # appended inside xs:schema (more elements)


def _href(filing: Filing, tax: Taxonomies, prefixed: str) -> str:
    prefix, _, name = prefixed.partition(":")
    where = {"us-gaap": tax.us_gaap_xsd, "dei": tax.dei_xsd}.get(prefix, f"{filing.base}.xsd")
    return f"{where}#{prefix}_{name}"


def _role_uri(filing: Filing, role: str) -> str:
    return f"{filing.namespace}/role/{role}"


def _linkbase(filing: Filing, body: str, roles: set[str]) -> str:
    role_refs = "".join(f'<link:roleRef roleURI="{_role_uri(filing, r)}" xlink:type="simple" '
                        f'xlink:href="{filing.base}.xsd#{r}"/>' for r in sorted(roles))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'xmlns:xml="http://www.w3.org/XML/1998/namespace">{role_refs}{body}</link:linkbase>\n')


def _network(filing: Filing, tax: Taxonomies, kind: str, networks: tuple) -> str:
    out = []
    for role, arcs in networks:
        locs: dict[str, str] = {}
        arc_xml = []
        for n, arc in enumerate(arcs, 1):
            for end in arc[:2]:
                locs.setdefault(end, f'<link:loc xlink:type="locator" xlink:href="{_href(filing, tax, end)}" '
                                     f'xlink:label="{end.replace(":", "_")}"/>')
            f, t = (a.replace(":", "_") for a in arc[:2])
            if kind == "presentation":
                arc_xml.append(f'<link:presentationArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/'
                               f'parent-child" xlink:from="{f}" xlink:to="{t}" order="{n}"/>')
            else:
                arc_xml.append(f'<link:calculationArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/'
                               f'summation-item" xlink:from="{f}" xlink:to="{t}" order="{n}" weight="{arc[2]}"/>')
        out.append(f'<link:{kind}Link xlink:type="extended" xlink:role="{_role_uri(filing, role)}">'
                   + "".join(locs.values()) + "".join(arc_xml) + f"</link:{kind}Link>")
    return _linkbase(filing, "".join(out), {role for role, _ in networks})


def _labels(filing: Filing) -> str:
    parts, seen = [], set()
    for n, (name, text, role, lang) in enumerate(filing.labels, 1):
        if name not in seen:
            seen.add(name)
            parts.append(f'<link:loc xlink:type="locator" xlink:href="{filing.base}.xsd#{filing.prefix}_{name}" '
                         f'xlink:label="loc_{name}"/>')
            parts.append(f'<link:labelArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/concept-label" '
                         f'xlink:from="loc_{name}" xlink:to="lab_{name}"/>')
        parts.append(f'<link:label xlink:type="resource" xlink:label="lab_{name}" xlink:role="{role}" '
                     f'xml:lang="{lang}" id="lab_{name}_{n}">{text}</link:label>')
    return _linkbase(filing, f'<link:labelLink xlink:type="extended" xlink:role="{LINK_ROLE}">{"".join(parts)}</link:labelLink>',
                     set())


def _schema(filing: Filing, tax: Taxonomies, linkbases: list[tuple[str, str]]) -> str:
    roles = "".join(
        f'<link:roleType roleURI="{_role_uri(filing, r)}" id="{r}"><link:definition>{n:02d}0000 - Statement - {r}'
        f'</link:definition><link:usedOn>link:presentationLink</link:usedOn><link:usedOn>link:calculationLink'
        f'</link:usedOn><link:usedOn>link:definitionLink</link:usedOn></link:roleType>'
        for n, r in enumerate(filing.roles, 1))
    refs = "".join(f'<link:linkbaseRef xlink:type="simple" xlink:href="{href}" xlink:role="http://www.xbrl.org/2003/role/'
                   f'{role}LinkbaseRef" xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"/>'
                   for href, role in linkbases)
    imports = f'<xs:import namespace="{tax.dei_ns}" schemaLocation="{tax.dei_xsd}"/>'
    if filing.us_gaap:
        imports += f'<xs:import namespace="{tax.us_gaap_ns}" schemaLocation="{tax.us_gaap_xsd}"/>'
    elements = "".join(
        f'<xs:element id="{eid or f"{filing.prefix}_{name}"}" name="{name}" type="{typ}" substitutionGroup="xbrli:item" '
        f'nillable="true"{" abstract=" + chr(34) + "true" + chr(34) if abstract else ""} xbrli:periodType="{period}"/>'
        for name, typ, period, abstract, eid in filing.elements)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance" '
            'xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'xmlns:{filing.prefix}="{filing.namespace}" targetNamespace="{filing.namespace}" '
            'elementFormDefault="qualified" attributeFormDefault="unqualified">'
            f'<xs:annotation><xs:appinfo>{roles}{refs}</xs:appinfo></xs:annotation>'
            '<xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>'
            '<xs:import namespace="http://www.xbrl.org/2003/linkbase" schemaLocation="http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"/>'
            f'{imports}{elements}{filing.extra_schema}</xs:schema>\n')


def _document(filing: Filing, tax: Taxonomies) -> str:
    namespaces = " ".join(f'xmlns:{p}="{ns}"' for p, ns in filing.transform_ns)
    if filing.us_gaap:
        namespaces += f' xmlns:us-gaap="{tax.us_gaap_ns}"'
    contexts = "".join(f'<xbrli:context id="{cid}"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">{CIK}'
                       f'</xbrli:identifier></xbrli:entity><xbrli:period>{period}</xbrli:period></xbrli:context>\n'
                       for cid, period in filing.contexts)
    units = "".join(f'<xbrli:unit id="{uid}">{body}</xbrli:unit>\n' for uid, body in filing.units)
    cover = "".join(f'<p>{name.partition(":")[2]}: <ix:nonNumeric name="{name}" contextRef="D" id="cover{n}">{value}'
                    f'</ix:nonNumeric></p>\n' for n, (name, value) in enumerate(filing.cover, 1))
    numbers = "".join(f'<tr><td>{attrs.split(chr(34))[1]}</td><td><ix:nonFraction {attrs} id="fact{n}">{shown}'
                      f'</ix:nonFraction></td></tr>\n' for n, (attrs, shown) in enumerate(filing.numbers, 1))
    table = f"<table>\n{numbers}</table>\n" if numbers else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
            'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217" '
            f'xmlns:dei="{tax.dei_ns}" xmlns:{filing.prefix}="{filing.namespace}" {namespaces} xml:lang="en-US">\n'
            '<head><title>Example Corp. 8-K</title></head>\n<body>\n'
            '<div style="display:none"><ix:header><ix:references>'
            f'<link:schemaRef xlink:type="simple" xlink:href="{filing.base}.xsd"/></ix:references>'
            f'<ix:resources>\n{contexts}{units}</ix:resources></ix:header></div>\n'
            f'{cover}{table}</body>\n</html>\n')


def write_filing(folder: Path, filing: Filing, package: Path) -> Path:
    """Write ``filing`` into ``folder``; returns the iXBRL document's path."""
    tax = taxonomies_of(package)
    folder.mkdir(parents=True, exist_ok=True)
    linkbases = []
    if filing.labels:
        (folder / f"{filing.base}_lab.xml").write_text(_labels(filing), encoding="utf-8")
        linkbases.append((f"{filing.base}_lab.xml", "label"))
    if filing.presentation:
        (folder / f"{filing.base}_pre.xml").write_text(_network(filing, tax, "presentation", filing.presentation),
                                                       encoding="utf-8")
        linkbases.append((f"{filing.base}_pre.xml", "presentation"))
    if filing.calculation:
        (folder / f"{filing.base}_cal.xml").write_text(_network(filing, tax, "calculation", filing.calculation),
                                                       encoding="utf-8")
        linkbases.append((f"{filing.base}_cal.xml", "calculation"))
    (folder / f"{filing.base}.xsd").write_text(_schema(filing, tax, linkbases), encoding="utf-8")
    document = folder / f"{filing.base}.htm"
    document.write_text(_document(filing, tax), encoding="utf-8")
    return document


CLEAN = Filing()

# contexts, units, facts, cover and transformations
INSTANCE_FAULTS = replace(
    CLEAN,
    transform_ns=(("ixt", TRANSFORM_2020), ("ixt10", TRANSFORM_2010), ("ixt4", TRANSFORM_2020)),
    contexts=CLEAN.contexts + (
        ("Dtwin", "<xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-03-31</xbrli:endDate>"),  # = D
        ("Iunused", "<xbrli:instant>2023-12-31</xbrli:instant>"),  # no fact uses it
    ),
    units=CLEAN.units + (("USD2", "<xbrli:measure>iso4217:USD</xbrli:measure>"),  # = USD
                         ("EUR", "<xbrli:measure>iso4217:EUR</xbrli:measure>")),  # no fact uses it
    cover=tuple(c for c in CLEAN.cover if c[0] != "dei:DocumentType"),  # the 8-K's document type is missing
    numbers=(
        CLEAN.numbers[0],
        # a duplicate of Revenues with a conflicting value
        ('name="us-gaap:Revenues" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "1,100"),
        CLEAN.numbers[1], CLEAN.numbers[2],
        # an instant concept in a duration context
        ('name="us-gaap:Assets" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "5,000"),
        # precision instead of decimals
        ('name="abc:AdjustedRevenue" contextRef="D" unitRef="USD" precision="4" scale="3" format="ixt:num-dot-decimal"', "1,050"),
        # a non-zero digit beyond its decimals, in the twin context and twin unit (so both are used)
        ('name="us-gaap:Assets" contextRef="I" unitRef="USD2" decimals="0" format="ixt:num-dot-decimal"', "1,234.5"),
        # a transformation registry EDGAR does not accept
        ('name="us-gaap:CostOfRevenue" contextRef="Dtwin" unitRef="USD" decimals="-3" scale="3" format="ixt10:numdotdecimal"', "400"),
        # an accepted registry under a prefix EDGAR does not accept
        ('name="us-gaap:GrossProfit" contextRef="Dtwin" unitRef="USD" decimals="-3" scale="3" format="ixt4:num-dot-decimal"', "600"),
    ),
)

# extension names, labels, presentation and calculation networks
TAXONOMY_FAULTS = replace(
    CLEAN,
    elements=CLEAN.elements + (
        # lower-case first letter, no label, id not prefix_name
        ("adjustedMargin", "xbrli:monetaryItemType", "duration", False, "abc_AdjustedMargin"),
        ("Revenues", "xbrli:monetaryItemType", "duration", False, None),  # the name of us-gaap:Revenues
        ("OperatingMargin", "xbrli:monetaryItemType", "duration", False, None),  # same label as AdjustedRevenue
        ("AdjustedCost", "xbrli:monetaryItemType", "duration", False, None),  # two standard labels; name != label
    ),
    labels=CLEAN.labels + (
        ("Revenues", "Revenues of Example", LABEL_ROLE, "en-US"),
        ("OperatingMargin", "Adjusted Revenue", LABEL_ROLE, "en-US"),
        ("AdjustedCost", "Cost as adjusted", LABEL_ROLE, "en-US"),
        ("AdjustedCost", "Adjusted cost, again", LABEL_ROLE, "en-US"),
    ),
    roles=CLEAN.roles + ("Other",),
    presentation=(CLEAN.presentation[0],
                  ("Statement", tuple(a for a in CLEAN.presentation[1][1] if a[1] != "us-gaap:Assets"))),
    calculation=CLEAN.calculation + (
        ("Other", (("abc:AdjustedRevenue", "us-gaap:Revenues", 2),)),  # weight 2, a role no presentation shows
    ),
    numbers=(
        CLEAN.numbers[0],
        # cost of revenue 300: gross profit 600 no longer equals 1,000 - 300
        ('name="us-gaap:CostOfRevenue" contextRef="D" unitRef="USD" decimals="-3" scale="3" format="ixt:num-dot-decimal"', "300"),
    ) + CLEAN.numbers[2:],
)

# cheap (no us-gaap): a namespace under a standard authority, a prefix with an underscore
AUTHORITY_FAULTS = replace(
    CLEAN, us_gaap=False, prefix="ab_c", namespace="http://xbrl.fasb.org/20240331",
    elements=(("CoverAbstract", "xbrli:stringItemType", "duration", True, None),),
    labels=(("CoverAbstract", "Cover", LABEL_ROLE, "en-US"),),
    presentation=(CLEAN.presentation[0],), calculation=(), roles=("Cover",), numbers=(), units=(),
    contexts=CLEAN.contexts[:1],
)
AUTHORITY_FAULTS = replace(
    AUTHORITY_FAULTS,
    presentation=(("Cover", tuple((a.replace("abc:", "ab_c:"), b) for a, b in CLEAN.presentation[0][1])),),
)

# cheap: a namespace without a date, and no presentation linkbase at all
FORM_FAULTS = replace(
    AUTHORITY_FAULTS, prefix="abc", namespace="http://www.example.com/taxonomy", presentation=(),
)


# --------------------------------------------------------------------------- loading them


@dataclass
class Outcome:
    result: ArelleResult
    own: list[Message]

    @property
    def messages(self) -> list[Message]:
        return self.result.messages + self.own

    def codes(self, level: str | None = None) -> set[str]:
        return {m.code for m in self.messages if level is None or m.level == level}

    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.level in ("error", "fatal", "critical", "inconsistency")]

    def with_code(self, code: str) -> list[Message]:
        return [m for m in self.messages if m.code == code]


@pytest.fixture(scope="module")
def warm(taxonomy):
    from converter.validate.warm import WarmValidator

    if not (edgar.default_plugin_folder() / "__init__.py").is_file():
        pytest.skip("the EDGAR plugin is not available")
    with WarmValidator(taxonomy) as validator:
        yield validator


def load(validator, document: Path) -> Outcome:
    report = validator.validate(document)
    assert report.arelle.loaded, report.messages
    return Outcome(report.arelle, report.rule_messages)


@pytest.fixture(scope="module")
def clean(tmp_path_factory, taxonomy, warm) -> Outcome:
    return load(warm, write_filing(tmp_path_factory.mktemp("clean"), CLEAN, taxonomy))


@pytest.fixture(scope="module")
def instance_faults(tmp_path_factory, taxonomy, warm) -> Outcome:
    return load(warm, write_filing(tmp_path_factory.mktemp("instance"), INSTANCE_FAULTS, taxonomy))


@pytest.fixture(scope="module")
def taxonomy_faults(tmp_path_factory, taxonomy, warm) -> Outcome:
    return load(warm, write_filing(tmp_path_factory.mktemp("taxonomy"), TAXONOMY_FAULTS, taxonomy))


@pytest.fixture(scope="module")
def authority_faults(tmp_path_factory, taxonomy, warm) -> Outcome:
    return load(warm, write_filing(tmp_path_factory.mktemp("authority"), AUTHORITY_FAULTS, taxonomy))


@pytest.fixture(scope="module")
def form_faults(tmp_path_factory, taxonomy, warm) -> Outcome:
    return load(warm, write_filing(tmp_path_factory.mktemp("form"), FORM_FAULTS, taxonomy))


# --------------------------------------------------------------------------- the rules themselves (no Arelle)


def test_every_rule_has_its_text_and_a_project_code():
    assert rules.RULES
    codes = [r.code for r in rules.RULES]
    assert len(codes) == len(set(codes))
    for rule in rules.RULES:
        assert rule.code.startswith("ixconv."), rule
        assert len(rule.text) > 30, f"{rule.name}: the docstring is the rule's text"


def test_reference_folder_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv(rules.REFERENCE_ENV, str(tmp_path))
    assert rules.default_reference_folder() == tmp_path
    monkeypatch.delenv(rules.REFERENCE_ENV)
    assert rules.default_reference_folder().parts[-3:] == ("shared", "reference", "sec-edgar")


def test_a_rule_that_fails_is_an_error_not_silence(tmp_path):
    from converter.validate.rules.registry import Rule, run_rules

    def broken(filing):
        """A rule with a bug."""
        raise RuntimeError("boom")

    messages = list(run_rules(object(), rules.ReferenceData(tmp_path), [Rule("ixconv.test.broken", broken, None)]))
    assert [(m.code, m.level) for m in messages] == [("ixconv.ruleFailed", "error")]
    assert "ixconv.test.broken" in messages[0].text and "boom" in messages[0].text


# --------------------------------------------------------------------------- clean


@pytest.mark.arelle
@needs_plugin
def test_clean_filing_passes_with_no_error_and_no_warning(clean):
    assert clean.result.loaded and clean.result.facts == len(CLEAN.cover) + len(CLEAN.numbers)
    assert clean.errors() == []
    # the one warning: the package's standard concepts have no labels (not the filing's fault)
    assert [m.code for m in clean.messages if m.level == "warning"] == ["EFM.6.10.01"]


# --------------------------------------------------------------------------- instance faults


@pytest.mark.arelle
@needs_plugin
@pytest.mark.parametrize("code, level, needle", [
    ("xbrl.4.7.2:contextPeriodType", "error", "Assets"),  # Arelle: instant concept in a duration context
    ("EFM.6.05.07", "error", "Dtwin"),  # duplicate context
    ("EFM.6.05.08", "error", "Iunused"),  # unused context
    ("EFM.6.05.11", "error", "USD2"),  # duplicate unit
    ("ixconv.EFM.6.5.11.unused", "warning", "EUR"),  # unused unit (the project's own rule)
    ("EFM.6.05.12", "error", "us-gaap:Revenues"),  # duplicate facts that disagree
    ("EFM.6.05.17", "error", "precision"),  # precision instead of decimals
    ("EFM.6.05.37", "error", "1234.5"),  # digits beyond decimals
    ("EFM.6.05.20.documentTypeValue", "error", "DocumentType"),  # the 8-K's cover fact is missing
    ("EFM.5.02.05.12.unupportedTransformationRegistry", "error", TRANSFORM_2010),  # registry EDGAR does not accept
    ("EFM.5.02.05.standardNamespacePrefix", "error", "ixt4"),  # accepted registry, wrong prefix
])
def test_instance_fault_is_reported(instance_faults, code, level, needle):
    found = instance_faults.with_code(code)
    assert found, f"{code} not reported; got {sorted(instance_faults.codes())}"
    assert all(m.level == level for m in found), found
    assert any(needle in m.text for m in found), found


@pytest.mark.arelle
@needs_plugin
def test_instance_faults_name_only_the_faulty_objects(instance_faults):
    assert len(instance_faults.with_code("EFM.6.05.08")) == 1  # only Iunused
    assert len(instance_faults.with_code("EFM.6.05.12")) == 1  # only the Revenues pair
    assert len(instance_faults.with_code("EFM.6.05.17")) == 1
    assert [m.source.partition("#")[0] for m in instance_faults.with_code("EFM.6.05.17")] == ["abc-20240331.htm"]
    assert len(instance_faults.with_code("ixconv.EFM.6.5.11.unused")) == 1  # EUR only


# --------------------------------------------------------------------------- taxonomy faults


@pytest.mark.arelle
@needs_plugin
@pytest.mark.parametrize("code, level, needle", [
    ("calc11e:inconsistentCalculationUsingRounding", "inconsistency", "GrossProfit"),  # Arelle, Calculations 1.1
    ("EFM.6.07.16", "error", "us-gaap:Revenues"),
    ("EFM.6.07.17", "error", "abc"),
    ("EFM.6.10.04", "error", "OperatingMargin"),
    ("EFM.6.12.03", "error", "us-gaap:Assets"),
    ("EFM.6.14.02", "error", "Weight value 2"),
])
def test_taxonomy_fault_is_reported(taxonomy_faults, code, level, needle):
    found = taxonomy_faults.with_code(code)
    assert found, f"{code} not reported; got {sorted(taxonomy_faults.codes())}"
    assert all(m.level == level for m in found), found
    assert any(needle in m.text for m in found), found


@pytest.mark.arelle
@needs_plugin
def test_presented_and_labelled_elements_are_not_reported(taxonomy_faults):
    assert len(taxonomy_faults.with_code("EFM.6.12.03")) == 1  # Assets only
    # the extension's own elements have their labels: EFM.6.10.01 is only the package's summarised warning
    assert [(m.level, m.source) for m in taxonomy_faults.with_code("EFM.6.10.01")] == [("warning", "taxonomy package")]


@pytest.mark.arelle
@needs_plugin
def test_semantic_name_checks_under_the_strict_disclosure_system(tmp_path, taxonomy):
    """EFM 6.8.5 (LC3 names) is a semantic check: the pragmatic disclosure systems do not report it, the
    strict ones do, as plain errors and warnings."""
    from converter.validate import validate_filing

    report = validate_filing(write_filing(tmp_path, TAXONOMY_FAULTS, taxonomy), taxonomy,
                             edgar=edgar.resolve_edgar(disclosure_system="efm-strict-all-years"))
    first = [m for m in report.messages if m.code == "EFM.6.08.05.firstLetter"]
    assert first and first[0].level == "error" and "abc:adjustedMargin" in first[0].text
    assert any(m.level == "warning" and "abc:AdjustedCost" in m.text for m in report.messages
               if m.code == "EFM.6.08.05.LC3")


# --------------------------------------------------------------------------- namespace and prefix forms (cheap)


@pytest.mark.arelle
@needs_plugin
def test_standard_authority_and_underscore_prefix(authority_faults):
    assert authority_faults.with_code("EFM.6.07.03"), sorted(authority_faults.codes())
    assert "fasb.org" in authority_faults.with_code("EFM.6.07.03")[0].text
    assert authority_faults.with_code("EFM.6.07.07")
    assert not authority_faults.with_code("EFM.6.07.04")  # http://xbrl.fasb.org/20240331 has the right form


@pytest.mark.arelle
@needs_plugin
def test_namespace_without_date_and_no_presentation_linkbase(form_faults):
    assert form_faults.with_code("EFM.6.07.04"), sorted(form_faults.codes())
    assert not form_faults.with_code("EFM.6.07.03")
    unpresented = form_faults.with_code("EFM.6.12.03")  # every element used, when nothing is presented
    assert unpresented and all(m.level == "error" for m in unpresented)
    assert any("dei:DocumentType" in m.text for m in unpresented)
