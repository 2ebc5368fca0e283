"""Qt-style signals for the Qt-free core: a class declares them, each instance emits its own.

The session tells its views what changed through these, without importing Qt. A slot is called
with as many of the signal's arguments as it accepts (``def refresh(self)`` may follow a signal
that carries an article id), in order of priority, then of connection. A bound method is held
weakly, so a view that is gone stops hearing without disconnecting; a function is held
strongly. This small module replaced psygnal, whose import (it reads its own version from the
installed package metadata) was about a tenth of the window's start-up and of every command.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any

Slot = Callable[..., Any]


class _Connection:
    """One connected slot: a reference to it, its priority and how many arguments it takes."""

    __slots__ = ("priority", "ref", "takes")

    def __init__(self, slot: Slot, priority: int, on_gone: Callable[[_Connection], None]):
        self.priority = priority
        self.takes = _positional_arguments(slot)
        if inspect.ismethod(slot):
            self.ref: Callable[[], Slot | None] = weakref.WeakMethod(
                slot, lambda _ref: on_gone(self)
            )
        else:
            self.ref = lambda: slot

    def __repr__(self) -> str:
        return f"<connection to {self.ref()!r}, priority {self.priority}>"


class SignalInstance:
    """The signal of one object: connect slots, disconnect them, emit to them."""

    def __init__(self, name: str, arity: int):
        self.name = name
        self.arity = arity
        self._connections: list[_Connection] = []

    def connect(self, slot: Slot, priority: int = 0) -> Slot:
        """Call slot on every emission, before the slots of lower priority; return slot."""
        connection = _Connection(slot, priority, self._forget)
        # After every slot of the same or a higher priority: connection order within one.
        index = len(self._connections)
        while index and self._connections[index - 1].priority < priority:
            index -= 1
        self._connections.insert(index, connection)
        return slot

    def disconnect(self, slot: Slot | None = None, missing_ok: bool = False) -> None:
        """Stop calling slot (every slot when None); a slot not connected is an error unless
        ``missing_ok``."""
        if slot is None:
            self._connections.clear()
            return
        kept = [c for c in self._connections if c.ref() != slot]
        if len(kept) == len(self._connections) and not missing_ok:
            raise ValueError(f"{slot!r} is not connected to the signal {self.name!r}")
        self._connections = kept

    def emit(self, *args: Any) -> None:
        """Call the connected slots with the arguments (as many as each accepts).

        Fewer arguments than declared may be emitted (``actors_changed.emit()``: every actor
        may have changed); slots then get those, and their own defaults for the rest.
        """
        if len(args) > self.arity:
            raise TypeError(f"{self.name} emits at most {self.arity} arguments, not {len(args)}")
        # A slot may connect or disconnect others: the emission goes to those connected now.
        for connection in tuple(self._connections):
            slot = connection.ref()
            if slot is None:
                continue  # its object is gone (the weak reference's callback forgets it)
            takes = connection.takes
            if takes is None or takes >= len(args):
                slot(*args)
            else:
                slot(*args[:takes])

    def __len__(self) -> int:
        return len(self._connections)

    def _forget(self, connection: _Connection) -> None:
        self._connections = [c for c in self._connections if c is not connection]


class Signal:
    """Declares a signal on a class: ``mark_added = Signal(object)``; the types are documentary,
    their number is what ``emit`` takes."""

    def __init__(self, *types: type):
        self.arity = len(types)
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        # Kept in the instance's dict, which attribute look-up finds before this descriptor.
        signal = instance.__dict__[self.name] = SignalInstance(self.name, self.arity)
        return signal


def _positional_arguments(slot: Slot) -> int | None:
    """Return how many positional arguments slot accepts (None: any number, or unknown)."""
    try:
        parameters = inspect.signature(slot).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: give it everything
        return None
    count = 0
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            return None
        if parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            count += 1
    return count
