from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("IXCONV_SHARED", PROJECT.parent / "shared"))
TAXONOMY = Path(os.environ.get("IXCONV_TAXONOMY", SHARED / "taxonomies" / "us-gaap-2011.zip"))
CORPUS = SHARED / "corpus"
SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"


@pytest.fixture(scope="session")
def taxonomy() -> Path:
    if not TAXONOMY.is_file():
        pytest.skip(f"taxonomy package not found at {TAXONOMY} (set IXCONV_TAXONOMY)")
    return TAXONOMY


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory, taxonomy) -> Path:
    """The seed converted once (with Arelle validation) for every test that reads the output."""
    from converter.cli import main

    out = tmp_path_factory.mktemp("seed")
    code = main(["convert", str(SEED), "--out", str(out), "--taxonomy", str(taxonomy)])
    assert code == 0
    return out


# Tests that convert a release or run Arelle are `slow`: every test that asks for the taxonomy package
# or the converted seed (the fixtures above), and the modules that mark themselves. The fast set,
# `pytest -m "not slow and not corpus and not arelle and not browser"`, is tests/unit/ and the like.
SLOW_FIXTURES = frozenset({"taxonomy", "seed_output"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def convert_text(text: str, name: str, tmp_path: Path, taxonomy: Path, company: list[str]) -> tuple[list, dict]:
    """Write ``text`` as ``tmp_path/name`` and convert it (no validation) with the CLI, which must succeed:
    (the facts read back from the rendered iXBRL, ``ixread.read_facts``; report.json)."""
    import json

    from ixread import read_facts

    from converter.cli import main

    path = tmp_path / name
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *company]) == 0
    return read_facts(next(out.glob("*.htm"))), json.loads((out / "report.json").read_text())
