"""The core's signals: what a slot is given, in which order, for how long."""

import gc

import pytest

from annotator.core.signals import Signal, SignalInstance


class Source:
    changed = Signal(str, int)
    closed = Signal()


class Listener:
    def __init__(self, heard: list):
        self.heard = heard

    def both(self, name: str, count: int) -> None:
        self.heard.append(("both", name, count))

    def name_only(self, name: str) -> None:
        self.heard.append(("name", name))

    def nothing(self) -> None:
        self.heard.append(("nothing",))


def test_each_instance_has_its_own_signal():
    first, second = Source(), Source()
    heard = []
    first.changed.connect(lambda name, count: heard.append((name, count)))
    second.changed.emit("b", 2)
    first.changed.emit("a", 1)
    assert heard == [("a", 1)]
    assert isinstance(first.changed, SignalInstance) and first.changed is first.changed
    assert isinstance(Source.changed, Signal)


def test_a_slot_is_given_as_many_arguments_as_it_takes():
    source, heard = Source(), []
    listener = Listener(heard)
    for slot in (listener.both, listener.name_only, listener.nothing):
        source.changed.connect(slot)
    source.changed.connect(lambda *args: heard.append(("all", *args)))
    source.changed.connect(heard.append)  # a builtin method taking one argument
    source.changed.emit("CPEC", 3)
    assert heard == [
        ("both", "CPEC", 3),
        ("name", "CPEC"),
        ("nothing",),
        ("all", "CPEC", 3),
        "CPEC",
    ]


def test_higher_priority_first_then_connection_order():
    source, heard = Source(), []
    source.closed.connect(lambda: heard.append("a"))
    source.closed.connect(lambda: heard.append("late but urgent"), priority=1000)
    source.closed.connect(lambda: heard.append("b"))
    source.closed.connect(lambda: heard.append("last"), priority=-1)
    source.closed.connect(lambda: heard.append("urgent too"), priority=1000)
    source.closed.emit()
    assert heard == ["late but urgent", "urgent too", "a", "b", "last"]


def test_a_bound_method_is_held_weakly_a_function_strongly():
    source, heard = Source(), []
    listener = Listener(heard)
    source.closed.connect(listener.nothing)
    source.closed.connect(lambda: heard.append("function"))
    del listener
    gc.collect()
    source.closed.emit()
    assert heard == ["function"]
    assert len(source.closed) == 1  # the gone listener's connection was dropped


def test_disconnect():
    source, heard = Source(), []
    listener = Listener(heard)
    source.closed.connect(listener.nothing)
    source.closed.disconnect(listener.nothing)  # an equal bound method, not the same object
    source.closed.emit()
    assert heard == []
    with pytest.raises(ValueError, match="not connected to the signal 'closed'"):
        source.closed.disconnect(listener.nothing)
    source.closed.disconnect(listener.nothing, missing_ok=True)
    source.closed.connect(listener.nothing)
    source.closed.connect(heard.clear)
    source.closed.disconnect()
    assert len(source.closed) == 0


def test_a_slot_connected_during_an_emission_hears_the_next_one():
    source, heard = Source(), []

    def first() -> None:
        heard.append("first")
        source.closed.connect(lambda: heard.append("second"))

    source.closed.connect(first)
    source.closed.emit()
    assert heard == ["first"]
    source.closed.emit()
    assert heard == ["first", "first", "second"]


def test_fewer_arguments_may_be_emitted_more_may_not():
    source, heard = Source(), []

    def slot(name: str, count: int = -1) -> None:
        heard.append((name, count))

    source.changed.connect(slot)
    source.changed.emit("only a name")
    assert heard == [("only a name", -1)]
    with pytest.raises(TypeError, match="changed emits at most 2 arguments, not 3"):
        source.changed.emit("a", 1, "too many")
