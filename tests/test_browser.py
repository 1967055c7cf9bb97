"""Issue 9: the viewer and the review page, used as a reviewer uses them, in headless Chromium.

Debian's chromium and chromium-driver are driven by Selenium with the driver's path given (no browser
or driver is ever downloaded). The output folder is served on 127.0.0.1 by a server the test starts.
Screenshots go to artifacts/screenshots/ (kept by CI, ignored by git). Without the browser these tests
are skipped with a reason, except when $CI is set: there, a missing browser is a failure.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.arelle]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCREENSHOTS = PROJECT / "artifacts" / "screenshots"


def _browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            return f"{path} not found (Debian packages chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--window-size=1400,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager, were it ever asked, must not download
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def served(seed_output):
    """The seed's output folder on http://127.0.0.1:<free port>/ (stopped after the module)."""
    assert (seed_output / "viewer.html").is_file(), "convert did not write the viewer"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(seed_output))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / name))


def _fact_id(seed_output: Path, concept: str, table: str) -> tuple[str, str]:
    report = json.loads((seed_output / "report.json").read_text())
    fact = next(f for f in report["facts"] if f["concept"] == concept and f["table"] == table
                and f["period"].get("start") == "2013-07-01")
    return fact["id"], fact["value"]


def test_clicking_a_tagged_number_in_the_viewer_shows_its_concept_and_value(browser, served, seed_output):
    from selenium.webdriver.common.by import By

    fact_id, value = _fact_id(seed_output, "us-gaap:Revenues", "t3")
    assert value == "45192000"
    browser.get(f"{served}/viewer.html")
    element, deadline = None, time.time() + 60
    while element is None and time.time() < deadline:
        for frame in browser.find_elements(By.TAG_NAME, "iframe"):
            browser.switch_to.frame(frame)
            found = browser.find_elements(By.ID, fact_id)
            if found:
                element = found[0]
                break
            browser.switch_to.default_content()
        if element is None:
            time.sleep(0.5)
    assert element is not None, "the viewer never showed the document"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    browser.switch_to.default_content()
    inspector, deadline = "", time.time() + 20
    while "Revenues" not in inspector and time.time() < deadline:
        time.sleep(0.3)
        inspector = browser.execute_script(
            "var e = document.querySelector('.fact-inspector'); return e ? e.innerText : ''")
    _screenshot(browser, "viewer.png")
    assert "Revenues" in inspector
    assert "45,192,000" in inspector
    assert "2013" in inspector  # the period


def _inspector_text(driver, expected: str, timeout: float = 30) -> str:
    text, deadline = "", time.time() + timeout
    while expected not in text and time.time() < deadline:
        time.sleep(0.3)
        text = driver.execute_script("var e = document.querySelector('.fact-inspector'); return e ? e.innerText : ''")
    return text


def test_a_fact_link_in_the_report_opens_the_viewer_on_that_fact(browser, served, seed_output):
    from selenium.webdriver.common.by import By

    fact_id, _value = _fact_id(seed_output, "us-gaap:CostOfRevenue", "t3")
    browser.get(f"{served}/report.html")
    link = browser.find_element(By.CSS_SELECTOR, f"#fact-{fact_id} a[href*='viewer.html']")
    assert link.get_attribute("href").endswith(f"/viewer.html#f-{fact_id}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    inspector = _inspector_text(browser, "CostOfRevenue")
    assert "CostOfRevenue" in inspector and "10,597,000" in inspector


def test_the_viewer_works_from_file_urls_and_selects_a_deep_linked_fact(browser, seed_output):
    fact_id, _value = _fact_id(seed_output, "us-gaap:NetIncomeLoss", "t3")
    browser.get("about:blank")  # a fresh load: the viewer reads the fragment when it starts
    browser.get((seed_output / "viewer.html").as_uri() + f"#f-{fact_id}")
    inspector = _inspector_text(browser, "NetIncomeLoss")
    assert "NetIncomeLoss" in inspector and "730,000" in inspector


def test_failed_footings_and_refused_cells_come_first_in_the_report(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(f"{served}/report.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#not-tagged tbody tr.clickable")
    kinds = [r.get_attribute("data-kind") for r in rows]
    assert kinds[0] == "failed footing"
    first_other = next(i for i, k in enumerate(kinds) if k not in ("failed footing", "not tagged"))
    assert all(k in ("failed footing", "not tagged") for k in kinds[:first_other])
    top = browser.find_element(By.ID, "attention").location["y"]
    assert top < browser.find_element(By.ID, "facts").location["y"]
    # a failed footing's detail shows its reason: the total and what its parts add up to
    rows[0].find_elements(By.TAG_NAME, "td")[0].click()
    assert "but its parts add up to" in browser.find_element(By.ID, "detail-reason").text


def test_clicking_a_refused_cell_in_the_report_shows_its_reason(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(f"{served}/report.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#not-tagged tbody tr.clickable")
    target = next(r for r in rows if "103,33" in r.text)
    detail = browser.find_element(By.ID, "detail-reason")
    assert "malformed digit groups" not in detail.text
    target.find_elements(By.TAG_NAME, "td")[0].click()
    assert "malformed digit groups" in detail.text
    assert "line 267" in browser.find_element(By.ID, "detail-where").text
    assert "103,33" in browser.find_element(By.ID, "detail-source").text
    # the link lands on the refused cell itself in the filing (its own id), not on a row numbered like the source
    assert re.search(r"\.htm#x-\d+$", browser.find_element(By.ID, "detail-source-link").get_attribute("href"))
    _screenshot(browser, "report.png")
    # the selection is kept in the address: reloading shows the same reason
    browser.refresh()
    assert "malformed digit groups" in browser.find_element(By.ID, "detail-reason").text


def test_a_refused_cell_is_reachable_by_keyboard(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{served}/report.html")
    target = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#not-tagged tbody tr.clickable") if "3 400" in r.text)
    browser.execute_script("arguments[0].focus()", target)
    target.send_keys(Keys.ENTER)
    assert "digits split by a space" in browser.find_element(By.ID, "detail-reason").text


def test_the_report_filter_narrows_to_a_concept(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(f"{served}/report.html")
    box = browser.find_element(By.ID, "filter")
    box.send_keys("AdjustedEBITDA")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "table.facts tbody tr") if r.is_displayed()]
    assert visible and all("AdjustedEBITDA" in r.text for r in visible)
    assert "rows match" in browser.find_element(By.ID, "filter-count").text
    # groups and periods without a match are hidden, not left as empty headings
    for block in browser.find_elements(By.CSS_SELECTOR, ".period-block"):
        if block.is_displayed():
            assert any(r.is_displayed() for r in block.find_elements(By.CSS_SELECTOR, "tbody tr"))


def test_the_report_links_each_fact_to_the_viewer_and_the_source_line(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(f"{served}/report.html")
    first = browser.find_element(By.CSS_SELECTOR, "table.facts tbody tr")
    links = [a.get_attribute("href") for a in first.find_elements(By.TAG_NAME, "a")]
    assert any("/viewer.html#f-f-" in href for href in links)
    assert any(re.search(r"\.htm#f-\d+$", href) for href in links)  # the tagged number's own element


def test_viewer_and_report_work_from_the_folder_without_a_network(seed_output):
    """Nothing in the viewer or the report refers to another host."""
    for name in ("viewer.html", "report.html"):
        text = (seed_output / name).read_text(encoding="utf-8")
        assert 'src="http' not in text and "src='http" not in text and 'href="https://cdn' not in text
    assert (seed_output / "ixbrlviewer.js").stat().st_size > 100_000
    assert shutil.which("chromium") or not os.environ.get("CI")


def test_the_report_filters_by_confidence_and_statement_and_folds_a_reason(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{served}/report.html")

    def shown_facts():
        return [r for r in browser.find_elements(By.CSS_SELECTOR, "table.facts tbody tr") if r.is_displayed()]

    everything = len(shown_facts())
    Select(browser.find_element(By.ID, "filter-confidence")).select_by_value("given")
    given = shown_facts()
    assert 0 < len(given) < everything and all(r.get_attribute("data-confidence") == "given" for r in given)
    Select(browser.find_element(By.ID, "filter-confidence")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-statement")).select_by_value("balance")
    balance = shown_facts()
    assert 0 < len(balance) < everything and all(r.get_attribute("data-statement") == "balance" for r in balance)
    Select(browser.find_element(By.ID, "filter-statement")).select_by_value("")
    assert len(shown_facts()) == everything

    # the attention list: one group per reason, its count on its head, folded by its button
    head = next(h for h in browser.find_elements(By.CSS_SELECTOR, "#not-tagged tr.reason-head") if "damage.cell" in h.text)
    group = head.get_attribute("data-group")
    members = browser.find_elements(By.CSS_SELECTOR, f"#not-tagged tr.clickable[data-group='{group}']")
    assert int(head.find_element(By.CSS_SELECTOR, ".count").text) == len(members) > 5
    assert {m.get_attribute("data-title").split(":")[0] for m in members} == {"damage.cell"}
    head.find_element(By.TAG_NAME, "button").click()
    assert not any(m.is_displayed() for m in members) and head.is_displayed()
    head.find_element(By.TAG_NAME, "button").click()
    assert all(m.is_displayed() for m in members)


def test_a_refused_cells_link_lands_on_that_cell_in_the_filing(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(f"{served}/report.html")
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#not-tagged tbody tr.clickable") if "103,33" in r.text)
    link = row.find_element(By.CSS_SELECTOR, "a.in-filing")
    link.click()
    anchor = browser.current_url.rsplit("#", 1)[1]
    target = browser.find_element(By.ID, anchor)
    assert target.tag_name == "td" and target.text.strip() == "103,33"
