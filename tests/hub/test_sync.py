"""Syncing projects through a real hub: the lead sets it up, coders join, marks travel both
ways, blind coding holds until the lead unblinds, deletions travel, a stale edit of a shared
record is refused and kept, and a coder's project never pushes what is not theirs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import MarkKind
from annotator.session import Session
from tests.conftest import add

pytest.importorskip("psycopg")


def as_role(admin: str, role: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin, user=role)


@pytest.fixture
def team(hub_db, tmp_path):
    """The lead's project (the bundled corpus) set up as a hub; alice and bob joined, each with
    an empty project of their own. Returns (lead, alice, bob) sessions."""
    from tests.hub.team import make_team

    sessions = tuple(make_team(hub_db, tmp_path, ("alice", "bob"), unblind=False).values())
    yield sessions
    for s in sessions:
        s.close()


def test_a_coder_joins_and_gets_the_articles_and_tag_set(team):
    lead, alice, _bob = team
    assert [a.id for a in alice.article_summaries()] == [a.id for a in lead.article_summaries()]
    assert alice.tagset == lead.tagset
    assert alice.hub_settings()["coder"] == "alice"
    assert alice.store.count_pending() == 0  # what was pulled is not sent back


def test_marks_travel_and_blind_coding_holds_until_unblinded(team):
    lead, alice, bob = team
    article = alice.article_summaries()[0].id
    mark = add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    report = alice.sync()
    assert report.pushed["marks"] == 1 and report.pushed["actors"] == 1
    lead.sync()
    assert [m.id for m in lead.store.marks_for(article, "alice")] == [mark.id]  # the lead sees
    bob.sync()
    assert bob.store.marks_for(article, "alice") == []  # blind
    assert lead.unblind(article) >= 1
    bob.sync()
    assert [m.id for m in bob.store.marks_for(article, "alice")] == [mark.id]


def test_a_coder_never_pushes_what_is_not_theirs(team):
    _lead, alice, _bob = team
    article = alice.article_summaries()[0].id
    alice.set_annotator("carol")
    add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    alice.set_annotator("alice")
    report = alice.sync()
    assert report.kept_local["marks"] == 1 and "marks" not in report.pushed


def test_a_stale_edit_of_an_actor_is_refused_and_kept(team):
    lead, alice, bob = team
    article = alice.article_summaries()[0].id
    mark = add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    alice.sync()
    bob.sync()
    actor = bob.store.get_actor(mark.actor_id)  # bob has the registry's actor
    renamed = alice.store.get_actor(mark.actor_id)
    from dataclasses import replace

    alice.update_actor(replace(renamed, country="China"))
    assert alice.sync().pushed["actors"] == 1
    bob.update_actor(replace(actor, country="PRC"))
    report = bob.sync()
    assert report.refused == [("actors", mark.actor_id)]
    assert bob.store.get_actor(mark.actor_id).country == "China"  # the hub's version
    [(table, key, edit, _when)] = bob.store.refused_edits()
    assert (table, key) == ("actors", mark.actor_id) and '"PRC"' in edit
    lead.sync()
    assert lead.store.get_actor(mark.actor_id).country == "China"


def test_the_command_line_sets_up_joins_and_syncs(hub_db, tmp_path):
    runner = CliRunner()
    lead_db, alice_db = tmp_path / "lead.db", tmp_path / "alice.db"
    lead = Session.open(lead_db, "lead")
    lead.import_bundled_corpus()
    lead.close()
    made = runner.invoke(cli, ["hub", "init", hub_db, "--lead", "lead", "--db", str(lead_db)])
    assert made.exit_code == 0, made.output
    assert "this project syncs as lead (the lead)" in made.output
    added = runner.invoke(cli, ["hub", "add-coder", hub_db, "alice", "--db", str(lead_db)])
    assert added.exit_code == 0, added.output
    role = added.output.split("login role ")[1].split()[0]
    joined = runner.invoke(cli, ["hub", "join", as_role(hub_db, role), "--db", str(alice_db)])
    assert joined.exit_code == 0, joined.output
    assert "joined" in joined.output and "as alice" in joined.output
    synced = runner.invoke(cli, ["sync", "--db", str(alice_db)])
    assert synced.exit_code == 0, synced.output
    assert synced.output.splitlines() == ["pushed 0 row(s)", "pulled: nothing new"]
    status = runner.invoke(cli, ["hub", "status", "--db", str(lead_db)])
    assert status.exit_code == 0, status.output
    assert "you: lead (lead)" in status.output
    assert "blind coding: on" in status.output
    Session.open(tmp_path / "other.db", "carol").close()
    untied = runner.invoke(cli, ["sync", "--db", str(tmp_path / "other.db")])
    assert untied.exit_code != 0 and "not tied to a hub" in untied.output


def test_deletions_travel(team):
    lead, alice, _bob = team
    article = alice.article_summaries()[0].id
    mark = add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    alice.sync()
    lead.sync()
    assert [m.id for m in lead.store.marks_for(article, "alice")] == [mark.id]
    alice.remove_mark(mark.id)
    report = alice.sync()
    assert report.deleted["marks"] == 1
    lead.sync()
    assert lead.store.marks_for(article, "alice") == []
    assert lead.store.deleted_at("marks", mark.id) is not None  # the tombstone came along
    # The actor it named had no other use: it went with it, everywhere.
    assert not lead.store.has_actor(mark.actor_id)


def test_a_first_pull_as_a_bulk_load_gives_what_a_pull_row_by_row_gives(
    team, hub_db, tmp_path, monkeypatch
):
    """A new coder's first pull of a coded, unblinded project, written as a bulk load
    (storage/bulk.py: indexes, tallies and the search index built at the end) and row by row:
    the same marks, tallies and search index; the bulk one passes check."""
    from annotator.storage import bulk

    lead, alice, bob = team
    article = alice.article_summaries()[0].id
    for session, words in ((alice, ("Xi Jinping", "Pakistan")), (bob, ("China", "Imran Khan"))):
        for word in words:
            add(session, article, MarkKind.ACTOR, word, "Country")
        session.sync()
    lead.unblind()
    projects = {}
    recounts = []
    recount = bulk.recount_tallies
    monkeypatch.setattr(bulk, "recount_tallies", lambda db: recounts.append(1) or recount(db))
    for coder, bulk_from in (("carol", 10**9), ("dave", 0)):
        monkeypatch.setattr(bulk, "BULK_MIN_ROWS", bulk_from)
        role = lead.add_hub_coder(hub_db, coder).role_name
        mine = Session.open(tmp_path / f"{coder}.db", coder)
        mine.join_hub(as_role(hub_db, role))
        # Dave's empty project takes the tallies its pull counted while it wrote the marks.
        assert recounts == []
        db = mine.store.db
        tables = ("marks", "label_tallies", "actor_tallies", "first_marks", "day_tallies")
        projects[coder] = [sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables]
        search = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Gwadar'"
        projects[coder].append(db.execute(search).fetchall())
        assert [f.what for f in mine.check() if not f.ok] == []
        mine.close()
    assert len(projects["dave"][0]) == 4  # alice's and bob's marks
    assert len(projects["dave"][-1]) >= 1  # the search index has the articles
    assert projects["dave"] == projects["carol"]

    # Alice deletes a mark: the hub keeps its tombstone and no longer the mark, so Erin's
    # pull still brings in every staged mark and takes the tallies counted meanwhile.
    alice.remove_mark(alice.store.marks_for(article, "alice")[0].id)
    alice.sync()
    recounts.clear()
    role = lead.add_hub_coder(hub_db, "erin").role_name
    erin = Session.open(tmp_path / "erin.db", "erin")
    erin.join_hub(as_role(hub_db, role))
    assert recounts == []
    assert erin.store.db.execute("SELECT count(*) FROM marks").fetchone()[0] == 3
    assert erin.store.db.execute("SELECT count(*) FROM deletions").fetchone()[0] >= 1
    assert [f.what for f in erin.check() if not f.ok] == []
    erin.close()


def test_scratch_folders_of_pulls_killed_long_ago_are_removed(team, tmp_path, monkeypatch):
    """A pull killed midway leaves its scratch folder; a pull a day later removes it, once per
    process, and leaves a recent one (another pull may be running) alone."""
    import os
    import tempfile
    import threading
    import time

    from annotator.hub import pulling

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(pulling, "_swept", threading.Event())
    stale, recent = scratch / "annotator-pull-old", scratch / "annotator-pull-new"
    for folder in (stale, recent):
        folder.mkdir()
        (folder / "stage-1.db").write_bytes(b"x" * 1000)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    _lead, _alice, bob = team
    bob.sync()
    assert sorted(p.name for p in scratch.iterdir()) == ["annotator-pull-new"]


def test_a_pull_leaves_no_stage_files_behind(team, tmp_path, monkeypatch):
    """The stage (storage/staging.py) lives in a temporary folder that goes with the pull."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    lead, alice, bob = team
    article = alice.article_summaries()[0].id
    add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    alice.sync()
    lead.unblind()
    report = bob.sync()
    assert report.pulled.added["marks"] == 1
    assert list(scratch.iterdir()) == []


def bobs_mention_seen_by_alice(team):
    """Unblind; Bob names Xi Jinping and syncs, Alice syncs: return (article, Bob's mark)."""
    lead, alice, bob = team
    lead.unblind()
    article = alice.article_summaries()[0].id
    bobs = add(bob, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    bob.sync()
    alice.sync()
    return article, bobs


def test_an_actor_kept_past_a_teammates_deletion_can_be_deleted_and_synced(team, hub_db):
    """Bob deletes an actor Alice's unsynced mark still uses: her project keeps it with Bob's
    tombstone. When her own mark goes, the actor goes too, and her sync sends its deletion in
    her name (the hub takes tombstones of the registry only in the sender's name)."""
    lead, alice, bob = team
    article, bobs = bobs_mention_seen_by_alice(team)
    alices = add(alice, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    assert alices.actor_id == bobs.actor_id  # the registry's actor, found by its name
    bob.remove_mark(bobs.id)  # the actor had no other use in Bob's project: it goes
    bob.sync()
    alice.sync()
    assert alice.store.has_actor(alices.actor_id)  # kept: her mark still refers to it
    alice.remove_mark(alices.id)
    assert not alice.store.has_actor(alices.actor_id)
    report = alice.sync()  # refused by the hub's row-level security before the fix
    assert report.deleted == {"marks": 1}
    assert alice.store.count_pending() == 0
    import psycopg

    with psycopg.connect(hub_db) as admin:
        tombstone = "SELECT deleted_by FROM deletions WHERE tbl = 'actors' AND key = %s"
        found = admin.execute(tombstone, [alices.actor_id]).fetchone()
        assert found == ("bob",)  # the first deletion's, as a file merge keeps the earlier
    lead.sync()
    assert not lead.store.has_actor(alices.actor_id)


def test_a_deletion_that_is_not_the_coders_to_share_stays_local(team):
    """Alice's project deletes Bob's mark (not hers to delete at the hub): her sync keeps the
    tombstone local and says so, instead of being refused by the hub again and again."""
    lead, alice, bob = team
    article, bobs = bobs_mention_seen_by_alice(team)
    alice.remove_mark(bobs.id)
    report = alice.sync()
    assert report.kept_local == {"marks": 1}
    assert alice.store.count_pending() == 0
    bob.sync()
    assert [m.id for m in bob.store.marks_for(article, "bob")] == [bobs.id]  # still Bob's
