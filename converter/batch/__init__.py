"""batch: many releases at once, each converted and validated as ``ixconv convert`` would, in parallel.

``scan_inputs`` turns files and folders into releases (a folder's files that are not releases by their
content are skipped, each with its reason), ``plan`` gives each its own output folder,
``run_batch`` runs them on an engine (``local``: a process pool; ``dask``: a dask.distributed cluster) and yields
one ``ItemResult`` per release as it finishes. Each worker process loads the taxonomy once (mapping
rules, concept index, and a warm Arelle validator, see ``converter.validate.warm``); one release's
failure never stops the others nor touches their folders.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

RELEASE_SUFFIXES = (".txt", ".htm", ".html", ".pdf", ".md")
ENGINES = ("local", "dask")  # Ray was removed: not in the lock, never tested on a real cluster

CONVERTED, REFUSED, FAILED, TIMEOUT = "converted", "refused", "failed", "timeout"
STATUSES = (CONVERTED, REFUSED, FAILED, TIMEOUT)
DEFAULT_TIMEOUT = 300.0  # seconds per release (``--timeout``)
# what an earnings release says, counted to tell one from the notes or listings kept beside it
RELEASE_WORDS = re.compile(rb"net\s+(?:income|sales|loss|revenues?)|revenues?|per\s+(?:diluted\s+)?share|quarter|"
                           rb"earnings|operating\s+(?:income|expenses)|fiscal|total\s+assets|cash\s+flows?",
                           re.IGNORECASE)
MIN_RELEASE_WORDS = 10
SNIFF_BYTES = 4 << 20


@dataclass(frozen=True)
class BatchConfig:
    """What every worker needs, the same for all releases (picklable: sent to worker processes)."""
    taxonomy: str
    profile: str | None = None  # one profile for every release (``--profile``); else <release>.profile.toml
    validate: bool = True
    viewer: bool = False  # also write the interactive viewer (about a second more per release)
    calcs: str = "c11r"
    validator: str = "auto"  # WarmValidator strategy: auto | fork | fresh
    timeout: float = DEFAULT_TIMEOUT  # seconds a release may take (``--timeout``); 0: no limit
    fail_on: tuple = ()  # commands.common.Threshold values: what makes a converted release fail the batch
    rules_dir: str | None = None  # a user's rules folder merged over the defaults (``--rules``)


@dataclass(frozen=True)
class BatchItem:
    index: int  # position in the batch (the summary keeps this order)
    input: str  # the release as given (after folder expansion)
    out_dir: str  # its own output folder
    # what the manifest (or the batch's options) says of this release
    overrides: tuple[tuple[str, str], ...] = ()  # company options: cik, name, ticker, prefix
    profile: str | None = None  # this release's profile (over the batch's --profile)
    report_date: str | None = None
    prior: tuple[str, ...] = ()  # the company's earlier filings
    truth: str | None = None  # the company's own XBRL: graded as ``ixconv eval`` does
    accession: str | None = None
    timeout: float | None = None  # this release's own limit (over the batch's)
    force: bool = False  # replace an output folder that holds another filing


@dataclass
class ItemResult:
    index: int
    input: str
    out_dir: str
    status: str  # converted | refused | failed | timeout
    reason: str = ""  # why refused, failed or stopped
    document: str = ""  # the iXBRL file name, when written
    facts: int | None = None  # facts in the iXBRL (Arelle's count; tagged numbers with --no-validate)
    errors: int | None = None  # validation errors (None: not validated)
    warnings: int | None = None  # validation warnings
    not_tagged: int | None = None  # numbers, rows or values not tagged (each with its reason in report.html)
    assumed: list[str] = field(default_factory=list)  # the guesses (guess.* warnings), as messages
    footings_failed: int | None = None
    grade: dict | None = None  # against the manifest's truth: recall, wrong, ... (``ixconv eval``'s numbers)
    failed: list[str] = field(default_factory=list)  # the --fail-on thresholds this release reaches
    # convert (all but validation: build, render, write, report, exports) / validate (Arelle, and its
    # xBRL-JSON/CSV export) / total; the first result of each worker process also has
    # worker_startup (rules, concept index) and validator_startup (Arelle import and controller)
    seconds: dict[str, float] = field(default_factory=dict)
    worker: int = 0  # pid of the process that did it

    @property
    def ok(self) -> bool:
        return self.status == CONVERTED and not self.errors and not self.failed

    def as_dict(self) -> dict:
        return asdict(self)


def not_a_release(path: Path) -> str | None:
    """Why a file found in a folder is not a release, judged by its content (None: it may be one). A PDF
    is one by its header; other files must read like an earnings release (its vocabulary: revenue, net
    income, per share, quarter, ...), which notes, listings and read-me files kept beside releases do not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head.strip():
        return "empty"
    if head.lstrip()[:5] == b"%PDF-":
        return None
    if path.suffix.lower() == ".pdf":
        return "named .pdf but not a PDF (no %PDF- header)"
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary, not text, HTML or PDF"
    words = len(RELEASE_WORDS.findall(head))
    if words < MIN_RELEASE_WORDS:
        return (f"does not read like an earnings release ({words} mentions of revenue, net income, per share, "
                f"quarter and the like; a release has at least {MIN_RELEASE_WORDS})")
    return None


def scan_inputs(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(releases, skipped files with their reasons). Files named as inputs are taken as given (a missing
    or unusable one is refused later with its reason); folders give their files named like releases
    (*.txt, *.htm, *.html, *.pdf, *.md; not recursive, sorted by name) that read like one. A path named
    twice is taken once."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates = sorted((p for p in path.iterdir()
                                 if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in RELEASE_SUFFIXES),
                                key=lambda p: p.name)
            kept = []
            for candidate in candidates:
                reason = not_a_release(candidate)
                if reason is None:
                    kept.append(candidate)
                elif all(candidate.resolve() != s.resolve() for s, _r in skipped):
                    skipped.append((candidate, reason))
            candidates = kept
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out, [(path, reason) for path, reason in skipped if path.resolve() not in seen]  # named: taken as given


def expand_inputs(paths: list[Path]) -> list[Path]:
    """The releases of ``scan_inputs`` (without the skipped files)."""
    return scan_inputs(paths)[0]


def _folder_name(release: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", release.stem).lstrip(".")
    return name or "release"


def plan(releases: list[Path], out: Path) -> list[BatchItem]:
    """One output folder per release, ``out/<stem>``; stems that collide (``a/x.txt``, ``b/x.txt``,
    ``x.pdf``) get ``-2``, ``-3``, ... in input order (compared without case, for case-insensitive disks)."""
    items = []
    used: set[str] = set()
    for n, release in enumerate(releases):
        base = _folder_name(release)
        name, k = base, 1
        while name.lower() in used:
            k += 1
            name = f"{base}-{k}"
        used.add(name.lower())
        items.append(BatchItem(n, str(release), str(out / name)))
    return items


def run_batch(items: list[BatchItem], config: BatchConfig, *, engine: str = "local", jobs: int = 1,
              scheduler: str | None = None) -> Iterator[ItemResult]:
    """Convert every item; yield each result as it finishes (in completion order)."""
    from . import engines

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: {', '.join(ENGINES)}")
    if not items:
        return iter(())
    runner = {"local": engines.run_local, "dask": engines.run_dask}[engine]
    return runner(items, config, jobs=max(1, jobs), scheduler=scheduler)
