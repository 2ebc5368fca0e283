"""Roles, permissions held by the database, and blind coding — each on a member's own
connection, logged in as their role."""

from __future__ import annotations

import pytest

from tests.hub.rows import (
    STAMP,
    add_annotator,
    add_article,
    add_document_labels,
    add_mark,
    insert,
    mark,
)

RLS_REFUSED = 'new row violates row-level security policy for table "{}"'


@pytest.mark.parametrize(
    ("conninfo", "kept"),
    [
        (
            "postgresql://bob:s%40cr3t@db.example.org:5433/team?sslmode=verify-full",
            "user=bob dbname=team host=db.example.org port=5433 sslmode=verify-full",
        ),
        (
            "host=db.example.org user=bob password='a b\\'c' dbname=team sslmode=require",
            "host=db.example.org user=bob dbname=team sslmode=require",
        ),
        ("postgresql:///team?host=/run/pg&password=pw", "dbname=team host=/run/pg"),
        ("host=/tmp dbname=team", "host=/tmp dbname=team"),
    ],
)
def test_the_stored_conninfo_holds_no_password(conninfo, kept):
    from psycopg.conninfo import conninfo_to_dict

    from annotator.hub.members import conninfo_without_password

    stored = conninfo_without_password(conninfo)
    assert conninfo_to_dict(stored) == conninfo_to_dict(kept)
    assert "password" not in stored
    for secret in ("s@cr3t", "s%40cr3t", "a b", "pw"):
        assert f"={secret}" not in stored


def test_create_hub_makes_the_lead_and_add_coder_a_login_role(hub):
    from annotator.hub.errors import HubError
    from annotator.hub.members import HubMember, add_coder, current_member, members

    admin = hub.connect()
    prefix = admin.info.dbname + "_"
    assert hub.lead == HubMember(prefix + "lead", "lead", True)
    alice = add_coder(admin, "Alice Ó Briain", password="correct horse")
    assert alice == HubMember(prefix + "alice_o_briain", "Alice Ó Briain", False)
    assert members(admin) == [alice, hub.lead]
    login, hashed = admin.execute(
        "SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = %s", [alice.role_name]
    ).fetchone()
    assert login is True
    assert hashed.startswith("SCRAM-SHA-256$") and "correct horse" not in hashed
    assert admin.execute(
        "SELECT pg_has_role(%s, %s, 'MEMBER')", [alice.role_name, prefix + "hub_members"]
    ).fetchone() == (True,)
    # Each connection knows who it is.
    assert current_member(hub.connect(alice.role_name)) == alice
    assert current_member(hub.connect(hub.lead.role_name)) == hub.lead
    assert current_member(admin) is None
    assert hub.connect(alice.role_name).execute("SELECT hub_coder(), hub_is_lead()").fetchone() == (
        "Alice Ó Briain",
        False,
    )
    assert hub.connect(hub.lead.role_name).execute(
        "SELECT hub_coder(), hub_is_lead()"
    ).fetchone() == ("lead", True)
    with pytest.raises(HubError, match="Alice Ó Briain is already a member"):
        add_coder(admin, "Alice Ó Briain")
    with pytest.raises(HubError, match="names the adjudicated layer"):
        add_coder(admin, "gold")
    with pytest.raises(HubError, match="already exists: give the coder another role name"):
        add_coder(admin, "alice o'briain")  # the same default role name


def test_a_second_create_hub_is_refused(hub):
    from annotator.hub.errors import HubError
    from annotator.hub.members import create_hub

    with pytest.raises(HubError, match=r"already holds a hub \(led by lead\)"):
        create_hub(hub.conninfo, "someone")


@pytest.fixture
def team(hub):
    """Alice and Bob code article 1 (and Bob article 2); the lead made a gold mark on 1."""
    alice, bob = hub.add_coder("alice"), hub.add_coder("bob")
    lead = hub.connect(hub.lead.role_name)
    for name in ("lead", "gold"):
        add_annotator(lead, name)
    first, second = add_article(lead, 1), add_article(lead, 2)
    conns = {"alice": hub.connect(alice.role_name), "bob": hub.connect(bob.role_name)}
    marks = {}
    for coder, conn in conns.items():
        add_annotator(conn, coder)
        marks[coder] = add_mark(conn, first, coder)
        add_document_labels(conn, first, coder)
        insert(
            conn,
            "rejected_suggestions",
            {
                "article_id": first,
                "annotator": coder,
                "start": 0,
                "end": 3,
                "actor_id": "x",
                "rejected_at": STAMP,
            },
        )
    marks["bob on 2"] = add_mark(conns["bob"], second, "bob")
    marks["gold"] = add_mark(lead, first, "gold")
    insert(
        lead,
        "gold_provenance",
        {
            "mark_id": marks["gold"],
            "sources": "[]",
            "adjudicator": "lead",
            "decided_at": STAMP,
            "how": "accepted",
        },
    )
    insert(lead, "gold_rejections", {"mark_id": marks["bob"], "adjudicator": "lead",
                                     "decided_at": STAMP})  # fmt: skip
    return {"conns": conns, "lead": lead, "marks": marks, "articles": (first, second)}


def _seen(conn, table: str, column: str = "annotator") -> list:
    return sorted(row[0] for row in conn.execute(f"SELECT {column} FROM {table}"))


def test_blind_coding_hides_other_coders_rows_until_the_lead_unblinds(team):
    from annotator.hub.members import is_blind, project_unblind_seq, unblind, unblinded_articles

    alice, lead = team["conns"]["alice"], team["lead"]
    first, second = team["articles"]
    # Before: Alice sees her own rows only, and no gold; the lead sees everything.
    assert _seen(alice, "marks") == ["alice"]
    assert _seen(alice, "document_labels") == ["alice"]
    assert _seen(alice, "rejected_suggestions") == ["alice"]
    assert _seen(alice, "gold_provenance", "mark_id") == []
    assert _seen(alice, "gold_rejections", "mark_id") == []
    assert _seen(lead, "marks") == ["alice", "bob", "bob", "gold"]
    assert _seen(lead, "document_labels") == ["alice", "bob"]
    # The lead unblinds article 1: Bob's and the gold rows on it appear, not Bob's on 2.
    assert unblind(lead, first) == 3 + 2 + 2 + 1 + 1  # rows touched (3 marks...): new seqs
    assert unblinded_articles(alice) == {first}
    assert _seen(alice, "marks") == ["alice", "bob", "gold"]
    assert _seen(alice, "document_labels") == ["alice", "bob"]
    assert _seen(alice, "rejected_suggestions") == ["alice", "bob"]
    assert _seen(alice, "gold_provenance", "mark_id") == [team["marks"]["gold"]]
    assert _seen(alice, "gold_rejections", "mark_id") == [team["marks"]["bob"]]
    assert alice.execute(
        "SELECT count(*) FROM marks WHERE article_id = %s", [second]
    ).fetchone() == (0,)
    assert unblind(lead, first) == 0  # once is enough
    # The whole project: everything; its unblinding has a seq past Alice's cursor.
    assert is_blind(alice) is True
    assert project_unblind_seq(alice) is None
    cursor = alice.execute("SELECT max(seq) FROM marks").fetchone()[0]
    assert unblind(lead) == 0  # no row rewritten: clients pull the blind tables again
    assert is_blind(alice) is False
    assert project_unblind_seq(alice) > cursor
    assert _seen(alice, "marks") == ["alice", "bob", "bob", "gold"]


def test_unblinding_gives_the_hidden_rows_seqs_past_a_coders_cursor(team):
    from annotator.hub.members import unblind

    alice, lead = team["conns"]["alice"], team["lead"]
    add_article(lead, 3)  # a later write Alice sees: her pull's cursor moves past Bob's rows
    cursor = alice.execute("SELECT max(seq) FROM articles").fetchone()[0]
    hidden_seq = lead.execute(
        "SELECT seq FROM marks WHERE id = %s", [team["marks"]["bob"]]
    ).fetchone()[0]
    assert hidden_seq < cursor  # Bob's mark was written before Alice's cursor reached it
    unblind(lead, team["articles"][0])
    pulled = alice.execute("SELECT annotator FROM marks WHERE seq > %s", [cursor]).fetchall()
    assert sorted(row[0] for row in pulled) == ["alice", "bob", "gold"]


def test_a_coder_cannot_unblind(team):
    import psycopg

    from annotator.hub.members import NotAllowedError, unblind

    alice = team["conns"]["alice"]
    first = team["articles"][0]
    with pytest.raises(NotAllowedError, match="^only the hub's lead can unblind$"):
        unblind(alice, first)
    with pytest.raises(NotAllowedError, match="^only the hub's lead can unblind$"):
        unblind(alice)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("unblinded")):
        alice.execute(
            "INSERT INTO unblinded (article_id, unblinded_at) VALUES (%s, %s)", [first, STAMP]
        )
    assert alice.execute("UPDATE hub_settings SET value = 'off'").rowcount == 0
    assert _seen(alice, "marks") == ["alice"]


def test_a_coder_writes_only_their_own_rows(team):
    import psycopg

    alice, bob, lead = team["conns"]["alice"], team["conns"]["bob"], team["lead"]
    first = team["articles"][0]
    bobs = team["marks"]["bob"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("marks")):
        add_mark(alice, first, "bob")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("marks")):
        add_mark(alice, first, "gold")
    # Another coder's mark: neither updated nor deleted, hidden or not.
    assert alice.execute("UPDATE marks SET label = 'x' WHERE id = %s", [bobs]).rowcount == 0
    assert alice.execute("DELETE FROM marks WHERE id = %s", [bobs]).rowcount == 0
    from annotator.hub.members import unblind

    unblind(lead, first)
    assert alice.execute("UPDATE marks SET label = 'x' WHERE id = %s", [bobs]).rowcount == 0
    assert alice.execute("DELETE FROM marks WHERE id = %s", [bobs]).rowcount == 0
    assert (
        alice.execute("UPDATE document_labels SET note = 'x' WHERE annotator = 'bob'").rowcount == 0
    )
    # Nor handed over to her: her own mark cannot be given another coder's name.
    mine = team["marks"]["alice"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("marks")):
        alice.execute("UPDATE marks SET annotator = 'bob' WHERE id = %s", [mine])
    assert lead.execute("SELECT label FROM marks WHERE id = %s", [bobs]).fetchone() == ("claim",)
    # Her own: yes.
    assert alice.execute("UPDATE marks SET label = 'x' WHERE id = %s", [mine]).rowcount == 1
    assert (
        alice.execute(
            "UPDATE document_labels SET status = 'skipped', note = 'dup' WHERE annotator = 'alice'"
        ).rowcount
        == 1
    )
    assert bob.execute("DELETE FROM marks WHERE id = %s", [bobs]).rowcount == 1


def test_only_the_lead_edits_the_tag_set_assigns_and_writes_gold(team):
    import psycopg

    alice, lead = team["conns"]["alice"], team["lead"]
    first = team["articles"][0]
    insert(lead, "project", {"key": "tagset", "value": '{"labels": []}'})
    assert alice.execute("UPDATE project SET value = '{}' WHERE key = 'tagset'").rowcount == 0
    assert alice.execute("DELETE FROM project").rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("project")):
        insert(alice, "project", {"key": "guidelines", "value": "mine"})
    assert lead.execute("SELECT value FROM project").fetchall() == [('{"labels": []}',)]
    with pytest.raises(
        psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("assignments")
    ):
        insert(
            alice, "assignments", {"article_id": first, "annotator": "alice", "assigned_at": STAMP}
        )
    insert(lead, "assignments", {"article_id": first, "annotator": "alice", "assigned_at": STAMP})
    assert _seen(alice, "assignments") == ["alice"]  # coders read the assignments
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("articles")):
        add_article(alice, 3)
    with pytest.raises(
        psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("gold_rejections")
    ):
        insert(alice, "gold_rejections", {"mark_id": team["marks"]["alice"],
                                          "adjudicator": "alice", "decided_at": STAMP})  # fmt: skip
    # TRUNCATE would bypass row security: it is not granted.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        alice.execute("TRUNCATE marks")


def test_a_coder_tombstones_only_their_own_marks(team):
    import psycopg

    alice = team["conns"]["alice"]
    tombstone = "INSERT INTO deletions (tbl, key, deleted_at, deleted_by) VALUES (%s, %s, %s, %s)"
    # Bob's mark is hidden from her (blind), yet the hub knows it is not hers.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("deletions")):
        alice.execute(tombstone, ["marks", team["marks"]["bob"], STAMP, "alice"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("deletions")):
        alice.execute(tombstone, ["marks", team["marks"]["alice"], STAMP, "bob"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("deletions")):
        alice.execute(tombstone, ["assignments", "x", STAMP, "alice"])
    alice.execute(tombstone, ["marks", team["marks"]["alice"], STAMP, "alice"])
    alice.execute(tombstone, ["marks", "never-pushed-mark", STAMP, "alice"])
    alice.execute(tombstone, ["actors", "some-actor", STAMP, "alice"])
    alice.execute(tombstone, ["actors", "other-actor", STAMP, None])  # as a project records it
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSED.format("deletions")):
        alice.execute(tombstone, ["actors", "third-actor", STAMP, "bob"])
    assert alice.execute("SELECT count(*) FROM deletions").fetchone() == (4,)
    # A tombstone she may write she may remove; the lead's of Bob's mark she may not.
    lead = team["lead"]
    lead.execute(tombstone, ["marks", team["marks"]["bob"], STAMP, "bob"])
    assert (
        alice.execute(
            "DELETE FROM deletions WHERE key IN (%s, %s)",
            [team["marks"]["alice"], team["marks"]["bob"]],
        ).rowcount
        == 1
    )
    left = {row[0] for row in lead.execute("SELECT key FROM deletions WHERE tbl = 'marks'")}
    assert left == {"never-pushed-mark", team["marks"]["bob"]}


def test_any_member_adds_to_the_actor_registry(team):
    alice, bob = team["conns"]["alice"], team["conns"]["bob"]
    actor = {
        "id": "actor-1",
        "name": "Imran Khan",
        "type": "person",
        "created_by": "alice",
        "created_at": STAMP,
        "updated_at": STAMP,
    }
    insert(alice, "actors", actor)
    insert(bob, "actor_aliases", {"actor_id": "actor-1", "alias": "Khan", "implicit": 1})
    insert(bob, "actor_links", {"absorbed_id": "actor-2", "kept_id": "actor-1", "linked_at": STAMP})
    assert _seen(alice, "actor_aliases", "alias") == ["Khan"]
    assert _seen(alice, "actor_links", "kept_id") == ["actor-1"]


def test_other_coders_progress_is_readable_while_blind(team):
    from annotator.hub.members import coder_progress

    add_document_labels(team["conns"]["bob"], team["articles"][1], "bob", "in_progress")
    assert coder_progress(team["conns"]["alice"]) == {
        "alice": {"done": 1},
        "bob": {"done": 1, "in_progress": 1},
    }


def test_a_row_of_the_lead_is_not_a_coders_to_bring_back(team):
    """An upsert of a row a coder may not see fails loudly rather than writing past the policy."""
    import psycopg

    alice = team["conns"]["alice"]
    row = mark(team["articles"][0], "alice")
    row["id"] = team["marks"]["bob"]
    columns = ", ".join(f'"{c}"' for c in row)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute(
            f"INSERT INTO marks ({columns}) VALUES ({', '.join(['%s'] * len(row))}) "
            "ON CONFLICT (id) DO UPDATE SET label = excluded.label",
            list(row.values()),
        )


def test_a_hub_set_up_by_an_admin_who_is_not_a_superuser(pg_server, hub_db):
    """As on a managed service: the admin owns the database and may create roles, no more.
    Row security is forced on the owner too; it counts as a lead."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from annotator.hub.members import add_coder, create_hub, unblind

    name = conninfo_to_dict(hub_db)["dbname"] + "_m"  # its roles are dropped with hub_db's
    owner = name + "_admin"
    with psycopg.connect(pg_server, autocommit=True) as superuser:
        superuser.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(owner)))
        superuser.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )
    conninfo = make_conninfo(pg_server, dbname=name, user=owner)
    try:
        lead = create_hub(conninfo, "lead")
        with psycopg.connect(conninfo, autocommit=True) as admin:
            assert admin.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone() == (False,)
            alice = add_coder(admin, "alice")
            for coder in ("alice", "lead"):
                add_annotator(admin, coder)
            article = add_article(admin, 1)
            with psycopg.connect(
                make_conninfo(conninfo, user=alice.role_name), autocommit=True
            ) as coder:
                add_mark(coder, article, "alice")
                assert _seen(coder, "marks") == ["alice"]
            with psycopg.connect(
                make_conninfo(conninfo, user=lead.role_name), autocommit=True
            ) as led:
                add_mark(led, article, "lead")
                assert unblind(led, article) == 2
            assert _seen(admin, "marks") == ["alice", "lead"]
    finally:
        with psycopg.connect(pg_server, autocommit=True) as superuser:
            superuser.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
