"""The Session facade over a real project: import, marks, actors, labels, tag sets, coders."""

import json

import pytest

from annotator.core.errors import NotFoundError, TagSetError, ValidationError
from annotator.core.model import Actor, ArticleStatus, DocumentLabels, MarkKind
from annotator.core.resources import default_tagset_path
from annotator.session import Session, summarise
from tests.conftest import add

CORPUS_DATES = ["2019-07-30", None, "2022-05-12", "2017-03-17", "2022-06-15"]


def article_ids(session):
    """Return the project's article ids in list order."""
    return [s.id for s in session.article_summaries()]


@pytest.fixture
def a0(session):
    """Return the id of the first bundled article (000, dated 2019-07-30)."""
    return article_ids(session)[0]


def write_tagset(tmp_path, data, name="tagset.json"):
    """Write tag set data to a file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def default_data():
    """Return a fresh copy of the bundled tag set's data."""
    return json.loads(default_tagset_path().read_text(encoding="utf-8"))


# -- import ---------------------------------------------------------------------------------


def test_bundled_corpus_gives_five_dated_articles(session):
    """The bundled corpus imports as 5 articles with the dates of corpus/PROVENANCE.md."""
    assert session.article_count() == 5
    assert [s.date for s in session.article_summaries()] == CORPUS_DATES
    assert {s.status for s in session.article_summaries()} == {ArticleStatus.NEW}


def test_bundled_corpus_sources_are_file_names(session):
    """Each article's source is its file name in the corpus folder."""
    sources = [session.article(i).source for i in article_ids(session)]
    assert sources == [
        "000_98736a30118918ea.txt",
        "001_2f1f9ca0a84ed834.txt",
        "002_8a3e2bfe2baf5600.txt",
        "003_4f91bb1b40199adf.txt",
        "004_e10b63fce7d7f5d0.txt",
    ]


def test_reimport_adds_nothing(session):
    """Importing the corpus again adds 0 articles and reports 5 present."""
    report = session.import_bundled_corpus()
    assert (report.articles_added, report.articles_present) == (0, 5)
    assert session.article_count() == 5
    assert summarise(report) == "0 article(s) added, 5 already present"


def test_import_folder_copy(db_path, corpus_copy):
    """Importing a copy of the corpus folder stores the same 5 articles."""
    s = Session.open(db_path, "bob")
    try:
        report = s.import_paths([corpus_copy])
        assert report.articles_added == 5
        assert summarise(report) == "5 article(s) added"
        assert [x.date for x in s.article_summaries()] == CORPUS_DATES
    finally:
        s.close()


def test_article_summary_unknown_id(session):
    """article_summary of an unknown id raises NotFoundError."""
    with pytest.raises(NotFoundError):
        session.article_summary("0" * 64)


# -- actor marks ----------------------------------------------------------------------------


def test_first_actor_mention_creates_actor_with_alias(session, a0):
    """Marking 'Pakistan' as Country creates actor 'Pakistan' with itself as alias."""
    text = session.article(a0).text
    start = text.index("Pakistan Prime Minister")
    mark, (actor,) = session.prepare_mark(a0, MarkKind.ACTOR, start, start + 8, "Country")
    assert (actor.name, actor.type, actor.aliases) == ("Pakistan", "Country", ("Pakistan",))
    assert mark.actor_id == actor.id
    session.add_mark(mark, (actor,))
    assert session.actor(actor.id).aliases == ("Pakistan",)
    assert [a.name for a in session.actors()] == ["Pakistan"]


def test_prepare_mark_does_not_store(session, a0):
    """prepare_mark alone stores neither the mark nor the actor."""
    session.prepare_mark(a0, MarkKind.ACTOR, 0, 20, "Country")
    assert session.marks(a0) == []
    assert session.actors() == []


def test_same_text_ignoring_case_refers_to_same_actor(session):
    """'BEIJING' in 003 and 'Beijing' in 004 are one actor, which gains the second alias."""
    ids = article_ids(session)
    first = add(session, ids[3], MarkKind.ACTOR, "BEIJING", "Government")
    text = session.article(ids[4]).text
    start = text.index("Beijing")
    mark, new_actor = session.prepare_mark(ids[4], MarkKind.ACTOR, start, start + 7, "Government")
    assert new_actor == ()
    assert mark.actor_id == first.actor_id
    session.add_mark(mark)
    assert len(session.actors()) == 1
    assert session.actor(first.actor_id).aliases == ("BEIJING", "Beijing")


def test_same_text_of_other_type_reuses_actor(session, a0):
    """With no actor of the mention's type, an actor of another type with that alias is reused."""
    country = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country")
    gov = add(session, a0, MarkKind.ACTOR, "Pakistan", "Government", after=country.end)
    assert gov.actor_id == country.actor_id
    assert gov.label == "Government"
    assert session.actor(gov.actor_id).type == "Country"


def test_same_text_prefers_actor_of_same_type(session, a0):
    """With two actors sharing an alias, a mention refers to the one of its own type."""
    country = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country")
    session.store.insert_actor(
        Actor("gov-pk", "Government of Pakistan", "Government", aliases=("Pakistan",)), "alice"
    )
    text = session.article(a0).text
    start = text.index("Pakistan", country.end)
    as_gov, _ = session.prepare_mark(a0, MarkKind.ACTOR, start, start + 8, "Government")
    as_country, _ = session.prepare_mark(a0, MarkKind.ACTOR, start, start + 8, "Country")
    assert as_gov.actor_id == "gov-pk"
    assert as_country.actor_id == country.actor_id


def test_selection_is_trimmed(session, a0):
    """A selection with surrounding white space is narrowed to the word."""
    text = session.article(a0).text
    start = text.index("\n\nChina and Pakistan on")
    mark, _ = session.prepare_mark(a0, MarkKind.ACTOR, start, start + 8, "Country")
    assert (mark.start, mark.end, mark.text) == (start + 2, start + 7, "China")


def test_blank_selection_is_refused(session, a0):
    """A selection of only white space raises ValidationError."""
    text = session.article(a0).text
    start = text.index("\n\n")
    with pytest.raises(ValidationError, match="no text"):
        session.prepare_mark(a0, MarkKind.ACTOR, start, start + 2, "Country")


def test_unknown_label_is_refused(session, a0):
    """prepare_mark with a label not in the tag set raises ValidationError."""
    with pytest.raises(ValidationError, match="unknown actor label 'Wizard'"):
        session.prepare_mark(a0, MarkKind.ACTOR, 0, 10, "Wizard")


# -- claims and sentiment -------------------------------------------------------------------


def test_claim_speaker_is_nearest_actor_mention_before(session, a0):
    """A claim's speaker is the actor of the closest actor mention that starts before it."""
    text = session.article(a0).text
    p = text.index("During his meeting with Gen Hayat, Wang said")
    hayat = add(session, a0, MarkKind.ACTOR, "Gen Hayat", "Military/Security", after=p)
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    claim_start = text.index("Pakistan is the only", p)
    # An actor mention inside the claim, after its start, is not a candidate speaker.
    add(session, a0, MarkKind.ACTOR, "China", "Country", after=claim_start)
    claim_end = text.index(".", claim_start)
    claim, actor = session.prepare_mark(a0, MarkKind.CLAIM, claim_start, claim_end, "Bilateral friendship")
    assert actor == ()
    assert claim.speaker_id == wang.actor_id != hayat.actor_id
    assert claim.target_id is None and claim.intensity is None
    stored = session.add_mark(claim).mark
    assert session.mark(stored.id).speaker_id == wang.actor_id


def test_claim_speaker_may_open_the_claim(session, a0):
    """An actor mention starting at the claim's start is its speaker ("India has conveyed …")."""
    text = session.article(a0).text
    earlier = add(session, a0, MarkKind.ACTOR, "Xi Jinping", "Person")
    india = add(session, a0, MarkKind.ACTOR, "India", "Country")
    start = india.start
    end = text.index(".", start)
    claim, _ = session.prepare_mark(a0, MarkKind.CLAIM, start, end, "Kashmir/sovereignty")
    assert claim.text.startswith("India has conveyed its protest")
    assert claim.speaker_id == india.actor_id != earlier.actor_id


def test_claim_without_earlier_actor_has_no_speaker(session, a0):
    """A claim with no actor mention before it is a draft without a speaker."""
    claim, _ = session.prepare_mark(a0, MarkKind.CLAIM, 100, 150, "CPEC security")
    assert claim.speaker_id is None


def test_sentiment_gets_default_intensity(session, a0):
    """A new sentiment span gets intensity 2 and no actor fields."""
    mark = add(session, a0, MarkKind.SENTIMENT, "all-weather strategic cooperative partner", "positive")
    stored = session.mark(mark.id)
    assert stored.intensity == 2
    assert (stored.actor_id, stored.speaker_id, stored.target_id) == (None, None, None)


def test_every_stored_mark_matches_its_text(session, a0):
    """text[start:end] == mark.text holds for every stored mark of each kind."""
    add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    add(session, a0, MarkKind.ACTOR, "Xi Jinping", "Person")
    add(session, a0, MarkKind.CLAIM, "China stands ready to strengthen anti-terrorism", "Counter-terrorism cooperation")
    add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    text = session.article(a0).text
    marks = session.marks(a0)
    assert len(marks) == 4
    assert [m.kind for m in marks] == [MarkKind.ACTOR, MarkKind.ACTOR, MarkKind.SENTIMENT, MarkKind.CLAIM]
    for m in marks:
        assert text[m.start : m.end] == m.text
    assert session.article_summary(a0).mark_count == 4


def test_add_mark_emits_signal(session, a0):
    """add_mark emits mark_added with the stored mark."""
    seen = []
    session.mark_added.connect(seen.append)
    mark = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    assert seen == [mark]


# -- remove and update ----------------------------------------------------------------------


def test_remove_mark_deletes_actor_it_was_the_last_use_of(session, a0):
    """Removing an actor's only mention removes the actor and reports it for undo."""
    mark = add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    edit = session.remove_mark(mark.id)
    assert session.marks(a0) == []
    assert session.actors() == []
    assert [a.name for a in edit.removed_actors] == ["Imran Khan"]
    session.add_mark(mark, edit.removed_actors)
    assert [a.aliases for a in session.actors()] == [("Imran Khan",)]
    assert session.mark(mark.id).actor_id == edit.removed_actors[0].id


def test_remove_mark_keeps_actor_still_in_use(session, a0):
    """An actor another mention still refers to stays in the registry."""
    first = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country")
    second = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country", after=first.end)
    edit = session.remove_mark(first.id)
    assert [m.id for m in session.marks(a0)] == [second.id]
    assert [a.id for a in session.actors()] == [first.actor_id]
    assert edit.removed_actors == ()


def test_repointing_a_mention_removes_the_orphaned_actor(session, a0):
    """Pointing 'Wang' at Wang Qishan removes the 'Wang' actor; undo brings everything back."""
    qishan = add(session, a0, MarkKind.ACTOR, "Wang Qishan", "Person")
    text = session.article(a0).text
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    edit = session.update_mark(wang.with_changes(actor_id=qishan.actor_id))
    assert [a.name for a in session.actors()] == ["Wang Qishan"]
    assert set(session.actor(qishan.actor_id).aliases) == {"Wang", "Wang Qishan"}
    assert edit.added_alias == (qishan.actor_id, "Wang")
    assert [a.name for a in edit.removed_actors] == ["Wang"]
    # A later "Wang" now refers to Wang Qishan.
    later, new = session.prepare_mark(
        a0, MarkKind.ACTOR, text.index("Wang was"), text.index("Wang was") + 4, "Person"
    )
    assert (later.actor_id, new) == (qishan.actor_id, ())
    session.update_mark(wang, restore_actors=edit.removed_actors, drop_alias=edit.added_alias)
    assert sorted(a.name for a in session.actors()) == ["Wang", "Wang Qishan"]
    assert session.actor(qishan.actor_id).aliases == ("Wang Qishan",)


def test_remove_missing_mark_raises(session):
    """Removing an unknown mark raises NotFoundError."""
    with pytest.raises(NotFoundError):
        session.remove_mark("nope")


def test_update_mark_changes_stance_and_form(session, a0):
    """update_mark stores a claim's new stance and form."""
    claim = add(session, a0, MarkKind.CLAIM, "Pakistan firmly supports the joint construction", "Economic cooperation")
    session.update_mark(claim.with_changes(stance="support", form="reported speech"))
    stored = session.mark(claim.id)
    assert (stored.stance, stored.form) == ("support", "reported speech")
    assert stored.created_at == claim.created_at
    assert stored.updated_at >= claim.updated_at


def test_update_mark_rejects_unknown_stance(session, a0):
    """An unknown stance raises ValidationError and leaves the stored mark unchanged."""
    claim = add(session, a0, MarkKind.CLAIM, "Pakistan firmly supports the joint construction", "Economic cooperation")
    session.update_mark(claim.with_changes(stance="oppose"))
    before = session.mark(claim.id)
    with pytest.raises(ValidationError, match="unknown stance 'ambivalent'"):
        session.update_mark(before.with_changes(stance="ambivalent", form="direct quote"))
    assert session.mark(claim.id) == before


def test_update_mark_rejects_bad_intensity(session, a0):
    """Sentiment intensity 4 is refused and the mark keeps intensity 2."""
    mark = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    with pytest.raises(ValidationError, match="intensity 4"):
        session.update_mark(mark.with_changes(intensity=4))
    assert session.mark(mark.id).intensity == 2


def test_update_mark_rejects_changed_text(session, a0):
    """A mark whose text no longer matches its offsets is refused."""
    mark = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "positive")
    with pytest.raises(ValidationError, match="does not match"):
        session.update_mark(mark.with_changes(text="vigorous momentuM"))
    assert session.mark(mark.id).text == "vigorous momentum"


# -- document labels ------------------------------------------------------------------------


def test_document_labels_round_trip(session, a0):
    """Tone, focus stance, topics, status and note are stored and read back."""
    session.set_document_labels(
        DocumentLabels(
            a0,
            "alice",
            tone="positive",
            focus_stance="favourable",
            topics=("CPEC security", "Counter-terrorism cooperation"),
            status=ArticleStatus.DONE,
            note="checked ✓",
        )
    )
    got = session.document_labels(a0)
    assert (got.tone, got.focus_stance, got.topics, got.status, got.note) == (
        "positive",
        "favourable",
        ("CPEC security", "Counter-terrorism cooperation"),
        ArticleStatus.DONE,
        "checked ✓",
    )
    assert got.updated_at != ""
    assert session.article_summary(a0).status == ArticleStatus.DONE


def test_document_labels_default_empty(session, a0):
    """An article never labelled has empty labels with status new."""
    labels = session.document_labels(a0)
    assert labels.is_empty()
    assert labels.status == ArticleStatus.NEW


def test_document_labels_reject_unknown_tone(session, a0):
    """An unknown tone raises ValidationError and stores nothing."""
    with pytest.raises(ValidationError, match="unknown tone 'angry'"):
        session.set_document_labels(DocumentLabels(a0, "alice", tone="angry"))
    assert session.document_labels(a0).is_empty()


def test_document_labels_reject_unknown_topic(session, a0):
    """An unknown topic is refused."""
    with pytest.raises(ValidationError, match="unknown topic 'Sports'"):
        session.set_document_labels(DocumentLabels(a0, "alice", topics=("Sports",)))


def test_document_labels_unknown_article(session):
    """Labels for an article that does not exist raise NotFoundError."""
    with pytest.raises(NotFoundError):
        session.set_document_labels(DocumentLabels("0" * 64, "alice", tone="positive"))


# -- tag set --------------------------------------------------------------------------------


def test_new_project_uses_and_stores_default_tagset(session):
    """A new project's tag set is the default one, saved into the project."""
    assert session.tagset.name == "Political claims"
    assert json.loads(session.store.get_setting("tagset")) == default_data()


def test_load_tagset_replaces_and_persists(session, tmp_path, db_path):
    """Loading a valid tag set changes the project's tag set for later sessions too."""
    data = default_data()
    data["name"] = "Renamed"
    data["spans"]["actor"].append({"name": "Rebel", "color": "#123456", "key": "9"})
    session.load_tagset(write_tagset(tmp_path, data))
    assert session.tagset.name == "Renamed"
    other = Session.open(db_path, "bob")
    try:
        assert other.tagset.name == "Renamed"
        assert other.tagset.has_span_label(MarkKind.ACTOR, "Rebel")
    finally:
        other.close()


def test_load_tagset_refuses_dropping_used_label(session, a0, tmp_path):
    """A tag set without a label in use is refused and the old tag set stays."""
    add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    stored_before = session.store.get_setting("tagset")
    data = default_data()
    data["name"] = "No persons"
    data["spans"]["actor"] = [x for x in data["spans"]["actor"] if x["name"] != "Person"]
    path = write_tagset(tmp_path, data)
    with pytest.raises(TagSetError) as info:
        session.load_tagset(path)
    assert "actor label 'Person' is used 1 time(s)" in str(info.value)
    assert str(path) in str(info.value)
    assert session.tagset.name == "Political claims"
    assert session.store.get_setting("tagset") == stored_before


def test_load_tagset_refuses_dropping_used_tone(session, a0, tmp_path):
    """A tag set without a tone in use is refused."""
    session.set_document_labels(DocumentLabels(a0, "alice", tone="mixed"))
    data = default_data()
    data["document"]["tone"] = [x for x in data["document"]["tone"] if x["name"] != "mixed"]
    with pytest.raises(TagSetError, match="tone label 'mixed' is used 1 time"):
        session.load_tagset(write_tagset(tmp_path, data))
    assert session.tagset.has_span_label(MarkKind.SENTIMENT, "mixed")


def test_load_tagset_allows_dropping_unused_label(session, tmp_path):
    """Dropping a label nobody uses is allowed."""
    data = default_data()
    data["spans"]["actor"] = [x for x in data["spans"]["actor"] if x["name"] != "Media"]
    session.load_tagset(write_tagset(tmp_path, data))
    assert not session.tagset.has_span_label(MarkKind.ACTOR, "Media")


def test_load_tagset_refuses_dropping_actor_type_in_use(session, a0, tmp_path):
    """A tag set that drops the type of an actor that marks refer to is refused."""
    country = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country")
    # The second mention reuses the Country actor although it is labelled Government.
    gov = add(session, a0, MarkKind.ACTOR, "Pakistan", "Government", after=country.end)
    assert gov.actor_id == country.actor_id
    session.remove_mark(country.id)
    data = default_data()
    data["spans"]["actor"] = [x for x in data["spans"]["actor"] if x["name"] != "Country"]
    with pytest.raises(TagSetError):
        session.load_tagset(write_tagset(tmp_path, data))


def test_load_invalid_tagset_file_keeps_old(session, tmp_path):
    """An invalid tag set file raises TagSetError and changes nothing."""
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TagSetError, match="not valid JSON"):
        session.load_tagset(path)
    assert session.tagset.name == "Political claims"


# -- coders ---------------------------------------------------------------------------------


def test_marks_are_per_coder(session, a0):
    """Marks by alice are not shown to bob, and are shown again after switching back."""
    mark = add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    session.set_annotator("bob")
    assert session.annotator == "bob"
    assert session.marks(a0) == []
    assert session.article_summary(a0).mark_count == 0
    bob_mark = add(session, a0, MarkKind.SENTIMENT, "vigorous momentum", "negative")
    assert bob_mark.annotator == "bob"
    session.set_annotator("alice")
    assert [m.id for m in session.marks(a0)] == [mark.id]
    assert session.store.annotator_names() == ["alice", "bob"]


def test_document_labels_are_per_coder(session, a0):
    """Document labels of one coder are not those of another."""
    session.set_document_labels(DocumentLabels(a0, "alice", tone="positive"))
    session.set_annotator("bob")
    assert session.document_labels(a0).tone is None


def test_set_annotator_strips_and_rejects_empty(session):
    """Coder names are stripped; an empty name raises ValidationError."""
    session.set_annotator("  carol  ")
    assert session.annotator == "carol"
    with pytest.raises(ValidationError, match="must not be empty"):
        session.set_annotator("   ")
    assert session.annotator == "carol"


def test_alias_match_ignores_unicode_case(tmp_path):
    """A mention matches an actor's alias whatever its case, beyond ASCII too."""
    source = tmp_path / "a.txt"
    source.write_text("Çin and ÇIN and çin are one country.", encoding="utf-8")
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    first = add(session, article_id, MarkKind.ACTOR, "Çin", "Country")
    second, new = session.prepare_mark(article_id, MarkKind.ACTOR, 8, 11, "Country")
    assert second.text == "ÇIN" and new == () and second.actor_id == first.actor_id
    session.close()


def test_actor_candidates_rank_exact_then_prefix_then_word_then_recent(session, a0):
    """Candidates for 'Wang': the exact alias, then prefixes, then word matches, then recent."""
    text = session.article(a0).text
    qishan = add(session, a0, MarkKind.ACTOR, "Vice President Wang Qishan", "Person")
    xinhua = add(session, a0, MarkKind.ACTOR, "Xinhua", "Media")
    wang_yi = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    found = [(c.actor.name, c.match) for c in session.actor_candidates("wang")]
    assert found == [
        ("Wang", "exact"), ("Vice President Wang Qishan", "word"), ("Xinhua", "recent")
    ]
    found = [(c.actor.name, c.match) for c in session.actor_candidates("Vice President")]
    assert found[0] == ("Vice President Wang Qishan", "prefix")
    assert session.actor_candidates("")[0].actor.name == "Wang"  # most recent first
    assert {wang_yi.actor_id, qishan.actor_id, xinhua.actor_id} == {a.id for a in session.actors()}


def test_prepare_mark_with_chosen_or_new_actor(session, a0):
    """An explicit actor id or a new actor name overrides the alias lookup."""
    text = session.article(a0).text
    qishan = add(session, a0, MarkKind.ACTOR, "Wang Qishan", "Person")
    start = text.index("Wang said")
    mark, new = session.prepare_mark(a0, MarkKind.ACTOR, start, start + 4, "Person", actor_id=qishan.actor_id)
    assert (mark.actor_id, new) == (qishan.actor_id, ())
    mark, (actor,) = session.prepare_mark(
        a0, MarkKind.ACTOR, start, start + 4, "Person", new_actor_name="Wang  Yi"
    )
    assert (actor.name, actor.aliases, mark.actor_id) == ("Wang Yi", ("Wang", "Wang Yi"), actor.id)


def test_guidelines_round_trip_and_label_guide(session, tmp_path):
    """A Markdown file becomes the project's guidelines; bad files are refused, nothing changes.

    The bundled corpus brings the guidelines written for the bundled tag set."""
    bundled = session.guidelines()
    assert bundled.startswith("# Coding guidelines: political claims on China–Pakistan")
    assert "**Stance is not tone.**" in bundled
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\r\n\r\nCode speakers first.\r\n", encoding="utf-8")
    session.load_guidelines(guide)
    assert session.guidelines() == "# Guide\n\nCode speakers first.\n"
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(ValidationError, match="bad.md: not UTF-8"):
        session.load_guidelines(bad)
    assert session.guidelines() == "# Guide\n\nCode speakers first.\n"
    guide_text = session.label_guide()
    assert "- **Person** (key `1`): A named or described individual" in guide_text
    assert "## Stance toward the focus (China–Pakistan relations)" in guide_text


def test_speaker_after_a_quote_and_never_from_another_paragraph(tmp_path):
    """'“…,” said Imran Khan' takes the mention after it; another paragraph's actor is not used."""
    source = tmp_path / "a.txt"
    source.write_text(
        "China's foreign ministry spoke first.\n"
        "“We will protect every CPEC project,” said Imran Khan.\n"
        "The corridor is vital, officials added.\n",
        encoding="utf-8",
    )
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    add(session, article_id, MarkKind.ACTOR, "China's foreign ministry", "Government")
    khan = add(session, article_id, MarkKind.ACTOR, "Imran Khan", "Person")
    start = text.index("We will")
    quote, _ = session.prepare_mark(
        article_id, MarkKind.CLAIM, start, text.index("project") + 7, "CPEC security"
    )
    assert quote.speaker_id == khan.actor_id
    start = text.index("The corridor")
    alone, _ = session.prepare_mark(
        article_id, MarkKind.CLAIM, start, text.index("vital") + 5, "Economic cooperation"
    )
    assert alone.speaker_id is None  # a draft, not China's foreign ministry
    session.close()


def test_a_first_mark_moves_the_article_from_new_to_in_progress(session):
    """The coder's first mark begins the article; a finished or skipped one keeps its status,
    and another coder's status is theirs."""
    ids = article_ids(session)
    heard = []
    session.document_changed.connect(heard.append)
    add(session, ids[0], MarkKind.ACTOR, "China", "Country")
    labels = session.store.get_document_labels(ids[0], session.annotator)
    assert labels.status == ArticleStatus.IN_PROGRESS
    assert [(h.article_id, h.status) for h in heard] == [(ids[0], ArticleStatus.IN_PROGRESS)]
    add(session, ids[0], MarkKind.ACTOR, "Pakistan", "Country")
    assert len(heard) == 1  # already begun: nothing more to say

    session.set_status(ids[1], ArticleStatus.DONE)
    session.set_status(ids[2], ArticleStatus.SKIPPED)
    add(session, ids[1], MarkKind.ACTOR, "China", "Country")
    add(session, ids[2], MarkKind.ACTOR, "China", "Country")
    statuses = [session.store.get_document_labels(i, session.annotator).status for i in ids[:3]]
    assert statuses == [ArticleStatus.IN_PROGRESS, ArticleStatus.DONE, ArticleStatus.SKIPPED]
    assert session.store.get_document_labels(ids[0], "bob").status == ArticleStatus.NEW


def test_accepting_several_marks_at_once_begins_the_article_once(session):
    """add_marks (accepting every suggestion) moves the article to in progress in the same
    transaction, and says so once."""
    ids = article_ids(session)
    text = session.article(ids[3]).text
    marks = []
    for needle in ("China", "Pakistan"):
        start = text.index(needle)
        mark, new_actors = session.prepare_mark(
            ids[3], MarkKind.SENTIMENT, start, start + len(needle), "positive"
        )
        assert not new_actors
        marks.append(mark)
    heard = []
    session.document_changed.connect(heard.append)
    session.add_marks(marks)
    assert [(h.article_id, h.status) for h in heard] == [(ids[3], ArticleStatus.IN_PROGRESS)]


def test_the_bundled_guidelines_never_replace_a_projects_own(tmp_path):
    """Importing the bundled corpus into a project with guidelines leaves them as they are."""
    session = Session.open(tmp_path / "own.db", "alice")
    session.set_guidelines("# Our own rules\n")
    session.import_bundled_corpus()
    assert session.guidelines() == "# Our own rules\n"
    session.close()
