"""The record resolver, without a database: other tools' records become ours given the tag set,
the label map and a lookup of actors by name (here a plain list of actors)."""

from __future__ import annotations

from annotator.core.model import Actor, ArticleStatus, MarkKind
from annotator.core.tagset import default_tagset
from annotator.formats._drafts import (
    DraftDocument,
    DraftMark,
    DraftRecord,
    NamedActor,
    draft_record,
)
from annotator.formats._resolve import LabelUse, RecordResolver
from annotator.formats.base import Origin, make_article

TEXT = "Xi Jinping met Imran Khan. The president said the corridor is safe."
ARTICLE = make_article(TEXT, title="Talks")
REGISTRY = [Actor(id="khan", name="Imran Khan", type="Person", aliases=("Imran Khan", "Khan"))]


def named(name: str) -> list[Actor]:
    return [a for a in REGISTRY if name.casefold() in {x.casefold() for x in (a.name, *a.aliases)}]


def resolver(given=None, saved=None):
    return RecordResolver(
        default_tagset(), LabelUse(saved or {}, given or {}), named, {"khan"}.__contains__
    )


def at(needle, **fields):
    start = TEXT.index(needle)
    return DraftMark(start=start, end=start + len(needle), text=needle, **fields)


def resolve(draft, res=None, line=1, annotator="model"):
    return (res or resolver()).resolve(draft, ARTICLE, annotator, Origin("f.jsonl", line))


def test_kinds_ids_and_actors_are_completed():
    draft = DraftRecord(
        marks=[
            at("Xi Jinping", label="person", ref="xi"),
            at("Imran Khan", label="PER"),
            at("The president", label="Person", actor_name="Xi Jinping"),
            at(
                "the corridor is safe", label="CPEC security", speaker_mark="xi", target_name="Khan"
            ),
            at("said", label="DATE"),
        ]
    )
    labels = {"PER": (MarkKind.ACTOR, "Person"), "DATE": None}
    use = LabelUse({}, labels)
    resolved, problems = resolve(
        draft, RecordResolver(default_tagset(), use, named, {"khan"}.__contains__)
    )
    assert problems == []
    marks = {m.text: m for m in resolved.marks}
    assert set(marks) == {"Xi Jinping", "Imran Khan", "The president", "the corridor is safe"}
    assert [marks[t].kind.value for t in sorted(marks)] == ["actor", "actor", "actor", "claim"]
    assert {m.article_id for m in resolved.marks} == {ARTICLE.id}
    assert {m.annotator for m in resolved.marks} == {"model"}
    xi = marks["Xi Jinping"].actor_id
    assert marks["The president"].actor_id == xi  # named, not its text
    assert marks["Imran Khan"].actor_id == "khan"  # the registry's
    claim = marks["the corridor is safe"]
    assert (claim.speaker_id, claim.target_id, claim.stance) == (xi, "khan", None)
    assert [a.name for a in resolved.actors] == ["Xi Jinping"]  # the one new actor
    assert use.left_out == {"DATE": 1}
    again, _ = resolve(draft, resolver(labels))
    assert [m.id for m in again.marks] == [m.id for m in resolved.marks]  # derived
    assert draft.marks[0].kind is None  # the draft itself is left as it was


def test_unknown_labels_and_unknown_speakers_are_problems():
    draft = DraftRecord(
        marks=[
            at("Xi Jinping", label="Stakeholder"),
            at("the corridor is safe", label="CPEC security", speaker_name="Nobody"),
        ]
    )
    resolved, problems = resolve(draft, line=3)
    assert resolved is None
    assert [p.unknown_label for p in problems] == ["Stakeholder", None]
    assert [p.code for p in problems] == ["unknown label", "unknown actor"]
    assert "speaker 'Nobody' is neither an actor this record mentions" in problems[1].message
    assert all(p.line == 3 for p in problems)


def test_saved_mappings_fill_in_and_are_said():
    use = LabelUse({"ORG": (MarkKind.ACTOR, "Organization")}, {})
    draft = DraftRecord(marks=[at("Imran Khan", label="org")])
    resolved, _ = resolve(draft, RecordResolver(default_tagset(), use, named))
    assert resolved.marks[0].label == "Organization"
    [note] = use.notes()
    assert note.message == "mapped as saved in the project: ORG → actor:Organization"


def test_names_compare_as_the_registry_folds_them():
    """A speaker named with other case and spacing is the same actor (core.text.fold_name, the
    one rule for what counts as the same name)."""
    draft = DraftRecord(
        marks=[
            at("Xi Jinping", label="Person"),
            at("the corridor is safe", label="CPEC security", speaker_name="XI  jinping"),
        ]
    )
    resolved, problems = resolve(draft)
    assert problems == []
    xi, claim = resolved.marks
    assert claim.speaker_id == xi.actor_id


def test_our_records_check_against_the_text_the_tag_set_and_the_actors():
    """A record that says everything (our JSONL's) is checked: text at its offsets, labels of
    the tag set, actors known to the record or the project, document labels."""
    start = TEXT.index("Imran Khan")
    data = {
        "annotator": "alice",
        "document": {"tone": "Hostile", "topics": ["Trade"], "status": "done"},
        "actors": [{"id": "x1", "name": "Xi", "type": "Person"}],
        "marks": [
            {
                "id": "m1",
                "kind": "actor",
                "start": 0,
                "end": 10,
                "text": "Xi Jinping",
                "label": "Person",
                "actor": "x1",
            },
            {
                "id": "m2",
                "kind": "actor",
                "start": start,
                "end": start + 10,
                "text": "Imran Khan",
                "label": "Person",
                "actor": "khan",
            },
            {
                "id": "m3",
                "kind": "actor",
                "start": 0,
                "end": 2,
                "text": "Jo",
                "label": "Person",
                "actor": "nobody",
            },
            {
                "id": "m4",
                "kind": "sentiment",
                "start": 0,
                "end": 2,
                "text": "Xi",
                "label": "positive",
                "intensity": 7,
            },
        ],
    }
    resolved, problems = resolve(draft_record(data), annotator="alice")
    assert resolved is None
    assert [(p.code, p.message) for p in problems] == [
        (
            "bad mark",
            "marks[2] (actor 0-2): text 'Jo' does not match the article at these offsets ('Xi')",
        ),
        ("bad mark", "marks[2] (actor 0-2): actor nobody is not among the record's actors"),
        ("bad mark", "marks[3] (sentiment 0-2): intensity 7 is not 1, 2 or 3"),
        ("bad document labels", "document: unknown tone 'Hostile'"),
        ("bad document labels", "document: unknown topic 'Trade'"),
    ]
    del data["marks"][2:]
    data["document"] = {"tone": "negative", "status": "done"}
    resolved, problems = resolve(draft_record(data), annotator="alice")
    assert problems == []
    assert [m.id for m in resolved.marks] == ["m1", "m2"]  # ids kept as the file gives them
    assert resolved.document.status == ArticleStatus.DONE
    assert resolved.document.tone == "negative"


def test_a_record_stored_as_another_coder_gets_ids_of_its_own():
    """Re-attributing a record (--annotator) must not move the coder's marks: new ids, the
    same ones every time."""
    draft = DraftRecord(marks=[at("Imran Khan", label="Person", id="m1")], annotator="alice")
    as_alice, _ = resolve(draft, annotator="alice")
    as_bob, _ = resolve(draft, annotator="bob")
    again, _ = resolve(draft, annotator="bob")
    assert as_alice.marks[0].id == "m1"
    assert as_bob.marks[0].id not in ("m1", None)
    assert again.marks[0].id == as_bob.marks[0].id


def test_named_actors_become_the_registrys_or_new_ones():
    draft = DraftRecord(
        marks=[
            at(
                "the corridor is safe",
                label="CPEC security",
                speaker_name="Xi Jinping",
                target_name="Khan",
            )
        ],
        named_actors=[NamedActor("Xi Jinping", "Person"), NamedActor("Khan", "Person")],
        document=DraftDocument(topics=("CPEC security",)),
    )
    resolved, problems = resolve(draft)
    assert problems == []
    [xi] = resolved.actors  # Khan is the registry's
    assert (xi.name, xi.type, xi.aliases) == ("Xi Jinping", "Person", ("Xi Jinping",))
    [claim] = resolved.marks
    assert (claim.speaker_id, claim.target_id) == (xi.id, "khan")
    assert resolved.document.topics == ("CPEC security",)


def test_two_claims_on_one_span_by_two_speakers_are_two_marks():
    """A joint pledge coded as one claim per speaker: same words and topic, other speakers.
    Their derived ids differ (they were one id, and the second replaced the first)."""
    draft = DraftRecord(
        marks=[
            at("Xi Jinping", label="Person"),
            at("Imran Khan", label="Person"),
            at("the corridor is safe", label="CPEC security", speaker_name="Xi Jinping"),
            at("the corridor is safe", label="CPEC security", speaker_name="Imran Khan"),
        ]
    )
    resolved, problems = resolve(draft)
    assert problems == []
    claims = [m for m in resolved.marks if m.kind == MarkKind.CLAIM]
    assert len({m.id for m in claims}) == 2
    assert {m.speaker_id for m in claims} == {resolved.marks[0].actor_id, "khan"}
    again, _ = resolve(draft)
    assert [m.id for m in again.marks] == [m.id for m in resolved.marks]
