"""The reference release's outputs, byte for byte (after normalising absolute folders), as reviewed in
tests/golden/. A difference fails with the diff; after review, `python tools/update_golden.py` rewrites them."""
from __future__ import annotations

import importlib.util

import pytest
from conftest import PROJECT

_spec = importlib.util.spec_from_file_location("update_golden", PROJECT / "tools" / "update_golden.py")
assert _spec is not None and _spec.loader is not None
update_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_golden)


@pytest.mark.parametrize("name", update_golden.FILES)
def test_output_matches_golden(seed_output, name):
    golden = update_golden.GOLDEN / name
    assert golden.is_file(), f"{golden} missing: run python tools/update_golden.py"
    new = update_golden.normalise((seed_output / name).read_text(encoding="utf-8"))
    old = golden.read_text(encoding="utf-8")
    assert new == old, ("output differs from tests/golden (review, then python tools/update_golden.py):\n"
                        + update_golden.diff({name: old}, {**{n: "" for n in update_golden.FILES}, name: new})[:6000])


def test_a_change_is_caught(tmp_path):
    """The comparison fails on one changed value and not on a moved checkout."""
    name = update_golden.FILES[2]
    old = (update_golden.GOLDEN / name).read_text(encoding="utf-8")
    changed = old.replace("45192000", "45193000", 1)
    assert changed != old
    assert update_golden.diff({name: old}, {**{n: "" for n in update_golden.FILES}, name: changed}).count("45193000") == 1
    moved = tmp_path / "elsewhere"
    assert update_golden.normalise(f"{moved}/samples/x.txt", project=moved) == "<project>/samples/x.txt"
