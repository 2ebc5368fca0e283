"""Terminal columns measured in cells: wide scripts, combining marks, NaN."""

from annotator.core.text_table import cell, display_width, statistic


def test_wide_characters_take_two_cells_and_combining_marks_none():
    assert display_width("Wang Yi") == 7
    assert display_width("王毅") == 4
    assert display_width("cafe\u0301") == 4
    assert display_width("😀") == 2


def test_cells_line_up_whatever_the_script():
    rows = [cell(name, 10) + "|" for name in ("Wang Yi", "王毅", "café", "cafe\u0301", "😀 x")]
    assert {display_width(row) for row in rows} == {11}
    assert cell("王毅", 10) == "王毅      "
    assert cell("12", 5, right=True) == "   12"


def test_a_long_text_is_cut_with_an_ellipsis_within_its_cells():
    assert cell("Pakistan-occupied Kashmir", 10) == "Pakistan-…"
    assert display_width(cell("中巴经济走廊建设进展顺利", 9)) == 9
    assert cell("line\nbreak", 12) == "line break  "


def test_undefined_statistics_read_n_a():
    assert statistic(float("nan")) == "n/a"
    assert statistic(0.8571) == "0.857"


def test_display_width_counts_terminal_cells():
    """CJK takes two cells, combining marks none, an emoji sequence two; ASCII its length."""
    assert display_width("Pakistan") == 8
    assert display_width("中巴经济走廊") == 12
    assert display_width("Pe\u0301shawar") == 8  # e + combining acute: one cell
    assert display_width("🇵🇰 flag") == 7
    assert display_width("bell\x07") == 4  # a control character takes no cell
    assert cell("中巴经济走廊", 7) == "中巴经…"
    assert display_width(cell("中巴经济走廊", 7)) == 7
