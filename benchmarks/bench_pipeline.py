"""Time and memory of the pipeline per stage, of each way to validate, and of a batch (a benchmark to
run by hand, not a test).

    .venv/bin/python benchmarks/bench_pipeline.py [--taxonomy ZIP] [--release FILE] [--repeat N]
                                                  [--batch N] [--jobs J] [--markdown FILE]

1. Stages, in one process, on one release (default: the seed): ingest, extract, map (mapping + footing
   checks), render; the median of ``--repeat`` runs after one warm-up, as a batch worker runs them
   (mapping rules loaded once). ``setup`` is what build_filing still loads per release (concept index
   from its disk cache, company profile). Memory: the peak of Python allocations during the stage
   (tracemalloc, in a separate pass; libxml2's own buffers are not counted).
2. Validation of the same rendered filing: Arelle's command line (one process per file, as
   ``arelleCmdLine --workOffline --packages ZIP -f FILE --validate --calc c11r``), a new Session per
   document (``validate_filing``), the same with ``--baseTaxonomyValidation none``, one controller kept
   with ``modelManager.load`` per document, and ``WarmValidator`` (template built once, one fork per
   document). Peak memory: the maximum RSS of the validating process (wait4). The warm validator's
   messages are checked against the fresh validation's (same messages, compared as multisets: Arelle's
   own order differs from one run to the next).
3. Batch: ``--batch`` copies of the release through ``run_batch`` (local engine, ``--jobs`` workers, full
   pipeline with validation), wall time from start to last result (worker start-up included); then
   Arelle's command line on the same outputs, ``--jobs`` processes at a time.

Targets: ingest+extract+map+render <= 50 ms per release; validation per release in a batch (warm
validator; each worker's Arelle start-up and template build included) <= 1/4 of one Arelle command-line
run (compared with a CLI run at the same concurrency, and with one run alone). The machine's load
average is printed: other processes on the machine make every figure slower and noisier.
"""
from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from converter import pipeline  # noqa: E402
from converter.taxonomy.package import resolve_taxonomy_path  # noqa: E402

SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"
STAGES = {  # stage -> the functions build_filing/render call for it (looked up in converter.pipeline)
    "ingest": ("read_document",),
    "extract": ("find_report_date", "extract", "company_facts", "read_cover"),
    "map": ("map_extraction", "prose_facts", "cover_facts", "hidden_facts", "run_checks"),
    "render": ("render_filing",),
    "setup": ("load_index", "load_company", "load_segments", "load_rules"),
}
TARGET_STAGES = ("ingest", "extract", "map", "render")


# ------------------------------------------------------------------------------------------- helpers

class StageMeter:
    """Wraps the stage functions in ``converter.pipeline`` to add up their time (and memory) per stage."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.peak: dict[str, int] = {}
        self.memory = False
        self._originals = {}

    def install(self):
        for stage, names in STAGES.items():
            for name in names:
                original = getattr(pipeline, name, None)
                if original is None:  # a step this checkout's pipeline does not have (yet, or any more)
                    continue
                self._originals[name] = original
                setattr(pipeline, name, self._wrap(stage, original))

    def uninstall(self):
        for name, original in self._originals.items():
            setattr(pipeline, name, original)

    def reset(self):
        self.seconds.clear()
        self.peak.clear()

    def _wrap(self, stage, function):
        def timed(*args, **kwargs):
            if self.memory:
                tracemalloc.reset_peak()
                base = tracemalloc.get_traced_memory()[0]
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
                if self.memory:
                    self.peak[stage] = max(self.peak.get(stage, 0), tracemalloc.get_traced_memory()[1] - base)
        return timed


def run_process(command: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS KiB, exit status) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, process.returncode


def arelle_cli(entry: Path, package: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("arelleCmdLine")), "--workOffline", "--packages", str(package),
            "-f", str(entry), "--validate", "--calc", "c11r"]


def in_child(function):
    """(return value, peak RSS KiB) of ``function`` run in a forked child (a fresh heap for Arelle)."""
    from converter.validate.warm import _run_in_child

    return _run_in_child(function, 900.0)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def sorted_messages(report) -> list[tuple]:
    return sorted((m.code, m.level, m.text, m.source) for m in report.messages)


# ------------------------------------------------------------------------------------------- parts

def bench_stages(release: Path, package: Path, repeat: int) -> dict:
    from converter.rules import load_rules

    rules = load_rules()
    meter = StageMeter()
    meter.install()
    try:
        first = time.perf_counter()
        filing, index = pipeline.build_filing(release, taxonomy=package, rules=rules)
        rendered = pipeline.render(filing, index)
        cold = time.perf_counter() - first
        runs = []
        for _ in range(repeat):
            meter.reset()
            again, again_index = pipeline.build_filing(release, taxonomy=package, rules=rules)
            pipeline.render(again, again_index)
            runs.append(dict(meter.seconds))
        meter.reset()
        meter.memory = True
        tracemalloc.start()
        try:
            again, again_index = pipeline.build_filing(release, taxonomy=package, rules=rules)
            pipeline.render(again, again_index)
        finally:
            tracemalloc.stop()
            meter.memory = False
        peaks = dict(meter.peak)
    finally:
        meter.uninstall()
    medians = {stage: statistics.median(run.get(stage, 0.0) for run in runs) for stage in STAGES}
    target_total = statistics.median(sum(run.get(s, 0.0) for s in TARGET_STAGES) for run in runs)
    return {"median": medians, "peak": peaks, "target_total": target_total, "cold_first": cold,
            "facts": len(filing.facts), "rendered": rendered}


def bench_validation(entry: Path, package: Path, repeat: int) -> dict:
    from converter.validate import validate_filing
    from converter.validate.warm import WarmValidator

    out = {}
    # Arelle's command line, one process per file
    runs = [run_process(arelle_cli(entry, package)) for _ in range(repeat)]
    out["cli"] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))

    # a new Session per document (what `ixconv convert` does), in a forked child each: Arelle imported
    def fresh():
        started = time.perf_counter()
        report = validate_filing(entry, package)
        return time.perf_counter() - started, sorted_messages(report)

    import arelle.api.Session  # noqa: F401 - imported once, as in a long-running process
    runs = [in_child(fresh) for _ in range(repeat)]
    out["fresh"] = (statistics.median(r[0][0] for r in runs), max(r[1] for r in runs))
    fresh_messages = runs[0][0][1]

    def session_none():
        from arelle.api.Session import Session
        from arelle.RuntimeOptions import RuntimeOptions

        started = time.perf_counter()
        with Session() as session:
            session.run(RuntimeOptions(entrypointFile=str(entry), packages=[str(package)], workOffline=True,
                                       validate=True, calcs="c11r", logFile="logToBuffer", disablePersistentConfig=True,
                                       baseTaxonomyValidationMode="none"))
        return time.perf_counter() - started

    runs = [in_child(session_none) for _ in range(repeat)]
    out["none"] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))

    def reload_controller():
        from arelle.api.Session import Session
        from arelle.RuntimeOptions import RuntimeOptions

        with Session() as session:
            session.run(RuntimeOptions(packages=[str(package)], workOffline=True, validate=True, calcs="c11r",
                                       logFile="logToBuffer", disablePersistentConfig=True, keepOpen=True))
            manager = session._cntlr.modelManager
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                model = manager.load(str(entry))
                manager.validate()
                manager.close(model)
                times.append(time.perf_counter() - started)
        return statistics.median(times[1:])

    value, rss = in_child(reload_controller)
    out["reload"] = (value, rss)

    def warm(cache: bool):
        def run():
            validator = WarmValidator(package, cache=cache)
            started = time.perf_counter()
            validator.start()
            startup = time.perf_counter() - started
            first = validator.validate(entry)
            first_seconds = validator.stats.last_seconds
            times, rss = [], 0
            for _ in range(repeat):
                report = validator.validate(entry)
                times.append(validator.stats.last_seconds)
                rss = max(rss, validator.stats.last_child_maxrss_kb)
            return {"startup": startup, "template": validator.stats.template_seconds, "first": first_seconds,
                    "per_doc": statistics.median(times), "child_rss": rss,
                    "same": sorted_messages(first) == fresh_messages == sorted_messages(report)}
        return run

    (cold, _rss) = in_child(warm(cache=False))
    (cached, rss) = in_child(warm(cache=True))
    out["warm_nocache"] = cold
    out["warm"] = cached
    out["warm_rss"] = rss
    return out


def bench_batch(release: Path, package: Path, count: int, jobs: int, folder: Path) -> dict:
    from converter.batch import BatchConfig, plan, run_batch

    inputs = folder / "in"
    inputs.mkdir(parents=True)
    profile = release.with_name(release.stem + ".profile.toml")
    releases = []
    for n in range(count):
        copy = inputs / f"r{n:03d}{release.suffix}"
        shutil.copyfile(release, copy)
        if profile.is_file():
            shutil.copyfile(profile, copy.with_name(copy.stem + ".profile.toml"))
        releases.append(copy)
    items = plan(releases, folder / "out")
    config = BatchConfig(taxonomy=str(package))
    started = time.perf_counter()
    results = list(run_batch(items, config, engine="local", jobs=jobs))
    wall = time.perf_counter() - started
    converted = [r for r in results if r.status == "converted"]
    validate = [r.seconds.get("validate", 0.0) for r in converted]
    arelle_startup = sum(r.seconds.get("validator_startup", 0.0) for r in results)
    workers = len({r.worker for r in results})
    convert = [r.seconds.get("convert", 0.0) for r in converted]
    entries = [Path(r.out_dir) / r.document for r in converted]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as threads:
        cli = list(threads.map(lambda e: run_process(arelle_cli(e, package)), entries))
    cli_wall = time.perf_counter() - started
    return {"count": count, "jobs": jobs, "wall": wall, "converted": len(converted),
            "statuses": sorted({r.status for r in results}),
            "validate_median": statistics.median(validate) if validate else 0.0,
            "validate_mean": statistics.mean(validate) if validate else 0.0,
            "validate_all_in": (sum(validate) + arelle_startup) / len(validate) if validate else 0.0,
            "arelle_startup": arelle_startup / max(1, workers), "workers": workers,
            "convert_median": statistics.median(convert) if convert else 0.0,
            "cli_wall": cli_wall, "cli_median": statistics.median(c[0] for c in cli) if cli else 0.0}


# ------------------------------------------------------------------------------------------- report

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", help="taxonomy package (default: as ixconv finds it)")
    parser.add_argument("--release", type=Path, default=SEED, help="the release to measure (default: the seed)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (medians)")
    parser.add_argument("--batch", type=int, default=20, help="releases in the batch (copies of --release)")
    parser.add_argument("--jobs", type=int, default=2, help="batch workers, and Arelle CLI processes at a time")
    parser.add_argument("--markdown", type=Path, help="also write the README snippet to this file")
    args = parser.parse_args()
    package = resolve_taxonomy_path(args.taxonomy)
    options = ([f"--taxonomy {shlex.quote(args.taxonomy)}"] if args.taxonomy else []) + \
              ([f"--release {shlex.quote(str(args.release))}"] if args.release != SEED else []) + \
              [f"--repeat {args.repeat} --batch {args.batch} --jobs {args.jobs}"]
    command = " ".join([".venv/bin/python benchmarks/bench_pipeline.py", *options])
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"release: {args.release}   taxonomy: {package}   {machine}", flush=True)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load_before > 0.5:
        print(f"note: load average {load_before:.2f} before the run: other processes compete for the CPUs, "
              f"times will be noisy", flush=True)

    stages = bench_stages(args.release, package, args.repeat)
    with tempfile.TemporaryDirectory(prefix="ixconv-bench-") as tmp:
        folder = Path(tmp)
        from converter.outputs import write_all

        write_all(folder / "filing", dict(stages["rendered"].files))
        entry = folder / "filing" / stages["rendered"].document_name
        print("stages measured; validating ...", flush=True)
        validation = bench_validation(entry, package, max(3, args.repeat // 2 + 1))
        print("validation measured; batch ...", flush=True)
        batch = bench_batch(args.release, package, args.batch, args.jobs, folder / "batch")

    cli_seconds, cli_rss = validation["cli"]
    warm = validation["warm"]
    lines = []
    add = lines.append
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    add(f"Measured with `{command}` ({machine}; {args.release.name}, {stages['facts']} facts; "
        f"1-minute load average {load_before:.2f} before, {load_after:.2f} after).")
    add("")
    add("| stage (per release) | time (median) | peak memory |")
    add("|---|---:|---:|")
    for stage in TARGET_STAGES:
        add(f"| {stage} | {ms(stages['median'][stage])} | {stages['peak'].get(stage, 0) / 2**20:.1f} MiB (Python heap) |")
    verdict = "met" if stages["target_total"] <= 0.050 else "NOT met"
    add(f"| **ingest+extract+map+render** | **{ms(stages['target_total'])}** (target ≤ 50 ms: {verdict}) | |")
    add(f"| setup still paid per release (concept index cache read, profile) | {ms(stages['median']['setup'])} | "
        f"{stages['peak'].get('setup', 0) / 2**20:.1f} MiB (Python heap) |")
    add(f"| validate, warm (per document, template ready) | {ms(warm['per_doc'])} | {mib(validation['warm_rss'])} RSS (shares the template) |")
    add("")
    add("| validating one filing | time per document | peak RSS |")
    add("|---|---:|---:|")
    add(f"| Arelle command line, one process per file | {ms(cli_seconds)} | {mib(cli_rss)} |")
    add(f"| new Session per document (`ixconv convert`), Arelle imported | {ms(validation['fresh'][0])} | {mib(validation['fresh'][1])} |")
    add(f"| same, `--baseTaxonomyValidation none` | {ms(validation['none'][0])} | {mib(validation['none'][1])} |")
    add(f"| one controller kept, `modelManager.load` + `validate` per document | {ms(validation['reload'][0])} | {mib(validation['reload'][1])} |")
    add(f"| WarmValidator: controller start (Arelle already imported; a batch worker also imports it) | {ms(warm['startup'])} once per process | |")
    add(f"| WarmValidator: template build (base-check cache cold / warm) | {ms(validation['warm_nocache']['template'])} / "
        f"{ms(warm['template'])} once per process | |")
    add(f"| **WarmValidator, per document** (fork of the template) | **{ms(warm['per_doc'])}** "
        f"(same messages as a fresh validation: {'yes' if warm['same'] and validation['warm_nocache']['same'] else 'NO'}) "
        f"| {mib(validation['warm_rss'])} |")
    add("")
    ratio = batch["validate_all_in"] / cli_seconds if cli_seconds else 0.0
    ratio_same = batch["validate_all_in"] / batch["cli_median"] if batch["cli_median"] else 0.0
    add(f"| batch of {batch['count']} releases, --jobs {batch['jobs']} | |")
    add("|---|---:|")
    add(f"| `ixconv batch` (convert + validate + report, worker start-up included) | {batch['wall']:.1f} s wall, "
        f"{batch['count'] / batch['wall']:.2f} releases/s |")
    add(f"| validation (+ xBRL-JSON/CSV export) per release in the batch: median / mean (template builds included) | "
        f"{ms(batch['validate_median'])} / {ms(batch['validate_mean'])} |")
    add(f"| **validation per release in the batch, all in** (+ Arelle start-up, {ms(batch['arelle_startup'])} "
        f"in each of {batch['workers']} workers) | **{ms(batch['validate_all_in'])}** |")
    add(f"| Arelle CLI on the same {batch['converted']} outputs, {batch['jobs']} processes at a time (validation only) | "
        f"{batch['cli_wall']:.1f} s wall, {batch['converted'] / batch['cli_wall']:.2f} files/s, {ms(batch['cli_median'])} per file |")
    add(f"| **validation per release in the batch ÷ one Arelle CLI run at the same concurrency** | **{ratio_same:.2f}** "
        f"(target ≤ 0.25: {'met' if ratio_same <= 0.25 else 'NOT met'}) |")
    add(f"| validation per release in the batch ÷ one Arelle CLI run alone (table above) | {ratio:.2f} "
        f"({'met' if ratio <= 0.25 else 'NOT met'}) |")
    snippet = "\n".join(lines)
    print()
    print(snippet)
    if batch["statuses"] != ["converted"]:
        print(f"\nnote: batch statuses {batch['statuses']} (expected all converted)")
    if args.markdown:
        args.markdown.write_text(snippet + "\n", encoding="utf-8")
        print(f"\nwrote {args.markdown}")


if __name__ == "__main__":
    main()
