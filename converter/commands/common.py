"""What the verbs share: output formats (text, json, GitHub annotations), ``--fail-on`` thresholds,
``-q``/``-v``, and the guard that refuses an ``--out`` folder holding another filing.

Exit codes (the same for every verb; README "Commands"): 0 success; 1 the result fails a ``--fail-on``
threshold (by default: validation errors), or, for ``batch``, a release was not converted; 2 unusable
input or options; 3 an internal error (a bug); 130 interrupted.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

FORMATS = ("text", "json", "github")
FAIL_ON_HELP = ("fail (exit 1) when the result has: error (validation errors; the default), warning (any "
                "warning: validation, assumed values, numbers not tagged), footing (a failed footing), "
                "untagged>N or untagged:N (more than N numbers, rows or values not tagged; quote the > in a shell), none (never); comma-separated")
_THRESHOLD = re.compile(r"(error|warning|footing|none)|untagged[>:](\d+)\Z")


def add_output_options(parser: argparse.ArgumentParser, *, fail_on: bool = True) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for people (default); json: one object on stdout; github: GitHub Actions "
                             "annotations (::error file=...,line=...::) and a summary line")
    if fail_on:
        parser.add_argument("--fail-on", default="error", metavar="LIST", type=parse_fail_on, help=FAIL_ON_HELP)
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors and what fails the run")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="also list every number not tagged and every validation message")


@dataclass(frozen=True)
class Threshold:
    kind: str  # error | warning | footing | untagged | none
    limit: int = 0  # for untagged: more than this many fails

    def __str__(self) -> str:
        return f"untagged>{self.limit}" if self.kind == "untagged" else self.kind


def parse_fail_on(text: str) -> tuple[Threshold, ...]:
    out = []
    for part in (p.strip() for p in text.split(",")):
        match = _THRESHOLD.fullmatch(part)
        if not match:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a threshold; give error, warning, footing, untagged>N or none (comma-separated)")
        out.append(Threshold("untagged", int(match.group(2))) if match.group(2) else Threshold(match.group(1)))
    return tuple(out)


@dataclass(frozen=True)
class Counts:
    """What ``--fail-on`` looks at, for one filing."""
    errors: int = 0  # validation errors (Arelle and the EDGAR rules)
    warnings: int = 0  # validation warnings plus conversion warnings (assumed values, numbers not tagged)
    footings_failed: int = 0
    untagged: int = 0  # numbers, rows or values not tagged


def failures(thresholds: tuple[Threshold, ...], counts: Counts) -> list[str]:
    """The thresholds ``counts`` reaches, each as a short reason ("3 validation errors (--fail-on error)")."""
    out = []
    for t in thresholds:
        if t.kind == "error" and counts.errors:
            out.append(f"{counts.errors} validation error(s) (--fail-on error)")
        elif t.kind == "warning" and counts.warnings:
            out.append(f"{counts.warnings} warning(s) (--fail-on warning)")
        elif t.kind == "footing" and counts.footings_failed:
            out.append(f"{counts.footings_failed} failed footing(s) (--fail-on footing)")
        elif t.kind == "untagged" and counts.untagged > t.limit:
            out.append(f"{counts.untagged} not tagged, more than {t.limit} (--fail-on {t})")
    return out


# ------------------------------------------------------------------------------------ GitHub annotations

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(level: str, message: str, *, file: str | None = None, line: int | None = None,
                      title: str | None = None) -> str:
    """One GitHub Actions workflow command: ``::error file=F,line=N,title=T::message`` (level error,
    warning or notice), escaped as the runner expects."""
    command = {"error": "error", "fatal": "error", "critical": "error", "inconsistency": "error",
               "warning": "warning"}.get(level, "notice")
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
        if line:
            props.append(f"line={int(line)}")
    if title:
        props.append(f"title={_escape_property(title)}")
    return f"::{command}{' ' + ','.join(props) if props else ''}::{_escape_data(' '.join(message.split()))}"


def dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


# ------------------------------------------------------------------------------------ the --out guard

def holds_other_filing(out: Path, release: Path) -> str | None:
    """Why ``out`` may not receive ``release``'s filing without ``--force``: it holds files that are not a
    previous output of this same release (a ``report.json`` naming it). None when it is absent, empty,
    or such an output."""
    if not out.exists():
        return None
    if not out.is_dir():
        return f"--out {out} is a file, not a folder; remove it or choose another output folder"
    entries = [p for p in out.iterdir() if not p.name.startswith(".")]
    if not entries:
        return None
    report = out / "report.json"
    try:
        previous = json.loads(report.read_text(encoding="utf-8")).get("release")
    except (OSError, ValueError, AttributeError):
        previous = None
    if previous:
        try:
            same = Path(previous).resolve() == release.resolve()
        except OSError:
            same = False
        if same:
            return None
        return f"--out {out} holds the filing of another release ({previous}); choose an empty folder or give --force to replace it"
    return f"--out {out} is not empty and holds no filing of {release} ({len(entries)} entries); choose an empty folder or give --force to replace it"


def staging_folder(out: Path) -> Path:
    """A new empty folder beside ``out`` (same file system, so that it can replace ``out`` by renames)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.ixconv-new-", dir=out.parent))


def replace_folder(out: Path, staged: Path) -> None:
    """Put ``staged`` in the place of ``out`` in one step (``outputs.swap_in``: an atomic exchange where
    the system has one), then remove the old folder; a reader sees the old set or the new one, never a
    mixture, and never no folder at all."""
    from ..outputs import swap_in

    swap_in(staged, out)


def output_target(out: Path, release: Path, force: bool) -> Path:
    """Where to write ``release``'s filing: ``out`` itself when it is absent or empty; else a staging
    folder beside it that ``finish_output`` swaps in whole, so that no file of the earlier set (an earlier
    output of the same release under another name, or with ``force`` another filing) is left among the
    new ones. Raises ``UserError`` when ``out`` holds another filing and ``force`` is not given."""
    from ..outputs import clean_stale

    clean_stale(out)  # what a killed run left beside ``out``: its staging folder, or the old set mid-swap
    problem = holds_other_filing(out, release)
    if problem is not None and (not force or not out.is_dir()):
        raise UserError(problem)
    if not out.exists() or not any(out.iterdir()):
        return out
    return staging_folder(out)


def finish_output(out: Path, target: Path, ok: bool) -> None:
    """After the conversion into ``output_target``'s folder: swap it in (``ok``) or drop it."""
    if target == out:
        return
    if ok:
        replace_folder(out, target)
    else:
        shutil.rmtree(target, ignore_errors=True)
