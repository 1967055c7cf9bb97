"""Issue 18: hostile and broken input. Only what a browser shows is read; long, deep and wide input is
read whole in linear time or refused with one line; the output folder holds one complete set.

Every test converts a small release with ``ixconv convert`` and reads the result back: facts from the
rendered iXBRL with ``ixread`` (concept, period, value, unit, decimals), refusals from report.json.
"""
from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from ixread import read_facts

Q3_2013 = "2013-07-01/2013-09-30"
Q3_2012 = "2012-07-01/2012-09-30"
COMPANY = ["--cik", "1", "--company", "Acme", "--prefix", "acme"]

RELEASE = """<html><head><style>{style}</style></head><body>
<p>ACME CORP. REPORTS THIRD QUARTER RESULTS</p>
<p>NEW YORK, November 6, 2013 -- ACME Corp. today reported results.</p>
<p>ACME CORP.</p>
<p>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</p>
<p>(In thousands, except per share data)</p>
<table>
<tr><td></td><td colspan="2" align="center">Three Months Ended</td></tr>
<tr><td></td><td>September 30, 2013</td><td>September 30, 2012</td></tr>
<tr><td>Revenue</td><td>$ 45,192</td><td>$ 40,001</td></tr>
<tr><td>Cost of revenue</td><td>12,000</td><td>11,000</td></tr>
{rows}<tr><td>Net income</td><td>3,100</td><td>2,900</td></tr>
<tr><td>Basic net income per share</td><td{eps_cell_attrs}>$ {eps}</td><td>$ 0.12</td></tr>
</table>
</body></html>
"""


def release(style: str = "", eps: str = "0.15", rows: str = "", eps_cell_attrs: str = "") -> str:
    return RELEASE.format(style=style, eps=eps, rows=rows, eps_cell_attrs=eps_cell_attrs)


def convert(tmp_path: Path, text: str | bytes, *extra: str, name: str = "release.htm", out: Path | None = None,
            taxonomy: Path) -> tuple[int, Path]:
    from converter.cli import main

    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = out or tmp_path / "out"
    code = main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 *COMPANY, *extra])
    return code, out


def facts(out: Path, concept: str) -> dict[str, tuple]:
    """{period: (value, unit, decimals)} of one concept, read back from the iXBRL."""
    found = {}
    for f in read_facts(next(out.glob("*.htm"))):
        if f.concept == concept and not f.dims:
            assert f.period not in found, f"two facts for {concept} {f.period}"
            found[f.period] = (f.value, f.unit, f.decimals)
    return found


def not_tagged(out: Path) -> list[str]:
    return [n["message"] for n in json.loads((out / "report.json").read_text())["not_tagged"]]


EPS = "us-gaap:EarningsPerShareBasic"


# --------------------------------------------------------------------------- hidden text is not read

HIDDEN_NINE = {
    "hidden attribute": ("", '<span hidden>9</span>0.15'),
    "display with a comment": ("", '<span style="display:/**/none">9</span>0.15'),
    "display upper case, important": ("", '<span style="DISPLAY: NONE !important">9</span>0.15'),
    "stylesheet class": (".x { display : none }", '<span class="x">9</span>0.15'),
    "stylesheet id": ("#nine{display:none}", '<span id="nine">9</span>0.15'),
    "stylesheet element": ("s{display:none}", '<s>9</s>0.15'),
    "stylesheet descendant": ("td .a b{display:none}", '<span class="a"><b>9</b></span>0.15'),
    "visibility hidden": ("", '<span style="visibility:hidden">9</span>0.15'),
    "visibility from a class": (".v{visibility:hidden}", '<span class="v">9</span>0.15'),
    "font-size 0": ("", '<span style="font-size:0">9</span>0.15'),
    "font-size 0 by em": (".z{font-size:0px}", '<span class="z"><span style="font-size:2em">9</span></span>0.15'),
    "font shorthand 0": ("", '<span style="font:0/0 serif">9</span>0.15'),
    "white on white": ("", '<span style="color:#ffffff">9</span>0.15'),
    "font color white": ("", '<font color="white">9</font>0.15'),
    "colour of the cell's background": (".b{background-color:#003366} .c{color:rgb(0,51,102)}",
                                        '<span class="b"><span class="c">9</span></span>0.15'),
    "transparent colour": ("", '<span style="color:transparent">9</span>0.15'),
    "opacity 0": ("", '<span style="opacity:0">9</span>0.15'),
}


@pytest.mark.parametrize("kind", sorted(HIDDEN_NINE))
def test_a_hidden_digit_before_a_shown_number_is_not_read(tmp_path, taxonomy, kind):
    """A cell that shows ``$ 0.15`` with a hidden ``9`` before it is EPS 0.15 (today: 90.15)."""
    style, eps = HIDDEN_NINE[kind]
    code, out = convert(tmp_path, release(style=style, eps=eps), taxonomy=taxonomy)
    assert code == 0
    assert facts(out, EPS) == {Q3_2013: (Decimal("0.15"), "USDPerShare", "2"),
                               Q3_2012: (Decimal("0.12"), "USDPerShare", "2")}


SHOWN_NINE = {
    "inline style beats the class": (".x{display:none}", '<span class="x" style="display:inline">9</span>0.15'),
    "important class beats inline": (".x{display:inline !important}", '<span style="display:none" class="x">9</span>0.15'),
    "visible inside hidden": ("", '<span style="visibility:hidden"><span style="visibility:visible">9</span></span>0.15'),
    "print-only rule": ("@media print { .x{display:none} }", '<span class="x">9</span>0.15'),
    "hover-only rule": (".x:hover{display:none}", '<span class="x">9</span>0.15'),
    "white on dark": ("", '<span style="background:#000;color:#fff">9</span>0.15'),
    "font size back up": ("", '<span style="font-size:0"><span style="font-size:10pt">9</span></span>0.15'),
}


@pytest.mark.parametrize("kind", sorted(SHOWN_NINE))
def test_a_digit_a_browser_shows_is_read(tmp_path, taxonomy, kind):
    """The cascade as a browser applies it: the digit is shown, so the figure is 90.15."""
    style, eps = SHOWN_NINE[kind]
    code, out = convert(tmp_path, release(style=style, eps=eps), taxonomy=taxonomy)
    assert code == 0
    assert facts(out, EPS)[Q3_2013] == (Decimal("90.15"), "USDPerShare", "2")


UNDECIDED_NINE = {
    "colour through var()": ("", '<span style="color:var(--ink)">9</span>0.15', "colour computed by a CSS function"),
    "generated content": (".x::before{content:'9'}", '<span class="x"></span>0.15', "generated by a style rule"),
    "media query": ("@media (max-width: 600px) { .x{display:none} }", '<span class="x">9</span>0.15', "@media"),
    "off the page": ("", '<span style="position:absolute;left:-9999px">9</span>0.15', "moved off the page"),
    "background image": ("", '<span style="background:url(x.png)">9</span>0.15', "background image"),
}


@pytest.mark.parametrize("kind", sorted(UNDECIDED_NINE))
def test_a_cell_whose_visibility_cannot_be_decided_is_refused_with_the_reason(tmp_path, taxonomy, kind):
    style, eps, reason = UNDECIDED_NINE[kind]
    code, out = convert(tmp_path, release(style=style, eps=eps), taxonomy=taxonomy)
    assert code == 0
    assert facts(out, EPS) == {Q3_2012: (Decimal("0.12"), "USDPerShare", "2")}
    refused = [m for m in not_tagged(out) if "per share" in m and "0.15" in m]
    assert len(refused) == 1 and "cannot be decided" in refused[0] and reason in refused[0], refused


@pytest.mark.parametrize("row", [
    '<tr style="display:none"><td>Operating expenses</td><td>999</td><td>888</td></tr>',
    '<tr hidden><td>Operating expenses</td><td>999</td><td>888</td></tr>',
    '<tbody style="display:none"><tr><td>Operating expenses</td><td>999</td><td>888</td></tr></tbody>',
    '<tr style="visibility:collapse"><td>Operating expenses</td><td>999</td><td>888</td></tr>',
])
def test_a_hidden_row_is_not_read(tmp_path, taxonomy, row):
    code, out = convert(tmp_path, release(rows=row), taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:OperatingExpenses") == {}
    assert facts(out, "us-gaap:Revenues")[Q3_2013] == (Decimal("45192000"), "USD", "-3")


def test_the_same_row_shown_is_read(tmp_path, taxonomy):
    """The control for the hidden rows above: the row is mapped when it is shown."""
    code, out = convert(tmp_path, release(rows="<tr><td>Operating expenses</td><td>999</td><td>888</td></tr>"),
                        taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:OperatingExpenses")[Q3_2013] == (Decimal("999000"), "USD", "-3")


# --------------------------------------------------------------------------- depth, long documents, <embed>


def test_a_statement_after_300_nested_divs_is_read(tmp_path, taxonomy):
    """Past depth 256 libxml2 used to drop the rest of the document with exit 0."""
    deep = "<div>" * 300 + "<p>Forward-looking statements.</p>" + "</div>" * 300
    text = release().replace("<p>ACME CORP.</p>", deep + "\n<p>ACME CORP.</p>", 1)
    code, out = convert(tmp_path, text, taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:Revenues") == {Q3_2013: (Decimal("45192000"), "USD", "-3"),
                                              Q3_2012: (Decimal("40001000"), "USD", "-3")}


def test_nesting_deeper_than_the_parser_reads_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    deep = "<div>" * 3000 + "x" + "</div>" * 3000
    code, out = convert(tmp_path, release().replace("<p>ACME CORP.</p>", deep, 1), taxonomy=taxonomy)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert len(err.strip().splitlines()) == 1 and "nested more than 2048 deep" in err


def test_cells_past_line_65535_keep_their_own_lines_and_facts(tmp_path, taxonomy):
    """libxml2's sourceline stops at 65535: cells were keyed by it and all became one fact."""
    padding = "<p>Padding" + "\n" * 70_000 + "</p>\n"
    table = release().replace("<td>", "\n<td>")  # every cell on a line of its own
    text = table.replace("<p>ACME CORP.</p>", padding + "<p>ACME CORP.</p>", 1)
    code, out = convert(tmp_path, text, taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:Revenues") == {Q3_2013: (Decimal("45192000"), "USD", "-3"),
                                              Q3_2012: (Decimal("40001000"), "USD", "-3")}
    assert facts(out, "us-gaap:CostOfRevenue") == {Q3_2013: (Decimal("12000000"), "USD", "-3"),
                                                   Q3_2012: (Decimal("11000000"), "USD", "-3")}
    assert facts(out, EPS)[Q3_2013] == (Decimal("0.15"), "USDPerShare", "2")
    report = json.loads((out / "report.json").read_text())
    source_lines = text.split("\n")
    for fact in report["facts"]:
        if fact["concept"].startswith("us-gaap:"):
            line, column = fact["source"]["line"], fact["source"]["column"]
            assert line > 65535
            assert source_lines[line - 1][column - 1:].startswith("<td>") and fact["printed"] in source_lines[line - 1]
    ids = [f["id"] for f in report["facts"]]
    assert len(ids) == len(set(ids))


def test_an_unclosed_embed_does_not_swallow_the_statement(tmp_path, taxonomy):
    text = release().replace("<p>ACME CORP.</p>", '<div><embed src="logo.swf"><p>ACME CORP.</p>', 1)
    text = text.replace("</body>", "</div></body>")
    code, out = convert(tmp_path, text, taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:NetIncomeLoss") == {Q3_2013: (Decimal("3100000"), "USD", "-3"),
                                                   Q3_2012: (Decimal("2900000"), "USD", "-3")}


# --------------------------------------------------------------------------- encodings, number forms


def test_one_invalid_byte_changes_nothing_else_and_is_reported_where(tmp_path, taxonomy):
    """One byte that is not UTF-8 used to switch the whole release to cp1252: the UTF-8 em dash of a
    zero became mojibake and its row was lost, with no word of why."""
    text = release(rows="<tr><td>Other income</td><td>1,200</td><td>\u2014</td></tr>\n")
    text = text.replace("results.</p>", "results \u2014 caf\u00e9.</p>\n<p>A stray byte: XX here.</p>")
    data = text.encode("utf-8").replace(b"XX", b"\xff")
    code, out = convert(tmp_path, data, taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:NonoperatingIncomeExpense") == {Q3_2013: (Decimal("1200000"), "USD", "-3"),
                                                               Q3_2012: (Decimal("0"), "USD", "-3")}
    line = next(n for n, ln in enumerate(data.split(b"\n"), 1) if b"\xff" in ln)
    column = data.split(b"\n")[line - 1].decode("utf-8", "replace").index("\ufffd") + 1
    assert f"byte 0xff at line {line}, column {column} is not UTF-8" in " ".join(not_tagged(out))


def test_a_legacy_windows_1252_release_is_still_read_as_such(tmp_path, taxonomy):
    text = release(rows="<tr><td>Other income</td><td>1,200</td><td>\u2014</td></tr>\n")
    code, out = convert(tmp_path, text.encode("cp1252"), taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:NonoperatingIncomeExpense")[Q3_2012] == (Decimal("0"), "USD", "-3")


@pytest.mark.parametrize("printed, reason", [
    ("$ 45,192%", "both a currency sign and a percent sign"),
    ("0,045,192", "a leading zero before more digits"),
    ("045,192", "a leading zero before more digits"),
])
def test_number_forms_that_are_not_one_amount_are_refused(tmp_path, taxonomy, printed, reason):
    text = release().replace("<td>$ 45,192</td>", f"<td>{printed}</td>")
    code, out = convert(tmp_path, text, taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:Revenues") == {Q3_2012: (Decimal("40001000"), "USD", "-3")}
    assert any(printed in m and reason in m for m in not_tagged(out)), not_tagged(out)


# --------------------------------------------------------------------------- names, comments, CSV cells


@pytest.mark.parametrize("option", ["--company", "--ticker"])
def test_a_non_utf8_byte_in_an_option_is_one_line_and_no_output(tmp_path, taxonomy, capsys, option):
    from converter.cli import main

    path = tmp_path / "release.htm"
    path.write_text(release(), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--cik", "1", "--prefix", "acme", option, "Acme\udcff"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists() and list(tmp_path.iterdir()) == [path]
    assert len(err.strip().splitlines()) == 1 and option in err and "byte 0xff" in err and "UTF-8" in err


def test_a_non_utf8_byte_in_the_release_name_is_one_line_and_no_output(tmp_path, taxonomy, capsys):
    code, out = convert(tmp_path, release(), name="release\udcff.htm", taxonomy=taxonomy)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert len(err.strip().splitlines()) == 1 and "release name" in err and "byte 0xff" in err


@pytest.mark.arelle
def test_a_non_utf8_byte_in_the_output_folder_is_one_line_and_no_output(tmp_path, taxonomy):
    """With validation: Arelle used to print a traceback into stderr and report.json."""
    import os
    import subprocess
    import sys

    path = tmp_path / "release.htm"
    path.write_text(release(), encoding="utf-8")
    out = os.fsencode(tmp_path) + b"/out\xff"
    done = subprocess.run([sys.executable, "-m", "converter.cli", "convert", os.fsencode(path), "--out", out,
                           "--taxonomy", str(taxonomy), *COMPANY], capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "byte 0xff" in err, err
    assert os.listdir(os.fsencode(tmp_path)) == [b"release.htm"]


def test_double_hyphens_in_the_company_name_keep_the_xml_comments_well_formed(tmp_path, taxonomy):
    from lxml import etree

    name = "Acme -- Holdings --> <!-- Co -"
    code, out = convert(tmp_path, release(), "--company", name, taxonomy=taxonomy)
    assert code == 0
    written = sorted(out.glob("*.xsd")) + sorted(out.glob("*_*.xml"))
    assert len(written) >= 3
    for path in written:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))  # well-formed
        comments = [c.text for c in root.getroot().itersiblings(etree.Comment, preceding=True)]
        assert comments and "Acme - - Holdings - -&gt; &lt;!- - Co - " in comments[0], comments
    names = [f.value for f in read_facts(next(out.glob("*.htm"))) if f.concept == "dei:EntityRegistrantName"]
    assert names == [name]  # the fact itself is the name as given


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab"])
def test_a_registrant_name_that_is_a_formula_is_not_one_in_the_flat_csv(tmp_path, taxonomy, name):
    import csv

    code, out = convert(tmp_path, release(), f"--company={name}", taxonomy=taxonomy)
    assert code == 0
    rows = list(csv.DictReader(next(out.glob("*-flat.csv")).read_text(encoding="utf-8").splitlines()))
    registrant = [r["value"] for r in rows if r["concept"] == "dei:EntityRegistrantName"]
    assert registrant == ["'" + name]
    revenue = [r["value"] for r in rows if r["concept"] == "us-gaap:Revenues"]
    assert sorted(revenue) == ["40001000", "45192000"]
    assert not [v for r in rows for v in r.values() if v and v[0] in "=+@\t"]


# --------------------------------------------------------------------------- one output set


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporary_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.ixconv-"))


@pytest.mark.arelle
def test_links_inside_the_output_folder_are_never_followed(tmp_path, taxonomy):
    """A symlinked ``<base>-csv`` folder used to be written into and cleaned, outside the output folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "acme-20131106-facts.csv").write_bytes(b"not yours")
    (outside / "acme-20131106-metadata.json").write_bytes(b"{}")
    precious = tmp_path / "precious.json"
    precious.write_bytes(b"keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "acme-20131106-csv").symlink_to(outside, target_is_directory=True)
    (out / "report.json").symlink_to(precious)
    (tmp_path / "release.htm").write_text(release(), encoding="utf-8")
    from converter.cli import main

    code = main(["convert", str(tmp_path / "release.htm"), "--out", str(out), "--taxonomy", str(taxonomy), *COMPANY,
                 "--force"])  # the folder holds no filing of this release: replacing it takes --force
    assert code == 0
    assert files_under(outside) == {"acme-20131106-facts.csv": b"not yours", "acme-20131106-metadata.json": b"{}"}
    assert precious.read_bytes() == b"keep me"
    csv_dir = out / "acme-20131106-csv"
    assert csv_dir.is_dir() and not csv_dir.is_symlink() and not (out / "report.json").is_symlink()
    assert sorted(p.name for p in csv_dir.iterdir()) == ["acme-20131106-facts.csv", "acme-20131106-metadata.json"]
    assert temporary_folders(out) == []


def test_an_output_folder_holding_other_files_is_refused_untouched(tmp_path, taxonomy, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_bytes(b"mine")
    code, _ = convert(tmp_path, release(), out=out, taxonomy=taxonomy)
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(out) in err
    assert files_under(out) == {"notes.txt": b"mine"} and temporary_folders(out) == []


def test_a_failure_while_building_the_set_leaves_the_old_set_and_no_temporary_folder(tmp_path, taxonomy, monkeypatch):
    import converter.export.report as report

    code, out = convert(tmp_path, release(), taxonomy=taxonomy)
    assert code == 0
    old = files_under(out)

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "render_report", full_disk)
    with pytest.raises(OSError):
        from converter.pipeline import convert_release

        convert_release(tmp_path / "release.htm", out, taxonomy=taxonomy, validate=False,
                        overrides={"cik": "1", "name": "Other", "ticker": None, "prefix": "acme"})
    assert files_under(out) == old and temporary_folders(out) == []


def test_stale_temporary_folders_are_removed_and_an_interrupted_swap_completed(tmp_path, taxonomy):
    from converter.outputs import clean_stale

    code, out = convert(tmp_path, release(), taxonomy=taxonomy)
    old = files_under(out)
    stale = tmp_path / ".out.ixconv-abc123"
    stale.mkdir()
    (stale / "report.json").write_bytes(b"half")
    # a kill between the two renames of a system without renameat2: the old set beside, no out
    out.rename(tmp_path / ".out.ixconv-old-def456")
    assert clean_stale(out) == [stale] and files_under(out) == old and temporary_folders(out) == []


KILL_COMPANY = ["--cik", "1", "--prefix", "acme"]


def _run(release_path: Path, out: Path, taxonomy: Path, company: str, validate: bool):
    import os
    import subprocess
    import sys

    args = [sys.executable, "-m", "converter.cli", "convert", str(release_path), "--out", str(out),
            "--taxonomy", str(taxonomy), *KILL_COMPANY, "--company", company]
    if not validate:
        args.append("--no-validate")
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})


def _kill_when(process, out: Path, moment) -> int:
    """SIGKILL ``process`` as soon as ``moment(staging folders)`` holds (or after its time, a float)."""
    import signal
    import time

    started = time.monotonic()
    while process.poll() is None:
        staging = [out.parent / n for n in temporary_folders(out)]
        if (moment(staging) if callable(moment) else time.monotonic() - started >= moment):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    return process.wait(timeout=300)


def _has(name: str):
    return lambda staging: any((s / name).exists() for s in staging)


MOMENTS = {
    "at start": 0.0,
    "staging folder made": lambda staging: bool(staging),
    "filing written": _has("acme-20131106.htm"),
    "flat csv written": _has("acme-20131106-flat.csv"),
    "report written": _has("report.json"),
    "after 0.3 s": 0.3,
    "after 0.6 s": 0.6,
}


KILLED: list[tuple[str, int]] = []


@pytest.fixture(scope="module")
def kill_sets(tmp_path_factory, taxonomy):
    """The old set (company "Old Co") and the new set ("New Co") of the same release, each complete."""
    folder = tmp_path_factory.mktemp("kill")
    path = folder / "release.htm"
    path.write_text(release(), encoding="utf-8")
    sets = {}
    for company in ("Old Co", "New Co"):
        out = folder / company.replace(" ", "")
        assert _run(path, out, taxonomy, company, validate=False).wait(timeout=300) == 0
        sets[company] = files_under(out)
    assert sets["Old Co"] != sets["New Co"] and sorted(sets["Old Co"]) == sorted(sets["New Co"])
    return path, sets


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_a_kill_during_convert_leaves_the_old_set_or_the_new_one_complete(tmp_path, taxonomy, kill_sets, moment):
    import shutil

    path, sets = kill_sets
    out = tmp_path / "out"
    assert _run(path, out, taxonomy, "Old Co", validate=False).wait(timeout=300) == 0
    assert files_under(out) == sets["Old Co"]
    code = _kill_when(_run(path, out, taxonomy, "New Co", validate=False), out, MOMENTS[moment])
    KILLED.append((moment, code))
    assert files_under(out) in (sets["Old Co"], sets["New Co"])
    # what a kill leaves beside the folder is only ever a temporary folder, and the next run removes it
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == temporary_folders(out)
    assert _run(path, out, taxonomy, "New Co", validate=False).wait(timeout=300) == 0
    assert files_under(out) == sets["New Co"] and temporary_folders(out) == []
    shutil.rmtree(out)


@pytest.mark.arelle
@pytest.mark.parametrize("moment", ["filing written", "during validation"])
def test_a_kill_during_a_validated_convert_leaves_the_old_set_complete(tmp_path, taxonomy, moment):
    """Validation and the exports take seconds: a kill among them used to leave a new .htm beside an
    old report.json."""
    path = tmp_path / "release.htm"
    path.write_text(release(), encoding="utf-8")
    out = tmp_path / "out"
    assert _run(path, out, taxonomy, "Old Co", validate=True).wait(timeout=300) == 0
    old = files_under(out)
    assert "acme-20131106.json" in old and "report.json" in old
    old_filing = old["acme-20131106.htm"]

    def new_filing_written(staging) -> bool:  # in the set being built, or (before issue 18) in out itself
        built = any((s / "acme-20131106.htm").exists() for s in staging)
        target = out / "acme-20131106.htm"
        return built or (target.exists() and target.read_bytes() != old_filing)

    when = new_filing_written if moment == "filing written" else (
        lambda staging: new_filing_written(staging) and _sleep(0.5))
    code = _kill_when(_run(path, out, taxonomy, "New Co", validate=True), out, when)
    assert code == -9, "validation ends seconds after the filing is written: the kill must land before"
    after = files_under(out)
    assert after == old or (sorted(after) == sorted(old) and b"New Co" in after["report.json"])
    assert _run(path, out, taxonomy, "New Co", validate=False).wait(timeout=300) == 0
    assert temporary_folders(out) == []


def _sleep(seconds: float) -> bool:
    import time

    time.sleep(seconds)
    return True


def test_the_kills_above_did_kill():
    """The kill tests are worth something only if the process was killed before it finished."""
    import signal

    if len(KILLED) < len(MOMENTS):
        pytest.skip("run with the kill tests")
    killed = [moment for moment, code in KILLED if code == -signal.SIGKILL]
    assert len(killed) >= len(MOMENTS) - 1, KILLED


# --------------------------------------------------------------------------- a PDF's text layer


def _pdf(ops: list[str]) -> bytes:
    """A one-page PDF (Helvetica) drawing ``ops``, with a correct cross-reference table."""
    content = "\n".join(ops).encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


DIGIT = 5.56  # Helvetica's digit width at 10 points


def _text(x: float, y: float, s: str, gray: float = 0) -> str:
    s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT {gray} g /F1 10 Tf {x:.2f} {y} Td ({s}) Tj ET"


def _right(x: float, y: float, s: str) -> str:
    return _text(x - len(s) * DIGIT, y, s)


def pdf_release(extra: list[str]) -> bytes:
    ops = [_text(72, 740, "ACME CORP. REPORTS THIRD QUARTER RESULTS"),
           _text(72, 720, "NEW YORK, November 6, 2013 -- ACME Corp. today reported results."),
           _text(72, 690, "ACME CORP."), _text(72, 676, "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS"),
           _text(72, 662, "(In thousands, except per share data)"), _text(330, 640, "Three Months Ended"),
           _right(380, 626, "September 30,"), _right(480, 626, "September 30,"), _right(380, 612, "2013"),
           _right(480, 612, "2012")]
    y = 594
    for label, a, b in [("Revenue", "$ 45,192", "$ 40,001"), ("Cost of revenue", "12,000", "11,000"),
                        ("Net income", "3,100", "2,900"), ("Basic net income per share", "$ 0.15", "$ 0.12")]:
        ops += [_text(72, y, label), _right(380, y, a), _right(480, y, b)]
        y -= 14
    return _pdf(ops + extra)


EPS_Y, EPS_X = 594 - 3 * 14, 380 - 4 * DIGIT  # where "0.15" is drawn


@pytest.mark.parametrize("kind, extra, shown", [
    ("white on the white page", [_text(EPS_X - DIGIT, EPS_Y, "9", gray=1)], "0.15"),
    ("white on a dark box", [f"0 g {EPS_X - DIGIT - 1:.2f} {EPS_Y - 3} {DIGIT + 0.5:.2f} 13 re f",
                             _text(EPS_X - DIGIT, EPS_Y, "9", gray=1)], "90.15"),
])
def test_a_pdf_character_drawn_invisibly_is_not_read(tmp_path, taxonomy, kind, extra, shown):
    code, out = convert(tmp_path, pdf_release(extra), name="release.pdf", taxonomy=taxonomy)
    assert code == 0
    assert facts(out, EPS)[Q3_2013] == (Decimal(shown), "USDPerShare", "2")


def test_pdf_text_outside_the_page_is_not_read(tmp_path, taxonomy):
    row = [_text(-400, EPS_Y - 14, "Operating expenses"), _right(-100, EPS_Y - 14, "999"), _right(-50, EPS_Y - 14, "888")]
    code, out = convert(tmp_path, pdf_release(row), name="release.pdf", taxonomy=taxonomy)
    assert code == 0
    assert facts(out, "us-gaap:OperatingExpenses") == {}
    assert facts(out, "us-gaap:Revenues")[Q3_2013] == (Decimal("45192000"), "USD", "-3")


# --------------------------------------------------------------------------- bounded time, caps


def _refused_quickly(tmp_path, taxonomy, capsys, data: bytes | str, name: str, words: str, limit: float = 20.0):
    import time

    started = time.perf_counter()
    code, out = convert(tmp_path, data, name=name, taxonomy=taxonomy)
    seconds = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == 2 and not out.exists(), err
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert seconds < limit


def test_a_colspan_bomb_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    bomb = "".join(f'<tr><td colspan="1000">{n}</td></tr>' for n in range(3000))
    text = release(rows=bomb)
    _refused_quickly(tmp_path, taxonomy, capsys, text, "release.htm", "colspans expanded")


def test_a_row_wider_than_any_statement_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    text = release().replace("<td>12,000</td>", '<td colspan="1200">12,000</td>')
    _refused_quickly(tmp_path, taxonomy, capsys, text, "release.htm", "more than 1000 columns")


def test_one_text_row_of_100000_cells_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    """It used to run for ever (a regex over the whole line per cell in the report)."""
    from conftest import SEED

    seed = SEED.read_text(encoding="utf-8")
    row = "Revenue\t" + "\t".join(f"{n % 900 + 100}" for n in range(100_000))
    text = seed.replace("Revenue\t", row + "\nRevenue\t", 1)
    _refused_quickly(tmp_path, taxonomy, capsys, text, "release.txt", "100,001 cells is over the 1000-cell limit")


def test_a_pdf_of_more_pages_than_a_release_is_refused_in_one_line(tmp_path, taxonomy, capsys):
    single = pdf_release([])
    pages = 101
    kids = " ".join(f"{6 + n} 0 R" for n in range(pages)).encode()
    data = single.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [" + kids + b"] /Count %d" % pages)
    extra = b"".join(b"%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R"
                     b" >> >> /Contents 5 0 R >>\nendobj\n" % (6 + n) for n in range(pages))
    data = data.replace(b"xref\n", extra + b"xref\n", 1)  # pdfminer rebuilds the cross-references it misses
    _refused_quickly(tmp_path, taxonomy, capsys, data, "release.pdf", "101 pages is over the 100-page limit")


def test_many_unmapped_rows_convert_in_linear_time(tmp_path, taxonomy):
    """20,000 rows no rule maps took 163 s (findings rebuilt and rows rescanned for each)."""
    import time

    rows = "".join(f"<tr><td>Line item {n}</td><td>{n % 900 + 100}</td><td>{n % 700 + 100}</td></tr>"
                   for n in range(20_000))
    started = time.perf_counter()
    code, out = convert(tmp_path, release(rows=rows), taxonomy=taxonomy)
    assert code == 0 and time.perf_counter() - started < 120
    assert facts(out, "us-gaap:Revenues")[Q3_2013] == (Decimal("45192000"), "USD", "-3")


# --------------------------------------------------------------------------- the mutation corpus

NEW_KINDS = ("invalid-byte", "wide-row", "many-rows", "html", "html-deep", "html-long", "html-embed", "colspan-bomb",
             "number-forms", "hidden-digits")


def test_the_mutation_corpus_holds_the_new_classes_and_none_crashes_hangs_or_lies(tmp_path, taxonomy):
    from conftest import SEED

    from converter.tools.mutations import generate_corpus, run_corpus

    mutants = [m for m in generate_corpus(SEED.read_bytes(), 80, rng_seed=3) if m.kind in NEW_KINDS]
    assert {m.kind for m in mutants} == set(NEW_KINDS)
    result = run_corpus(mutants, tmp_path, taxonomy=taxonomy, profile=SEED.with_name(SEED.stem + ".profile.toml"))
    bad = [(o.name, o.status, o.message[:100], o.unsupported[:2]) for o in result.outcomes if not o.ok]
    assert not bad
    by_kind = {o.kind: o for o in result.outcomes}
    assert by_kind["wide-row"].status == "refused" and by_kind["colspan-bomb"].status == "refused"
    for kind in ("html", "html-deep", "html-long", "html-embed", "hidden-digits", "invalid-byte", "many-rows"):
        assert by_kind[kind].status == "clean" and by_kind[kind].facts > 200, by_kind[kind]


def test_the_html_check_catches_a_hidden_digit_that_was_read(tmp_path, taxonomy):
    """The corpus check is not vacuous: a fact that read a hidden digit is an unsupported fact."""
    import random

    from conftest import SEED

    from converter.export.report import build_report
    from converter.pipeline import build_filing, render
    from converter.tools.mutations import _hidden_digits, unsupported_facts

    _description, data = _hidden_digits(random.Random(5), SEED.read_text(encoding="utf-8"))
    path = tmp_path / "hidden.htm"
    path.write_bytes(data)
    filing, index = build_filing(path, taxonomy=taxonomy, profile=SEED.with_name(SEED.stem + ".profile.toml"))
    rendered = render(filing, index)
    report = build_report(filing, None, rendered.document_name, rendered.layout)
    scales = {rendered.layout.elements[f.id]: f.scale for f in filing.facts}
    assert unsupported_facts(report, scales, data, filing.document.path, html=True) == []
    line = data.decode().split("\n")
    entry = next(e for e in report.facts if 'class="mh"' in line[e.source.line - 1][e.source.column - 1:]
                 .split("</td>")[0] and e.unit)
    hidden = re.search(r'<span class="mh"[^>]*>(\d)</span>', line[entry.source.line - 1][entry.source.column - 1:])
    misread = dataclasses.replace(entry, printed=entry.printed.replace(entry.printed.lstrip("$ ("),
                                                                       hidden.group(1) + entry.printed.lstrip("$ ("), 1))
    report = dataclasses.replace(report, facts=tuple(misread if f.id == entry.id else f for f in report.facts))
    problems = unsupported_facts(report, scales, data, filing.document.path, html=True)
    assert any(entry.id in p for p in problems), problems
