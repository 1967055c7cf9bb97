"""Arelle started while the pipeline runs: a ``WarmValidator`` in a forked process of its own.

``ixconv convert`` spends its first seconds on two independent things: its own pipeline (ingest to
render, in Python) and Arelle's start-up (importing Arelle, opening its controller, loading the EDGAR
plugin). ``BackgroundValidator`` forks a process that does the second while the first runs on the
other core, then validates the rendered filing when asked (``validate_and_produce``, the protocol of
``pipeline.convert_release``'s ``validator``) with the warm validator's one pass: the base taxonomy
loaded once, the base-taxonomy checks replayed from their cache, the export and the viewer from the
validated model. The report is the one ``WarmValidator`` gives (and so the one a fresh validation gives).

Without ``os.fork`` it is a plain ``WarmValidator`` in this process.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from pathlib import Path

from .edgar import EdgarOptions
from .warm import WarmValidationError, WarmValidator


def _serve(connection, package: Path, edgar: EdgarOptions | None, calcs: str) -> None:
    validator = WarmValidator(package, calcs=calcs, edgar=edgar, prewarm=False, single_use=True,
                              concurrent_outputs=True)
    failure = None
    try:
        validator.start()
    except BaseException:  # noqa: BLE001 - told to the caller when it asks
        failure = traceback.format_exc()
    try:
        while True:
            try:
                request = connection.recv()
            except EOFError:
                return
            if request is None:
                return
            if failure is not None:
                connection.send(("error", failure))
                continue
            args, kwargs = request
            try:
                connection.send(("ok", validator.validate_and_produce(*args, **kwargs)))
            except BaseException:  # noqa: BLE001
                connection.send(("error", traceback.format_exc()))
    finally:
        validator.close()
        connection.close()


class BackgroundValidator:
    """Start with ``BackgroundValidator(package, edgar=...)`` as early as possible; ``close()`` when done."""

    def __init__(self, package: Path, *, edgar: EdgarOptions | None = None, calcs: str = "c11r"):
        self.package = Path(package)
        self._local: WarmValidator | None = None
        self._process = None
        if not hasattr(os, "fork"):
            self._local = WarmValidator(self.package, calcs=calcs, edgar=edgar, prewarm=False)
            return
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, self.package, edgar, calcs), daemon=True,
                                        name="ixconv-arelle")
        self._process.start()
        theirs.close()

    def validate_and_produce(self, entry: Path, package: Path, out_dir: Path, base: str, **kwargs):
        if self._local is not None:
            return self._local.validate_and_produce(entry, package, out_dir, base, **kwargs)
        try:
            self._connection.send(((Path(entry), Path(package), Path(out_dir), base), kwargs))
            kind, value = self._connection.recv()
        except (EOFError, OSError) as exc:
            code = self._process.exitcode if self._process is not None else None
            raise WarmValidationError(f"the Arelle validation process ended without a result "
                                      f"({type(exc).__name__}; exit code {code})") from None
        if kind == "error":
            raise WarmValidationError(f"Arelle validation raised an exception:\n{value}")
        return value

    validate_and_produce.builds_viewer = True  # type: ignore[attr-defined]  # takes viewer=True (pipeline)

    def close(self) -> None:
        if self._local is not None:
            self._local.close()
            return
        if self._process is None:
            return
        try:
            self._connection.send(None)
        except (OSError, ValueError):
            pass
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()
        self._process = None

    def __enter__(self) -> BackgroundValidator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
