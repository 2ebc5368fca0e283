"""brat standoff: the real fixtures, our writer re-read by our reader, offsets and bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProblemCode, ValidationError
from annotator.core.model import Actor, AnnotatedDocument, DocumentLabels, Mark, MarkKind
from annotator.core.tagset import default_tagset
from annotator.formats import brat, registry
from annotator.formats._common import coder_file_part
from annotator.formats.base import FormatContext, ReadResult, make_article
from annotator.session import Session
from tests.conftest import FIXTURES, as_imported

BRAT = FIXTURES / "brat"
ACTOR, CLAIM, SENTIMENT = MarkKind.ACTOR, MarkKind.CLAIM, MarkKind.SENTIMENT
NEWS_LABELS = {
    "GPE": (ACTOR, "Country"),
    "Money": (SENTIMENT, "neutral"),
    "Transfer-money": (CLAIM, "Economic cooperation"),
    "Merge-org": (CLAIM, "Economic cooperation"),
}
TEXT = (
    "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    "“We welcome 👍🏽 the corridor,” Wang Yi said.\n"
)


def read(path: Path, **options: str) -> ReadResult:
    """Read a brat file or folder with our reader alone (no project)."""
    result = ReadResult()
    registry.get("brat").read(path, result, FormatContext(default_tagset(), options))
    return result


def drafts(result: ReadResult) -> list[tuple[str | None, str, int, int, str]]:
    """Return (kind, label, start, end, text) of every mark read, checking each mark's text."""
    out = []
    for record in result.annotations:
        for m in record.draft.marks:
            assert record.article.text[m.start : m.end] == m.text
            out.append((m.kind, m.label, m.start, m.end, m.text))
    return out


def stored(session, annotator="alice"):
    """Return (kind, label, start, end, text) of every stored mark, by article then position."""
    out = []
    for summary in session.article_summaries():
        for m in session.store.marks_for(summary.id, annotator):
            out.append((m.kind.value, m.label, m.start, m.end, m.text))
    return out


def article_marks(session, name, annotator="alice"):
    """Return the stored article whose source is ``name`` and the coder's marks on it."""
    (summary,) = [s for s in session.article_summaries() if session.article(s.id).source == name]
    return session.article(summary.id), session.store.marks_for(summary.id, annotator)


def write_pair(folder: Path, name: str, text: str, ann: str, newline: str = "\n") -> Path:
    """Write a .txt/.ann pair; return the .ann path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    path = folder / f"{name}.ann"
    path.write_text(ann, encoding="utf-8")
    return path


def import_error(session, path, **kwargs) -> str:
    """Import a brat file or folder expecting InputError; return its message."""
    with pytest.raises(InputError) as info:
        session.import_paths([path], format_name="brat", **kwargs)
    return str(info.value)


# -- real fixtures ----------------------------------------------------------------------------


def test_dkpro_discontinuous_span_is_its_covering_span(empty):
    """'T2 Token 5 7;8 9' runs over a line break: stored as 5-9, 'is\\na', without a warning."""
    path = BRAT / "dkpro" / "document0c.ann"
    report = empty.import_paths(
        [path], format_name="brat", label_map={"Token": (ACTOR, "Person")}
    )
    assert (report.records, report.marks) == (1, 4)
    article, marks = article_marks(empty, "document0c.txt")
    assert article.text == "This is\na test.\n"
    assert [(m.start, m.end, m.text, m.label) for m in marks] == [
        (0, 4, "This", "Person"),
        (5, 9, "is\na", "Person"),
        (10, 14, "test", "Person"),
        (14, 15, ".", "Person"),
    ]
    assert [str(w) for w in report.warnings] == [
        f"{path}: not imported (events: E1, E2, E3, E4)"
    ]


def test_discontinuous_span_over_text_warns(tmp_path):
    """A gap holding text is included in the covering span, and the reader says so."""
    ann = "T1\tCountry 0 5;10 18\tChina Pakistan\n"
    path = write_pair(tmp_path, "gap", "China and Pakistan", ann)
    result = read(path)
    assert drafts(result) == [("actor", "Country", 0, 18, "China and Pakistan")]
    assert "T1: discontinuous span stored as its covering span 0-18" in str(result.warnings[0])


def test_dkpro_event_file(empty):
    """The event's text-bound annotations are read; the event itself is reported."""
    path = BRAT / "dkpro" / "event.ann"
    report = empty.import_paths(
        [path],
        format_name="brat",
        label_map={"Speaker": (ACTOR, "Person"), "Quote": (CLAIM, "Bilateral friendship")},
    )
    assert stored(empty) == [
        ("claim", "Bilateral friendship", 0, 13, '"I am hungry"'),
        ("actor", "Person", 19, 23, "John"),
    ]
    assert "not imported (events: E1)" in str(report.warnings[0])


DKPRO = "de-tudarmstadt-ukp-dkpro-core-"


def test_dkpro_writer_roles_spaced_attribute_values_and_events(empty):
    """DKPro's BratWriter output: 'source:T2 target:T3' roles, 'T1 This is a named entity.'
    attribute values, an event with roles and an attribute on it: the text-bound marks are
    imported, everything else is listed in one warning, nothing is refused."""
    path = BRAT / "dkpro" / "document1-ref.ann"
    report = empty.import_paths(
        [path],
        format_name="brat",
        label_map={
            f"{DKPRO}api-ner-type-Organization": (ACTOR, "Organization"),
            f"{DKPRO}api-ner-type-Location": (ACTOR, "Country"),
            f"{DKPRO}io-brat-type-MergeOrg": (CLAIM, "Economic cooperation"),
        },
    )
    assert (report.records, report.marks) == (1, 4)
    article, marks = article_marks(empty, "document1-ref.txt")
    assert article.text.startswith("Sony formed a joint venture with Ericsson, a mobile phone")
    assert [(m.kind, m.label, m.start, m.end, m.text) for m in marks] == [
        (ACTOR, "Organization", 0, 4, "Sony"),
        (CLAIM, "Economic cooperation", 14, 27, "joint venture"),
        (ACTOR, "Organization", 33, 41, "Ericsson"),
        (ACTOR, "Country", 75, 81, "Sweden"),
    ]
    assert [str(w) for w in report.warnings] == [
        f"{path}: not imported (events: E1; relations other than speaker/target: "
        f"{DKPRO}io-brat-type-AnnotationRelation (T2->T3); attributes: "
        f"{DKPRO}api-ner-type-Organization_value (T1), "
        f"{DKPRO}io-brat-type-MergeOrg_comment (E1))"
    ]


def test_dkpro_writer_dependencies_between_events(empty):
    """DKPro's BratWriter output of a CoNLL-2009 sentence pair: tokens, POS, lemmas and
    semantic roles as text-bound lines, 'Dependency Governor:E2 Dependent:E1' relations between
    events and attributes on relations: the marks are imported, the rest is summarised."""
    path = BRAT / "dkpro" / "conll2009-en-ref.ann"
    report = empty.import_paths(
        [path],
        format_name="brat",
        label_map={
            f"{DKPRO}api-lexmorph-type-pos-POS": (ACTOR, "Person"),
            f"{DKPRO}api-segmentation-type-Lemma": (ACTOR, "Organization"),
            f"{DKPRO}api-segmentation-type-Token": (ACTOR, "Media"),
            f"{DKPRO}api-semantics-type-SemArg": (CLAIM, "Regional security"),
            f"{DKPRO}api-semantics-type-SemPred": (CLAIM, "Economic cooperation"),
            f"{DKPRO}api-syntax-type-dependency-ROOT": (SENTIMENT, "neutral"),
        },
    )
    assert (report.records, report.marks) == (1, 40 * 3 + 13 + 6 + 2)
    article, marks = article_marks(empty, "conll2009-en-ref.txt")
    assert article.text.startswith("The economy 's temperature will be taken from several")
    firsts = [(m.label, m.start, m.end, m.text) for m in marks if m.start == 4]
    assert sorted(firsts) == [
        ("Media", 4, 11, "economy"),
        ("Organization", 4, 11, "economy"),
        ("Person", 4, 11, "economy"),
        ("Regional security", 4, 11, "economy"),
    ]
    ((warning,),) = [[str(w) for w in report.warnings]]
    assert warning.startswith(f"{path}: not imported (events: E1, E2, E3, E4, E5, E6, E7, E8, "
                              "E9, E10 and 38 more; relations other than speaker/target: "
                              f"{DKPRO}api-syntax-type-dependency-Dependency (E2->E1), ")
    assert "-Dependency (E8->E11) and 28 more; attributes: " in warning
    assert warning.endswith(f"{DKPRO}api-lexmorph-type-pos-POS_PosValue (T10) and 169 more)")


def test_dkpro_file_with_a_broken_line_under_lenient(empty, tmp_path):
    """A DKPro file whose relation line lost an argument: refused naming the line, and with
    --lenient only that line is skipped (and reported); the rest imports as before."""
    source = BRAT / "dkpro"
    ann = (source / "document1-ref.ann").read_text(encoding="utf-8")
    broken = ann.replace("source:T2 target:T3", "source:T2")
    assert broken != ann
    folder = tmp_path / "in"
    path = write_pair(folder, "document1-ref", (source / "document1-ref.txt").read_text(), broken)
    number = broken.split("\n").index(f"R1\t{DKPRO}io-brat-type-AnnotationRelation source:T2") + 1
    labels = {
        f"{DKPRO}api-ner-type-Organization": (ACTOR, "Organization"),
        f"{DKPRO}api-ner-type-Location": (ACTOR, "Country"),
        f"{DKPRO}io-brat-type-MergeOrg": (CLAIM, "Economic cooperation"),
    }
    message = import_error(empty, path, label_map=labels)
    assert message == f"{path}:{number}: R1: expected 'R<n><TAB><type> Arg1:<id> Arg2:<id>'"
    report = empty.import_paths(
        [path], format_name="brat", label_map=labels, options={"lenient": "1"}, lenient=True
    )
    assert (report.records, report.marks, report.skipped) == (1, 4, 0)
    assert [(w.line, w.message) for w in report.warnings] == [
        (number, "skipped: R1: expected 'R<n><TAB><type> Arg1:<id> Arg2:<id>'"),
        (None, f"not imported (events: E1; attributes: {DKPRO}api-ner-type-Organization_value "
               f"(T1), {DKPRO}io-brat-type-MergeOrg_comment (E1))"),
    ]


def test_relation_roles_other_than_arg1_arg2(empty, tmp_path):
    """'speaker Governor:T1 Dependent:T2': the first role is the source (the claim), the
    second the target (the mention); an attribute value with spaces is kept whole."""
    text = "Pakistan and China agree, said Wang."
    ann = (
        "T1\tBilateral_friendship 0 24\tPakistan and China agree\n"
        "T2\tPerson 31 35\tWang\n"
        "T3\tCountry 13 18\tChina\n"
        "R1\tspeaker Governor:T1 Dependent:T2\n"
        "R2\ttarget source:T1 target:T3\n"
        "A1\tForm T1 direct quote\n"
        "A2\tStance T1  support \n"
    )
    path = write_pair(tmp_path, "roles", text, ann)
    report = empty.import_paths([path], format_name="brat")
    assert report.warnings == []
    _, marks = article_marks(empty, "roles.txt")
    by_text = {m.text: m for m in marks}
    claim = by_text["Pakistan and China agree"]
    assert claim.speaker_id == by_text["Wang"].actor_id
    assert claim.target_id == by_text["China"].actor_id
    assert (claim.form, claim.stance) == ("direct quote", "support")


def test_news_folder(empty):
    """brat's tutorial folder: every .ann with its .txt; foreign relations etc. are reported."""
    folder = BRAT / "news"
    report = empty.import_paths([folder], format_name="brat", label_map=NEWS_LABELS)
    assert (report.articles_added, report.records, report.marks) == (3, 3, 7 + 10 + 14)
    article, marks = article_marks(empty, "060-relation_annotation.txt")
    assert [(m.label, m.start, m.end, m.text) for m in marks][:3] == [
        ("Person", 139, 154, "Terry Pratchett"),
        ("Country", 164, 171, "England"),
        ("Person", 483, 497, "Joanne Rowling"),
    ]
    assert all(article.text[m.start : m.end] == m.text for m in marks)
    # The same name twice is one actor.
    assert marks[0].actor_id == [m for m in marks if m.start == 1225][0].actor_id
    warnings = {str(w) for w in report.warnings}
    intro = folder / "000-introduction.ann"
    assert (
        f"{intro}: not imported (events: E1; normalisations: N1; relations other than "
        "speaker/target: Origin (T6->T7), Family (T4->T5); attributes: Mention (T4), "
        "Individual (T4), Mention (T5), Individual (T5), Confidence (E1))"
    ) in warnings
    relation = folder / "060-relation_annotation.ann"
    assert any(str(relation) in w and "equivalences: *" in w for w in warnings)
    _, notes = article_marks(empty, "110-note_annotation.txt")
    assert [m.text for m in notes][:3] == ["Discworld", "YouTube", "DoubleClick"]


def test_intro_marks_exactly(empty):
    """The tutorial's first document gives exactly these eight marks."""
    empty.import_paths([BRAT / "news" / "000-introduction.ann"], format_name="brat",
                       label_map=NEWS_LABELS)
    assert stored(empty) == [
        ("actor", "Organization", 418, 426, "Citibank"),
        ("claim", "Economic cooperation", 443, 449, "moving"),
        ("sentiment", "neutral", 456, 468, "$100 million"),
        ("actor", "Person", 473, 496, "Raul Salinas de Gortari"),
        ("actor", "Person", 511, 535, "former Mexican president"),
        ("actor", "Organization", 540, 545, "banks"),
        ("actor", "Country", 549, 560, "Switzerland"),
    ]


def test_foreign_labels_must_be_mapped(empty):
    """Without --map-label, a foreign type is an unknown label, named in the error."""
    message = import_error(empty, BRAT / "news" / "000-introduction.ann")
    assert "unknown label 'Money'; map it with --map-label" in message
    assert str(BRAT / "news" / "000-introduction.ann") in message


# -- relations, attributes, notes, CR LF --------------------------------------------------------


def test_speaker_target_relations_and_attributes(empty, tmp_path):
    """speaker/target relations name the mention's actor; Stance/Form/Intensity attributes."""
    text = "Wang said Pakistan is a friend of China. Pakistan praised it."
    ann = (
        "T1\tPerson 0 4\tWang\n"
        "T2\tBilateral_friendship 10 39\tPakistan is a friend of China\n"
        "T3\tCountry 34 39\tChina\n"
        "T4\tpositive 50 57\tpraised\n"
        "R1\tspeaker Arg1:T2 Arg2:T1\t\n"
        "R2\ttarget Arg1:T2 Arg2:T3\t\n"
        "R3\ttarget Arg1:T4 Arg2:T3\t\n"
        "A1\tStance T2 support\n"
        "A2\tForm T2 reported_speech\n"
        "A3\tIntensity T4 3\n"
        "#1\tAnnotatorNotes T1\tFirst note, not ours\n"
    )
    path = write_pair(tmp_path, "rel", text, ann)
    report = empty.import_paths([path], format_name="brat")
    assert report.warnings == []
    _, marks = article_marks(empty, "rel.txt")
    by_text = {m.text: m for m in marks}
    claim = by_text["Pakistan is a friend of China"]
    assert claim.kind == CLAIM and claim.label == "Bilateral friendship"
    assert claim.speaker_id == by_text["Wang"].actor_id
    assert claim.target_id == by_text["China"].actor_id
    assert (claim.stance, claim.form) == ("support", "reported speech")
    sentiment = by_text["praised"]
    assert (sentiment.intensity, sentiment.target_id) == (3, by_text["China"].actor_id)


def test_crlf_text_with_brat_offsets(tmp_path):
    """brat counts the CR of CR LF; offsets are converted to our LF text."""
    text = "First line\nChina and Pakistan\n"
    path = write_pair(tmp_path, "crlf", text, "T1\tCountry 22 30\tPakistan\n", newline="\r\n")
    assert drafts(read(path)) == [("actor", "Country", 21, 29, "Pakistan")]


def test_crlf_text_with_offsets_counted_after_normalisation(tmp_path):
    """Offsets a tool counted on LF text are recognised because only they fit."""
    text = "First line\nChina and Pakistan\n"
    path = write_pair(tmp_path, "lf", text, "T1\tCountry 21 29\tPakistan\n", newline="\r\n")
    assert drafts(read(path)) == [("actor", "Country", 21, 29, "Pakistan")]


def test_notes_relations_and_attributes_in_the_draft(tmp_path):
    """What the reader leaves to the resolver: the coder and actors our notes name, relations
    as references to T ids, attribute values as our names."""
    text = "Wang said Pakistan is a friend of China."
    ann = (
        "T1\tPerson 0 4\tWang\n"
        "T2\tBilateral_friendship 10 39\tPakistan is a friend of China\n"
        "R1\tspeaker Arg1:T2 Arg2:T1\t\n"
        "A1\tForm T2 reported_speech\n"
        "#1\tAnnotatorNotes T1\tcoder: alice; actor: Wang Yi; actor id: w1; country: CN\n"
        "#2\tAnnotatorNotes T2\tcoder: alice; target: China; target id: c1; target type: "
        "Country\n"
    )
    (record,) = read(write_pair(tmp_path, "notes", text, ann)).annotations
    draft = record.draft
    assert draft.annotator == "alice"
    assert draft.actors == [
        Actor("w1", "Wang Yi", "Person", "CN", aliases=("Wang",)),
        Actor("c1", "China", "Country"),
    ]
    wang, claim = draft.marks
    assert (wang.ref, wang.kind, wang.actor) == ("T1", "actor", "w1")
    assert (claim.ref, claim.kind, claim.label) == ("T2", "claim", "Bilateral friendship")
    assert (claim.speaker_mark, claim.target, claim.form) == ("T1", "c1", "reported speech")


# -- bad input ------------------------------------------------------------------------------------


def test_missing_txt_is_named(tmp_path):
    """An .ann without its .txt is an error naming both."""
    path = tmp_path / "alone.ann"
    path.write_text("T1\tCountry 0 5\tChina\n", encoding="utf-8")
    (problem,) = read(path).problems
    assert str(problem) == (
        f"{path}: no text file alone.txt beside it (brat keeps the text of an .ann in a .txt "
        "of the same name)"
    )


@pytest.mark.parametrize(
    ("ann", "line", "expected"),
    [
        ("T1\tCountry 0 5\tChina\nT2\tCountry 10 99\tPakistan\n", 2,
         "T2: offsets 10 99 are outside the text of 18 characters (code points)"),
        ("T1\tCountry 0 5\tChina\nT2\tCountry 9 17\tPakistan\n", 2,
         "T2: offsets 9 17: text 'Pakistan' does not match the .txt there (' Pakista')"),
        ("T1\tCountry 0 5\tChina\nT1\tCountry 10 18\tPakistan\n", 2,
         "id T1 is used twice (first on line 1)"),
        ("T1\tCountry 0 5\tChina\nT2 Country 10 18 Pakistan\n", 2,
         "malformed line 'T2 Country 10 18 Pakistan': a brat line starts with an id"),
        ("T1\tCountry 0 five\tChina\n", 1,
         "T1: expected 'T<n><TAB><type> <start> <end>"),
        ("T1\tCountry 5 0\tChina\n", 1, "T1: offsets 5 0: every start must be before its end"),
        ("T1\tCountry 0 5\tChina\nR1\tspeaker Arg1:T1 Arg2:T7\t\n", 2,
         "relation speaker: T7 is not a text-bound (T) line here"),
        ("T1\tCountry 0 5\tChina\nA1\tStance T9 support\n", 2,
         "attribute Stance: T9 is not a text-bound (T) line here"),
        ("T1\tCountry 0 5\tChina\nR1\tspeaker Arg1:T1\t\n", 2,
         "R1: expected 'R<n><TAB><type> Arg1:<id> Arg2:<id>'"),
    ],
)
def test_bad_lines_are_named_with_file_and_line(tmp_path, ann, line, expected):
    """Every bad line is reported as file:line: what is wrong; nothing is read."""
    path = write_pair(tmp_path, "bad", "China and Pakistan", ann)
    result = read(path)
    assert str(result.problems[0]).startswith(f"{path}:{line}: {expected}")
    assert result.annotations == []


def test_a_bad_line_fails_the_import(empty, tmp_path):
    """Through an import: the error names file and line; nothing is stored."""
    ann = "T1\tCountry 0 5\tChina\nT2\tCountry 10 99\tPakistan\n"
    path = write_pair(tmp_path, "bad", "China and Pakistan", ann)
    assert import_error(empty, path) == (
        f"{path}:2: T2: offsets 10 99 are outside the text of 18 characters (code points)"
    )
    assert empty.article_summaries() == []


def test_unknown_label_is_named(empty, tmp_path):
    """An unknown type is refused, naming it and how to map it."""
    path = write_pair(tmp_path, "odd", "China and Pakistan", "T1\tNation 0 5\tChina\n")
    message = import_error(empty, path)
    assert f"{path}" in message and "unknown label 'Nation'" in message


def test_lenient_skips_bad_lines_with_a_report(tmp_path):
    """With --lenient, bad lines (and what depends on them) are skipped, each reported."""
    ann = (
        "T1\tCountry 0 5\tChina\n"
        "T2\tCountry 10 99\tPakistan\n"
        "garbage\n"
        "R1\ttarget Arg1:T2 Arg2:T1\t\n"
    )
    path = write_pair(tmp_path, "some", "China and Pakistan", ann)
    result = read(path, lenient="1")
    assert result.problems == []
    assert drafts(result) == [("actor", "Country", 0, 5, "China")]
    assert [(w.line, w.message.split(":")[0], w.code) for w in result.warnings] == [
        (3, "skipped", ProblemCode.BAD_SYNTAX),
        (2, "skipped", ProblemCode.BAD_OFFSETS),
        (4, "skipped", ProblemCode.UNKNOWN_REFERENCE),
    ]


def test_lenient_skips_a_file_with_unknown_labels(empty, tmp_path):
    """A record with an unknown label is skipped whole under --lenient; others are stored."""
    write_pair(tmp_path / "in", "good", "China and Pakistan", "T1\tCountry 0 5\tChina\n")
    write_pair(tmp_path / "in", "odd", "Gwadar port", "T1\tPort 0 6\tGwadar\n")
    report = empty.import_paths([tmp_path / "in"], format_name="brat", lenient=True)
    assert (report.records, report.skipped) == (1, 1)
    assert stored(empty) == [("actor", "Country", 0, 5, "China")]


def test_empty_folder_is_an_error(tmp_path):
    """A folder without .ann files says so."""
    (tmp_path / "none").mkdir()
    assert [str(p) for p in read(tmp_path / "none").problems] == [
        f"{tmp_path / 'none'}: no .ann files in folder"
    ]


@pytest.mark.parametrize(
    ("ann", "codes"),
    [
        ("T1\tCountry 0 5\tChina\nT1\tCountry 10 18\tPakistan\n", [ProblemCode.BAD_SYNTAX]),
        ("garbage\nT1\tCountry 0 five\tChina\n", [ProblemCode.BAD_SYNTAX] * 2),
        ("R1\tspeaker Arg1:T1\t\nA1\tStance\n#1\tAnnotatorNotes\n", [ProblemCode.BAD_SYNTAX] * 3),
        ("T1\tCountry 5 0\tChina\nT2\tCountry 10 99\tPakistan\n", [ProblemCode.BAD_OFFSETS] * 2),
        ("T1\tCountry 9 17\tPakistan\n", [ProblemCode.BAD_OFFSETS]),
        (
            "T1\tCountry 0 5\tChina\nR1\tspeaker Arg1:T1 Arg2:T7\t\nA1\tStance T9 support\n",
            [ProblemCode.UNKNOWN_REFERENCE] * 2,
        ),
        ("T1\tCountry 0 5\tChina\nA1\tStance T1\n", [ProblemCode.BAD_SYNTAX]),
        (
            "T1\tCountry 0 5\tChina\nT2\tCountry 10 18\tPakistan\n"
            "#1\tAnnotatorNotes T1\tcoder: alice\n#2\tAnnotatorNotes T2\tcoder: bob\n",
            [ProblemCode.BAD_SHAPE],
        ),
    ],
)
def test_problem_codes_of_bad_lines(tmp_path, ann, codes):
    """Each kind of bad line is reported with its code."""
    path = write_pair(tmp_path, "bad", "China and Pakistan", ann)
    assert [p.code for p in read(path).problems] == codes


def test_problem_codes_of_bad_files(tmp_path):
    """Files that cannot be read, or hold no text an article can be made of."""
    alone = tmp_path / "alone.ann"
    alone.write_text("T1\tCountry 0 5\tChina\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    latin1 = write_pair(tmp_path / "latin1", "x", "China", "T1\tCountry 0 5\tChina\n")
    latin1.with_suffix(".txt").write_bytes(b"caf\xe9")
    nul = write_pair(tmp_path / "nul", "x", "China\x00", "T1\tCountry 0 5\tChina\n")
    blank = write_pair(tmp_path / "blank", "x", "  \n", "")
    cases = {
        alone: [ProblemCode.MISSING_TEXT],
        tmp_path / "empty": [ProblemCode.UNREADABLE],
        latin1: [ProblemCode.NOT_UTF8],
        nul: [ProblemCode.BAD_TEXT],
        blank: [ProblemCode.MISSING_TEXT],
    }
    assert {path: [p.code for p in read(path).problems] for path in cases} == cases


# -- writing ------------------------------------------------------------------------------------


def coded_project(path: Path) -> tuple[Session, str]:
    """Return a project with one article coded by alice and by 'Zoë O'Brien/2'."""
    s = Session.open(path, "alice")
    source = path.parent / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    s.import_paths([source])
    article_id = s.article_summaries()[0].id

    def add(kind, needle, label, coder="alice", **changes):
        start = TEXT.index(needle)
        mark, actors = s.prepare_mark(article_id, kind, start, start + len(needle), label)
        mark = mark.with_changes(annotator=coder, **changes)
        return s.add_mark(mark, actors).mark

    pakistan = add(ACTOR, "Pakistan", "Country")
    china = add(ACTOR, "China", "Country")
    wang = add(ACTOR, "Wang Yi", "Person")
    add(CLAIM, "the cafe\u0301 owners in 中巴 trust China", "Bilateral friendship",
        speaker_id=pakistan.actor_id, target_id=china.actor_id, stance="support",
        form="author's assertion")
    add(CLAIM, "We welcome 👍🏽 the corridor", "Economic cooperation", speaker_id=wang.actor_id,
        form="direct quote")
    add(SENTIMENT, "trust", "positive", intensity=2, target_id=china.actor_id)
    add(CLAIM, "China.\n“We welcome", "Regional security")
    add(ACTOR, "China", "Military/Security", coder="Zoë O'Brien/2")
    add(CLAIM, "Pakistan said", "Kashmir/sovereignty", coder="Zoë O'Brien/2",
        speaker_id=wang.actor_id)
    return s, article_id


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Return every file of a folder by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_import_export_is_identical(tmp_path):
    """Our brat folder re-read by our reader and written again gives the same bytes."""
    first, article_id = coded_project(tmp_path / "a.db")
    out1 = tmp_path / "one"
    assert first.export_file(out1, "brat") == 2
    second = Session.open(tmp_path / "b.db", "bob")
    report = second.import_paths([out1], format_name="brat")
    assert report.warnings == [] and report.records == 2
    out2 = tmp_path / "two"
    assert second.export_file(out2, "brat") == 2
    assert folder_bytes(out2) == folder_bytes(out1)
    for coder in ("alice", "Zoë O'Brien/2"):
        before = first.store.marks_for(article_id, coder)
        after = second.store.marks_for(article_id, coder)
        fields = ("kind", "label", "start", "end", "text", "actor_id", "speaker_id", "target_id",
                  "stance", "form", "intensity")
        assert [[getattr(m, f) for f in fields] for m in after] == [
            [getattr(m, f) for f in fields] for m in before
        ]
        assert all(TEXT[m.start : m.end] == m.text for m in after)
    assert second.store.marks_for(article_id, "bob") == []
    for actor_id in {m.actor_id for m in first.store.marks_for(article_id, "alice") if m.actor_id}:
        assert second.actor(actor_id) == as_imported(first.actor(actor_id))
    first.close()
    second.close()


PAKISTAN = Actor("0a0a-01", "Pakistan", "Country")
CHINA = Actor("0c0c-02", "China", "Country")
WANG = Actor("0b0b-03", "Wang Yi", "Person", "CN")


def coded_documents() -> list[AnnotatedDocument]:
    """Return the article coded as coded_project codes it, built directly: alice's coding and
    'Zoë O'Brien/2''s (who marks China as Military/Security, and a claim whose speaker she
    never marks)."""
    article = make_article(TEXT, source="article.txt")
    codings = []
    for coder, specs in (
        (
            "alice",
            [
                (ACTOR, "Pakistan", "Country", {"actor_id": PAKISTAN.id}),
                (ACTOR, "China", "Country", {"actor_id": CHINA.id}),
                (ACTOR, "Wang Yi", "Person", {"actor_id": WANG.id}),
                (CLAIM, "the cafe\u0301 owners in 中巴 trust China", "Bilateral friendship",
                 {"speaker_id": PAKISTAN.id, "target_id": CHINA.id, "stance": "support",
                  "form": "author's assertion"}),
                (CLAIM, "We welcome 👍🏽 the corridor", "Economic cooperation",
                 {"speaker_id": WANG.id, "form": "direct quote"}),
                (SENTIMENT, "trust", "positive", {"intensity": 2, "target_id": CHINA.id}),
                (CLAIM, "China.\n“We welcome", "Regional security", {}),
            ],
        ),
        (
            "Zoë O'Brien/2",
            [
                (ACTOR, "China", "Military/Security", {"actor_id": CHINA.id}),
                (CLAIM, "Pakistan said", "Kashmir/sovereignty", {"speaker_id": WANG.id}),
            ],
        ),
    ):
        marks = []
        for kind, needle, label, fields in specs:
            start = TEXT.index(needle)
            marks.append(
                Mark(f"{coder}-{len(marks)}", article.id, coder, kind, start,
                     start + len(needle), needle, label, **fields)
            )
        labels = DocumentLabels(article.id, coder)
        codings.append(
            AnnotatedDocument(article, coder, labels, "focus", (PAKISTAN, CHINA, WANG),
                              tuple(marks))
        )
    return codings


def write_documents(folder: Path) -> int:
    """Write the coded documents as brat with our writer alone; return how many."""
    context = FormatContext(default_tagset(), {})
    return registry.get("brat").write(coded_documents(), folder, context)


def test_written_files(tmp_path):
    """File names are OS-safe; the .ann carries coder, actors, relations and attributes."""
    article_id = coded_documents()[0].article.id
    out = tmp_path / "out"
    assert write_documents(out) == 2
    names = sorted(p.name for p in out.iterdir())
    zoe = coder_file_part("Zoë O'Brien/2")
    assert re.fullmatch(r"zoe-o-brien-2~[0-9a-f]{6}", zoe)
    assert names == sorted(
        ["annotation.conf", *(f"{article_id[:12]}_{c}.{e}" for c in ("alice", zoe)
                               for e in ("txt", "ann"))]
    )
    assert (out / f"{article_id[:12]}_alice.txt").read_text(encoding="utf-8") == TEXT
    ann = (out / f"{article_id[:12]}_alice.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    assert "T1\tCountry 3 11\tPakistan" in lines
    assert "T2\tBilateral_friendship 17 51\tthe cafe\u0301 owners in 中巴 trust China" in lines
    # A mark over a line break is written as fragments, as brat writes it.
    assert any(re.fullmatch(r"T\d+\tRegional_security 46 52;53 64\tChina\. “We welcome", x)
               for x in lines)
    assert any(re.fullmatch(r"R\d+\tspeaker Arg1:T2 Arg2:T1\t", x) for x in lines)
    assert any(re.fullmatch(r"A\d+\tForm T2 author_s_assertion", x) for x in lines)
    assert any(re.fullmatch(r"A\d+\tIntensity T\d+ 2", x) for x in lines)
    assert any(re.fullmatch(r"#\d+\tAnnotatorNotes T1\tcoder: alice; actor: Pakistan; "
                            r"actor id: [0-9a-f-]+", x) for x in lines)
    other = (out / f"{article_id[:12]}_{zoe}.ann").read_text(encoding="utf-8")
    # The speaker has no mention in this coder's marks: the note names it.
    assert re.search(r"coder: Zoë O'Brien/2; speaker: Wang Yi; speaker id: \S+; "
                     r"speaker type: Person", other)
    assert "T2\tMilitary_Security 46 51\tChina" in other.splitlines()
    assert re.search(r"AnnotatorNotes T2\tcoder: Zoë O'Brien/2; actor: China; actor id: \S+; "
                     r"actor type: Country\n", other)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "\nMilitary_Security\n" in conf and "\nKashmir_sovereignty\n" in conf
    assert "\nStance\tArg:" in conf and "Value:support|oppose|neutral" in conf


def test_annotation_conf_allows_overlaps():
    """The conf lets entities nest, cross and share spans, in brat's own syntax.

    Checked against brat's server (projectconfig.py, verify_annotations.py at nlplab/brat
    44ecd82, Python 3.10): without the line its verifier reports 'Kashmir_sovereignty cannot
    contain Country'; with it, overlap_types() is {'<ANY>'} and no issue is reported.
    """
    conf = brat.annotation_conf(default_tagset())
    sections = {}
    for block in conf.split("\n[")[1:]:
        name, _, body = block.partition("]\n")
        sections[name] = [x for x in body.split("\n") if x and not x.startswith("#")]
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in sections["relations"]
    assert not any("<OVERLAP>" in x for name, xs in sections.items() if name != "relations"
                   for x in xs)
    # brat splits a relation line at its first white space, then its arguments at commas
    # into KEY:VALUE pairs; <OVL-TYPE> is a reserved key whose value is kept whole.
    line = next(x for x in sections["relations"] if x.startswith("<OVERLAP>"))
    term, args = line.split(None, 1)
    assert term == "<OVERLAP>"
    assert [tuple(a.strip().split(":")) for a in args.split(",")] == [
        ("Arg1", "<ENTITY>"), ("Arg2", "<ENTITY>"), ("<OVL-TYPE>", "<ANY>")
    ]


def test_type_names_map_back():
    """Every label of the tag set has a distinct safe type that maps back to it."""
    from annotator.core.tagset import default_tagset

    types = brat.brat_types(default_tagset())
    assert len(set(types.values())) == len(types)
    assert all(re.fullmatch(r"[\w-]+", t) for t in types.values())
    assert types[(ACTOR, "International organization")] == "International_organization"


def test_note_values_are_escaped_and_parsed():
    """Notes survive names with semicolons, backslashes and tabs."""
    note = "coder: a\\;b; actor: x\\\\y\\tz; actor id: 1"
    assert brat.parse_note(note) == {"coder": "a;b", "actor": "x\\y\tz", "actor id": "1"}
    assert brat.parse_note("100000000 USD") == {}


def test_export_to_a_file_path_is_refused(tmp_path):
    """brat writes a folder; an existing file in its place is refused."""
    target = tmp_path / "taken.ann"
    target.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="writes a folder"):
        write_documents(target)
