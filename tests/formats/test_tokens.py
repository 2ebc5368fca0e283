"""One tokenisation for the files written with tokens (CoNLL, WebAnno TSV, XMI): the tokenizer,
its tokens cut at marks, and the token lines the writers make of them. Pure: no project."""

from __future__ import annotations

import cassis
import pytest

from annotator.core.model import AnnotatedDocument, DocumentLabels, Mark, MarkKind
from annotator.formats import registry
from annotator.formats._common import sentence_chunks, tokenize, tokens_at_marks
from annotator.formats.base import make_article
from tests.formats.training_corpus import PAKISTAN, context

TOKENS_TEXT = (
    "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    "“We welcome 👍🏽 the corridor,” Wang Yi said. The U.N. agreed.\n"
)


def marks_at(text: str, *spans: tuple[int, int]) -> list[Mark]:
    """Return an actor mark over each (start, end) of the text."""
    return [
        Mark(f"m{n}", "article", "alice", MarkKind.ACTOR, a, b, text[a:b], "Person")
        for n, (a, b) in enumerate(spans)
    ]


def checked_tokens(text: str, marks: list[Mark]) -> list[str]:
    """Return the tokens of a text cut at its marks, after checking what every writer relies
    on: each mark starts at a token's start and ends at a token's end, tokens are in order and
    never overlap, none is empty or crosses a sentence (chunk) end, and every character other
    than white space is in a token."""
    chunks = sentence_chunks(text)
    tokens = tokens_at_marks(text, chunks, marks)
    starts, ends = {a for a, _ in tokens}, {b for _, b in tokens}
    for mark in marks:
        assert mark.start in starts and mark.end in ends, (mark.start, mark.end, tokens)
    assert all(a < b for a, b in tokens)
    assert all(b <= c for (_, b), (c, _) in zip(tokens, tokens[1:], strict=False))
    assert not [(a, b) for a, b in tokens for _, end in chunks if a < end < b]
    covered = {i for a, b in tokens for i in range(a, b)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    return [text[a:b] for a, b in tokens]


# -- the tokenizer --------------------------------------------------------------------------------


def test_tokenizer_words_punctuation_emoji_cjk_and_marks():
    """Words keep inner periods, apostrophes, hyphens; emoji and flags stay whole."""
    text = "🇵🇰 U.N. (CPEC) cafe\u0301 don't 1,000 Counter-terrorism 中巴 👍🏽... ok."
    assert [text[a:b] for a, b in tokenize(text)] == [
        "🇵🇰", "U.N.", "(", "CPEC", ")", "cafe\u0301", "don't", "1,000",
        "Counter-terrorism", "中巴", "👍🏽", "...", "ok", ".",
    ]


def test_tokenizer_is_stable_on_its_own_output():
    """Tokens joined with spaces tokenise to the same tokens: what re-export relies on."""
    tokens = [TOKENS_TEXT[a:b] for a, b in tokenize(TOKENS_TEXT)]
    joined = " ".join(tokens)
    assert [joined[a:b] for a, b in tokenize(joined)] == tokens


# -- tokens cut at marks --------------------------------------------------------------------------

ZWJ_TEXT = "Coders 👩🏽\u200d💻👨\u200d👩\u200d👧 met."  # technologist with a skin tone; a family


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # Zero marks: the tokenizer's tokens.
        (
            "🇵🇰 U.N. (CPEC) cafe\u0301 don't 1,000 Counter-terrorism 中巴 👍🏽... ok.",
            [],
            ["🇵🇰", "U.N.", "(", "CPEC", ")", "cafe\u0301", "don't", "1,000",
             "Counter-terrorism", "中巴", "👍🏽", "...", "ok", "."],
        ),
        # Two ZWJ sequences side by side are one run of symbols, cut where a mark ends.
        (ZWJ_TEXT, [], ["Coders", "👩🏽\u200d💻👨\u200d👩\u200d👧", "met", "."]),
        (ZWJ_TEXT, [(7, 11)], ["Coders", "👩🏽\u200d💻", "👨\u200d👩\u200d👧", "met", "."]),
        # Two flags side by side: a mark on the second.
        ("🇵🇰🇨🇳 ties", [(2, 4)], ["🇵🇰", "🇨🇳", "ties"]),
        # A combining accent stays on its letter; a mark ending inside a word cuts it.
        ("cafe\u0301 owners", [(0, 5)], ["cafe\u0301", "owners"]),
        ("cafe\u0301 owners", [(6, 9)], ["cafe\u0301", "own", "ers"]),
        # A CJK run is one word, cut where a mark ends.
        ("中巴经济走廊。", [], ["中巴经济走廊", "。"]),
        ("中巴经济走廊。", [(0, 2)], ["中巴", "经济走廊", "。"]),
        # U.N. keeps its periods unless a mark ends before the last; 1,000 its comma.
        ("The U.N. paid 1,000 dollars.", [], ["The", "U.N.", "paid", "1,000", "dollars", "."]),
        (
            "The U.N. paid 1,000 dollars.",
            [(4, 7), (16, 19)],
            ["The", "U.N", ".", "paid", "1,", "000", "dollars", "."],
        ),
        # A mark starting inside one word and ending inside the next.
        ("Pakistan's envoy", [(9, 13)], ["Pakistan'", "s", "en", "voy"]),
        # On white space: the space where a mark starts, and the one where another ends, are
        # tokens of their own; the other space of the run is no token.
        ("China  and Pakistan", [(6, 10), (7, 11)], ["China", " ", "and", " ", "Pakistan"]),
        ("China  and Pakistan", [(0, 6)], ["China", " ", "and", "Pakistan"]),
        # A mark over a line break; one ending on it: the line break is its last token, and no
        # token crosses the sentence end after it.
        ("China.\nWe welcome", [(0, 9)], ["China", ".", "We", "welcome"]),
        ("China.\nWe welcome", [(0, 7)], ["China", ".", "\n", "We", "welcome"]),
        ("China. \n\nWe", [(5, 9)], ["China", ".", " \n\n", "We"]),
    ],
)
def test_tokens_at_marks(text, spans, expected):
    """Each mark starts and ends on token boundaries; tokens never overlap."""
    assert checked_tokens(text, marks_at(text, *spans)) == expected


def test_tokens_at_marks_on_a_whole_article_with_many_marks():
    """Marks at every kind of place in one text keep every writer's rules."""
    text = TOKENS_TEXT
    spans = [(0, 2), (3, 11), (1, 3), (24, 30), (30, 32), (44, 50), (46, 53)]
    spans += [(text.index("👍"), text.index("👍") + 2), (text.index("U.N"), text.index("U.N") + 3)]
    tokens = checked_tokens(text, marks_at(text, *spans))
    assert tokens[:3] == ["🇵", "🇰", " "]  # a mark from inside the flag to after its space


# -- the token lines the writers make -------------------------------------------------------------

LINE_TEXT = "Wang Yi met Pakistan's envoy in 北京. 👍🏽\n"


def line_document() -> AnnotatedDocument:
    """Return alice's coding of a one-line article: Pakistan inside Pakistan's, and 👍🏽."""
    article = make_article(LINE_TEXT, source="line.txt")
    start = LINE_TEXT.index("Pakistan")
    pakistan = Mark(
        "m1", article.id, "alice", MarkKind.ACTOR, start, start + 8, "Pakistan", "Country",
        actor_id="pakistan",
    )
    start = LINE_TEXT.index("👍")
    thumbs = Mark(
        "m2", article.id, "alice", MarkKind.SENTIMENT, start, start + 2, "👍🏽", "positive"
    )
    labels = DocumentLabels(article.id, "alice")
    return AnnotatedDocument(article, "alice", labels, "focus", (PAKISTAN,), (pakistan, thumbs))


def test_webanno_tsv_token_lines(tmp_path):
    """The period after 北京 is a token of its own (it was '北京.' when tokens were cut at white
    space only); 's is cut off Pakistan by the mark; offsets count UTF-16 units, so the emoji
    with its skin tone (two astral code points) spans four."""
    path = tmp_path / "line.tsv"
    registry.get("webanno-tsv").write([line_document()], path, context())
    rows = [
        line.split("\t")[:3]
        for line in path.read_text(encoding="utf-8").split("\n")
        if line[:1].isdigit()
    ]
    assert rows == [
        ["1-1", "0-4", "Wang"],
        ["1-2", "5-7", "Yi"],
        ["1-3", "8-11", "met"],
        ["1-4", "12-20", "Pakistan"],
        ["1-5", "20-22", "'s"],
        ["1-6", "23-28", "envoy"],
        ["1-7", "29-31", "in"],
        ["1-8", "32-34", "北京"],
        ["1-9", "34-35", "."],
        ["1-10", "36-40", "👍🏽"],
    ]


def test_xmi_tokens(tmp_path):
    """The XMI writer's Token annotations are the same tokens (in code points once read)."""
    out = tmp_path / "out"
    registry.get("xmi").write([line_document()], out, context())
    (xmi_file,) = out.glob("*.xmi")
    typesystem = cassis.load_typesystem(out / "TypeSystem.xml")
    cas = cassis.load_cas_from_xmi(xmi_file, typesystem=typesystem)
    token_type = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
    assert [t.get_covered_text() for t in cas.select(token_type)] == [
        "Wang", "Yi", "met", "Pakistan", "'s", "envoy", "in", "北京", ".", "👍🏽",
    ]


def test_conll_writes_no_white_space_token(tmp_path):
    """A mark starting on white space: CoNLL writes no token line for the space (a token line
    needs text); the mark's first token reads I-, which starts a span all the same."""
    text = "Talks with  China ended.\n"
    article = make_article(text, source="t.txt")
    mark = Mark("m1", article.id, "alice", MarkKind.ACTOR, 11, 17, " China", "Country")
    labels = DocumentLabels(article.id, "alice")
    document = AnnotatedDocument(article, "alice", labels, "focus", (), (mark,))
    path = tmp_path / "t.conll"
    registry.get("conll").write([document], path, context())
    assert path.read_text(encoding="utf-8").split("\n")[2:] == [
        "Talks\tO", "with\tO", "China\tI-Country", "ended\tO", ".\tO", "", "",
    ]
