"""Connecting the Qt-free session's signals to Qt objects for as long as those objects live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from annotator.core.signals import SignalInstance


def follow(signal: SignalInstance, owner: QObject, slot: Callable[..., Any]) -> None:
    """Connect a session signal to an owner's slot, and disconnect it when the owner is destroyed.

    The signal would otherwise keep calling a Python wrapper whose C++ object Qt already deleted,
    and one such failing slot stops the others from hearing the signal.
    """
    signal.connect(slot)
    owner.destroyed.connect(lambda *_: signal.disconnect(slot, missing_ok=True))
