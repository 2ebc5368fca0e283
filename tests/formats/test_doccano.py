"""doccano JSONL: real doccano files, round trips through our writer, offsets and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProblemCode, ValidationError
from annotator.core.model import ArticleStatus, DocumentLabels, MarkKind
from annotator.core.offsets import Utf16Map
from annotator.core.tagset import default_tagset
from annotator.core.text import article_id
from annotator.formats import registry
from annotator.formats.base import FormatContext, ReadResult
from annotator.session import Session
from tests.conftest import FIXTURES, add, as_imported
from tests.formats import training_corpus

DOCCANO = FIXTURES / "doccano"
MAP = {
    "ORG": (MarkKind.ACTOR, "Organization"),
    "MISC": (MarkKind.ACTOR, "Country"),
    "PERSON": (MarkKind.ACTOR, "Person"),
    "DATE": (MarkKind.SENTIMENT, "neutral"),
}


def spans(session, text, coder="alice"):
    """Return (kind, start, end, text, label) of a coder's marks on the article with this text."""
    return [
        (m.kind.value, m.start, m.end, m.text, m.label)
        for m in session.store.marks_for(article_id(text), coder)
    ]


def write_lines(path: Path, *objects) -> Path:
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path, **options: str) -> ReadResult:
    """Read a file with the doccano reader alone (no project): its drafts and problems."""
    result = ReadResult()
    registry.get("doccano").read(path, result, FormatContext(default_tagset(), options))
    return result


def drafted(result: ReadResult, text: str) -> list[tuple]:
    """Return (coder, start, end, text, label) of the draft marks read for the article."""
    return [
        (record.draft.annotator, m.start, m.end, m.text, m.label)
        for record in result.annotations
        if record.article.text == text
        for m in record.draft.marks
    ]


# -- real doccano files ----------------------------------------------------------------------


def test_sequence_labeling_export_is_read(empty):
    """doccano's sequence-labeling example: [start, end, LABEL] spans, mapped to our labels."""
    path = DOCCANO / "sequence_labeling_export.jsonl"
    assert registry.for_path(path).name == "doccano"
    report = empty.import_paths([path], format_name="doccano", label_map=MAP)
    assert (report.records, report.marks) == (3, 4)
    assert spans(empty, "EU rejects German call to boycott British lamb.") == [
        ("actor", 0, 2, "EU", "Organization"),
        ("actor", 11, 17, "German", "Country"),
    ]
    assert spans(empty, "Peter Blackburn") == [("actor", 0, 15, "Peter Blackburn", "Person")]
    assert spans(empty, "President Obama") == [("actor", 10, 15, "Obama", "Person")]
    (obama,) = empty.store.marks_for(article_id("President Obama"), "alice")
    assert empty.store.get_actor(obama.actor_id).name == "Obama"


def test_relation_extraction_is_read_and_foreign_relations_are_reported(empty):
    """Entities with ids are read; relations other than speaker/target are warned about."""
    path = DOCCANO / "relation_extraction.jsonl"
    assert registry.for_path(path).name == "doccano"
    report = empty.import_paths([path], label_map=MAP, annotator="carol")
    text = "Google was founded on September 4, 1998, by Larry Page and Sergey Brin."
    assert spans(empty, text, "carol") == [
        ("actor", 0, 6, "Google", "Organization"),
        ("sentiment", 22, 39, "September 4, 1998", "neutral"),
        ("actor", 44, 54, "Larry Page", "Person"),
        ("actor", 59, 70, "Sergey Brin", "Person"),
    ]
    messages = [w.message for w in report.warnings]
    assert messages.count("relation type 'foundedBy' ignored (only speaker and target)") == 2
    assert "relation type 'foundedAt' ignored (only speaker and target)" in messages
    assert all(w.line == 1 for w in report.warnings)


def test_text_classification_labels_become_document_labels():
    """Unprefixed categories are taken as the one document field having that value."""
    result = read(DOCCANO / "text_classification_export.jsonl")
    assert result.problems == []
    assert {r.draft.annotator for r in result.annotations} == {None}  # the import's coder
    tones = {r.article.text: r.draft.document.tone for r in result.annotations}
    assert tones == {
        "Terrible customer service.": "negative",
        "Really great transaction.": "positive",
        "Great price.": "positive",
    }


def test_legacy_annotations_keep_their_users(empty):
    """doccano 1.0 exports: numeric labels are mapped, each user becomes a coder."""
    path = DOCCANO / "legacy_v1_sequence_labeling_download.jsonl"
    legacy = {"1": (MarkKind.ACTOR, "Person"), "2": (MarkKind.ACTOR, "Organization")}
    empty.import_paths([path], format_name="doccano", label_map=legacy)
    assert spans(empty, "EU rejects ...", "doccano-user-1") == [
        ("actor", 0, 2, "EU", "Organization")
    ]
    assert spans(empty, "President Obama", "doccano-user-1") == [
        ("actor", 10, 15, "Obama", "Person")
    ]


def test_our_own_jsonl_is_not_taken_for_doccano(tmp_path):
    """The sniff leaves annotator JSONL (records with marks, article lines) to jsonl."""
    ours = write_lines(tmp_path / "ours.jsonl", {"text": "An article."})
    assert registry.for_path(ours).name == "jsonl"
    record = write_lines(tmp_path / "rec.jsonl", {"text": "x", "marks": [], "annotator": "a"})
    assert registry.for_path(record).name == "jsonl"


# -- our writer ------------------------------------------------------------------------------

TEXT = (
    "👩\u200d🚀 Islamabad: Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    "Beijing's 🇨🇳 envoy praised Pakistan 👍🏽 warmly."
)


def coded_project(tmp_path: Path) -> tuple[Session, str]:
    """Return a project with two coders' marks, relations, attributes and document labels."""
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    s = Session.open(tmp_path / "coded.db", "alice")
    s.import_paths([source])
    aid = s.article_summaries()[0].id
    pakistan = add(s, aid, MarkKind.ACTOR, "Pakistan", "Country")
    china = add(s, aid, MarkKind.ACTOR, "China", "Country")
    envoy = add(s, aid, MarkKind.ACTOR, "Beijing's 🇨🇳 envoy", "Government")
    later = add(s, aid, MarkKind.ACTOR, "Pakistan", "Country", after=envoy.end)
    assert later.actor_id == pakistan.actor_id
    claim = add(
        s, aid, MarkKind.CLAIM, "the cafe\u0301 owners in 中巴 trust China", "Bilateral friendship"
    )
    s.update_mark(
        claim.with_changes(
            speaker_id=pakistan.actor_id,
            target_id=china.actor_id,
            stance="support",
            form="reported speech",
        )
    )
    praise = add(s, aid, MarkKind.CLAIM, "praised Pakistan 👍🏽 warmly", "Bilateral friendship")
    s.update_mark(praise.with_changes(speaker_id=envoy.actor_id, target_id=pakistan.actor_id))
    sentiment = add(s, aid, MarkKind.SENTIMENT, "👍🏽 warmly", "positive")
    s.update_mark(sentiment.with_changes(intensity=3, target_id=pakistan.actor_id))
    s.set_document_labels(
        DocumentLabels(
            aid,
            "alice",
            tone="positive",
            focus_stance="favourable",
            topics=("Bilateral friendship", "Economic cooperation"),
            status=ArticleStatus.DONE,
            note="checked twice",
        )
    )
    s.set_annotator("bob")
    add(s, aid, MarkKind.ACTOR, "中巴", "Country")
    add(s, aid, MarkKind.SENTIMENT, "trust", "positive")
    s.set_annotator("alice")
    return s, aid


def coding(session, aid, coder):
    """Return everything a coder's coding says, in a form that compares across projects."""
    marks = sorted(
        (
            m.kind.value,
            m.start,
            m.end,
            m.text,
            m.label,
            m.actor_id,
            m.speaker_id,
            m.target_id,
            m.stance,
            m.form,
            m.intensity,
        )
        for m in session.store.marks_for(aid, coder)
    )
    doc = session.store.get_document_labels(aid, coder)
    return marks, (doc.tone, doc.focus_stance, sorted(doc.topics), doc.status, doc.note)


def u16(text: str, start: int, end: int | None = None) -> str:
    """Return the text between two UTF-16 offsets (as doccano's page slices it)."""
    units = text.encode("utf-16-le")
    return units[2 * start : None if end is None else 2 * end].decode("utf-16-le")


def test_export_and_import_keep_everything(tmp_path):
    """Marks, actors, speaker/target relations, attributes and document labels survive (in
    the default UTF-16 offsets, on text with emoji, flags, CJK and a combining mark)."""
    first, aid = coded_project(tmp_path)
    out = tmp_path / "out.jsonl"
    assert first.export_file(out, "doccano") == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["annotator"] for line in lines] == ["alice", "bob"]
    alice = lines[0]
    entity = {e["id"]: e for e in alice["entities"]}
    speaker = [r for r in alice["relations"] if r["type"] == "speaker"]
    assert {
        (
            u16(TEXT, entity[r["from_id"]]["start_offset"], entity[r["from_id"]]["end_offset"]),
            u16(TEXT, entity[r["to_id"]]["start_offset"], entity[r["to_id"]]["end_offset"]),
        )
        for r in speaker
    } == {
        ("the cafe\u0301 owners in 中巴 trust China", "Pakistan"),
        ("praised Pakistan 👍🏽 warmly", "Beijing's 🇨🇳 envoy"),
    }
    assert alice["cats"] == [
        "tone:positive",
        "focus_stance:favourable",
        "topic:Bilateral friendship",
        "topic:Economic cooperation",
    ]

    second = Session.open(tmp_path / "second.db", "zed")
    report = second.import_paths([out])  # found by the sniff
    assert report.records == 2
    for coder in ("alice", "bob"):
        assert coding(second, aid, coder) == coding(first, aid, coder)
    assert {a.id: a for a in second.actors()} == {a.id: as_imported(a) for a in first.actors()}
    first.close()
    second.close()


def test_nearest_mention_is_the_relation_target(tmp_path):
    """A relation points at the mention of the target nearest the claim."""
    document = training_corpus.emoji_coding("alice")
    text = document.article.text
    out = tmp_path / "out.jsonl"
    registry.get("doccano").write([document], out, training_corpus.context())
    line = json.loads(out.read_text(encoding="utf-8"))
    entity = {e["id"]: e for e in line["entities"]}
    (target,) = [
        entity[r["to_id"]]
        for r in line["relations"]
        if r["type"] == "target" and entity[r["from_id"]]["label"] == "Bilateral friendship"
    ]
    # "Pakistan" occurs twice; the second, inside the claim, is nearer (distance 0).
    assert u16(text, target["start_offset"]).startswith("Pakistan forever")
    assert target["start_offset"] > Utf16Map(text).to_utf16(text.index("envoy"))


@pytest.mark.parametrize("offsets", ["utf16", "codepoints"])
def test_spans_keep_their_text_with_emoji_cjk_and_combining_marks(tmp_path, offsets):
    """Every written span is the mark's text in the chosen unit (UTF-16 units as doccano's page
    counts them, or code points), and reads back to the same code-point marks."""
    first, aid = coded_project(tmp_path)
    out = tmp_path / "out.jsonl"
    first.export_file(out, "doccano", options={"offsets": offsets})
    units = Utf16Map(TEXT)
    marks = {
        (m.start, m.end): m.text for c in ("alice", "bob") for m in first.store.marks_for(aid, c)
    }
    astral = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        for e in data["entities"]:
            start, end = e["start_offset"], e["end_offset"]
            if offsets == "utf16":
                written = u16(data["text"], start, end)
                start, end = units.from_utf16(start), units.from_utf16(end)
            else:
                written = data["text"][start:end]
            assert written == marks[(start, end)]
            astral += written != data["text"][e["start_offset"] : e["end_offset"]]
    assert (astral > 0) == (offsets == "utf16")  # after an emoji the two units differ
    second = Session.open(tmp_path / "second.db", "alice")
    second.import_paths([out], format_name="doccano", options={"offsets": offsets})
    for m in second.store.marks_for(aid, "alice") + second.store.marks_for(aid, "bob"):
        assert TEXT[m.start : m.end] == m.text == marks[(m.start, m.end)]
    first.close()
    second.close()


def test_spans_made_in_doccanos_page_land_on_their_words(tmp_path):
    """doccano's page counts UTF-16 units: after a flag (two code points, four units) the
    span of "Gwadar" is 4 units further than its code-point offset, and lands on "Gwadar"."""
    text = "🇵🇰 Beijing; Gwadar port"
    start = text.index("Gwadar")
    path = write_lines(
        tmp_path / "page.jsonl", {"text": text, "label": [[start + 2, start + 8, "Country"]]}
    )
    assert drafted(read(path), text) == [(None, start, start + 6, "Gwadar", "Country")]
    # The same file read as code points is what the issue saw: the span shifted.
    assert drafted(read(path, offsets="codepoints"), text)[0][3] == "adar p"


def test_an_utf16_end_inside_a_surrogate_pair_takes_the_whole_character(tmp_path):
    text = "Gwadar 👍🏽 port"
    thumb = Utf16Map(text).to_utf16(text.index("👍"))
    path = write_lines(tmp_path / "half.jsonl", {"text": text, "label": [[0, thumb + 1, "X"]]})
    assert drafted(read(path), text) == [(None, 0, 8, "Gwadar 👍", "X")]


def test_an_unknown_offsets_value_is_refused(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", {"text": "Gwadar", "label": [[0, 6, "Country"]]})
    with pytest.raises(ValidationError, match="offsets count must be one of utf16, codepoints"):
        read(path, offsets="bytes")
    with pytest.raises(ValidationError, match="--option offsets=bytes"):
        registry.get("doccano").write(
            [], tmp_path / "out.jsonl", training_corpus.context(offsets="bytes")
        )
    assert not (tmp_path / "out.jsonl").exists()


def test_speaker_without_mention_is_kept_as_attribute(tmp_path):
    """A speaker the article never mentions cannot be a relation; it travels as an attribute."""
    first, aid = coded_project(tmp_path)
    (claim,) = [m for m in first.store.marks_for(aid, "alice") if m.text.startswith("the cafe")]
    china = next(m for m in first.store.marks_for(aid, "alice") if m.text == "China")
    first.update_mark(claim.with_changes(target_id=None))
    first.remove_mark(china.id, orphans=set())  # China stays in the registry, unmentioned
    first.update_mark(first.store.get_mark(claim.id).with_changes(target_id=china.actor_id))
    out = tmp_path / "out.jsonl"
    first.export_file(out, "doccano", annotator="alice")
    line = json.loads(out.read_text(encoding="utf-8"))
    assert {"target": china.actor_id}.items() <= next(
        a
        for a in line["attributes"]
        if a["label"] == "Bilateral friendship"
        and a["start_offset"] == Utf16Map(TEXT).to_utf16(claim.start)
    ).items()
    second = Session.open(tmp_path / "second.db", "alice")
    second.import_paths([out], format_name="doccano")
    assert coding(second, aid, "alice") == coding(first, aid, "alice")
    first.close()
    second.close()


def test_stream_export_equals_file_export(tmp_path):
    """The standard-output writer writes the same lines as the file writer."""
    import io

    documents, doccano = training_corpus.documents(), registry.get("doccano")
    out = tmp_path / "out.jsonl"
    assert doccano.write(documents, out, training_corpus.context()) == len(documents)
    buffer = io.StringIO()
    assert doccano.stream(documents, buffer, training_corpus.context()) == len(documents)
    assert buffer.getvalue() == out.read_text(encoding="utf-8")


# -- bad input -------------------------------------------------------------------------------


def import_error(session, path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        session.import_paths([path], format_name="doccano", **kwargs)
    return str(info.value)


def test_malformed_line_names_file_and_line(tmp_path):
    path = write_lines(
        tmp_path / "bad.jsonl", {"text": "China", "label": [[0, 5, "ORG"]]}, '{"text": "x", "label'
    )
    (problem,) = read(path).problems
    assert str(problem).startswith(f"{path}:2: not valid JSON: Unterminated string")


def test_span_outside_the_text_is_refused(empty, tmp_path):
    path = write_lines(tmp_path / "bad.jsonl", {"text": "China", "label": [[0, 9, "ORG"]]})
    message = import_error(empty, path, label_map=MAP)
    assert message == f"{path}:1: marks[0] (actor 0-9): offsets outside the text (length 5)"
    assert empty.article_count() == 0


def test_unknown_label_without_map_is_refused(empty):
    message = import_error(empty, DOCCANO / "sequence_labeling_export.jsonl")
    assert (
        f"{DOCCANO / 'sequence_labeling_export.jsonl'}:1: marks[0]: unknown label 'ORG'" in message
    )
    assert "--map-label 'ORG'=KIND:LABEL" in message


def test_duplicate_entity_ids_are_refused(tmp_path):
    entity = {"id": 7, "start_offset": 0, "end_offset": 5, "label": "ORG"}
    path = write_lines(tmp_path / "dup.jsonl", {"text": "China", "entities": [entity, entity]})
    assert [str(p) for p in read(path).problems] == [
        f"{path}:1: entities[1]: duplicate entity id 7"
    ]


def test_relation_to_unknown_entity_and_ambiguous_category_are_refused(tmp_path):
    entity = {"id": 1, "start_offset": 0, "end_offset": 5, "label": "ORG"}
    path = write_lines(
        tmp_path / "bad.jsonl",
        {
            "text": "China",
            "entities": [entity],
            "relations": [{"from_id": 1, "to_id": 2, "type": "speaker"}],
        },
        {"text": "Pakistan", "label": ["neutral"]},
    )
    result = read(path)
    assert result.annotations == []
    message = "\n".join(str(p) for p in result.problems)
    assert f"{path}:1: relations[0]: entity id 2 is not among the entities" in message
    assert f"{path}:2: category 'neutral' fits tone and focus_stance" in message


def test_lenient_skips_bad_records_and_reports_each(empty, tmp_path):
    path = write_lines(
        tmp_path / "mixed.jsonl",
        {"text": "China and Pakistan", "label": [[0, 5, "ORG"]]},
        {"text": "Beijing", "label": [[0, 99, "ORG"]]},
        {"text": "Islamabad", "label": [[0, 9, "NOPE"]]},
    )
    report = empty.import_paths([path], format_name="doccano", label_map=MAP, lenient=True)
    assert (report.records, report.skipped) == (1, 2)
    assert [str(w) for w in report.warnings] == [
        f"{path}:2: skipped: marks[0] (actor 0-99): offsets outside the text (length 7)",
        f"{path}:3: skipped: marks[0]: unknown label 'NOPE'; map it with "
        "--map-label 'NOPE'=KIND:LABEL (e.g. actor:Person, or skip)",
    ]
    assert spans(empty, "China and Pakistan") == [("actor", 0, 5, "China", "Organization")]


def test_fixture_copies_are_byte_identical_to_their_provenance():
    """The PROVENANCE file lists every fixture copied here."""
    listed = (DOCCANO / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in DOCCANO.glob("*.jsonl"):
        assert f"`doccano/{path.name}`" in listed


def test_one_pretty_printed_object_or_a_json_array_is_read(tmp_path):
    """doccano's documentation shows its relation example pretty-printed, and some tools write
    a JSON array: both are read, record by record, with the line each record starts on."""
    record = {
        "text": "Google was founded on September 4, 1998, by Larry Page.",
        "entities": [
            {"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 2, "start_offset": 44, "end_offset": 54, "label": "PERSON"},
        ],
        "relations": [{"id": 0, "from_id": 0, "to_id": 2, "type": "foundedBy"}],
    }
    pretty = tmp_path / "pretty.jsonl"
    pretty.write_text(json.dumps(record, indent=4) + "\n", encoding="utf-8")
    assert registry.for_path(pretty).name == "doccano"  # the sniff sees through the layout
    result = read(pretty)
    assert [len(r.draft.marks) for r in result.annotations] == [2]
    assert [r.origin.line for r in result.annotations] == [1]
    assert drafted(result, record["text"])[1] == (None, 44, 54, "Larry Page", "PERSON")
    second = {"text": "Gwadar port.", "label": [[0, 6, "MISC"]]}
    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps([second, "not a record", record], indent=2), encoding="utf-8")
    (problem,) = read(array).problems
    assert re.fullmatch(r".*array.jsonl:\d+: expected a JSON object per record", str(problem))
    result = read(array, lenient="1")
    assert (len(result.annotations), result.skipped) == (2, 1)
    assert drafted(result, "Gwadar port.") == [(None, 0, 6, "Gwadar", "MISC")]


def test_a_broken_json_document_is_refused_at_its_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('[\n  {"text": "a", "label": []},\n  {"text": \n', encoding="utf-8")
    (problem,) = read(path, lenient="1").problems
    assert re.match(r".*broken.jsonl:4: not valid JSON", str(problem))
    assert problem.skippable is False


# -- drafts and problem codes, read without a project -----------------------------------------

ENTITIES = [
    {"id": 1, "start_offset": 0, "end_offset": 8, "label": "Country"},
    {"id": 2, "start_offset": 9, "end_offset": 30, "label": "Bilateral friendship"},
    {"id": 3, "start_offset": 24, "end_offset": 29, "label": "Country"},
]
OURS = {
    "text": "Pakistan said it trusts China.",
    "entities": ENTITIES,
    "relations": [
        {"id": 1, "from_id": 2, "to_id": 1, "type": "speaker"},
        {"id": 2, "from_id": 2, "to_id": 3, "type": "target"},
        {"id": 3, "from_id": 2, "to_id": 3, "type": "cites"},
    ],
    "cats": ["tone:positive", "topic:CPEC security", "topic:CPEC security", "favourable"],
    "annotator": " alice ",
    "status": "done",
    "note": "checked",
    "actors": [
        {"id": "pk", "name": "Pakistan", "type": "Country", "aliases": [], "mentions": [[0, 8]]},
        {"id": "cn", "name": "China", "type": "Country", "country": None, "mentions": []},
    ],
    "attributes": [
        {"start_offset": 9, "end_offset": 30, "label": "Bilateral friendship", "stance": "support"},
        {"start_offset": 9, "end_offset": 30, "label": "Bilateral friendship", "target": "pk"},
    ],
}


def test_a_line_of_ours_is_one_draft_with_every_field(tmp_path):
    """Entity ids become refs, speaker/target relations the claim's *_mark references (over an
    attribute naming another actor), mentions their actor, categories the document labels."""
    result = read(write_lines(tmp_path / "ours.jsonl", OURS))
    assert result.problems == []
    (record,) = result.annotations
    draft = record.draft
    assert draft.annotator == "alice"
    assert [(m.ref, m.text, m.label, m.actor) for m in draft.marks] == [
        ("1", "Pakistan", "Country", "pk"),
        ("2", "said it trusts China.", "Bilateral friendship", None),
        ("3", "China", "Country", None),
    ]
    claim = draft.marks[1]
    assert (claim.speaker_mark, claim.target_mark, claim.target, claim.stance) == (
        "1",
        "3",
        None,  # the relation wins over the attribute
        "support",
    )
    assert [a.id for a in draft.actors] == ["pk", "cn"]
    doc = draft.document
    assert (doc.tone, doc.focus_stance, doc.topics, doc.status, doc.note) == (
        "positive",
        "favourable",
        ("CPEC security",),
        "done",
        "checked",
    )
    assert [w.message for w in result.warnings] == [
        "relation type 'cites' ignored (only speaker and target)"
    ]


def test_lenient_skips_the_whole_line_with_its_doccano_1_coders(tmp_path):
    """A line with a problem gives nothing, not even the records of its doccano 1.0
    annotations (which were kept before, while the line was reported as skipped)."""
    legacy = [{"label": 1, "start_offset": 0, "end_offset": 6, "user": 4}]
    path = write_lines(
        tmp_path / "mixed.jsonl",
        {"text": "Gwadar port", "annotations": legacy, "label": ["nonsense"]},
        {"text": "Gwadar port", "annotations": legacy, "entities": ENTITIES[:1], "actors": 5},
        {"text": "Gwadar port", "annotations": legacy, "label": [[0, 6, "Country"]]},
    )
    result = read(path, lenient="1")
    assert (result.skipped, result.problems) == (2, [])
    assert [(r.origin.line, r.draft.annotator) for r in result.annotations] == [
        (3, "doccano-user-4"),
        (3, None),
    ]
    assert [(w.line, w.code) for w in result.warnings] == [
        (1, ProblemCode.BAD_DOCUMENT),
        (2, ProblemCode.BAD_SHAPE),
    ]


TEXT_LINE = {"text": "Gwadar port"}
GWADAR = {"id": 1, "start_offset": 0, "end_offset": 6, "label": "Country"}


@pytest.mark.parametrize(
    ("content", "codes"),
    [
        ("{not json", [ProblemCode.NOT_JSON]),
        ('[{"text": "a"}, 3]', [ProblemCode.NOT_AN_OBJECT]),
        ('[{"text": "a"},', [ProblemCode.NOT_JSON]),
        (b'{"text": "caf\xe9", "label": []}', [ProblemCode.NOT_UTF8]),
        ({"label": [[0, 6, "Country"]]}, [ProblemCode.MISSING_TEXT]),
        ({"text": "  ", "label": [[0, 1, "Country"]]}, [ProblemCode.MISSING_TEXT]),
        ({"text": "Gwadar\x00", "label": []}, [ProblemCode.BAD_TEXT]),
        ({"text": "Gwadar\r\nport", "label": []}, [ProblemCode.BAD_TEXT]),
        ({**TEXT_LINE, "label": [], "date": "2024-13-45"}, [ProblemCode.BAD_SHAPE]),
        ({**TEXT_LINE, "label": "Country", "entities": 3}, [ProblemCode.BAD_SHAPE] * 2),
        (
            {**TEXT_LINE, "label": [[0.0, 6, "Country"], [0, 6, None], 5]},
            [ProblemCode.BAD_SHAPE] * 3,
        ),
        ({**TEXT_LINE, "cats": "tone:positive"}, [ProblemCode.BAD_SHAPE]),
        ({**TEXT_LINE, "entities": [GWADAR, GWADAR]}, [ProblemCode.BAD_MARK]),
        (
            {
                **TEXT_LINE,
                "entities": [GWADAR],
                "relations": [{"from_id": 1, "to_id": 9, "type": "x"}, 3],
            },
            [ProblemCode.UNKNOWN_REFERENCE, ProblemCode.BAD_SHAPE],
        ),
        ({**TEXT_LINE, "annotations": [3], "relations": {}}, [ProblemCode.BAD_SHAPE] * 2),
        ({**TEXT_LINE, "label": ["neutral", "nonsense"]}, [ProblemCode.BAD_DOCUMENT] * 2),
        (
            {
                **TEXT_LINE,
                "entities": [GWADAR],
                "attributes": [{"start_offset": 0, "end_offset": 5, "label": "Country"}],
            },
            [ProblemCode.UNKNOWN_REFERENCE],
        ),
        (
            {**TEXT_LINE, "entities": [GWADAR], "attributes": [{**GWADAR, "speaker": "nobody"}]},
            [ProblemCode.UNKNOWN_ACTOR],
        ),
        ({**TEXT_LINE, "entities": [GWADAR], "attributes": {"a": 1}}, [ProblemCode.BAD_SHAPE]),
        ({**TEXT_LINE, "entities": [GWADAR], "actors": [{"id": "pk"}]}, [ProblemCode.BAD_SHAPE]),
        ({**TEXT_LINE, "entities": [GWADAR], "actors": 5}, [ProblemCode.BAD_SHAPE]),
        (
            {
                **TEXT_LINE,
                "entities": [GWADAR],
                "actors": [{"id": "pk", "name": "P", "type": "Country", "country": 2}],
            },
            [ProblemCode.BAD_SHAPE],
        ),
    ],
)
def test_problems_carry_their_code(tmp_path, content, codes):
    path = tmp_path / "broken.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content + b"\n")
    else:
        write_lines(path, content)
    result = read(path)
    assert [p.code for p in result.problems] == codes
    assert result.annotations == []


def test_a_file_that_cannot_be_read_is_unreadable(tmp_path):
    problems = read(tmp_path / "missing.jsonl").problems
    assert [(p.code, p.skippable) for p in problems] == [(ProblemCode.UNREADABLE, False)]
