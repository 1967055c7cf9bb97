"""One worker process of a batch: loads the taxonomy once, then converts releases one at a time.

Per process (whatever the engine: a local process pool, a Dask worker) there is one
``_WorkerState`` per ``BatchConfig``: the mapping rules, the concept index, and a ``WarmValidator`` (Arelle
started once, the us-gaap/dei DTS loaded once). ``convert_item`` never raises: every outcome is an
``ItemResult`` (converted, refused with the reason a user can act on, failed with what went wrong, or
timeout).

Time limit: a release gets ``item.timeout`` (else ``config.timeout``) seconds. In a process's main thread
an interval timer interrupts the conversion then (``ReleaseTimeout``; the Arelle child it may be waiting
on is killed by the validator, and the worker's warm state is dropped, as the interruption may have left
it half-changed). Should the release not return even so (stuck in C code that never yields to a signal),
a watchdog ends the whole worker process a grace period later: the engine reports that release as a
timeout and reruns the others that were in flight.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import CONVERTED, FAILED, REFUSED, TIMEOUT, BatchConfig, BatchItem, ItemResult

if TYPE_CHECKING:
    from ..validate import ValidationReport

WATCHDOG_EXIT = 75  # the status of a worker process ended by the watchdog


class ReleaseTimeout(BaseException):
    """The release's time limit ran out (a BaseException: no ``except Exception`` on the way swallows it)."""


def grace(limit: float) -> float:
    """How long after its limit a release that ignores the timer may run before its worker is ended."""
    return min(30.0, max(2.0, limit / 2))


def limit_of(item: BatchItem, config: BatchConfig) -> float:
    return item.timeout if item.timeout else config.timeout


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``ReleaseTimeout`` in this thread after ``seconds`` (a no-op for 0, off the main thread or
    without interval timers); a watchdog ends the process ``grace(seconds)`` later if that did not stop it."""
    if not seconds or seconds <= 0:
        yield
        return
    watchdog = threading.Timer(seconds + grace(seconds), os._exit, args=(WATCHDOG_EXIT,))
    watchdog.daemon = True
    timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if timer:
        def expired(_signum, _frame):
            raise ReleaseTimeout()

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

_STATES: dict[BatchConfig, _WorkerState] = {}
_STATES_LOCK = threading.Lock()


def _accepts(function, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


class _WorkerState:
    def __init__(self, config: BatchConfig):
        from .. import pipeline
        from ..rules import load_rules
        from ..taxonomy.index import load_index

        started = time.perf_counter()
        self.config = config
        self.taxonomy = Path(config.taxonomy)
        self.reported_startup = False  # the start-up times go with this process's first result
        self.lock = threading.Lock()  # Arelle is not thread-safe: one release at a time per process
        self.rules = load_rules(overlay=Path(config.rules_dir) if config.rules_dir else None)
        self.index = load_index(self.taxonomy)
        # the rules and the concept index once per process, when convert_release accepts them
        self.convert_kwargs: dict[str, Any] = {name: value for name, value in (("rules", self.rules), ("index", self.index))
                               if _accepts(pipeline.convert_release, name)}
        if config.rules_dir:  # its prose and cover rules too
            self.convert_kwargs["rules_dir"] = Path(config.rules_dir)
        self.startup = {"worker_startup": time.perf_counter() - started}  # rules, concept index
        self.validator = None
        if config.validate:
            from ..validate.warm import WarmValidator

            started = time.perf_counter()
            self.validator = WarmValidator(self.taxonomy, calcs=config.calcs, strategy=config.validator)
            if self.validator.strategy == "fork":
                self.validator.start()  # import Arelle and open its controller now, not on the first release
            self.startup["validator_startup"] = time.perf_counter() - started


def state_for(config: BatchConfig) -> _WorkerState:
    with _STATES_LOCK:
        state = _STATES.get(config)
        if state is None:
            state = _STATES[config] = _WorkerState(config)
        return state


_INIT_ERROR: str | None = None


def init_worker(config: BatchConfig) -> None:
    """ProcessPoolExecutor initializer: load the taxonomy once for this process. Never raises (a broken
    initializer would break the whole pool); a failure is reported by every release of this worker."""
    global _INIT_ERROR
    try:
        state_for(config)
    except Exception as exc:  # noqa: BLE001
        _INIT_ERROR = f"worker start-up failed: {type(exc).__name__}: {exc}"


def convert_item(item: BatchItem, config: BatchConfig) -> ItemResult:
    """Convert and validate one release into ``item.out_dir``; never raises."""
    started = time.perf_counter()
    result = ItemResult(item.index, item.input, item.out_dir, FAILED, worker=os.getpid())
    try:
        state = state_for(config)
    except Exception as exc:  # noqa: BLE001
        result.reason = _INIT_ERROR or f"worker start-up failed: {type(exc).__name__}: {exc}"
        return result
    limit = limit_of(item, config)
    with state.lock:
        if not state.reported_startup:
            state.reported_startup = True
            result.seconds.update(state.startup)
        try:
            with time_limit(limit):
                _convert(item, state, result)
        except ReleaseTimeout:
            result.status = TIMEOUT
            result.reason = f"stopped after {limit:g} s (the time limit; --timeout or the manifest's timeout)"
            with _STATES_LOCK:
                _STATES.pop(config, None)  # interrupted anywhere: build the warm state anew for the next release
        except Exception as exc:  # noqa: BLE001 - a bug or a crash in one release must not stop the others
            result.status = FAILED
            result.reason = f"{type(exc).__name__}: {exc}".strip()
    result.seconds["total"] = time.perf_counter() - started
    return result


def _convert(item: BatchItem, state: _WorkerState, result: ItemResult) -> None:
    """``pipeline.convert_release`` (what ``ixconv convert`` runs), with this process's warm validator."""
    from .. import pipeline
    from ..commands.common import failures, finish_output, output_target
    from ..commands.convert import counts_of, is_guess
    from ..errors import IxconvError, UserError
    from ..model import Severity

    kwargs = dict(state.convert_kwargs)
    if item.prior:
        if not _accepts(pipeline.convert_release, "prior"):
            result.status, result.reason = REFUSED, "prior filings are given but this version cannot use them; remove them from the manifest"
            return
        kwargs["prior"] = tuple(Path(p) for p in item.prior)
    out = Path(item.out_dir)
    try:
        target = output_target(out, Path(item.input), item.force)
    except UserError as exc:
        result.status, result.reason = REFUSED, str(exc)
        return
    timings: dict[str, float] = {}
    validator = _warm_validate_and_produce(state, timings) if state.validator is not None else None
    profile = item.profile or state.config.profile
    started = time.perf_counter()
    done = False
    try:
        outcome = pipeline.convert_release(
            Path(item.input), target, taxonomy=state.taxonomy, profile=Path(profile) if profile else None,
            overrides=dict(item.overrides),
            report_date=dt.date.fromisoformat(item.report_date) if item.report_date else None,
            validate=state.config.validate, validator=validator, viewer=state.config.viewer, **kwargs)
        done = True
    except IxconvError as exc:  # bad input, told in one line: refused (a bug is a failure, below)
        result.status, result.reason = REFUSED, str(exc)
        return
    finally:
        finish_output(out, target, done)
    result.status = CONVERTED
    result.document = outcome.rendered.document_name
    result.seconds["convert"] = time.perf_counter() - started - timings.get("validate", 0.0)
    result.seconds.update(timings)
    validation = cast("ValidationReport | None", outcome.validation)  # Outcome keeps it untyped
    if validation is not None:
        result.facts, result.errors, result.warnings = validation.arelle.facts, validation.errors, validation.warnings
    else:
        result.facts = len(outcome.filing.facts)
    counts = counts_of(outcome.filing, validation)
    result.not_tagged, result.footings_failed = counts.untagged, counts.footings_failed
    result.assumed = [f.message for f in outcome.filing.findings if f.severity is Severity.WARNING and is_guess(f)]
    result.failed = failures(state.config.fail_on, counts)
    if item.truth:
        result.grade = _grade(out / result.document, outcome.filing, Path(item.truth), item.accession)


def _grade(document: Path, filing, truth: Path, accession: str | None) -> dict:
    """The conversion graded against the company's own XBRL, as ``ixconv eval`` grades it."""
    from ..tools.evaluate import (
        EvalError,
        grade,
        read_expected,
        read_xbrl_facts,
        release_prints,
    )

    try:
        expected = read_expected(truth, accession)
        graded = grade(read_xbrl_facts(document), expected, release_prints(filing))
    except EvalError as exc:
        return {"error": str(exc)}
    data = graded.as_dict()
    return {k: data[k] for k in ("recall", "wrong", "exact", "shifted", "scaled", "conflict", "unchecked", "expected",
                                 "found", "concept_agreement", "wrong_facts")}


def _warm_validate_and_produce(state: _WorkerState, timings: dict[str, float]):
    """A ``validator`` for ``convert_release``: the warm validator's ``validate_and_produce`` (validation,
    then xBRL-JSON/CSV and, with ``viewer``, the viewer, from the model it loaded), timed."""

    def validator(entry: Path, package: Path, out_dir: Path, base: str, **kwargs):
        started = time.perf_counter()
        try:
            warm = state.validator
            assert warm is not None  # this validator is only made for a state that has one
            return warm.validate_and_produce(entry, package, out_dir, base, **kwargs)
        finally:
            timings["validate"] = time.perf_counter() - started

    validator.builds_viewer = True  # type: ignore[attr-defined]
    return validator
