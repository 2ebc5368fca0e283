"""Article text helpers: normalisation, ids, leading dates, titles and span trimming."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import (
    cuts_a_word,
    elide,
    snap_to_words,
    TITLE_MAX_CHARS,
    article_id,
    fold_name,
    guess_title,
    leading_date,
    normalize_text,
    resize_span,
    trim_span,
)
from tests.conftest import REPO

CORPUS = REPO / "corpus"
CORPUS_DATES = {
    "000": "2019-07-30",
    "001": None,
    "002": "2022-05-12",
    "003": "2017-03-17",
    "004": "2022-06-15",
}
CORPUS_TITLES = {
    "000": "China and Pakistan on Tuesday discussed steps to enhance security to the USD 60 "
    "billion…",
    "001": "China, Pak to boost anti-terror cooperation along CPEC",
    "002": "All-weather friends China and Pakistan in their first official talks after the new "
    "government took…",
    "003": "BEIJING: China plans to step up military cooperation with “all weather” friend "
    "Pakistan to produce…",
    "004": "Beijing has demanded military outposts in Balochistan during a recent visit of the "
    "Pakistan army’s…",
}


def corpus_text(prefix):
    """Return the normalised text of the bundled corpus file with this number."""
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return normalize_text(path.read_text(encoding="utf-8"))


# -- normalize_text -------------------------------------------------------------------------


def test_normalize_crlf_becomes_lf():
    """Windows CR LF line ends become LF."""
    assert normalize_text("a\r\nb\r\n") == "a\nb\n"


def test_normalize_lone_cr_becomes_lf():
    """Old Mac CR line ends become LF, and CR CR LF becomes two LFs."""
    assert normalize_text("a\rb\r\r\nc") == "a\nb\n\nc"


def test_normalize_drops_leading_bom_only():
    """A leading BOM is dropped; one elsewhere is kept as text."""
    assert normalize_text("\ufeffhello\ufeff") == "hello\ufeff"


def test_normalize_leaves_lf_text_unchanged():
    """Text already in LF form, with non-ASCII, is returned as is."""
    text = "🇵🇰 Pakistan\ncafe\u0301\n中巴"
    assert normalize_text(text) == text


# -- article_id -----------------------------------------------------------------------------


def test_article_id_is_sha256_of_utf8():
    """The id is the hex SHA-256 of the UTF-8 bytes."""
    text = "🇵🇰 Pakistan said…"
    assert article_id(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert len(article_id(text)) == 64


def test_article_id_is_stable_across_line_endings_after_normalising():
    """CRLF and LF versions of one text get the same id once normalised."""
    assert article_id(normalize_text("a\r\nb")) == article_id(normalize_text("a\nb"))
    assert article_id("a\nb") == hashlib.sha256(b"a\nb").hexdigest()


def test_article_id_of_corpus_file_001():
    """The id of corpus file 001 matches the id the article list shows."""
    assert article_id(corpus_text("001")).startswith("a410213daf56")


# -- leading_date ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix,expected", sorted(CORPUS_DATES.items()))
def test_leading_date_of_corpus_files(prefix, expected):
    """The bundled articles carry the dates listed in corpus/PROVENANCE.md."""
    assert leading_date(corpus_text(prefix)) == expected


def test_leading_date_of_corpus_copy(corpus_copy):
    """A copy of the corpus gives the same dates as the original."""
    dates = {
        p.name[:3]: leading_date(normalize_text(p.read_text(encoding="utf-8")))
        for p in sorted(corpus_copy.glob("*.txt"))
    }
    assert dates == CORPUS_DATES


@pytest.mark.parametrize(
    "text,expected",
    [
        ("date 2020-01-02 Text", "2020-01-02"),
        ("  \n date 2020-01-02\nText", "2020-01-02"),
        ("Text date 2020-01-02", None),
        ("date 2020-01-02x", None),
        ("date 20-01-02 Text", None),
        ("", None),
    ],
)
def test_leading_date_cases(text, expected):
    """Only a leading 'date YYYY-MM-DD' word counts."""
    assert leading_date(text) == expected


# -- guess_title ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix,expected", sorted(CORPUS_TITLES.items()))
def test_guess_title_of_corpus_files(prefix, expected):
    """Titles of the bundled articles skip date, logo and image-caption lines."""
    assert guess_title(corpus_text(prefix)) == expected


def test_guess_title_001_skips_logo_lines():
    """File 001 starts with two 'Logo' lines, which are not the title."""
    text = corpus_text("001")
    assert text.startswith("Logo\n\nLogo\n")
    assert guess_title(text) == "China, Pak to boost anti-terror cooperation along CPEC"


def test_guess_title_000_skips_image_source_caption():
    """File 000's first line after the date is an 'Image Source : AP' caption, skipped."""
    text = corpus_text("000")
    assert text.startswith(" date 2019-07-30 Image Source : AP (FILE)")
    assert not guess_title(text).startswith("Image Source")


@pytest.mark.parametrize("prefix", sorted(CORPUS_TITLES))
def test_corpus_titles_fit_the_limit(prefix):
    """Every corpus title is at most 100 characters."""
    assert len(guess_title(corpus_text(prefix))) <= TITLE_MAX_CHARS == 100


def test_guess_title_cuts_at_first_sentence_end():
    """A long first line is cut at the end of its first sentence when that is past 30 chars."""
    line = "China and Pakistan agreed to boost cooperation. " + "More words follow here " * 5
    assert guess_title(line) == "China and Pakistan agreed to boost cooperation."


def test_guess_title_cuts_long_line_at_word_with_ellipsis():
    """A long line without an early sentence end is cut at a word and gets an ellipsis."""
    title = guess_title("word " * 40)
    assert title.endswith("…")
    assert len(title) <= 100
    assert title == ("word " * 19).strip() + "…"


def test_guess_title_of_short_text_uses_whole_text():
    """Text with no line of three words falls back to all its words."""
    assert guess_title("Hello\nthere") == "Hello there"


def test_guess_title_of_blank_text():
    """White space only gives '(untitled)'."""
    assert guess_title(" \n ") == "(untitled)"


@given(st.text())
def test_property_title_never_exceeds_limit(text):
    """For any text the guessed title is non-empty and at most 100 characters."""
    title = guess_title(text)
    assert 0 < len(title) <= TITLE_MAX_CHARS


# -- trim_span ------------------------------------------------------------------------------


def test_trim_span_strips_surrounding_white_space():
    """Spaces, tabs and newlines at both ends are excluded from the span."""
    text = "say \n\tPakistan \n said"
    assert trim_span(text, 3, 16) == (6, 14)
    assert text[6:14] == "Pakistan"


def test_trim_span_of_white_space_only_is_empty():
    """A span of white space collapses to an empty span."""
    start, end = trim_span("a    b", 1, 5)
    assert start == end


def test_trim_span_clamps_to_the_text():
    """Offsets outside the text are clamped to 0..len(text)."""
    assert trim_span("abc", -5, 99) == (0, 3)


def test_trim_span_keeps_already_tight_span():
    """A span without surrounding white space is unchanged."""
    assert trim_span("a bc d", 2, 4) == (2, 4)


@pytest.mark.parametrize(
    "selected,kept",
    [
        (" “Pakistan is a good brother,” ", "Pakistan is a good brother"),
        ("(CPEC).", "CPEC"),
        ("the China-Pakistan Economic Corridor (CPEC),", "the China-Pakistan Economic Corridor (CPEC)"),
        ("“a quote” said", "“a quote” said"),
        ("the U.S.", "the U.S."),
        ("Gen.", "Gen."),
        ("security.", "security"),
        ("... Wang", "Wang"),
        ("10,000", "10,000"),
        ("'s", "s"),
        ("“a quote” and “another”", "“a quote” and “another”"),
        ("((nested) pair)", "(nested) pair"),
    ],
)
def test_trim_span_strips_punctuation_but_keeps_pairs_and_abbreviations(selected, kept):
    """Surrounding punctuation goes; matched brackets/quotes and abbreviation periods stay."""
    start, end = trim_span(selected, 0, len(selected))
    assert selected[start:end] == kept


TEXT = "Gen. Zubair Mahmood Hayat met Wang Qishan."


@pytest.mark.parametrize(
    "span,edge,step,snap,expected",
    [
        ("Zubair Mahmood", "end", 1, True, "Zubair Mahmood Hayat"),
        ("Zubair Mahmood", "end", -1, True, "Zubair"),
        ("Zubair", "end", -1, True, "Zubair"),  # snapping never cuts into the last word
        ("Mahmood Hayat", "start", -1, True, "Zubair Mahmood Hayat"),
        ("Zubair Mahmood Hayat", "start", 1, True, "Mahmood Hayat"),
        ("Wang", "end", 1, True, "Wang Qishan"),
        ("Wang Qishan", "end", 1, True, "Wang Qishan"),  # only the period left: stays
        ("Zubair", "end", 1, False, "Zubair "),
        ("Zubair", "start", -1, False, " Zubair"),
    ],
)
def test_resize_span(span, edge, step, snap, expected):
    """Moving an edge by a word or a character gives the expected text, never empty."""
    start = TEXT.index(span)
    new_start, new_end = resize_span(TEXT, start, start + len(span), edge, step, snap)
    assert TEXT[new_start:new_end] == expected


@pytest.mark.parametrize(
    "name,folded",
    [
        ("Imran Khan", "imran khan"),
        ("  IMRAN \t KHAN\n", "imran khan"),
        ("ÇIN", "çin"),
        ("Straße", "strasse"),  # Unicode case folding, not lower()
        ("Khân", "khân"),  # accents stay: a different spelling may be a different name
        ("", ""),
    ],
)
def test_fold_name(name, folded):
    """Names fold by Unicode case and collapsed white space, nothing else."""
    assert fold_name(name) == folded


# -- snapping a mouse selection to whole words -----------------------------------------------


@pytest.mark.parametrize(
    "text,start,end,expected",
    [
        ("strategic cooperative partner of China", 10, 29, "cooperative partner"),  # "…partne"
        ("Prime Minister Imran Khan said", 16, 25, "Imran Khan"),  # "mran Khan"
        ("the CPEC, he said", 4, 8, "CPEC"),  # whole word already: unchanged
        ("the CPEC, he said", 4, 9, "CPEC,"),  # ends beside punctuation: unchanged
        ("all-weather friends", 2, 6, "all-weather"),  # hyphens join a word
        ("Café owners", 1, 3, "Café"),
        ("cafe\u0301 owners", 0, 4, "cafe\u0301"),  # a combining accent belongs to its letter
        ("say 😀 Wang Yi", 5, 9, " Wang"),  # an emoji is not a word character
    ],
)
def test_snap_to_words_widens_edges_inside_words(text, start, end, expected):
    snapped = snap_to_words(text, start, end)
    assert text[snapped[0] : snapped[1]] == expected
    assert cuts_a_word(text, start, end) == (snapped != (start, end))


def test_snap_to_words_keeps_empty_and_whole_spans():
    assert snap_to_words("Wang Yi", 2, 2) == (2, 2)
    assert snap_to_words("Wang Yi", 0, 7) == (0, 7)
    assert snap_to_words("Wang Yi", -3, 99) == (0, 7)


def test_elide_cuts_with_an_ellipsis_on_one_line():
    assert elide("Wang Qishan", 40) == "Wang Qishan"
    assert elide("the CPEC cooperation is heading\\ntoward a new stage", 20) == "the CPEC cooperatio…"
    assert elide("a  b", 3) == "a b"
    assert len(elide("x" * 100, 40)) == 40
