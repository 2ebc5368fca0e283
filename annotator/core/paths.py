"""Where a file is to be written: what stands in the way before anything is tried."""

from __future__ import annotations

from pathlib import Path


def file_in_the_way(path: Path) -> Path | None:
    """Return the nearest existing folder-to-be of ``path`` that is a file, if there is one."""
    for above in Path(path).parents:
        if above.exists():
            return None if above.is_dir() else above
    return None
