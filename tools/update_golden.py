"""Regenerate the golden outputs of the reference release (tests/golden/) and print the diff for review.

    python tools/update_golden.py            # convert the sample, rewrite tests/golden/, print the diff
    python tools/update_golden.py --check    # print the diff only; exit 1 when there is one

The golden files are the iXBRL document, report.json and the flat CSV of `ixconv convert` on
samples/000_ea1ead2fdb1745ca.txt with the default options (validation on), as tests/test_golden.py
converts it. Only what legitimately varies between machines is normalised: the project's and the
shared folder's absolute paths become <project> and <shared>. Review the diff before committing it.
"""
from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("IXCONV_SHARED", PROJECT.parent / "shared"))
TAXONOMY = Path(os.environ.get("IXCONV_TAXONOMY", SHARED / "taxonomies" / "us-gaap-2011.zip"))
SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"
GOLDEN = PROJECT / "tests" / "golden"
FILES = ("lpsn-20131106.htm", "report.json", "lpsn-20131106-flat.csv")


def normalise(text: str, project: Path = PROJECT, shared: Path = SHARED) -> str:
    """The output with the machine's absolute folders replaced (the longest first)."""
    folders = sorted({(str(shared.resolve()), "<shared>"), (str(shared), "<shared>"),
                      (str(project.resolve()), "<project>"), (str(project), "<project>")},
                     key=lambda pair: -len(pair[0]))
    for folder, name in folders:
        text = text.replace(folder, name)
    return text


def current(out_dir: Path) -> dict[str, str]:
    """The golden files' normalised text from a converted output folder."""
    return {name: normalise((out_dir / name).read_text(encoding="utf-8")) for name in FILES}


def diff(old: dict[str, str], new: dict[str, str]) -> str:
    out: list[str] = []
    for name in FILES:
        out += difflib.unified_diff(old.get(name, "").splitlines(keepends=True),
                                    new[name].splitlines(keepends=True), f"golden/{name}", f"new/{name}")
    return "".join(out)


def golden() -> dict[str, str]:
    return {name: (GOLDEN / name).read_text(encoding="utf-8") for name in FILES if (GOLDEN / name).is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the diff only; exit 1 when there is one")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT))
    from converter.cli import main as ixconv

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        code = ixconv(["convert", str(SEED), "--out", str(out), "--taxonomy", str(TAXONOMY), "-q"])
        if code != 0:
            print(f"update_golden: ixconv convert exited {code}", file=sys.stderr)
            return 2
        new = current(out)
    change = diff(golden(), new)
    sys.stdout.write(change or "golden outputs unchanged\n")
    if args.check:
        return 1 if change else 0
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in new.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
