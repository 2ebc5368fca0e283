"""TextPositions: built from a text at once or piece by piece, it maps the same way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.gui.text_positions import TextPositions

FLAG = "🇵🇰"  # two astral code points
pieces = st.lists(
    st.sampled_from(["a", "é", "e\u0301", "中巴", FLAG, "😀", " ", "\n", "word "]), max_size=40
)


@settings(max_examples=80, deadline=None)
@given(pieces, st.data())
def test_pieces_map_as_the_whole_text_does(parts, data):
    """Extending piece by piece gives the whole text's UTF-16 positions, both ways."""
    text = "".join(parts)
    whole = TextPositions(text)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=5)))
    built = TextPositions("")
    last = 0
    for cut in [*cuts, len(text)]:
        built.extend(text[last:cut])
        last = cut
    assert built.length == whole.length == len(text)
    for offset in range(len(text) + 1):
        units = len(text[:offset].encode("utf-16-le")) // 2
        assert built.to_qt(offset) == whole.to_qt(offset) == units
        assert built.from_qt(units) == offset
    assert built.identity == whole.identity == (len(text.encode("utf-16-le")) == 2 * len(text))


def test_combining_marks_and_cjk_keep_positions_equal():
    """Combining accents and CJK are one UTF-16 unit each: positions equal offsets."""
    positions = TextPositions("cafe\u0301 中巴经济走廊 ok")
    assert positions.identity
    assert [positions.to_qt(i) for i in range(positions.length + 1)] == list(
        range(positions.length + 1)
    )
