"""WebAnno TSV 3.x: INCEpTION's fixtures, our own layers round trip, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProblemCode
from annotator.core.model import DocumentLabels, MarkKind
from annotator.formats import registry
from annotator.formats.base import FormatContext, ReadResult
from annotator.formats.webanno_tsv import escape_value, read_tsv, split_stack, unescape, write_tsv
from annotator.session import Session
from tests.conftest import FIXTURES, add
from tests.formats.training_corpus import context, emoji_coding

TSV = FIXTURES / "inception"


def read(path: Path, **options: str) -> ReadResult:
    result = ReadResult()
    read_tsv(path, result, FormatContext(tagset=None, options=options))  # type: ignore[arg-type]
    return result


def spans(result: ReadResult) -> list[tuple[int, int, str, str]]:
    (record,) = result.annotations
    return [(m.start, m.end, m.text, m.label) for m in record.draft.marks]


def test_emoji_fixture_utf16_offsets_land_on_the_emoji():
    """The span at UTF-16 10-12 is the emoji, code points 10-11; a null value gives 'Span'."""
    result = read(TSV / "webanno_tsv3_emoji.tsv")
    assert not result.problems
    assert result.annotations[0].article.text == "I like it 😊 ."
    assert spans(result) == [(10, 11, "😊", "Span")]


def test_named_entities_with_multi_token_ids_and_stacking():
    """example2: PER[2] over two tokens, stacked ORG[7]|PER[8]; POS is skipped by default."""
    result = read(TSV / "webanno_tsv3_example2.tsv")
    assert not result.problems
    text = result.annotations[0].article.text
    assert text.startswith("Ms. Haag plays Elianti .\nRolls-Royce Motor Cars Inc. said")
    found = spans(result)
    assert (0, 8, "Ms. Haag", "PER") in found
    assert (15, 22, "Elianti", "OTH") in found
    assert (25, 42, "Rolls-Royce Motor", "ORG") in found
    assert (191, 211, "BELL INDUSTRIES Inc.", "ORG") in found
    assert (191, 195, "BELL", "PER") in found
    assert all(text[s:e] == t for s, e, t, _ in found)
    assert "POS" in result.warnings[0].message


def test_multi_token_span_and_escaped_pipe_in_lemma():
    """A five-token PERSON[1]; the German file's er\\|es\\|sie lemma reads as one value."""
    assert spans(read(TSV / "webanno_tsv3_multitoken_span.tsv")) == [
        (0, 16, "This is a test .", "PERSON")
    ]
    german = read(TSV / "webanno_tsv3_german_dependency_user1.tsv", layers="Lemma")
    found = spans(german)
    assert (20, 24, "sich", "er|es|sie") in found
    assert (66, 79, "Universitäten", "Universität") in found


def test_foreign_relation_file_reads_text_without_marks():
    result = read(TSV / "webanno_tsv3_relation.tsv")
    assert not result.problems
    assert result.annotations[0].article.text == "This is a test ."
    assert spans(result) == []


ZERO = TSV / "webanno_tsv3_zero_length_spans.tsv"
SUB_TOKENS = TSV / "webanno_tsv3_sub_token_and_zero_length_spans.tsv"


def test_zero_length_spans_are_skipped_with_a_warning():
    """INCEpTION's PERSON at 0-0 and ORG at 16-16 (sub-token lines 1-1.1 and 1-5.1) cannot be
    marks: each is a warning naming file and line, and the file still imports."""
    result = read(ZERO)
    assert [str(w) for w in result.warnings] == [
        f"{ZERO}:7: skipped a zero-length span 'PERSON' of layer Span at UTF-16 offset 0 (a mark "
        "needs at least one character)",
        f"{ZERO}:12: skipped a zero-length span 'ORG' of layer Span at UTF-16 offset 16 (a mark "
        "needs at least one character)",
    ]
    assert not result.problems
    (record,) = result.annotations
    assert (record.article.text, record.draft.marks) == ("This is a test .", [])


def test_zero_length_spans_among_sub_token_spans():
    """Sub-token and multi-token spans keep their offsets; the three zero-length ones (7-7,
    10-10, 13-13) are left out, each named by its line."""
    result = read(SUB_TOKENS)
    assert not result.problems
    assert result.annotations[0].article.text == "aaaaaa bbbbbb cccccc"
    assert spans(result) == [
        (0, 13, "aaaaaa bbbbbb", "2"),
        (0, 10, "aaaaaa bbb", "7"),
        (0, 6, "aaaaaa", "1"),
        (3, 17, "aaa bbbbbb ccc", "9"),
        (3, 13, "aaa bbbbbb", "6"),
        (3, 10, "aaa bbb", "8"),
        (7, 11, "bbbb", "4"),
        (9, 13, "bbbb", "5"),
        (9, 11, "bb", "3"),
    ]
    assert [(w.line, w.message.split(" (")[0]) for w in result.warnings] == [
        (11, "skipped a zero-length span '11' of layer Span at UTF-16 offset 7"),
        (14, "skipped a zero-length span '10' of layer Span at UTF-16 offset 10"),
        (15, "skipped a zero-length span '12' of layer Span at UTF-16 offset 13"),
    ]


def test_zero_length_relation_end_is_skipped_with_its_relation(tmp_path):
    """A ClaimRelation of ours whose actor mention has zero length goes with it, warned."""
    path = tmp_path / "rel.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.Actor|actorType|actor|actorName\n"
        "#T_SP=webanno.custom.Claim|topic|stance|form\n"
        "#T_RL=webanno.custom.ClaimRelation|role|BT_webanno.custom.Actor\n\n\n"
        "#Text=China agrees .\n"
        "1-1\t0-5\tChina\t_\t_\t_\tBilateral friendship[1]\t_\t_\t_\t_\t\n"
        "1-1.1\t5-5\t\tCountry[2]\t_\t_\t_\t_\t_\tspeaker\t1-1[1_2]\t\n"
        "1-2\t6-12\tagrees\t_\t_\t_\t_\t_\t_\t_\t_\t\n"
        "1-3\t13-14\t.\t_\t_\t_\t_\t_\t_\t_\t_\t\n",
        encoding="utf-8",
    )
    result = read(path)
    assert not result.problems
    assert [(w.line, w.message.split(" (")[0]) for w in result.warnings] == [
        (9, "skipped a zero-length span 'Country' of layer Actor at UTF-16 offset 5"),
        (9, "skipped a speaker relation '1-1[1_2]': its span on line 9 has zero length"),
    ]
    (record,) = result.annotations
    (claim,) = record.draft.marks
    assert (claim.label, claim.start, claim.end, claim.speaker_mark, claim.speaker) == (
        "Bilateral friendship",
        0,
        5,
        None,
        None,
    )


def test_broken_file_is_refused_or_left_out_whole_under_lenient(tmp_path):
    """A TSV file is one document: a bad line refuses it, naming file and line; with
    --lenient that file alone is left out (its problems reported, counted as skipped), the
    others are read."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ZERO, folder / "a.tsv")
    text = SUB_TOKENS.read_text(encoding="utf-8")
    assert "1-2.4\t9-13\tbbbb" in text
    (folder / "b.tsv").write_text(text.replace("1-2.4\t9-13\t", "1-2.4\t9-x\t"), "utf-8")
    (problem,) = read(folder).problems
    assert str(problem) == (
        f"{folder / 'b.tsv'}:12: bad token id or offsets '9-x' (expected like 1-2 and 5-9)"
    )
    result = read(folder, lenient="1")
    assert not result.problems
    assert [(Path(w.path).name, w.line, w.message.split(" (")[0]) for w in result.warnings] == [
        ("a.tsv", 7, "skipped a zero-length span 'PERSON' of layer Span at UTF-16 offset 0"),
        ("a.tsv", 12, "skipped a zero-length span 'ORG' of layer Span at UTF-16 offset 16"),
        ("b.tsv", 12, "skipped: bad token id or offsets '9-x'"),
    ]
    assert result.skipped == 1
    (record,) = result.annotations
    assert record.article.text == "This is a test ."


def test_a_file_left_out_under_lenient_counts_as_skipped_in_the_import(empty, tmp_path):
    """The import's report counts the file the reader left out (it used to say 0 skipped)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ZERO, folder / "a.tsv")
    good = (TSV / "webanno_tsv3_emoji.tsv").read_text(encoding="utf-8")
    (folder / "b.tsv").write_text(good.replace("1-3\t7-9", "1-3\t7-x"), encoding="utf-8")
    with pytest.raises(InputError):
        empty.import_paths([folder], format_name="webanno-tsv")
    report = empty.import_paths([folder], format_name="webanno-tsv", lenient=True)
    assert (report.records, report.skipped) == (1, 1)
    (summary,) = empty.article_summaries()
    assert empty.article(summary.id).text == "This is a test ."


def test_escaping_round_trips():
    value = "a|b_[c]\\d->e;*\tf"
    assert unescape(escape_value(value)) == value
    assert [unescape(v) for v in split_stack(escape_value("x|y") + "|z")] == ["x|y", "z"]


def _coded(tmp_path: Path) -> tuple[Session, str, str]:
    text = "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n\n  Beijing agreed.\n"
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    s = Session.open(tmp_path / "a.db", "alice")
    s.import_paths([source])
    article_id = s.article_summaries()[0].id
    pakistan = add(s, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    china = add(s, article_id, MarkKind.ACTOR, "China", "Country")
    claim = add(
        s,
        article_id,
        MarkKind.CLAIM,
        "the cafe\u0301 owners in 中巴 trust China",
        "Bilateral friendship",
    )
    s.update_mark(
        claim.with_changes(
            speaker_id=pakistan.actor_id,
            target_id=china.actor_id,
            stance="support",
            form="reported speech",
        )
    )
    sentiment = add(s, article_id, MarkKind.SENTIMENT, "trust", "positive")
    s.update_mark(sentiment.with_changes(intensity=2, target_id=china.actor_id))
    add(s, article_id, MarkKind.ACTOR, "Beijing", "Government")
    s.set_document_labels(DocumentLabels(article_id, "alice", tone="positive"))
    return s, article_id, text


def test_round_trip_keeps_text_spans_and_relations(tmp_path):
    """Export, import as alice, export again: same bytes; every span on the same text."""
    first, article_id, text = _coded(tmp_path)
    out1 = tmp_path / "out1"
    assert first.export_file(out1, "webanno-tsv") == 1
    (file1,) = out1.iterdir()
    assert file1.name.endswith(".alice.tsv")
    body = file1.read_text(encoding="utf-8")
    assert body.startswith("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Actor|actorType|")
    second = Session.open(tmp_path / "b.db", "bob")
    second.import_paths([out1], annotator="alice", format_name="webanno-tsv")
    assert second.article(article_id).text == text
    out2 = tmp_path / "out2"
    second.export_file(out2, "webanno-tsv")
    assert (out2 / file1.name).read_bytes() == file1.read_bytes()
    before = {
        (m.kind, m.start, m.end, m.label, m.stance, m.form, m.intensity)
        for m in first.store.marks_for(article_id, "alice")
    }
    marks = second.store.marks_for(article_id, "alice")
    assert {
        (m.kind, m.start, m.end, m.label, m.stance, m.form, m.intensity) for m in marks
    } == before
    assert all(text[m.start : m.end] == m.text for m in marks)
    old = {
        m.kind: m for m in first.store.marks_for(article_id, "alice") if m.kind != MarkKind.ACTOR
    }
    new = {m.kind: m for m in marks if m.kind != MarkKind.ACTOR}
    for kind in old:
        assert (new[kind].speaker_id, new[kind].target_id) == (
            old[kind].speaker_id,
            old[kind].target_id,
        )
    first.close()
    second.close()


def test_single_file_for_one_record_and_reader_of_it(tmp_path):
    doc = emoji_coding()
    target = tmp_path / "one.tsv"
    assert write_tsv([doc], target, context()) == 1
    result = read(target)
    assert not result.problems
    assert result.annotations[0].article.text == doc.article.text
    assert registry.for_path(target).name == "webanno-tsv"


def test_bad_input_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    good = (TSV / "webanno_tsv3_emoji.tsv").read_text(encoding="utf-8")
    bad.write_text(good.replace("1-3\t7-9", "1-3\t7-x"), encoding="utf-8")
    result = read(bad)
    assert [(p.path, p.line) for p in result.problems] == [(str(bad), 8)]
    assert "bad token id or offsets '7-x'" in result.problems[0].message
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text(good.replace("1-2\t2-6\tlike", "1-2\t2-6\tlove"), encoding="utf-8")
    (problem,) = read(wrong).problems
    assert problem.line == 7 and "does not match the sentence text" in problem.message
    header = tmp_path / "header.tsv"
    header.write_text("hello\n", encoding="utf-8")
    (problem,) = read(header).problems
    assert problem.line == 1 and "not WebAnno TSV 3.x" in problem.message


def test_unknown_labels_fail_unless_mapped_or_lenient(tmp_path):
    session = Session.open(tmp_path / "p.db", "alice")
    folder = tmp_path / "in"
    folder.mkdir()
    # "PERSON" would match the tag set's "Person" (labels match case-insensitively).
    multi = (TSV / "webanno_tsv3_multitoken_span.tsv").read_text(encoding="utf-8")
    (folder / "a.tsv").write_text(multi.replace("PERSON", "Weird"), encoding="utf-8")
    shutil.copy(TSV / "webanno_tsv3_emoji.tsv", folder / "b.tsv")
    with pytest.raises(InputError, match=r"a\.tsv.*unknown label 'Weird'"):
        session.import_paths(
            [folder], format_name="webanno-tsv", label_map={"Span": (MarkKind.ACTOR, "Person")}
        )
    report = session.import_paths(
        [folder],
        format_name="webanno-tsv",
        label_map={"Span": (MarkKind.ACTOR, "Person")},
        lenient=True,
    )
    assert report.skipped == 1 and report.records == 1
    (article,) = session.article_summaries()
    (mark,) = session.store.marks_for(article.id, "alice")
    assert (mark.start, mark.end, mark.text, mark.label) == (10, 11, "😊", "Person")
    session.close()


OURS = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=webanno.custom.Actor|actorType|actor|actorName\n"
    "#T_SP=webanno.custom.Claim|topic|stance|form\n"
    "#T_SP=webanno.custom.Sentiment|polarity|intensity\n"
    "#T_RL=webanno.custom.ClaimRelation|role|BT_webanno.custom.Actor\n\n\n"
    "#Text=China agrees .\n"
    "1-1\t0-5\tChina\tCountry[1]\tchina[1]\tChina[1]\tTopic[2]\t*[2]\t*[2]\t_\t_\t{role}\t{ref}\t\n"
    "1-2\t6-12\tagrees\t_\t_\t_\t{claim}\t{claim}\t{claim}\t{sentiment}\t{intensity}\t_\t_\t\n"
    "1-3\t13-14\t.\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t\n"
)


def ours(**cells: str) -> str:
    """Return a file of our layers: 'China' an actor and a claim, the actor its speaker."""
    given = {"role": "speaker", "ref": "1-1[2_1]", "claim": "_", "sentiment": "_"}
    return OURS.format(**{"intensity": "_", **given, **cells})


def test_broken_inputs_carry_problem_codes(tmp_path):
    """Each kind of broken file gives problems of its code, read without a project."""
    SYNTAX = ProblemCode.BAD_SYNTAX  # noqa: N806
    good = (TSV / "webanno_tsv3_emoji.tsv").read_text(encoding="utf-8")
    broken = {
        "header.tsv": ("hello\n", [SYNTAX]),
        "offsets.tsv": (good.replace("1-3\t7-9", "1-3\t7-x"), [SYNTAX]),
        "fields.tsv": (good.replace("1-2\t2-6\tlike\t_", "1-2\t2-6\tlike\t_\t_"), [SYNTAX]),
        # No layer: its column is not declared, so each of the 5 token lines has one too many.
        "layer.tsv": (good.replace("#T_SP=webanno.custom.Span|", "#T_SP=|"), [SYNTAX] * 6),
        "before.tsv": (good.replace("#Text=I like it 😊 .\n", ""), [SYNTAX] * 5),
        "backwards.tsv": (good.replace("1-3\t7-9", "1-3\t9-7"), [ProblemCode.BAD_OFFSETS]),
        "mismatch.tsv": (
            good.replace("1-2\t2-6\tlike", "1-2\t2-6\tlove"),
            [ProblemCode.BAD_OFFSETS],
        ),
        "past.tsv": (good.replace("1-5\t13-14", "1-5\t15-16"), [ProblemCode.BAD_OFFSETS]),
        "tokens.tsv": ("#FORMAT=WebAnno TSV 3.3\n\n#Text=nothing\n", [ProblemCode.MISSING_TEXT]),
        "nul.tsv": (
            "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n"
            "#Text=a\x00b\n1-1\t0-3\ta\x00b\tX\t\n",
            [ProblemCode.BAD_TEXT],
        ),
        "intensity.tsv": (ours(sentiment="positive", intensity="very"), [ProblemCode.BAD_SHAPE]),
        "topic.tsv": (ours(claim="*"), [ProblemCode.BAD_MARK]),
        "role.tsv": (ours(role="boss"), [ProblemCode.BAD_MARK]),
        "roles.tsv": (ours(role="speaker|target"), [SYNTAX]),
        "reference.tsv": (ours(ref="1-1[2_1"), [SYNTAX]),
        "dangling.tsv": (ours(ref="1-1[7_1]"), [ProblemCode.UNKNOWN_REFERENCE]),
        # No base type: the layer and its columns are not read, so each token line has too many.
        "base.tsv": (ours().replace("|BT_webanno.custom.Actor", ""), [SYNTAX] * 4),
    }
    fmt = registry.get("webanno-tsv")
    found = {}
    for name, (text, _) in broken.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = ReadResult()
        fmt.read(tmp_path / name, result, context())
        found[name] = [p.code for p in result.problems]
        assert not result.annotations
    (tmp_path / "latin1.tsv").write_bytes(good.replace("😊", "é").encode("latin-1"))
    (tmp_path / "empty").mkdir()
    for name in ("latin1.tsv", "empty"):
        result = ReadResult()
        fmt.read(tmp_path / name, result, context())
        found[name] = [p.code for p in result.problems]
    assert found == {
        **{name: codes for name, (_, codes) in broken.items()},
        "latin1.tsv": [ProblemCode.NOT_UTF8],
        "empty": [ProblemCode.UNREADABLE],
    }
    good_ours = tmp_path / "ours.tsv"
    good_ours.write_text(ours(sentiment="positive", intensity="2"), encoding="utf-8")
    result = read(good_ours)
    assert not result.problems
    claim = next(m for m in result.annotations[0].draft.marks if m.kind == "claim")
    assert claim.speaker_mark == "webanno.custom.Actor#1"
