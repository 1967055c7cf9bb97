"""Where the project looks for what it does not commit: the shared folder beside the project and the
cache folder. Each can be moved with an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def shared_path(env: str, *parts: str) -> Path:
    """``$env`` when set, else ``../shared/<parts>`` beside the project."""
    value = os.environ.get(env)
    return Path(value) if value else PROJECT.parent.joinpath("shared", *parts)


def cache_dir() -> Path:
    """$IXCONV_CACHE, else $XDG_CACHE_HOME/ixconv or ~/.cache/ixconv."""
    env = os.environ.get("IXCONV_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ixconv"
