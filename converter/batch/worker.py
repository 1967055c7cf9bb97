"""One worker process of a batch: loads the taxonomy once, then converts releases one at a time.

Per process (whatever the engine: a local process pool, a Dask worker, a Ray worker) there is one
``_WorkerState`` per ``BatchConfig``: the mapping rules, the concept index, and a ``WarmValidator`` (Arelle
started once, the us-gaap/dei DTS loaded once). ``convert_item`` never raises: every outcome is an
``ItemResult`` (converted, refused with the reason a user can act on, or failed with what went wrong).
"""
from __future__ import annotations

import inspect
import os
import threading
import time
from pathlib import Path

from . import CONVERTED, FAILED, REFUSED, BatchConfig, BatchItem, ItemResult

_STATES: dict[BatchConfig, "_WorkerState"] = {}
_STATES_LOCK = threading.Lock()


def _accepts(function, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


class _WorkerState:
    def __init__(self, config: BatchConfig):
        from .. import pipeline
        from ..mapping.rules import load_rules
        from ..taxonomy.index import load_index

        started = time.perf_counter()
        self.config = config
        self.taxonomy = Path(config.taxonomy)
        self.reported_startup = False  # the start-up times go with this process's first result
        self.lock = threading.Lock()  # Arelle is not thread-safe: one release at a time per process
        self.rules = load_rules()
        self.index = load_index(self.taxonomy)
        # the rules and the concept index once per process, when convert_release accepts them
        self.convert_kwargs = {name: value for name, value in (("rules", self.rules), ("index", self.index))
                               if _accepts(pipeline.convert_release, name)}
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
    with state.lock:
        if not state.reported_startup:
            state.reported_startup = True
            result.seconds.update(state.startup)
        try:
            _convert(item, state, result)
        except Exception as exc:  # noqa: BLE001 - a bug or a crash in one release must not stop the others
            result.status = FAILED
            result.reason = f"{type(exc).__name__}: {exc}".strip()
    result.seconds["total"] = time.perf_counter() - started
    return result


def _convert(item: BatchItem, state: _WorkerState, result: ItemResult) -> None:
    """``pipeline.convert_release`` (what ``ixconv convert`` runs), with this process's warm validator."""
    from .. import pipeline
    from ..company import ProfileError
    from ..ingest.errors import IngestError

    timings: dict[str, float] = {}
    validator = _warm_validate_and_export(state, timings) if state.validator is not None else None
    started = time.perf_counter()
    try:
        outcome = pipeline.convert_release(
            Path(item.input), Path(item.out_dir), taxonomy=state.taxonomy,
            profile=Path(state.config.profile) if state.config.profile else None,
            validate=state.config.validate, validator=validator, viewer=state.config.viewer, **state.convert_kwargs)
    except (IngestError, pipeline.ConversionError, ProfileError) as exc:
        result.status, result.reason = REFUSED, str(exc)
        return
    result.status = CONVERTED
    result.document = outcome.rendered.document_name
    result.seconds["convert"] = time.perf_counter() - started - timings.get("validate", 0.0)
    result.seconds.update(timings)
    validation = outcome.validation
    if validation is not None:
        result.facts, result.errors, result.warnings = validation.arelle.facts, validation.errors, validation.warnings
    else:
        result.facts = len(outcome.filing.facts)


def _warm_validate_and_export(state: _WorkerState, timings: dict[str, float]):
    """A ``validator`` for ``convert_release``: ``validate.validate_and_export`` (validation, then
    xBRL-JSON/CSV by Arelle from the loaded model) done by the warm validator."""
    from ..export.oim import remove_oim
    from ..validate import export_checked

    def validator(entry: Path, package: Path, out_dir: Path, base: str):
        def export(model, report) -> list[Path]:
            return export_checked(model, report, out_dir, base)  # the policy of validate_and_export

        started = time.perf_counter()
        report, exported = state.validator.validate_with(entry, export)
        if not exported:
            remove_oim(out_dir, base)
        timings["validate"] = time.perf_counter() - started
        return report, list(exported or [])

    return validator
