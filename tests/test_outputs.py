"""Outputs: names that stay in the output folder, atomic writes, byte-identical reruns, nothing active from the input.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from converter import outputs
from converter.outputs import OutputError, safe_child, write_all, write_atomic

PROFILE = SEED.with_name(SEED.stem + ".profile.toml")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["../escape.htm", "..", ".", "/etc/passwd", "a/b.htm", "a\\b.htm", "", ".hidden",
                                  "report.json\n", "x\x00.htm", "caf\u00e9.htm", "a" * 202, " lead.htm", "trail.htm ",
                                  "..\\..\\x", "C:evil", "~root", "-rf", "name\r", "\u2024\u2024/x"])
def test_a_name_that_could_leave_the_folder_or_hide_is_refused(tmp_path, name):
    with pytest.raises(OutputError) as caught:
        safe_child(tmp_path, name)
    assert repr(name) in str(caught.value) and str(tmp_path) in str(caught.value)


@pytest.mark.parametrize("name", ["lpsn-20131106.htm", "report.json", "a", "A_b.c-d", "lpsn-20131106_cal.xml", "x" * 201])
def test_plain_names_are_children_of_the_folder(tmp_path, name):
    assert safe_child(tmp_path, name) == tmp_path / name


@pytest.mark.slow  # 300 generated names
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_name_at_all_leads_outside_the_folder(name):
    folder = Path("/srv/out")
    try:
        child = safe_child(folder, name)
    except OutputError:
        return
    assert child.parent == folder and child.name == name
    assert os.path.normpath(child) == str(child) and not name.startswith(".")
    assert all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)


def test_a_bad_name_writes_nothing_at_all(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OutputError):
        write_all(out, {"good.htm": b"x", "../bad.htm": b"y"})
    assert not out.exists() and not (tmp_path / "bad.htm").exists()


def test_a_symlink_in_the_folder_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").symlink_to(outside)
    write_all(out, {"report.json": b"{}"})
    assert outside.read_bytes() == b"keep me"
    assert not (out / "report.json").is_symlink() and (out / "report.json").read_bytes() == b"{}"


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "a.htm"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second" and leftovers(tmp_path) == []
    assert target.stat().st_mode & 0o777 == 0o666 & ~outputs._UMASK


class Interrupted(BaseException):
    pass


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), Interrupted()])
def test_a_failure_mid_write_leaves_the_earlier_file_intact(tmp_path, monkeypatch, failure):
    target = tmp_path / "a.htm"
    target.write_bytes(b"good earlier version")
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise failure

    monkeypatch.setattr(outputs.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(type(failure)):
        write_atomic(target, b"new version that never fully arrives")
    assert target.read_bytes() == b"good earlier version"
    assert leftovers(tmp_path) == []


def test_a_failed_rename_leaves_the_earlier_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "a.htm"
    target.write_bytes(b"good")

    def refuse(_src, _dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(outputs.os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good" and leftovers(tmp_path) == []


def test_a_set_of_files_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """A failure while writing the second file leaves the first file's earlier version too."""
    out = tmp_path / "out"
    write_all(out, {"a.htm": b"old a", "b.xsd": b"old b"})
    real_fsync = os.fsync
    calls = []

    def fsync_then_fail(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync_then_fail)
    with pytest.raises(OutputError) as caught:
        write_all(out, {"a.htm": b"new a", "b.xsd": b"new b"})
    message = str(caught.value)
    assert "b.xsd" in message and "No space left" in message and "free some space" in message
    assert files_under(out) == {"a.htm": b"old a", "b.xsd": b"old b"}
    assert leftovers(tmp_path) == []


def test_an_output_folder_that_is_a_file_says_what_to_do(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_bytes(b"x")
    with pytest.raises(OutputError) as caught:
        write_all(blocker, {"a.htm": b"a"})
    assert str(blocker) in str(caught.value) and "choose another output folder" in str(caught.value)
    assert blocker.read_bytes() == b"x"


# --------------------------------------------------------------------------- same input, same bytes


def convert(release: Path, out: Path, taxonomy: Path, *extra: str) -> int:
    from converter.cli import main

    return main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--profile", str(PROFILE), *extra])


@pytest.fixture(scope="module")
def unvalidated_output(tmp_path_factory, taxonomy) -> Path:
    out = tmp_path_factory.mktemp("plain") / "out"
    assert convert(SEED, out, taxonomy, "--no-validate") == 0
    return out


def test_two_runs_give_byte_identical_files(unvalidated_output, tmp_path, taxonomy):
    again = tmp_path / "elsewhere"
    assert convert(SEED, again, taxonomy, "--no-validate") == 0
    first, second = files_under(unvalidated_output), files_under(again)
    assert sorted(first) == sorted(second) and len(first) >= 4
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.arelle
def test_two_validated_runs_give_byte_identical_files(tmp_path, taxonomy):
    out = tmp_path / "out"
    assert convert(SEED, out, taxonomy) == 0
    first = files_under(out)
    shutil.rmtree(out)
    assert convert(SEED, out, taxonomy) == 0
    second = files_under(out)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert first["report.json"] == second["report.json"]


@pytest.mark.arelle
def test_the_validated_report_does_not_depend_on_the_output_folder(tmp_path, taxonomy, seed_output):
    out = tmp_path / "somewhere-else"
    assert convert(SEED, out, taxonomy) == 0
    assert (out / "report.json").read_bytes() == (seed_output / "report.json").read_bytes()


# --------------------------------------------------------------------------- nothing active from the input

HOSTILE_PROSE = ('Tom & Jerry say 5 < 6 > 4 <script>alert(1)</script> <b onload="alert(2)">bold</b> '
                 '<a href="javascript:alert(3)">click</a> <img src=x onerror=alert(4)> ]]> <![CDATA[ x ]]> &amp; '
                 '&#x3c;script&#x3e; <?php evil(); ?> <!-- comment --> {{ 7*7 }} {% raw %}')
HOSTILE_LABEL = "<script>alert(5)</script> & <svg onload=alert(6)> javascript:alert(7) costs:"
HOSTILE_COMPANY = '<script>alert(8)</script> & "Co" <iframe src="javascript:alert(9)">'


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory, taxonomy) -> Path:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("For Immediate Release\n", f"For Immediate Release\n\n{HOSTILE_PROSE}\n", 1)
    text = text.replace("Costs and expenses:\t", f"{HOSTILE_LABEL}\t", 1)
    text = text.replace("Condensed Consolidated Statements of Operations\n",
                        "Condensed Consolidated Statements of Operations <script>alert(10)</script>\n", 1)
    text = text.replace("Other income\t", "Other income <b onclick=alert(11)> & <\t", 1)
    assert text.count("alert(") >= 9
    folder = tmp_path_factory.mktemp("hostile")
    release = folder / "release.txt"
    release.write_text(text, encoding="utf-8")
    out = folder / "out"
    assert convert(release, out, taxonomy, "--no-validate", "--company", HOSTILE_COMPANY) == 0
    return out


def document(out: Path) -> Path:
    return next(out.glob("*.htm"))


def active_content(root) -> list[str]:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            if isinstance(el, etree._ProcessingInstruction):
                found.append(f"processing instruction {el.target}")
            continue
        local = etree.QName(el).localname.lower()
        if local in ("script", "iframe", "object", "embed", "img", "svg", "a", "base", "form", "link") and \
                etree.QName(el).namespace in (None, "http://www.w3.org/1999/xhtml"):
            found.append(f"<{local}> element")
        for name, value in el.attrib.items():
            if etree.QName(name).localname.lower().startswith("on"):
                found.append(f"{name} attribute")
            squashed = "".join(ch for ch in value if not ch.isspace() and ord(ch) >= 32).lower()
            if squashed.startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value!r}")
    return found


def test_the_seed_document_itself_has_no_active_content(unvalidated_output):
    root = etree.parse(str(document(unvalidated_output))).getroot()
    assert active_content(root) == []


def test_nothing_active_from_the_input_survives_into_the_ixbrl(hostile_output, unvalidated_output):
    data = document(hostile_output).read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))  # well-formed XML
    assert active_content(root) == []
    seed_root = etree.parse(str(document(unvalidated_output))).getroot()
    assert {el.tag for el in root.iter() if isinstance(el.tag, str)} <= \
           {el.tag for el in seed_root.iter() if isinstance(el.tag, str)}, "an element the template does not make"
    assert len([c for c in root.iter(etree.Comment)]) == len([c for c in seed_root.iter(etree.Comment)])
    text = "".join(root.itertext())
    for shown in ("<script>alert(1)</script>", "Tom & Jerry say 5 < 6 > 4", "<script>alert(5)</script> &",
                  "&#x3c;script&#x3e;", "<!-- comment -->", "<?php evil(); ?>"):
        assert shown in text, f"{shown!r} is not shown as text"
    assert b"<script" not in data and b"<iframe" not in data and b"<svg" not in data


def test_the_hostile_release_is_still_tagged(hostile_output, unvalidated_output):
    root = etree.parse(str(document(hostile_output))).getroot()
    seed_root = etree.parse(str(document(unvalidated_output))).getroot()
    ix = "{http://www.xbrl.org/2013/inlineXBRL}nonFraction"
    assert len(list(root.iter(ix))) >= len(list(seed_root.iter(ix))) - 8
    title = root.find(".//{http://www.w3.org/1999/xhtml}title")
    assert HOSTILE_COMPANY in title.text  # --company, shown as text


def test_nothing_active_from_the_input_survives_into_the_review_report(hostile_output, unvalidated_output):
    def scripts_and_handlers(path: Path):
        tree = html.parse(str(path))
        scripts = [s.text_content() for s in tree.iter("script")]
        handlers = [f"{k}={v}" for el in tree.iter() if isinstance(el.tag, str)
                    for k, v in el.attrib.items() if k.lower().startswith("on")]
        hrefs = [v for el in tree.iter() if isinstance(el.tag, str) for k, v in el.attrib.items()
                 if k.lower() in ("href", "src") and v.strip().lower().startswith("javascript:")]
        return scripts, handlers, hrefs, tree

    scripts, handlers, hrefs, tree = scripts_and_handlers(hostile_output / "report.html")
    seed_scripts, _h, _r, _t = scripts_and_handlers(unvalidated_output / "report.html")
    assert scripts == seed_scripts and not any("alert" in s for s in scripts)
    assert handlers == [] and hrefs == []
    assert not [el for el in tree.iter() if isinstance(el.tag, str) and el.tag.lower() in ("iframe", "svg", "img")]
    assert "<script>alert(8)</script>" in tree.getroot().text_content()  # the company name, shown as text
