"""The SEC's EDGAR validation data (copied from the EDGAR plugin's resources), read as data.

The folder is ``$IXCONV_REFERENCE``, else ``../shared/reference/sec-edgar`` beside the project. A rule
that needs a file which is missing or unreadable is skipped, and ``run_all`` says so once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REFERENCE_ENV = "IXCONV_REFERENCE"


def default_reference_folder() -> Path:
    from ...locations import shared_path

    return shared_path(REFERENCE_ENV, "reference", "sec-edgar")


class ReferenceData:
    """Lazily loaded JSON files of one reference folder (``load`` returns ``None`` when a file is unusable)."""

    ENV = REFERENCE_ENV

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_reference_folder()
        self._cache: dict[str, Any] = {}

    def load(self, name: str) -> Any | None:
        if name not in self._cache:
            try:
                self._cache[name] = json.loads((self.folder / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache[name] = None
        return self._cache[name]
