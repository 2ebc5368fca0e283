"""Utf16Map: code-point offsets <-> UTF-16 code-unit offsets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import Utf16Map

FLAG = "🇵🇰"  # two regional-indicator code points, each astral: 4 UTF-16 units
MIXED = f"{FLAG} Pakistan said… caf" + "e\u0301" + " 中巴经济走廊 and 😀 again"


def utf16_offset(text, i):
    """Return the UTF-16 offset of code-point offset i, computed independently."""
    return len(text[:i].encode("utf-16-le")) // 2


def test_ascii_is_identity():
    """Every offset of pure ASCII text maps to itself in both directions."""
    text = "China and Pakistan"
    m = Utf16Map(text)
    assert m.utf16_length == len(text)
    for i in range(len(text) + 1):
        assert m.to_utf16(i) == i
        assert m.from_utf16(i) == i


def test_empty_text_has_only_offset_zero():
    """Empty text maps 0 to 0 and has length 0."""
    m = Utf16Map("")
    assert m.utf16_length == 0
    assert m.to_utf16(0) == 0
    assert m.from_utf16(0) == 0


def test_flag_emoji_takes_four_units():
    """The Pakistan flag is two astral code points, so text after it is shifted by two units."""
    text = FLAG + " Pakistan said…"
    m = Utf16Map(text)
    assert len(FLAG) == 2
    assert len(text) == 17
    assert m.utf16_length == 19
    assert m.to_utf16(1) == 2  # between the two regional indicators
    assert m.to_utf16(2) == 4  # the space after the flag
    assert m.to_utf16(3) == 5  # "P" of Pakistan
    assert m.from_utf16(5) == 3
    assert m.to_utf16(17) == 19
    assert m.from_utf16(19) == 17


def test_combining_mark_is_its_own_unit():
    """An e plus COMBINING ACUTE is two code points and two UTF-16 units: no shift."""
    text = "cafe\u0301 ok"
    m = Utf16Map(text)
    assert m.utf16_length == len(text) == 8
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(9))


def test_cjk_is_in_the_bmp():
    """CJK characters are one UTF-16 unit each, so offsets do not shift."""
    text = "中巴经济走廊"
    m = Utf16Map(text)
    assert m.utf16_length == 6
    assert m.to_utf16(6) == 6


def test_emoji_in_the_middle_shifts_only_later_offsets():
    """Offsets before an astral emoji are unchanged, offsets after it grow by one."""
    text = "ab😀cd"
    m = Utf16Map(text)
    assert [m.to_utf16(i) for i in range(6)] == [0, 1, 2, 4, 5, 6]
    assert [m.from_utf16(u) for u in range(7)] == [0, 1, 2, 2, 3, 4, 5]


def test_mixed_text_matches_independent_computation():
    """to_utf16 agrees with len(text[:i].encode('utf-16-le')) // 2 for every offset."""
    m = Utf16Map(MIXED)
    for i in range(len(MIXED) + 1):
        assert m.to_utf16(i) == utf16_offset(MIXED, i)
    assert m.utf16_length == len(MIXED.encode("utf-16-le")) // 2


def test_mixed_text_round_trips_every_code_point_offset():
    """from_utf16(to_utf16(i)) == i for every code-point offset of the mixed text."""
    m = Utf16Map(MIXED)
    assert [m.from_utf16(m.to_utf16(i)) for i in range(len(MIXED) + 1)] == list(
        range(len(MIXED) + 1)
    )


def test_offset_inside_surrogate_pair_rounds_down():
    """A UTF-16 offset between a high and a low surrogate maps to the astral character's start."""
    m = Utf16Map(FLAG + " x")
    assert m.from_utf16(1) == 0  # inside the first regional indicator
    assert m.from_utf16(3) == 1  # inside the second regional indicator
    m2 = Utf16Map("ab😀cd")
    assert m2.from_utf16(3) == 2


@pytest.mark.parametrize("offset", [-1, 18])
def test_to_utf16_out_of_range_raises(offset):
    """A code-point offset outside 0..len(text) raises ValueError."""
    with pytest.raises(ValueError, match="outside text"):
        Utf16Map(FLAG + " Pakistan said…").to_utf16(offset)


@pytest.mark.parametrize("offset", [-1, 20])
def test_from_utf16_out_of_range_raises(offset):
    """A UTF-16 offset outside 0..utf16_length raises ValueError."""
    m = Utf16Map(FLAG + " Pakistan said…")
    assert m.utf16_length == 19
    with pytest.raises(ValueError, match="outside text"):
        m.from_utf16(offset)


def test_code_point_length_is_in_range_but_utf16_length_is_not():
    """to_utf16 accepts len(text); len(text)+1 is refused even though it is < utf16_length."""
    m = Utf16Map(FLAG)
    assert m.to_utf16(2) == 4
    with pytest.raises(ValueError):
        m.to_utf16(3)


@given(st.text())
def test_property_matches_utf16_encoding_and_round_trips(text):
    """For any text, to_utf16 equals the encoded length and from_utf16 inverts it."""
    m = Utf16Map(text)
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == utf16_offset(text, i)
        assert m.from_utf16(u) == i


@given(st.text())
def test_property_from_utf16_rounds_down_to_a_character_start(text):
    """For any text and UTF-16 offset, from_utf16 returns the last code point starting at or before it."""
    m = Utf16Map(text)
    for u in range(m.utf16_length + 1):
        i = m.from_utf16(u)
        assert utf16_offset(text, i) <= u
        assert i == len(text) or utf16_offset(text, i + 1) > u
