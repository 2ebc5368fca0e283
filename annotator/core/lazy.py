"""Modules loaded when first used, so that start-up does not pay for what it does not use."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module and imports it at the first attribute asked of it.

    numpy takes ~0.1 s to import; the agreement code needs it, the window's start and most
    commands do not. Each attribute, once looked up, is kept on the stand-in, so later uses
    cost a plain attribute read.
    """

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module: ModuleType = importlib.import_module(self._name)
        value = getattr(module, attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """Return a stand-in for a module that imports it when first used."""
    return LazyModule(name)
