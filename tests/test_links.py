"""Issue 16: the review report's links land. Every fact links to its own element in the filing (the
tagged number's id) and every refused cell to its own cell; the element's text holds what was printed.
One release of each kind of source: EDGAR HTML, PDF and space-aligned text."""
from __future__ import annotations

import json
import re

import pytest
from conftest import CORPUS
from lxml import etree

pytestmark = pytest.mark.corpus
COMPANY = ["--cik", "320193", "--company", "Link Test Co", "--prefix", "lt"]
RELEASES = ["05_aapl_fy2011q1_ex99-1.htm", "14_aapl_fy2022q4_ex99-1.pdf", "07_sears_2004q2_ex99.txt"]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("name", RELEASES)
def test_every_link_lands_on_the_element_that_shows_the_value(name, tmp_path, taxonomy):
    from converter.cli import main

    release = CORPUS / name
    if not release.is_file():
        pytest.skip(f"{release} not found")
    assert main(["convert", str(release), "--out", str(tmp_path), "--taxonomy", str(taxonomy), "--no-validate",
                 *COMPANY]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    root = etree.parse(str(tmp_path / report["document"])).getroot()
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    html = (tmp_path / "report.html").read_text()

    numeric = [f for f in report["facts"] if f["unit"] and f["table"] != "cover:hidden"]
    assert len(numeric) > 20
    for fact in numeric:
        element = by_id[fact["anchor"]]
        assert etree.QName(element).localname == "nonFraction" and element.get("name") == fact["concept"]
        shown = _text(element)
        assert shown in " ".join(fact["printed"].split()) and _digits(shown) == _digits(fact["printed"]), fact
        assert f'href="{report["document"]}#{fact["anchor"]}"' in html
        assert fact["source"]["line"] > 0  # the source's own coordinates travel beside the link

    refused = [n for n in report["not_tagged"] if n.get("anchor", "").startswith("x-")]
    for entry in refused:
        cell = by_id[entry["anchor"]]
        # an untagged cell looks like any other cell in the filing (its reason is the report's business)
        assert etree.QName(cell).localname == "td" and cell.find(".//{*}nonFraction") is None
        assert " ".join(entry["printed"].split()) in _text(cell), entry
        assert f'href="{report["document"]}#{entry["anchor"]}"' in html
    placed = [n for n in report["not_tagged"] if n.get("anchor")]
    for entry in placed:
        assert entry["anchor"] in by_id, entry  # every link of the attention list has its element
        if entry["printed"] and entry["code"].startswith(("damage.", "mapping.refused")):
            assert " ".join(entry["printed"].split()) in _text(by_id[entry["anchor"]]), entry
    # the old links to source line numbers as if they were the filing's row ids are gone
    assert not re.search(r'href="[^"#]*\.htm#L\d+"[^>]*>line \d+', html)
