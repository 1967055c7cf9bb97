"""Members of the company's prior filings reused for breakdown rows (issue 15, "Members"): Apple's FY2022 Q4
release with a fixture standing in for its FY2021 10-K (tests/fixtures/aapl-fy2021-members.xml, see its header)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS
from ixread import read_facts

from converter.evidence.members import company_members, match_member
from converter.evidence.read import read_instance
from converter.export.report import build_report
from converter.model import CompanyMember, QName
from converter.pipeline import build_filing, render

RELEASE = CORPUS / "14_aapl_fy2022q4_ex99-1.pdf"
FIXTURE = Path(__file__).parent / "fixtures" / "aapl-fy2021-members.xml"
APPLE = {"cik": "320193", "name": "Apple Inc.", "ticker": "AAPL", "prefix": "aapl"}
FY2022, FY2021 = "2021-09-26/2022-09-24", "2020-09-27/2021-09-25"
PRODUCT_AXIS = "us-gaap:ProductOrServiceAxis"
SEGMENTS_AXIS = "us-gaap:StatementBusinessSegmentsAxis"
APPLES = "aapl:WearablesHomeandAccessoriesMember"  # as Apple names it ("Homeand")
FROM_LABEL = "aapl:WearablesHomeAndAccessoriesMember"  # as the label slot names the row "Wearables, Home and Accessories"


def _member(axis: str, member: str) -> CompanyMember:
    return CompanyMember(QName.parse(axis), QName.parse(member), "prior.xml")


# --------------------------------------------------------------------------- matching (no corpus)


@pytest.mark.parametrize("label, member", [
    ("Wearables, Home and Accessories", "aapl:WearablesHomeandAccessoriesMember"),
    ("Wearables, Home & Accessories", "aapl:WearablesHomeandAccessoriesMember"),
    ("Wearables, Home and Accessories", "aapl:WearablesHomeAccessoriesMember"),
    ("Rest of Asia Pacific", "aapl:RestOfAsiaPacificSegmentMember"),
    ("Greater China segment", "aapl:GreaterChinaSegmentMember"),
    ("iPhone (1)", "aapl:IPhoneMember"),
    ("Products", "us-gaap:ProductsMember"),
])
def test_a_member_that_spells_the_label_matches(label, member):
    from converter.mapping.apply import label_words

    found, spelled = match_member([_member(PRODUCT_AXIS, member)], "ProductOrServiceAxis", label_words(label))
    assert found is not None and str(found.member) == member and len(spelled) == 1


@pytest.mark.parametrize("label, member", [
    ("Wearables, Home and Accessories", "aapl:WearablesMember"),  # a word of the label is missing
    ("Wearables", "aapl:WearablesHomeandAccessoriesMember"),  # the member has words the label lacks
    ("Home and Accessories, Wearables", "aapl:WearablesHomeandAccessoriesMember"),  # not in the label's order
    ("Products", "us-gaap:ProductMember"),  # no plural folding
    ("Services", "us-gaap:ServiceMember"),
    ("and", "aapl:AndMember"),  # no word left to name
])
def test_a_member_that_does_not_spell_the_label_does_not_match(label, member):
    from converter.mapping.apply import label_words

    found, spelled = match_member([_member(PRODUCT_AXIS, member)], "ProductOrServiceAxis", label_words(label))
    assert found is None and spelled == []


def test_only_a_unique_member_on_the_same_axis_matches():
    from converter.mapping.apply import label_words

    words = label_words("Wearables, Home and Accessories")
    other_axis = [_member(SEGMENTS_AXIS, APPLES)]
    assert match_member(other_axis, "ProductOrServiceAxis", words) == (None, [])
    two = [_member(PRODUCT_AXIS, APPLES), _member(PRODUCT_AXIS, "aapl:WearablesandHomeandAccessoriesMember")]
    found, spelled = match_member(two, "ProductOrServiceAxis", words)
    assert found is None and len(spelled) == 2
    # one member the company put on the axis under two axis prefixes (us-gaap before 2018, srt after) is one
    moved = [_member(PRODUCT_AXIS, APPLES), _member("srt:ProductOrServiceAxis", APPLES)]
    found, _spelled = match_member(moved, "ProductOrServiceAxis", words)
    assert found is not None and str(found.member) == APPLES


def test_the_prior_members_are_read_with_their_prefixes():
    facts = read_instance(FIXTURE)
    pairs = {(str(m.axis), str(m.member)) for m in company_members(facts)}
    assert ("srt:ProductOrServiceAxis", APPLES) in pairs
    assert ("us-gaap:StatementBusinessSegmentsAxis", "aapl:AmericasSegmentMember") in pairs
    assert ("srt:ProductOrServiceAxis", "us-gaap:ServiceMember") in pairs
    assert len(pairs) == 11
    wearables = next(f for f in facts if f.qualified_dims == (("srt:ProductOrServiceAxis", APPLES),))
    assert wearables.dims == (("ProductOrServiceAxis", "WearablesHomeandAccessoriesMember"),)
    assert wearables.value == Decimal("38367000000")


# --------------------------------------------------------------------------- the FY2022 release


def _convert(tmp: Path, taxonomy: Path, prior=()):
    filing, index = build_filing(RELEASE, taxonomy=taxonomy, overrides=APPLE, prior=list(prior))
    rendered = render(filing, index)
    doc = tmp / rendered.document_name
    doc.write_bytes(rendered.files[rendered.document_name])
    facts = {(f.concept, f.period, f.dims): f for f in read_facts(doc) if f.unit}
    schema = rendered.files[rendered.document_name.replace(".htm", ".xsd")].decode("utf-8")
    return facts, schema, build_report(filing, None, rendered.document_name, rendered.layout)


@pytest.fixture(scope="module")
def with_fixture(tmp_path_factory, taxonomy):
    return _convert(tmp_path_factory.mktemp("members"), taxonomy, [FIXTURE])


@pytest.fixture(scope="module")
def without_prior(tmp_path_factory, taxonomy):
    return _convert(tmp_path_factory.mktemp("nomembers"), taxonomy)


def _declared(schema: str, local: str) -> bool:
    return f'name="{local}"' in schema


@pytest.mark.corpus
def test_the_wearables_row_takes_apples_member(with_fixture, without_prior):
    facts, schema, report = with_fixture
    for period, value in ((FY2022, "41241000000"), (FY2021, "38367000000")):
        fact = facts[("us-gaap:Revenues", period, ((PRODUCT_AXIS, APPLES),))]
        assert (fact.value, fact.unit, fact.decimals) == (Decimal(value), "USD", "-6")
        assert ("us-gaap:Revenues", period, ((PRODUCT_AXIS, FROM_LABEL),)) not in facts
    assert _declared(schema, "WearablesHomeandAccessoriesMember")
    assert not _declared(schema, "WearablesHomeAndAccessoriesMember")
    wearables = [f for f in report.facts if dict(f.dimensions).get(PRODUCT_AXIS) == APPLES]
    assert len(wearables) == 4  # the quarter and the year, this year and last
    assert {f.member_evidence for f in wearables} == {
        f"ProductOrServiceAxis: {APPLES} in aapl-fy2021-members.xml"}
    found = [n.message for n in report.not_tagged if n.code == "prior.member"]
    assert any("'Wearables, Home and Accessories'" in m and f"in place of {FROM_LABEL}" in m for m in found), found
    # without the prior the member is named from the label, as before
    facts0, schema0, report0 = without_prior
    assert facts0[("us-gaap:Revenues", FY2022, ((PRODUCT_AXIS, FROM_LABEL),))].value == Decimal("41241000000")
    assert not [k for k in facts0 if (PRODUCT_AXIS, APPLES) in k[2]]
    assert _declared(schema0, "WearablesHomeAndAccessoriesMember")
    assert not any(f.member_evidence for f in report0.facts) and report0.prior is None
    assert not any("member_evidence" in f for f in report0.as_dict()["facts"])


@pytest.mark.corpus
def test_a_member_of_the_same_name_is_confirmed_by_the_prior(with_fixture):
    facts, _schema, report = with_fixture
    americas = facts[("us-gaap:Revenues", FY2022, ((SEGMENTS_AXIS, "aapl:AmericasSegmentMember"),))]
    assert americas.value == Decimal("169658000000")
    segments = [f for f in report.facts if dict(f.dimensions).get(SEGMENTS_AXIS) == "aapl:RestOfAsiaPacificSegmentMember"]
    assert segments and all(f.member_evidence == "StatementBusinessSegmentsAxis: aapl:RestOfAsiaPacificSegmentMember "
                                                    "in aapl-fy2021-members.xml" for f in segments)
    # the rows of net sales by category (iPhone, Mac, iPad, Wearables) and by segment (Americas, Europe, Greater
    # China, Japan, Rest of Asia Pacific); the Products and Services rows take standard members, not label names
    assert report.prior.members_reused == 9
    assert report.prior.members_ambiguous == 0


@pytest.mark.corpus
@pytest.mark.parametrize("replacement, ambiguous", [
    ("aapl:WearablesMember", False),  # does not spell the label
    ("aapl:WearablesHomeandAccessoriesMember</xbrldi:explicitMember></segment></entity><period><startDate>2020-09-27"
     "</startDate><endDate>2021-09-25</endDate></period></context><context id=\"twin\"><entity><identifier "
     "scheme=\"http://www.sec.gov/CIK\">0000320193</identifier><segment><xbrldi:explicitMember "
     "dimension=\"srt:ProductOrServiceAxis\">aapl:WearablesandHomeandAccessoriesMember", True),  # two spell it
])
def test_a_prior_member_that_does_not_match_uniquely_is_not_used(tmp_path, taxonomy, replacement, ambiguous):
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(f">{APPLES}<") == 1
    prior = tmp_path / "aapl-fy2021-altered.xml"
    prior.write_text(text.replace(f"{APPLES}</xbrldi:explicitMember>", f"{replacement}</xbrldi:explicitMember>"),
                     encoding="utf-8")
    if ambiguous:  # the twin context carries a fact too, so both members are in use
        prior.write_text(prior.read_text(encoding="utf-8").replace(
            "</xbrl>", '<us-gaap:Revenues contextRef="twin" decimals="-6" unitRef="usd">1000000</us-gaap:Revenues></xbrl>'),
            encoding="utf-8")
    facts, schema, report = _convert(tmp_path, taxonomy, [prior])
    assert facts[("us-gaap:Revenues", FY2022, ((PRODUCT_AXIS, FROM_LABEL),))].value == Decimal("41241000000")
    assert not [k for k in facts if (PRODUCT_AXIS, APPLES) in k[2] or (PRODUCT_AXIS, replacement) in k[2]]
    assert _declared(schema, "WearablesHomeAndAccessoriesMember") and not _declared(schema, "WearablesMember")
    wearables = [f for f in report.facts if dict(f.dimensions).get(PRODUCT_AXIS) == FROM_LABEL]
    assert len(wearables) == 4 and not any(f.member_evidence for f in wearables)
    codes = [n.code for n in report.not_tagged if "Wearables" in n.message]
    assert ("prior.memberAmbiguous" in codes) == ambiguous and "prior.member" not in codes
    iphone = facts[("us-gaap:Revenues", FY2022, ((PRODUCT_AXIS, "aapl:IPhoneMember"),))]  # the others still match
    assert iphone.value == Decimal("205489000000")


@pytest.mark.corpus
@pytest.mark.arelle
def test_the_filing_with_apples_member_passes_arelle(tmp_path, taxonomy):
    from converter.cli import main

    out = tmp_path / "out"
    assert main(["convert", str(RELEASE), "--out", str(out), "--taxonomy", str(taxonomy), "--cik", "320193",
                 "--company", "Apple Inc.", "--ticker", "AAPL", "--prefix", "aapl", "--prior", str(FIXTURE)]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["validation"]["errors"] == 0, [m for m in report["validation"]["messages"] if m["level"] == "error"][:5]
    definition = next(out.glob("*_def.xml")).read_text(encoding="utf-8")
    assert "WearablesHomeandAccessoriesMember" in definition and "WearablesHomeAndAccessoriesMember" not in definition
    assert any(f.get("member_evidence") for f in report["facts"])
    page = (out / "report.html").read_text(encoding="utf-8")  # the fact's detail names the company's member
    assert f"member: ProductOrServiceAxis: {APPLES} in aapl-fy2021-members.xml" in page
