"""annotator JSONL export and re-import: schema, content, lossless round trip, bad records."""

import json

import jsonschema
import pytest

from annotator.core.errors import InputError
from annotator.core.model import ArticleStatus, DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import REPO, add


@pytest.fixture(scope="module")
def validator():
    """Return a validator for schemas/annotation-record.schema.json."""
    schema = json.loads(
        (REPO / "schemas" / "annotation-record.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def coded(session):
    """Code the bundled corpus with two coders; return the session and what was made."""
    ids = [s.id for s in session.article_summaries()]
    a0, a3 = ids[0], ids[3]
    text = session.article(a0).text
    p = text.index("During his meeting with Gen Hayat, Wang said")
    hayat = add(session, a0, MarkKind.ACTOR, "Gen Hayat", "Military/Security", after=p)
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    pakistan = add(
        session, a0, MarkKind.ACTOR, "Pakistan", "Country",
        after=text.index("Gen Hayat said Pakistan firmly"),
    )
    claim = add(
        session, a0, MarkKind.CLAIM,
        "Pakistan is the only all-weather strategic cooperative partner of China",
        "Bilateral friendship", after=p,
    )
    assert claim.speaker_id == wang.actor_id
    claim = session.update_mark(
        claim.with_changes(target_id=pakistan.actor_id, stance="support", form="reported speech")
    ).mark
    sentiment = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    session.set_document_labels(
        DocumentLabels(
            a0, "alice", tone="positive", focus_stance="favourable",
            topics=("Bilateral friendship", "CPEC security"), status=ArticleStatus.DONE,
            note="clear case",
        )
    )
    session.set_annotator("bob")
    bob_actor = add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    session.set_document_labels(DocumentLabels(a0, "bob", tone="neutral"))
    session.set_document_labels(
        DocumentLabels(a3, "bob", focus_stance="mixed", status=ArticleStatus.IN_PROGRESS)
    )
    session.set_annotator("alice")
    return {
        "session": session, "a0": a0, "a3": a3, "hayat": hayat, "wang": wang,
        "pakistan": pakistan, "claim": claim, "sentiment": sentiment, "bob_actor": bob_actor,
    }


@pytest.fixture
def exported(coded, tmp_path):
    """Export the coded project; return (path, parsed records)."""
    path = tmp_path / "export.jsonl"
    count = coded["session"].export_file(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(records)
    return path, records


@pytest.fixture
def fresh(tmp_path):
    """Return a session on a new, empty project, coding as 'carol'."""
    s = Session.open(tmp_path / "fresh.db", "carol")
    yield s
    s.close()


def count_marks(session):
    """Return how many marks a project holds, by all coders."""
    return session.store.db.execute("SELECT count(*) FROM marks").fetchone()[0]


def write_lines(path, records):
    """Write records as JSON lines."""
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


# -- the export -----------------------------------------------------------------------------


def test_every_line_validates_against_schema(exported, validator):
    """Each exported line is a valid annotation record."""
    _, records = exported
    assert records
    for record in records:
        assert list(validator.iter_errors(record)) == []


def test_one_record_per_article_and_coder(coded, exported):
    """Records are (000, alice), (000, bob), (003, bob), in article then coder order."""
    _, records = exported
    assert [(r["id"], r["annotator"]) for r in records] == [
        (coded["a0"], "alice"),
        (coded["a0"], "bob"),
        (coded["a3"], "bob"),
    ]


def test_export_file_is_utf8_lf_without_partial(coded, exported, tmp_path):
    """The file is UTF-8 with LF line ends, unescaped non-ASCII, and no .partial is left."""
    path, _ = exported
    raw = path.read_bytes()
    assert b"\r\n" not in raw
    assert "’".encode("utf-8") in raw or "–".encode("utf-8") in raw
    assert not (tmp_path / "export.jsonl.partial").exists()


def test_record_article_fields(coded, exported):
    """A record carries the article's id, title, date, source and text, and meta only when it
    holds something (an empty struct everywhere cannot be written to Parquet by datasets 3)."""
    _, records = exported
    record = records[0]
    article = coded["session"].article(coded["a0"])
    assert record["title"] == article.title
    assert record["date"] == "2019-07-30"
    assert record["source"] == "000_98736a30118918ea.txt"
    assert "meta" not in record
    assert record["text"] == article.text


def test_record_document_labels(exported):
    """Alice's document labels are exported with the tag set's focus."""
    _, records = exported
    doc = records[0]["document"]
    assert doc["focus"] == "China–Pakistan relations"
    assert (doc["tone"], doc["focus_stance"], doc["topics"], doc["status"], doc["note"]) == (
        "positive", "favourable", ["Bilateral friendship", "CPEC security"], "done", "clear case",
    )
    assert doc["updated_at"]
    bob_a3 = records[2]
    assert bob_a3["marks"] == [] and bob_a3["actors"] == []
    assert (bob_a3["document"]["focus_stance"], bob_a3["document"]["status"]) == (
        "mixed", "in_progress",
    )


def test_record_marks_values(coded, exported):
    """Alice's marks are exported with kind, label, offsets, text and kind-specific fields."""
    _, records = exported
    marks = {m["id"]: m for m in records[0]["marks"]}
    assert len(marks) == 5
    claim = marks[coded["claim"].id]
    assert {k: claim[k] for k in ("kind", "label", "start", "end", "text")} == {
        "kind": "claim",
        "label": "Bilateral friendship",
        "start": coded["claim"].start,
        "end": coded["claim"].end,
        "text": "Pakistan is the only all-weather strategic cooperative partner of China",
    }
    assert (claim["speaker"], claim["target"], claim["stance"], claim["form"]) == (
        coded["wang"].actor_id, coded["pakistan"].actor_id, "support", "reported speech",
    )
    sentiment = marks[coded["sentiment"].id]
    assert (sentiment["kind"], sentiment["label"], sentiment["intensity"], sentiment["target"]) == (
        "sentiment", "positive", 2, None,
    )
    actor = marks[coded["hayat"].id]
    assert (actor["kind"], actor["label"], actor["text"], actor["actor"]) == (
        "actor", "Military/Security", "Gen Hayat", coded["hayat"].actor_id,
    )
    text = records[0]["text"]
    for m in marks.values():
        assert text[m["start"] : m["end"]] == m["text"]


def test_referenced_actors_are_in_the_record(exported):
    """Every actor, speaker and target id of a record's marks is among its actors."""
    _, records = exported
    for record in records:
        actor_ids = {a["id"] for a in record["actors"]}
        refs = {
            m[role] for m in record["marks"] for role in ("actor", "speaker", "target")
            if m.get(role)
        }
        assert refs == actor_ids
    names = sorted((a["name"], a["type"], tuple(a["aliases"])) for a in records[0]["actors"])
    assert names == [
        ("Gen Hayat", "Military/Security", ("Gen Hayat",)),
        ("Pakistan", "Country", ("Pakistan",)),
        ("Wang", "Person", ("Wang",)),
    ]
    assert [a["name"] for a in records[1]["actors"]] == ["Imran Khan"]


def test_export_one_coder(coded, tmp_path):
    """export_file with an annotator writes only that coder's records."""
    path = tmp_path / "bob.jsonl"
    assert coded["session"].export_file(path, annotator="bob") == 2
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert {r["annotator"] for r in records} == {"bob"}


def test_export_of_uncoded_project_is_empty(session, tmp_path):
    """A project without marks or labels exports zero records and an empty file."""
    path = tmp_path / "none.jsonl"
    assert session.export_file(path) == 0
    assert path.read_bytes() == b""


# -- round trip -----------------------------------------------------------------------------


def test_round_trip_is_byte_identical(exported, fresh, tmp_path):
    """Export -> import into a new project -> export gives the same bytes."""
    path, records = exported
    report = fresh.import_paths([path])
    assert (report.articles_added, report.records, report.marks) == (2, 3, 6)
    assert report.warnings == []
    again = tmp_path / "again.jsonl"
    assert fresh.export_file(again) == 3
    assert again.read_bytes() == path.read_bytes()


def test_reimport_into_same_project_changes_nothing(coded, exported, tmp_path):
    """Importing a project's own export again keeps the mark count and the export bytes."""
    path, _ = exported
    session = coded["session"]
    before = count_marks(session)
    report = session.import_paths([path])
    assert (report.articles_added, report.records) == (0, 3)
    assert count_marks(session) == before == 6
    again = tmp_path / "again.jsonl"
    session.export_file(again)
    assert again.read_bytes() == path.read_bytes()


def test_annotator_override_reattributes(exported, fresh, tmp_path):
    """Importing with annotator='dave' attributes every mark and label to dave (last line wins)."""
    path, records = exported
    fresh.import_paths([path], annotator="dave")
    again = tmp_path / "again.jsonl"
    fresh.export_file(again)
    out = [json.loads(x) for x in again.read_text(encoding="utf-8").splitlines()]
    assert [r["annotator"] for r in out] == ["dave", "dave"]
    assert fresh.store.annotator_names() == ["carol", "dave"]
    # alice's and bob's records of article 000 were merged into dave's one record.
    assert len(out[0]["marks"]) == 6
    assert {m["id"] for m in out[0]["marks"]}.isdisjoint(
        {m["id"] for r in records for m in r["marks"]}
    )
    # Both records' document labels land on one (article, dave) row; the later line wins.
    assert out[0]["document"]["tone"] == "neutral"
    assert out[1]["document"]["focus_stance"] == "mixed"


def test_annotator_override_is_idempotent(exported, fresh):
    """Importing the same file twice with an override leaves the same number of marks."""
    path, _ = exported
    fresh.import_paths([path], annotator="dave")
    first = count_marks(fresh)
    fresh.import_paths([path], annotator="dave")
    assert count_marks(fresh) == first == 6


def test_override_next_to_original_keeps_both(exported, coded):
    """Importing alice's work as 'eve' into the same project adds eve's copies beside alice's."""
    path, _ = exported
    session = coded["session"]
    session.import_paths([path], annotator="eve")
    session.set_annotator("eve")
    assert len(session.marks(coded["a0"])) == 6
    session.set_annotator("alice")
    assert len(session.marks(coded["a0"])) == 5


def test_record_id_mismatch_is_recomputed_with_warning(exported, fresh, tmp_path):
    """A record whose id disagrees with its text is stored under the content hash, with a warning."""
    _, records = exported
    record = dict(records[0], id="f" * 64)
    path = write_lines(tmp_path / "wrong_id.jsonl", [record])
    report = fresh.import_paths([path])
    assert report.records == 1
    (warning,) = report.warnings
    assert (warning.path, warning.line) == (str(path), 1)
    assert f"record id {'f' * 64} does not match its text" in warning.message
    assert records[0]["id"] in warning.message
    assert [s.id for s in fresh.article_summaries()] == [records[0]["id"]]
    assert not fresh.store.has_article("f" * 64)


# -- bad records ----------------------------------------------------------------------------


def bad_import(fresh, tmp_path, records, mutate):
    """Write a good record then a mutated copy on line 2; import; return the InputError message."""
    bad = json.loads(json.dumps(records[0]))
    mutate(bad)
    path = write_lines(tmp_path / "bad.jsonl", [records[2], bad])
    with pytest.raises(InputError) as info:
        fresh.import_paths([path])
    assert fresh.article_count() == 0
    assert count_marks(fresh) == 0
    assert fresh.actors() == []
    return path, str(info.value)


def test_unknown_label_is_refused(exported, fresh, tmp_path):
    """A mark with a label not in the tag set names file:line and nothing is stored."""
    _, records = exported

    def mutate(r):
        r["marks"][0]["label"] = "Wizard"

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: marks[0]" in message
    assert "unknown actor label 'Wizard'" in message


def test_offsets_outside_text_are_refused(exported, fresh, tmp_path):
    """A mark ending past the text names file:line and nothing is stored."""
    _, records = exported
    length = len(records[0]["text"])

    def mutate(r):
        r["marks"][0]["end"] = length + 5

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: marks[0]" in message
    assert f"offsets outside the text (length {length})" in message


def test_text_mismatch_is_refused(exported, fresh, tmp_path):
    """A mark whose text differs from the article at its offsets names file:line."""
    _, records = exported

    def mutate(r):
        r["marks"][1]["text"] = "X" * len(r["marks"][1]["text"])

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: marks[1]" in message
    assert "does not match the article at these offsets" in message


def test_unknown_speaker_is_refused(exported, fresh, tmp_path):
    """A claim whose speaker is not among the record's actors is refused."""
    _, records = exported

    def mutate(r):
        claim = next(m for m in r["marks"] if m["kind"] == "claim")
        claim["speaker"] = "no-such-actor"

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2:" in message
    assert "speaker no-such-actor is not among the record's actors" in message


def test_unknown_topic_is_refused(exported, fresh, tmp_path):
    """A document topic not in the tag set is refused."""
    _, records = exported

    def mutate(r):
        r["document"]["topics"] = ["Sports"]

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: document: unknown topic 'Sports'" in message


def test_schema_violation_is_refused(exported, fresh, tmp_path):
    """A record breaking the schema (intensity 7) is refused with its JSON path."""
    _, records = exported

    def mutate(r):
        next(m for m in r["marks"] if m["kind"] == "sentiment")["intensity"] = 7

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: marks/" in message


def test_record_text_with_crlf_is_refused(exported, fresh, tmp_path):
    """A record whose text has CR characters is refused: its offsets would not match."""
    _, records = exported

    def mutate(r):
        r["text"] = r["text"].replace("\n", "\r\n")

    path, message = bad_import(fresh, tmp_path, records, mutate)
    assert f"{path}:2: text has CR or BOM characters" in message


# -- non-ASCII offsets ----------------------------------------------------------------------

UNICODE_TEXT = (
    "🇵🇰 Pakistan said the café (cafe\u0301) talks with 中巴经济走廊 officials were 😀 warm.\n"
)


def test_unicode_offsets_survive_round_trip(db_path, tmp_path):
    """Marks after a flag emoji and on a combining mark keep text[start:end] == text."""
    src = tmp_path / "u.txt"
    src.write_text(UNICODE_TEXT, encoding="utf-8")
    s = Session.open(db_path, "alice")
    try:
        s.import_paths([src])
        (aid,) = [x.id for x in s.article_summaries()]
        pak = add(s, aid, MarkKind.ACTOR, "Pakistan", "Country")
        assert (pak.start, pak.end) == (3, 11)
        cafe = add(s, aid, MarkKind.SENTIMENT, "cafe\u0301", "neutral")
        cjk = add(s, aid, MarkKind.ACTOR, "中巴经济走廊 officials", "Government")
        warm = add(s, aid, MarkKind.SENTIMENT, "😀 warm", "positive")
        out = tmp_path / "u.jsonl"
        s.export_file(out)
    finally:
        s.close()
    other = Session.open(tmp_path / "other.db", "x")
    try:
        other.import_paths([out])
        text = other.article(aid).text
        assert text == UNICODE_TEXT
        marks = other.store.marks_for(aid, "alice")
        assert [(m.start, m.end, m.text) for m in marks] == [
            (m.start, m.end, m.text) for m in (pak, cafe, cjk, warm)
        ]
        for m in marks:
            assert text[m.start : m.end] == m.text
        again = tmp_path / "u2.jsonl"
        other.export_file(again)
        assert again.read_bytes() == out.read_bytes()
    finally:
        other.close()


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_export_with_unicode_line_separator_reimports(db_path, tmp_path, separator):
    """An article containing U+2028 / U+2029 / U+0085 survives export and re-import."""
    src = tmp_path / "sep.txt"
    src.write_text(f"Pakistan said{separator}China agreed.", encoding="utf-8")
    s = Session.open(db_path, "alice")
    try:
        s.import_paths([src])
        (aid,) = [x.id for x in s.article_summaries()]
        add(s, aid, MarkKind.ACTOR, "Pakistan", "Country")
        out = tmp_path / "sep.jsonl"
        s.export_file(out)
    finally:
        s.close()
    other = Session.open(tmp_path / "other.db", "x")
    try:
        report = other.import_paths([out])
        assert report.marks == 1
    finally:
        other.close()


def test_cleared_document_labels_round_trip(session, fresh, tmp_path):
    """Clearing every document label leaves nothing to export, and round trips stay equal."""
    aid = session.article_summaries()[0].id
    session.set_document_labels(DocumentLabels(aid, "alice", tone="positive"))
    session.set_document_labels(DocumentLabels(aid, "alice"))
    first = tmp_path / "first.jsonl"
    assert session.export_file(first) == 0
    fresh.import_paths([first])
    second = tmp_path / "second.jsonl"
    fresh.export_file(second)
    assert second.read_bytes() == first.read_bytes()


def test_duplicate_mark_ids_are_refused(exported, fresh, tmp_path):
    """Two marks with one id (in one record or across records) are an error naming the line."""
    _, records = exported
    records[1]["marks"][0]["id"] = records[0]["marks"][0]["id"]
    path = tmp_path / "dup.jsonl"
    write_lines(path, records)
    with pytest.raises(InputError) as caught:
        fresh.import_paths([path])
    assert f"{path}:2: mark id {records[0]['marks'][0]['id']} is used more than once" in str(
        caught.value
    )
    assert f"(also at {path}:1)" in str(caught.value)
    assert count_marks(fresh) == 0 and fresh.article_count() == 0


def test_an_export_that_finds_nothing_keeps_the_earlier_file(session, tmp_path):
    """Exporting nothing over an earlier export leaves that file as it was."""
    aid = session.article_summaries()[0].id
    session.set_document_labels(DocumentLabels(aid, "alice", tone="positive"))
    path = tmp_path / "all.jsonl"
    assert session.export_file(path) == 1
    before = path.read_bytes()
    assert session.export_file(path, options={"articles": "nosuchwordanywhere"}) == 0
    assert path.read_bytes() == before
