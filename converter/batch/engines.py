"""Where a batch runs: ``local`` (a process pool on this machine) or ``dask`` (a dask.distributed cluster).

Every engine calls ``worker.convert_item`` once per release in worker processes that each keep their own
warm state (taxonomy loaded once per process), and yields ``ItemResult``s as they finish. Dask is
optional: imported only when chosen, with a one-line error when not installed. (A Ray engine was
removed: Ray is not in the lock and no test ran it on a Ray cluster; Dask covers more than one machine.)
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from ..errors import UserError
from . import FAILED, TIMEOUT, BatchConfig, BatchItem, ItemResult
from .worker import convert_item, grace, init_worker, limit_of


def _crashed(item: BatchItem, detail: str) -> ItemResult:
    return ItemResult(item.index, item.input, item.out_dir, FAILED,
                      reason=f"the worker process died while converting it ({detail})")


def _pool(jobs: int, config: BatchConfig) -> ProcessPoolExecutor:
    """Workers forked from this process once it holds the warm state (``warm_parent``): the rules, the
    concept index, Arelle's controller with the EDGAR plugin, paid once for every worker; spawned clean
    where there is no fork, or when the warm state could not be built here."""
    if warm_parent(config) is not None:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=init_worker, initargs=(config,))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(config,))


def warm_parent(config: BatchConfig, first: BatchItem | None = None):
    """The warm state built in this process, for workers to inherit (None: none; spawn them). Built once
    per config and kept while the batch runs (``release_parent`` drops it). With ``first``, the warm
    validator's template for the base schemas that release's filing imports (its dei/us-gaap versions) is
    built here too, so every worker forked from this process shares it; a release needing other versions
    gets its template in its worker."""
    if not config.validate or not hasattr(os, "fork") or os.environ.get("IXCONV_BATCH_SPAWN"):
        return None  # without validation a worker's start-up is small (rules, concept index): spawn clean
    from . import worker

    with worker._STATES_LOCK:
        state = worker._STATES.get(config)
    if state is not None:
        return state
    started = time.perf_counter()
    # the first release rendered in a child of its own while Arelle starts here (the other core)
    rendering = _start_imports_of(first, config) if first is not None and config.validator != "fresh" else None
    try:
        state = worker.state_for(config)
    except Exception:  # noqa: BLE001 - the workers build (and report) it themselves
        _abandon(rendering)
        return None
    if rendering is not None and first is not None and state.validator is not None \
            and state.validator.strategy == "fork":  # (rendering implies first)
        try:
            state.validator.prepare_imports(_finish_imports_of(rendering, first, config))
        except Exception:  # noqa: BLE001 - the workers build their own
            pass
        state.startup["template_in_parent"] = time.perf_counter() - started
    else:
        _abandon(rendering)
    return state


def _start_imports_of(item: BatchItem, config: BatchConfig):
    """Start finding the base schemas the filing of ``item`` imports: the release rendered (not validated)
    in a forked child (``_finish_imports_of`` collects them); None when it cannot be started."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    from ..validate.warm import start_child

    def render() -> tuple | None:
        from .. import pipeline
        from ..validate.warm import base_imports

        profile = item.profile or config.profile
        with tempfile.TemporaryDirectory(prefix="ixconv-batch-imports-") as scratch:
            outcome = pipeline.convert_release(
                Path(item.input), Path(scratch), taxonomy=Path(config.taxonomy),
                profile=Path(profile) if profile else None, overrides=dict(item.overrides),
                report_date=dt.date.fromisoformat(item.report_date) if item.report_date else None,
                validate=False, viewer=False, rules_dir=Path(config.rules_dir) if config.rules_dir else None)
            return base_imports(Path(scratch) / outcome.rendered.document_name)

    try:
        return start_child(render)
    except OSError:
        return None


def _finish_imports_of(rendering, item: BatchItem, config: BatchConfig) -> tuple | None:
    """The base schemas of ``_start_imports_of``'s child, within the release's time limit (60 s when it
    has none), so nothing here can hang the batch."""
    from ..validate.warm import finish_child

    limit = limit_of(item, config)
    key, _rss = finish_child(rendering, min(limit, 60.0) if limit else 60.0)
    return key


def _abandon(rendering) -> None:
    """Stop and reap a ``_start_imports_of`` child whose answer is not wanted."""
    if rendering is None:
        return
    from ..validate.warm import finish_child

    try:
        finish_child(rendering, 0.0)
    except Exception:  # noqa: BLE001 - stopped: its answer was not wanted
        pass


def release_parent(config: BatchConfig) -> None:
    from . import worker

    with worker._STATES_LOCK:
        state = worker._STATES.pop(config, None)
    if state is not None and state.validator is not None:
        state.validator.close()


def _alone(item: BatchItem, config: BatchConfig) -> ItemResult:
    """One release in a pool of its own, so that a crash (or a release past its time limit that ignored
    the timer, whose worker the watchdog ended) can only be its own."""
    limit = limit_of(item, config)
    started = time.monotonic()
    try:
        with _pool(1, config) as pool:
            return pool.submit(convert_item, item, config).result()
    except BrokenProcessPool as exc:
        elapsed = time.monotonic() - started
        if limit and elapsed >= limit:
            return ItemResult(item.index, item.input, item.out_dir, TIMEOUT,
                              reason=f"stopped after {limit:g} s (the time limit; --timeout or the manifest's timeout): "
                                     f"it did not yield to the timer, so its worker process was ended "
                                     f"{grace(limit):g} s later", seconds={"total": elapsed})
        return _crashed(item, str(exc) or "killed")
    except Exception as exc:  # noqa: BLE001
        return ItemResult(item.index, item.input, item.out_dir, FAILED, reason=f"{type(exc).__name__}: {exc}")


def run_local(items: list[BatchItem], config: BatchConfig, *, jobs: int, scheduler: str | None = None) -> Iterator[ItemResult]:
    """A ProcessPoolExecutor of ``jobs`` workers. Should a worker die (a crash, the OOM killer), the pool
    breaks and every unfinished release is retried alone, so only the one that kills its worker fails."""
    if scheduler:
        raise UserError("--scheduler is for --engine dask")
    unfinished: list[BatchItem] = []
    started = time.perf_counter()
    parent = warm_parent(config, items[0])
    startup = dict(parent.startup) if parent is not None else {}
    if parent is not None:
        parent.reported_startup = True  # the workers inherit it: reported once, with the first result
        startup["parent_startup"] = time.perf_counter() - started
    try:
        yield from _run_pool(items, config, jobs, unfinished, startup)
        if unfinished:
            with ThreadPoolExecutor(max_workers=min(jobs, len(unfinished))) as threads:
                yield from threads.map(lambda item: _alone(item, config), sorted(unfinished, key=lambda i: i.index))
    finally:
        if parent is not None:
            release_parent(config)


def _run_pool(items: list[BatchItem], config: BatchConfig, jobs: int, unfinished: list[BatchItem],
              startup: dict) -> Iterator[ItemResult]:
    pool = _pool(min(jobs, len(items)), config)
    finished = False
    try:
        futures = {pool.submit(convert_item, item, config): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                unfinished.append(item)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
                result = ItemResult(item.index, item.input, item.out_dir, FAILED, reason=f"{type(exc).__name__}: {exc}")
            if startup:  # the parent's start-up, paid once for every worker
                result.seconds.update(startup)
                startup = {}
            yield result
        finished = True
    finally:
        # interrupted (Ctrl-C, the caller stopped reading): drop the queued releases rather than wait for them
        pool.shutdown(wait=finished, cancel_futures=not finished)


def run_dask(items: list[BatchItem], config: BatchConfig, *, jobs: int, scheduler: str | None = None) -> Iterator[ItemResult]:
    """On a dask.distributed cluster: a LocalCluster of ``jobs`` worker processes (one thread each), or
    the scheduler at ``scheduler`` (its workers must see the same paths: shared storage)."""
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise UserError("--engine dask needs dask.distributed, which is not installed: pip install 'dask[distributed]'") from None
    if scheduler:
        cluster = None
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(convert_item, items, config=config, pure=False, retries=0)
        owners = {future.key: item for future, item in zip(futures, items)}
        for future in dask_completed(futures):
            item = owners[future.key]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: this release only
                yield _crashed(item, f"{type(exc).__name__}: {exc}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

