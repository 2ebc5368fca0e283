"""spaCy DocBin export, re-read with spaCy itself: ents, span groups, cats, user data."""

from __future__ import annotations

import builtins
import json
import logging

import pytest

from annotator.core.errors import ValidationError
from annotator.core.model import (
    Actor,
    AnnotatedDocument,
    Article,
    ArticleStatus,
    DocumentLabels,
    Mark,
    MarkKind,
)
from annotator.formats import registry, spacy_docbin
from annotator.formats.base import FormatContext
from tests.conftest import FIXTURES, add

SKIP_REASON = "spaCy is an optional extra (pip install 'annotator[spacy]'); CI installs it"


@pytest.fixture
def spacy():
    """Return the spacy module, or skip the test when the optional extra is not installed."""
    return pytest.importorskip("spacy", reason=SKIP_REASON)


def read_docbin(spacy, path):
    """Return the Docs of a .spacy file, read back the way spaCy's training corpus does.

    msgpack gives user data lists back as tuples: they are made lists again for comparison.
    """
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    for doc in docs:
        plain = json.loads(json.dumps(doc.user_data))
        doc.user_data.clear()
        doc.user_data.update(plain)
    return docs


def spans(group):
    """Return (start_char, end_char, label) of each span."""
    return [(s.start_char, s.end_char, s.label_) for s in group]


@pytest.fixture
def coded(session):
    """Code one article as alice (no overlap, one expanded mention) and as bob (overlap)."""
    ids = [s.id for s in session.article_summaries()]
    a0 = ids[0]
    text = session.article(a0).text
    p = text.index("During his meeting with Gen Hayat, Wang said")
    hayat = add(session, a0, MarkKind.ACTOR, "Gen Hayat", "Military/Security", after=p)
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    q = text.index("Vice President Wang Qishan")
    # "Wang Qi" is not a token boundary: the span expands to "Wang Qishan".
    partial = session.prepare_mark(
        a0, MarkKind.ACTOR, q + 15, q + 22, "Person", actor_id=wang.actor_id
    )[0]
    qishan = session.add_mark(partial).mark
    claim = add(
        session, a0, MarkKind.CLAIM,
        "Pakistan is the only all-weather strategic cooperative partner of China",
        "Bilateral friendship", after=p,
    )
    claim = session.update_mark(
        claim.with_changes(target_id=hayat.actor_id, stance="support", form="reported speech")
    ).mark
    sentiment = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    session.set_document_labels(
        DocumentLabels(
            a0, "alice", tone="positive", focus_stance="favourable",
            topics=("Bilateral friendship", "CPEC security"), status=ArticleStatus.DONE,
        )
    )
    session.set_annotator("bob")
    long = add(session, a0, MarkKind.ACTOR, "Pakistan Prime Minister Imran Khan", "Person")
    inner = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country")
    session.set_annotator("alice")
    return {
        "session": session, "a0": a0, "text": text, "hayat": hayat, "wang": wang,
        "qishan": qishan, "claim": claim, "sentiment": sentiment, "long": long, "inner": inner,
    }


@pytest.fixture
def docs(spacy, coded, tmp_path):
    """Export the coded project as .spacy and read it back with spaCy."""
    path = tmp_path / "train.spacy"
    assert coded["session"].export_file(path, "spacy") == 2
    assert [p.name for p in tmp_path.iterdir() if "spacy" in p.name] == ["train.spacy"]
    return read_docbin(spacy, path)


def test_registered_as_write_only():
    """The format is found by name, writes .spacy and reads nothing."""
    fmt = registry.get("spacy")
    assert fmt.extensions == (".spacy",)
    assert fmt.read is None and fmt.write is not None and fmt.stream is None


def test_one_doc_per_article_and_coder(docs, coded):
    """alice's and bob's coding of the article are separate Docs with the full text."""
    assert [d.user_data["coder"] for d in docs] == ["alice", "bob"]
    assert all(d.text == coded["text"] for d in docs)
    assert docs[0].user_data["article"] == {
        "id": coded["a0"],
        "title": coded["session"].article(coded["a0"]).title,
        "date": "2019-07-30",
        "source": coded["session"].article(coded["a0"]).source,
    }


def test_span_groups_ids_and_expansion(docs, coded):
    """Every mark is in its kind's span group with its label, mark id and actor id."""
    alice = docs[0]
    hayat, wang, qishan = coded["hayat"], coded["wang"], coded["qishan"]
    q = coded["text"].index("Wang Qishan")
    assert spans(alice.spans["actors"]) == [
        (q, q + len("Wang Qishan"), "Person"),
        (hayat.start, hayat.end, "Military/Security"),
        (wang.start, wang.end, "Person"),
    ]
    assert [s.id_ for s in alice.spans["actors"]] == [qishan.id, hayat.id, wang.id]
    assert [s.kb_id_ for s in alice.spans["actors"]] == [
        wang.actor_id, hayat.actor_id, wang.actor_id,
    ]
    claim, sentiment = coded["claim"], coded["sentiment"]
    assert spans(alice.spans["claims"]) == [(claim.start, claim.end, "Bilateral friendship")]
    assert alice.spans["claims"][0].id_ == claim.id
    assert spans(alice.spans["sentiment"]) == [(sentiment.start, sentiment.end, "positive")]
    assert alice.user_data["alignment"] == {
        "mode": "expand", "expanded": [qishan.id], "unaligned": [],
    }


def test_ents_only_without_overlap(docs, coded):
    """alice's mentions become doc.ents; bob's overlap, so his ents stay missing, not O."""
    alice, bob = docs
    assert spans(alice.ents) == spans(alice.spans["actors"])
    assert [e.kb_id_ for e in alice.ents] == [s.kb_id_ for s in alice.spans["actors"]]
    assert alice.user_data["ents"] == "set"
    assert alice[0].ent_iob_ == "O"
    long, inner = coded["long"], coded["inner"]
    assert spans(bob.spans["actors"]) == [
        (inner.start, inner.end, "Country"), (long.start, long.end, "Person"),
    ]
    assert bob.ents == () and bob.user_data["ents"] == "overlapping"
    assert {t.ent_iob_ for t in bob} == {""}
    assert len(bob.spans["claims"]) == 0


def test_cats_one_hot_and_unset_fields_left_out(docs):
    """Set fields are one-hot over the tag set's labels; unset fields are absent."""
    alice, bob = docs
    assert alice.cats == {
        "tone=positive": 1.0, "tone=negative": 0.0, "tone=neutral": 0.0, "tone=mixed": 0.0,
        "focus_stance=favourable": 1.0, "focus_stance=unfavourable": 0.0,
        "focus_stance=neutral": 0.0, "focus_stance=mixed": 0.0,
        "topic=CPEC security": 1.0, "topic=Counter-terrorism cooperation": 0.0,
        "topic=Economic cooperation": 0.0, "topic=Military cooperation": 0.0,
        "topic=Bilateral friendship": 1.0, "topic=Kashmir/sovereignty": 0.0,
        "topic=Regional security": 0.0, "topic=Foreign military presence": 0.0,
    }
    assert bob.cats == {}


def test_user_data_carries_relations_and_labels(docs, coded):
    """Claims keep speaker, target, stance and form; actors and document labels are there."""
    alice = docs[0]
    data = alice.user_data
    json.dumps(data)  # JSON-serialisable
    claim = next(m for m in data["marks"] if m["kind"] == "claim")
    assert claim["id"] == coded["claim"].id
    assert (claim["speaker"], claim["target"], claim["stance"], claim["form"]) == (
        coded["wang"].actor_id, coded["hayat"].actor_id, "support", "reported speech",
    )
    assert claim["aligned"] == [coded["claim"].start, coded["claim"].end]
    qishan = next(m for m in data["marks"] if m["id"] == coded["qishan"].id)
    assert qishan["text"] == "Wang Qi" and qishan["aligned"][1] - qishan["aligned"][0] == 11
    assert {a["id"]: a["name"] for a in data["actors"]} == {
        coded["wang"].actor_id: "Wang", coded["hayat"].actor_id: "Gen Hayat",
    }
    assert data["document"] == {
        "tone": "positive", "focus_stance": "favourable",
        "topics": ["Bilateral friendship", "CPEC security"], "status": "done", "note": "",
    }
    assert data["coder"] == "alice" and data["focus"] == "China–Pakistan relations"


def test_export_is_deterministic(spacy, coded, tmp_path):
    """Two exports of the same project are byte-identical."""
    one, two = tmp_path / "one.spacy", tmp_path / "two.spacy"
    coded["session"].export_file(one, "spacy")
    coded["session"].export_file(two, "spacy")
    assert one.read_bytes() == two.read_bytes()


def test_shards_when_many_documents(spacy, coded, tmp_path):
    """docs_per_file splits the export into numbered files spaCy reads like one."""
    path = tmp_path / "train.spacy"
    count = coded["session"].export_file(path, "spacy", options={"docs_per_file": "1"})
    assert count == 2
    assert sorted(p.name for p in tmp_path.iterdir() if "spacy" in p.name) == [
        "train-00001.spacy", "train-00002.spacy",
    ]
    coders = [
        d.user_data["coder"]
        for name in ("train-00001.spacy", "train-00002.spacy")
        for d in read_docbin(spacy, tmp_path / name)
    ]
    assert coders == ["alice", "bob"]


def test_mark_on_white_space_is_reported_unaligned(spacy, session, tmp_path, caplog):
    """A span covering no token is left out of spans and counted, not silently moved."""
    article = Article(id="a1", text="China  trusts Pakistan.", title="t")

    def mark(id_, start, end, kind=MarkKind.ACTOR, label="Country"):
        return Mark(id_, "a1", "carol", kind, start, end, article.text[start:end], label,
                    actor_id="c" if kind == MarkKind.ACTOR else None)

    coding = AnnotatedDocument(
        article, "carol", DocumentLabels("a1", "carol"), "focus",
        (Actor("c", "China", "Country"),),
        (mark("m1", 0, 5), mark("m2", 5, 6, MarkKind.SENTIMENT, "neutral")),
    )
    path = tmp_path / "one.spacy"
    with caplog.at_level(logging.INFO, logger="annotator.formats.spacy_docbin"):
        assert spacy_docbin.write_docbin([coding], path, session.format_context()) == 1
    assert "1 could not align" in caplog.text
    (doc,) = read_docbin(spacy, path)
    assert doc.user_data["alignment"]["unaligned"] == ["m2"]
    assert len(doc.spans["sentiment"]) == 0
    assert spans(doc.ents) == [(0, 5, "Country")]


def test_missing_spacy_is_a_clear_error(session, tmp_path, monkeypatch):
    """Without spaCy the export fails with how to install it, and writes nothing."""
    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(ValidationError, match=r"pip install 'annotator\[spacy\]'"):
        spacy_docbin.write_docbin([], tmp_path / "x.spacy", FormatContext(session.tagset))
    assert list(tmp_path.glob("x.spacy*")) == []


def test_shared_fixture_reads_the_same_way(spacy):
    """A DocBin made by spaCy itself reads back with the same method the tests use."""
    folder = FIXTURES / "spacy"
    expected = json.loads((folder / "docbin_ner_textcat.expected.json").read_text("utf-8"))
    docs = read_docbin(spacy, folder / "docbin_ner_textcat.spacy")
    assert len(docs) == len(expected["docs"]) == 3
    for doc, want in zip(docs, expected["docs"], strict=True):
        assert doc.text == want["text"]
        assert [t.text for t in doc] == want["tokens"]
        assert [list(s) for s in spans(doc.ents)] == want["ents"]
        assert [list(s) for s in spans(doc.spans["sc"])] == want["spans_sc"]
        assert doc.cats == want["cats"]
    assert spans(docs[0].ents) == [(0, 13, "PER"), (37, 55, "ORG")]
    assert docs[2].ents[0].text == "Фёдор Достоевский"


def test_bad_docs_per_file_is_refused(spacy, session, tmp_path):
    """A shard size that is not a positive number is a clear error."""
    with pytest.raises(ValidationError, match="docs_per_file"):
        session.export_file(tmp_path / "x.spacy", "spacy", options={"docs_per_file": "0"})
