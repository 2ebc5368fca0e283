"""Whether an alias is implicit (a mention's text): migrated in old projects, carried by merges."""

from __future__ import annotations

import shutil

from sqlite_utils import Database

from annotator.core.model import MarkKind
from annotator.core.text import article_id, fold_name
from annotator.session import Session
from annotator.storage import Store
from annotator.storage.migrations import known_migration_names, migrations

STAMP = "2020-01-01T00:00:00.000Z"
TEXT = "Vice President Wang Qishan met Wang Yi. Wang said the talks went well."


def flags(store, actor_id):
    """Return {alias: implicit} of an actor, read from the table."""
    rows = store.db.execute(
        "SELECT alias, implicit FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
    )
    return {r[0]: bool(r[1]) for r in rows}


def test_migration_marks_the_aliases_that_are_their_actors_mention_texts(tmp_path):
    """In a project made before 0011, an alias that is the text of one of its actor's own
    mentions is taken as implicit; any other (typed, imported) as explicit."""
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0011_implicit_aliases")
    aid = article_id(TEXT)
    db.execute(
        "INSERT INTO articles (id, title, date, source, meta, text, imported_at) "
        "VALUES (?, 'Old', NULL, NULL, '{}', ?, ?)",
        [aid, TEXT, STAMP],
    )
    db.execute("INSERT INTO annotators VALUES ('alice', ?)", [STAMP])
    actors = {
        "q": ("Wang Qishan", ["Wang Qishan", "Wang", "WQ"]),
        "y": ("Wang Yi", ["Wang Yi", "Wang"]),  # "Wang" typed for him: no mention of his has it
    }
    for actor_id, (name, aliases) in actors.items():
        db.execute(
            "INSERT INTO actors (id, name, name_folded, type, country, created_by, created_at, "
            "updated_at) VALUES (?, ?, ?, 'Person', NULL, 'alice', ?, ?)",
            [actor_id, name, fold_name(name), STAMP, STAMP],
        )
        for alias in aliases:
            db.execute(
                "INSERT INTO actor_aliases (actor_id, alias, alias_folded) VALUES (?, ?, ?)",
                [actor_id, alias, fold_name(alias)],
            )
    for number, (needle, actor_id) in enumerate(
        (("Wang Qishan", "q"), ("Wang", "q"), ("Wang Yi", "y"))
    ):
        start = TEXT.index(needle, TEXT.index("Wang said") if needle == "Wang" else 0)
        db.execute(
            'INSERT INTO marks (id, article_id, annotator, kind, start, "end", text, label, '
            "actor_id, created_at, updated_at) VALUES (?, ?, 'alice', 'actor', ?, ?, ?, "
            "'Person', ?, ?, ?)",
            [f"m{number}", aid, start, start + len(needle), needle, actor_id, STAMP, STAMP],
        )
    db.conn.commit()
    db.close()

    store = Store.open(path)
    assert [
        r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")
    ] == known_migration_names()
    assert flags(store, "q") == {"WQ": False, "Wang": True, "Wang Qishan": True}
    assert flags(store, "y") == {"Wang": False, "Wang Yi": True}
    store.close()
    session = Session.open(path, "alice")
    assert session.actor("q").aliases_after_name() == ("Wang",)
    assert session.actor("y").aliases_after_name() == ()
    session.close()


def coded(path):
    """Return (session, Wang Qishan's id) on the bundled corpus where alice marked "Wang Qishan"
    and, as his mention, "Wang" (an implicit alias)."""
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    first = session.article_summaries()[0].id
    text = session.article(first).text
    qishan = mention(session, first, text.index("Wang Qishan"), "Wang Qishan").actor_id
    mention(session, first, text.index("Wang said"), "Wang", qishan)
    return session, qishan


def mention(session, article, start, needle, actor_id=None):
    """Mark a Person mention at an offset (of an actor, or found or made by its text)."""
    mark, new = session.prepare_mark(
        article, MarkKind.ACTOR, start, start + len(needle), "Person", actor_id=actor_id
    )
    return session.add_mark(mark, new).mark


def test_merge_keeps_an_alias_explicit_on_either_side(tmp_path):
    """Confirmed on one side, implicit on the other: explicit after a merge either way; an
    alias only one side has comes with its flag; merging is still order-independent."""
    ours, qishan = coded(tmp_path / "ours.db")
    ours.close()
    shutil.copyfile(tmp_path / "ours.db", tmp_path / "theirs.db")
    theirs = Session.open(tmp_path / "theirs.db", "bob")
    theirs.confirm_alias(qishan, "Wang")
    second = theirs.article_summaries()[1].id
    text = theirs.article(second).text
    mention(theirs, second, text.index("Wang Yi"), "Wang Yi", qishan)  # a new implicit alias
    theirs.close()

    results = {}
    for into, other in (("ours", "theirs"), ("theirs", "ours")):
        shutil.copyfile(tmp_path / f"{into}.db", tmp_path / f"{into}-merged.db")
        merged = Session.open(tmp_path / f"{into}-merged.db", "lead")
        merged.merge_project(tmp_path / f"{other}.db")
        results[into] = flags(merged.store, qishan)
        assert merged.actor(qishan).aliases_after_name() == ()
        merged.merge_project(tmp_path / f"{other}.db")  # again: nothing changes
        assert flags(merged.store, qishan) == results[into]
        merged.close()
    assert results["ours"] == results["theirs"] == {
        "Wang": False,  # bob confirmed it
        "Wang Qishan": True,
        "Wang Yi": True,  # bob's mention's text
    }
