"""Issue 16: the filing as an XBRL Report Package (Report Package 1.0, inline form), opened by Arelle."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from ixread import read_facts

from converter.export.package import DOCUMENT_TYPE, report_package


def _arelle(package_file, taxonomy, tmp_path) -> list[dict]:
    log = tmp_path / f"{package_file.name}.log.json"
    cmd = [sys.executable, "-m", "arelle.CntlrCmdLine", "--workOffline", "--packages", str(taxonomy),
           "--plugins", "inlineXbrlDocumentSet", "-f", str(package_file), "--reportPackage", "--validate",
           "--calc", "c11r", "--logFile", str(log), "--logFileMode", "w"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300, cwd=tmp_path)
    return json.loads(log.read_text())["log"]


def test_the_package_layout_is_the_inline_form_and_deterministic():
    files = {"abc-20240331.htm": b"<html/>", "abc-20240331.xsd": b"<schema/>", "abc-20240331_lab.xml": b"<l/>"}
    first = report_package("abc-20240331", "abc-20240331.htm", files)
    assert first == report_package("abc-20240331", "abc-20240331.htm", dict(reversed(list(files.items()))))
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as archive:
        assert archive.namelist() == ["abc-20240331/META-INF/reportPackage.json", "abc-20240331/reports/abc-20240331.htm",
                                      "abc-20240331/reports/abc-20240331.xsd", "abc-20240331/reports/abc-20240331_lab.xml"]
        meta = json.loads(archive.read("abc-20240331/META-INF/reportPackage.json"))
        assert meta == {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023/xbri"}} == \
            {"documentInfo": {"documentType": DOCUMENT_TYPE}}
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with pytest.raises(ValueError):
        report_package("abc-20240331", "missing.htm", files)


@pytest.mark.arelle
def test_arelle_opens_and_validates_the_report_package(seed_output, taxonomy, tmp_path):
    package_file = seed_output / "lpsn-20131106.xbri"
    with zipfile.ZipFile(package_file) as archive:
        inside = archive.read("lpsn-20131106/reports/lpsn-20131106.htm")
    assert inside == (seed_output / "lpsn-20131106.htm").read_bytes()  # the same filing, packaged

    entries = _arelle(package_file, taxonomy, tmp_path)
    bad = [e for e in entries if e["level"] not in ("info", "debug")]
    assert bad == []
    texts = [e["message"]["text"] for e in entries]
    assert any("validated" in t and "lpsn-20131106.xbri/lpsn-20131106/reports/lpsn-20131106.htm" in t for t in texts)

    # the check is real: the same bytes named .zip break the rule that ties the document type to the extension
    renamed = tmp_path / "lpsn-20131106.zip"
    shutil.copyfile(package_file, renamed)
    codes = {e["code"] for e in _arelle(renamed, taxonomy, tmp_path) if e["level"] == "error"}
    assert "rpe:documentTypeFileExtensionMismatch" in codes
    extracted = tmp_path / "x"
    with zipfile.ZipFile(package_file) as archive:
        archive.extractall(extracted)
    assert len(read_facts(extracted / "lpsn-20131106" / "reports" / "lpsn-20131106.htm")) > 200
