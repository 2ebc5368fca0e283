"""Which aliases wait for the actor's name before they are suggested: one rule, in the core."""

from __future__ import annotations

import pytest

from annotator.core.model import Actor, aliases_after_name


@pytest.mark.parametrize(
    ("name", "aliases", "implicit", "waiting"),
    [
        ("Wang Qishan", ("Wang", "Wang Qishan"), ("Wang", "Wang Qishan"), ("Wang",)),
        ("Wang Qishan", ("Wang",), (), ()),  # typed or confirmed: explicit
        ("Wang", ("Wang",), ("Wang",), ()),  # an actor named after its first mention
        ("wang", ("Wang",), ("Wang",), ()),  # the name in another case is a form already
        ("Wang Qishan", ("WANG", "Wang"), ("Wang",), ()),  # so is an explicit alias
        ("Imran Ahmed Khan Niazi", ("Imran Khan",), ("Imran Khan",), ()),  # several words
        ("Inter-Services Public Relations", ("ISPR", "Khan"), ("ISPR", "Khan"), ("ISPR", "Khan")),
    ],
)
def test_one_word_implicit_aliases_wait_for_the_name(name, aliases, implicit, waiting):
    """An implicit alias of one word that is no other form of the actor waits for the name."""
    assert aliases_after_name(name, aliases, implicit) == waiting
    actor = Actor("a", name, "Person", None, aliases, implicit)
    assert actor.aliases_after_name() == waiting
