"""CoNLL/IOB: the real fixtures, sentences, our writer re-read by our reader, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProblemCode, ValidationError
from annotator.core.model import AnnotatedDocument, DocumentLabels, Mark, MarkKind
from annotator.core.tagset import default_tagset
from annotator.formats import registry
from annotator.formats._common import tokenize
from annotator.formats.base import FormatContext, ReadResult, make_article
from annotator.formats.conll import sentences
from annotator.session import Session
from tests.conftest import FIXTURES

CONLL = FIXTURES / "conll"
ACTOR, CLAIM, SENTIMENT = MarkKind.ACTOR, MarkKind.CLAIM, MarkKind.SENTIMENT
NER = {
    "PER": (ACTOR, "Person"),
    "ORG": (ACTOR, "Organization"),
    "LOC": (ACTOR, "Country"),
    "MISC": (ACTOR, "Media"),
}
TEXT = (
    "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    "“We welcome 👍🏽 the corridor,” Wang Yi said. The U.N. agreed.\n"
)


def documents(session, annotator="alice"):
    """Return (text, [(label, text)]) per stored article, in import order."""
    out = []
    for summary in session.article_summaries():
        article = session.article(summary.id)
        marks = session.store.marks_for(summary.id, annotator)
        assert all(article.text[m.start : m.end] == m.text for m in marks)
        out.append((article.text, [(m.label, m.start, m.end, m.text) for m in marks]))
    return out


def read(path: Path, **options: str) -> ReadResult:
    """Read a CoNLL file with our reader alone (no project)."""
    result = ReadResult()
    registry.get("conll").read(path, result, FormatContext(default_tagset(), options))
    return result


def drafts(result: ReadResult) -> list[tuple[str, list[tuple[str, int, int, str]]]]:
    """Return (text, [(label, start, end, text)]) per record read, checking every mark's text."""
    out = []
    for record in result.annotations:
        text = record.article.text
        marks = record.draft.marks
        assert all(text[m.start : m.end] == m.text for m in marks)
        out.append((text, [(m.label, m.start, m.end, m.text) for m in marks]))
    return out


def import_error(session, path, **kwargs) -> str:
    """Import a CoNLL file expecting InputError; return its message."""
    with pytest.raises(InputError) as info:
        session.import_paths([path], format_name="conll", **kwargs)
    return str(info.value)


# -- real fixtures ----------------------------------------------------------------------------


def test_dkpro_conll2003_iob1(empty):
    """Four columns, space-separated, IOB1 (I- at a span's start): spans start at I-."""
    report = empty.import_paths([CONLL / "conll2003_iob1_dkpro.conll"], label_map=NER)
    assert (report.records, report.marks) == (1, 3)
    assert documents(empty) == [
        (
            "U.N. official Ekeus heads for Baghdad .",
            [
                ("Organization", 0, 4, "U.N."),
                ("Person", 14, 19, "Ekeus"),
                ("Country", 30, 37, "Baghdad"),
            ],
        )
    ]


def test_doccano_iob2_tab_separated(empty):
    """doccano's upload sample: token<TAB>tag, two sentences, B-/I- spans."""
    empty.import_paths([CONLL / "doccano" / "sequence_labeling_upload.conll"], label_map=NER)
    ((text, marks),) = documents(empty)
    assert text == "EU rejects German call to boycott British lamb .\nPeter Blackburn"
    assert marks == [
        ("Organization", 0, 2, "EU"),
        ("Media", 11, 17, "German"),
        ("Media", 34, 41, "British"),
        ("Person", 49, 64, "Peter Blackburn"),
    ]


@pytest.mark.parametrize(
    "name", ["export.conll", "roundtrip_label-studio-converter-0.0.59_CONLL2003.conll"]
)
def test_label_studio_export(empty, name):
    """Label Studio's CONLL2003 export: one -DOCSTART-, a document per task, non-Latin text."""
    report = empty.import_paths([CONLL / "label_studio" / name], label_map=NER)
    assert report.records == 4
    found = {text: marks for text, marks in documents(empty)}
    assert found == {
        "Sundar Pichai ist CEO von Google in Mountain View .": [
            ("Person", 0, 13, "Sundar Pichai"),
            ("Organization", 26, 32, "Google"),
            ("Country", 36, 49, "Mountain View"),
        ],
        "Zoë Müller arbeitet seit 2019 bei der Siemens AG in München – und ist sehr zufrieden .": [
            ("Person", 0, 10, "Zoë Müller"),
            ("Organization", 38, 48, "Siemens AG"),
            ("Country", 52, 59, "München"),
        ],
        "Мария Иванова — директор «Газпрома» .": [
            ("Person", 0, 13, "Мария Иванова"),
            ("Organization", 25, 35, "«Газпрома»"),
        ],
        "This task was left unannotated .": [],
    }


LS_MULTIWORD = CONLL / "label_studio" / "export_multiword_labels.conll"
LS_MULTIWORD_DOCUMENTS = {
    "The Baloch Liberation Army claimed the attack on Chinese engineers in Gwadar .": [
        ("Armed group", 4, 26, "Baloch Liberation Army")
    ],
    # The task's text had a line break after "agreement."; Label Studio's export drops it.
    "Pakistan and China signed a new agreement. The International Monetary Fund welcomed it .": [
        ("Country", 0, 8, "Pakistan"),
        ("Country", 13, 18, "China"),
        ("International organization", 47, 74, "International Monetary Fund"),
    ],
    "Tehreek-e-Taliban Pakistan denied any role , said Imran Khan .": [
        ("Armed group", 0, 26, "Tehreek-e-Taliban Pakistan"),
        ("Person", 50, 60, "Imran Khan"),
    ],
    "This task was left unannotated .": [],
}


def test_label_studio_labels_with_spaces(empty):
    """'Baloch -X- _ B-Armed group' is the tag B-Armed group; each task is a document."""
    report = empty.import_paths([LS_MULTIWORD])
    assert (report.records, report.marks, report.warnings) == (4, 6, [])
    assert {text: marks for text, marks in documents(empty)} == LS_MULTIWORD_DOCUMENTS
    kinds = {
        m.kind
        for summary in empty.article_summaries()
        for m in empty.store.marks_for(summary.id, "alice")
    }
    assert kinds == {ACTOR}


def test_label_studio_bad_lines_are_named(tmp_path):
    """In a Label Studio export a line without '-X- _', or a bad spaced tag, names its line."""
    lines = LS_MULTIWORD.read_text(encoding="utf-8").split("\n")
    assert lines[12] == "Gwadar -X- _ O" and lines[25] == "Fund -X- _ I-International organization"
    lines[12] = "Gwadar O"
    lines[25] = "Fund -X- _ X-International organization"
    path = write(tmp_path, "\n".join(lines))
    result = read(path)
    assert [str(p) for p in result.problems] == [
        f"{path}:13: expected 'token -X- _ TAG' as on the other lines of this Label Studio "
        "export",
        f"{path}:26: tag 'X-International organization' is not O, B-LABEL or I-LABEL",
    ]
    assert result.annotations == []


def test_label_studio_lenient_skips_exactly_the_bad_line(tmp_path):
    """--lenient drops the bad token line alone, reports it, and keeps every task apart."""
    lines = LS_MULTIWORD.read_text(encoding="utf-8").split("\n")
    assert lines[38] == "Khan -X- _ I-Person"
    lines[38] = "Khan -X- _ Person"
    path = write(tmp_path, "\n".join(lines))
    result = read(path, lenient="1")
    assert [str(w) for w in result.warnings] == [
        f"{path}:39: skipped: tag 'Person' is not O, B-LABEL or I-LABEL"
    ]
    expected = dict(LS_MULTIWORD_DOCUMENTS)
    del expected["Tehreek-e-Taliban Pakistan denied any role , said Imran Khan ."]
    expected["Tehreek-e-Taliban Pakistan denied any role , said Imran ."] = [
        ("Armed group", 0, 26, "Tehreek-e-Taliban Pakistan"),
        ("Person", 50, 55, "Imran"),
    ]
    assert result.problems == [] and len(result.annotations) == 4
    assert {text: marks for text, marks in drafts(result)} == expected


def test_spaced_tags_in_documents_split_by_docstart(tmp_path):
    """'-X- _' lines in a file with a -DOCSTART- per document: blank lines end sentences."""
    path = write(
        tmp_path,
        "-DOCSTART- -X- -X- O\n\nBaloch -X- _ B-Armed  group\nfighters -X- _ O\n\n"
        "Gwadar -X- _ B-Country\n\n-DOCSTART- -X- -X- O\n\nWang -X- _ B-Person\n",
    )
    assert drafts(read(path)) == [
        (
            "Baloch fighters\nGwadar",
            [("Armed group", 0, 6, "Baloch"), ("Country", 16, 22, "Gwadar")],
        ),
        ("Wang", [("Person", 0, 4, "Wang")]),
    ]


def test_foreign_tags_need_a_label_map(empty):
    """Tags like B-PER are not ours: the error names them."""
    message = import_error(empty, CONLL / "conll2003_iob1_dkpro.conll")
    assert "unknown label 'ORG'; map it with --map-label" in message


# -- sentences ------------------------------------------------------------------------------------


def test_sentences_split_at_line_breaks_and_punctuation():
    """Sentences end at line breaks and after . ! ?, closing quotes staying with them."""
    text = 'He said "no." Then he left!\nNext'
    tokens = tokenize(text)
    assert [[text[a:b] for a, b in s] for s in sentences(text, tokens)] == [
        ["He", "said", '"', "no", ".", '"'],
        ["Then", "he", "left", "!"],
        ["Next"],
    ]
    kept = sentences(text, tokens, keep=[(8, 23)])
    assert len(kept) == 2


# -- writing ------------------------------------------------------------------------------------


def coded_document() -> AnnotatedDocument:
    """Return alice's coding of one article with overlapping marks of every kind."""
    article = make_article(TEXT, source="article.txt")
    marks = []

    def add(kind, needle, label):
        start = TEXT.index(needle)
        end = start + len(needle)
        marks.append(Mark(f"m{len(marks)}", article.id, "alice", kind, start, end, needle, label))

    add(ACTOR, "Pakistan", "Country")
    add(ACTOR, "中巴", "Country")
    add(ACTOR, "Wang Yi", "Person")
    add(ACTOR, "U.N", "International organization")
    add(CLAIM, "the cafe\u0301 owners in 中巴", "Bilateral friendship")
    add(CLAIM, "owners in 中巴", "Economic cooperation")  # inside the first: left out
    add(CLAIM, "China.\n“We welcome", "Regional security")
    add(SENTIMENT, "trust", "positive")
    add(SENTIMENT, "welcome 👍🏽", "positive")
    labels = DocumentLabels(article.id, "alice")
    return AnnotatedDocument(article, "alice", labels, "focus", (), tuple(marks))


def write_document(path: Path, **options: str) -> Path:
    """Write the coded document as CoNLL with our writer alone; return the path."""
    context = FormatContext(default_tagset(), dict(options))
    assert registry.get("conll").write([coded_document()], path, context) == 1
    return path


def test_written_file(tmp_path):
    """-DOCSTART- with article and coder, token<TAB>tag in IOB2, a blank line per sentence."""
    article_id = coded_document().article.id
    lines = write_document(tmp_path / "out.conll").read_text(encoding="utf-8").split("\n")
    assert lines[:6] == [
        f"-DOCSTART- article={article_id} annotator=alice O",
        "",
        "🇵🇰\tO",
        "Pakistan\tB-Country",
        "said\tO",
        "the\tO",
    ]
    assert "中巴\tB-Country" in lines
    assert "U.N\tB-International_organization" in lines and ".\tO" in lines
    assert ["Wang\tB-Person", "Yi\tI-Person"] == lines[lines.index("Wang\tB-Person") :][:2]


def test_claim_layer_overlaps_and_line_breaks(tmp_path):
    """conll_layer=claim: the outer claim wins; a claim over a line break stays one span."""
    out = write_document(tmp_path / "claims.conll", conll_layer="claim")
    lines = out.read_text(encoding="utf-8").split("\n")
    tagged = [line for line in lines if line.endswith(("_friendship", "_security"))]
    assert tagged[0] == "the\tB-Bilateral_friendship"
    assert "中巴\tI-Bilateral_friendship" in tagged
    assert not any("Economic" in line for line in lines)
    start = lines.index("China\tB-Regional_security")
    assert lines[start : start + 5] == [
        "China\tB-Regional_security",
        ".\tI-Regional_security",
        "“\tI-Regional_security",
        "We\tI-Regional_security",
        "welcome\tI-Regional_security",
    ]
    ((text, marks),) = drafts(read(out, conll_layer="claim"))
    assert [(label, t) for label, _, _, t in marks] == [
        ("Bilateral friendship", "the cafe\u0301 owners in 中巴"),
        ("Regional security", "China . “ We welcome"),
    ]


def test_bad_layer_option(tmp_path, session):
    """An unknown conll_layer is refused by name."""
    with pytest.raises(ValidationError, match="conll_layer must be actor, claim or sentiment"):
        session.export_file(tmp_path / "x.conll", "conll", options={"conll_layer": "topic"})


@pytest.mark.parametrize("layer", ["actor", "claim", "sentiment"])
def test_round_trip_spans_and_fixpoint(tmp_path, layer):
    """Export, import, export again: same tokens and tags; the rebuilt text then stays put."""
    options = {"conll_layer": layer}
    out1, out2, out3 = (tmp_path / f"{n}.conll" for n in ("one", "two", "three"))
    write_document(out1, **options)
    second = Session.open(tmp_path / "b.db", "bob")
    report = second.import_paths([out1], options=options)
    assert report.records == 1
    ((text, marks),) = documents(second, "alice")  # the coder came back from -DOCSTART-
    kind = MarkKind(layer)
    expected = sorted((m.label, m.text) for m in coded_document().marks if m.kind == kind)
    got = sorted((label, t) for label, _, _, t in marks)
    # Text is rebuilt (tokens joined with spaces), so compare without white space.
    squash = [(label, "".join(t.split())) for label, t in got]
    assert set(squash) <= {(label, "".join(t.split())) for label, t in expected}
    second.export_file(out2, "conll", options=options)
    body = lambda p: p.read_text(encoding="utf-8").split("\n")[1:]  # noqa: E731
    assert body(out2) == body(out1)
    third = Session.open(tmp_path / "c.db", "carol")
    third.import_paths([out2], options=options)
    third.export_file(out3, "conll", options=options)
    assert out3.read_bytes() == out2.read_bytes()
    for s in (second, third):
        s.close()


def test_round_trip_keeps_emoji_cjk_and_combining_marks(tmp_path):
    """text[start:end] is each span's text after reading: astral, CJK and combining marks."""
    out = write_document(tmp_path / "one.conll", conll_layer="sentiment")
    ((text, marks),) = drafts(read(out, conll_layer="sentiment"))
    assert [(label, t) for label, _, _, t in marks] == [
        ("positive", "trust"),
        ("positive", "welcome 👍🏽"),
    ]
    assert text.startswith("🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China .\n")


def test_annotator_option_overrides_the_recorded_coder(tmp_path):
    """--annotator attributes the marks to the coder given."""
    out = write_document(tmp_path / "one.conll")
    second = Session.open(tmp_path / "b.db", "bob")
    second.import_paths([out], annotator="dora")
    assert documents(second, "alice")[0][1] == []
    assert len(documents(second, "dora")[0][1]) == 4
    second.close()


# -- bad input ------------------------------------------------------------------------------------


def write(tmp_path, content: str) -> Path:
    """Write a .conll file."""
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        ("China\tB-Country\nPakistan\n", 2,
         "expected a token and its tag (token<TAB>tag, or columns with the tag last)"),
        ("China\tB-Country\nPakistan\tX-Country\n", 2,
         "tag 'X-Country' is not O, B-LABEL or I-LABEL"),
        ("China\tB-Country\nPakistan\tB-\n", 2, "tag 'B-' is not O, B-LABEL or I-LABEL"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, content, line, expected):
    """A malformed line is an error naming file and line; nothing is read."""
    path = write(tmp_path, content)
    result = read(path)
    assert [str(p) for p in result.problems] == [f"{path}:{line}: {expected}"]
    assert result.annotations == []


def test_a_bad_line_fails_the_import(empty, tmp_path):
    """Through an import: the error names file and line; nothing is stored."""
    path = write(tmp_path, "China\tB-Country\nPakistan\n")
    assert import_error(empty, path) == (
        f"{path}:2: expected a token and its tag (token<TAB>tag, or columns with the tag last)"
    )
    assert empty.article_summaries() == []


def test_unknown_label_is_named(empty, tmp_path):
    """An unknown label is refused, naming it."""
    path = write(tmp_path, "China\tB-Nation\n")
    assert "unknown label 'Nation'" in import_error(empty, path)


def test_lenient_skips_bad_lines(tmp_path):
    """With --lenient, a bad line is skipped with a report; the rest is read."""
    path = write(tmp_path, "China\tB-Country\nand\nPakistan\tB-Country\n")
    result = read(path, lenient="1")
    assert [str(w) for w in result.warnings] == [
        f"{path}:2: skipped: expected a token and its tag (token<TAB>tag, or columns with the "
        "tag last)"
    ]
    assert [w.code for w in result.warnings] == [ProblemCode.BAD_SYNTAX]
    assert drafts(result) == [
        ("China Pakistan", [("Country", 0, 5, "China"), ("Country", 6, 14, "Pakistan")])
    ]


def test_docstart_separates_documents_and_bioes(tmp_path):
    """-DOCSTART- lines start documents; S-/E- tags of BIOES are read too."""
    path = write(
        tmp_path,
        "-DOCSTART- -X- -X- O\n\nChina S-Country\nand O O\n\n"
        "-DOCSTART- -X- -X- O\n\nWang B-Person\nYi E-Person\nsaid O\n",
    )
    assert drafts(read(path)) == [
        ("China and", [("Country", 0, 5, "China")]),
        ("Wang Yi said", [("Person", 0, 7, "Wang Yi")]),
    ]


def test_docstart_fields_and_the_layer_option(tmp_path):
    """The coder and article id of our -DOCSTART- line; conll_layer gives our labels a kind
    (spaces for ``_``) and leaves foreign ones without one, for the label map."""
    path = write(
        tmp_path,
        "-DOCSTART- article=abc annotator=Zo%C3%AB%20O O\n\n"
        "Gwadar\tB-CPEC_security\nport\tB-PORT\n",
    )
    (record,) = read(path, conll_layer="claim").annotations
    assert record.draft.annotator == "Zoë O"
    assert record.article.meta == {"conll_article": "abc"}
    assert [(m.kind, m.label) for m in record.draft.marks] == [
        ("claim", "CPEC security"),
        (None, "PORT"),
    ]


@pytest.mark.parametrize(
    ("content", "codes"),
    [
        ("China\tB-Country\nPakistan\n", [ProblemCode.BAD_SYNTAX]),
        ("China\tX-Country\nPakistan\tB-\n", [ProblemCode.BAD_SYNTAX] * 2),
        (
            "-DOCSTART- -X- O\nBaloch -X- _ B-Armed group\nGwadar O\n",
            [ProblemCode.BAD_SYNTAX],
        ),
        (b"caf\xe9\tO\n", [ProblemCode.NOT_UTF8]),
        ("a\x00b\tO\n", [ProblemCode.BAD_TEXT]),
        (None, [ProblemCode.UNREADABLE]),  # a folder where the file should be
    ],
)
def test_problem_codes(tmp_path, content, codes):
    """Each kind of broken input is reported with its code."""
    path = tmp_path / "in.conll"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert [p.code for p in read(path).problems] == codes
