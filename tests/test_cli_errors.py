"""Bad input and setup: one clear line, a non-zero exit code, no partial output, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJECT, SEED


def ixconv(*args, env=None, cwd=None):
    full_env = dict(os.environ)
    full_env.pop("IXCONV_DEBUG", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "converter.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or PROJECT, timeout=120)


def assert_one_line_error(result, *needles):
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_missing_taxonomy_names_the_option_and_the_variable(tmp_path):
    out = tmp_path / "out"
    result = ixconv("convert", str(SEED), "--out", str(out), "--taxonomy", str(tmp_path / "nope.zip"))
    assert_one_line_error(result, "nope.zip", "--taxonomy", "IXCONV_TAXONOMY")
    assert not out.exists()


def test_missing_taxonomy_from_environment(tmp_path):
    result = ixconv("convert", str(SEED), "--out", str(tmp_path / "o"), env={"IXCONV_TAXONOMY": str(tmp_path / "x.zip")})
    assert_one_line_error(result, "x.zip", "IXCONV_TAXONOMY")


def test_empty_release(tmp_path, taxonomy):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out"
    result = ixconv("convert", str(empty), "--out", str(out), "--taxonomy", str(taxonomy))
    assert_one_line_error(result, "empty.txt", "empty")
    assert not out.exists()


def test_missing_release(tmp_path, taxonomy):
    result = ixconv("convert", str(tmp_path / "none.txt"), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy))
    assert_one_line_error(result, "none.txt")


def test_binary_release(tmp_path, taxonomy):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = ixconv("convert", str(binary), "--out", str(out), "--taxonomy", str(taxonomy))
    assert_one_line_error(result, "blob.txt", "binary")
    assert not out.exists()


def test_release_without_statements(tmp_path, taxonomy):
    prose = tmp_path / "prose.txt"
    prose.write_text("NEW YORK, November 6, 2013 -- A company said things today.\n\nNothing else.\n")
    out = tmp_path / "out"
    result = ixconv("convert", str(prose), "--out", str(out), "--taxonomy", str(taxonomy), "--cik", "1", "--company", "X",
                    "--prefix", "x")
    assert_one_line_error(result, "prose.txt", "no financial statement")
    assert not out.exists()


def test_unknown_company_needs_a_profile_or_options(tmp_path, taxonomy):
    release = tmp_path / "release.txt"
    release.write_bytes(SEED.read_bytes())  # no profile beside it
    out = tmp_path / "out"
    result = ixconv("convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy))
    assert_one_line_error(result, "--cik", "--profile")
    assert not out.exists()
