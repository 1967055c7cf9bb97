"""batch: many releases at once, each converted and validated as ``ixconv convert`` would, in parallel.

``expand_inputs`` turns files and folders into releases, ``plan`` gives each its own output folder,
``run_batch`` runs them on an engine (``local``: a process pool; ``dask``/``ray``: a cluster) and yields
one ``ItemResult`` per release as it finishes. Each worker process loads the taxonomy once (mapping
rules, concept index, and a warm Arelle validator, see ``converter.validate.warm``); one release's
failure never stops the others nor touches their folders.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

RELEASE_SUFFIXES = (".txt", ".htm", ".html", ".pdf", ".md")
ENGINES = ("local", "dask", "ray")

CONVERTED, REFUSED, FAILED = "converted", "refused", "failed"


@dataclass(frozen=True)
class BatchConfig:
    """What every worker needs, the same for all releases (picklable: sent to worker processes)."""
    taxonomy: str
    profile: str | None = None  # one profile for every release (``--profile``); else <release>.profile.toml
    validate: bool = True
    viewer: bool = False  # also write the interactive viewer (about a second more per release)
    calcs: str = "c11r"
    validator: str = "auto"  # WarmValidator strategy: auto | fork | fresh


@dataclass(frozen=True)
class BatchItem:
    index: int  # position in the batch (the summary keeps this order)
    input: str  # the release as given (after folder expansion)
    out_dir: str  # its own output folder


@dataclass
class ItemResult:
    index: int
    input: str
    out_dir: str
    status: str  # converted | refused | failed
    reason: str = ""  # why refused or failed
    document: str = ""  # the iXBRL file name, when written
    facts: int | None = None  # facts in the iXBRL (Arelle's count; tagged numbers with --no-validate)
    errors: int | None = None  # validation errors (None: not validated)
    warnings: int | None = None
    # convert (all but validation: build, render, write, report, exports) / validate (Arelle, and its
    # xBRL-JSON/CSV export) / total; the first result of each worker process also has
    # worker_startup (rules, concept index) and validator_startup (Arelle import and controller)
    seconds: dict[str, float] = field(default_factory=dict)
    worker: int = 0  # pid of the process that did it

    @property
    def ok(self) -> bool:
        return self.status == CONVERTED and not self.errors

    def as_dict(self) -> dict:
        return asdict(self)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; folders give their releases (*.txt, *.htm, *.html, *.pdf, *.md, not recursive,
    sorted by name). A path named twice is taken once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates = sorted((p for p in path.iterdir()
                                 if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in RELEASE_SUFFIXES),
                                key=lambda p: p.name)
        else:
            candidates = [path]  # a missing or unusable file is refused with its reason, the others go on
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out


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
    runner = {"local": engines.run_local, "dask": engines.run_dask, "ray": engines.run_ray}[engine]
    return runner(items, config, jobs=max(1, jobs), scheduler=scheduler)
