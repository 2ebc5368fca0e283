"""The team hub in the window (issue 15): the indicator says online, another coder's mark arrives
without a restart (LISTEN/NOTIFY or the automatic sync), the window's edits are pushed by
themselves, the lead's guidelines arrive, and with the hub out of reach the indicator says
offline while coding goes on. Against a real PostgreSQL, as tests/hub."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from annotator.core.model import MarkKind
from tests.conftest import add
from tests.gui.conftest import press, select_text, show_active

pytest.importorskip("psycopg")

from tests.hub.conftest import hub_db, hub_template, pg_server  # noqa: E402, F401 — PostgreSQL

WAIT_MS = 15000  # a NOTIFY comes at once; the automatic sync within 5 s


def as_role(admin: str, role: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin, user=role)


@pytest.fixture
def team(hub_db, tmp_path):  # noqa: F811 — the fixture imported above
    """The lead's project (the bundled corpus) set up as an unblinded hub; alice and bob joined
    with projects of their own. Returns (lead, alice, bob) sessions."""
    from tests.hub.team import make_team

    sessions = tuple(make_team(hub_db, tmp_path, ("alice", "bob"), unblind=True).values())
    yield sessions
    for s in sessions:
        s.close()


def open_window(qtbot, session):
    """Return the shown main window over a session, its first article open."""
    from annotator.gui.main_window import MainWindow

    window = MainWindow(session)
    show_active(qtbot, window)
    window.open_article(session.article_summaries()[0].id)
    return window


@pytest.fixture
def alice_window(qtbot, team):
    """Return the window on alice's project, once its first sync is done."""
    window = open_window(qtbot, team[1])
    qtbot.waitUntil(lambda: window.hub_sync.state == "online", timeout=WAIT_MS)
    yield window
    window.undo_stack.clear()
    window.close()  # stops its sync and listener threads before the hub goes


def hub_marks(hub_db, coder: str) -> list[tuple[str, str]]:  # noqa: F811
    """Return a coder's marks at the hub as (id, text), read with the admin's connection."""
    import psycopg

    with psycopg.connect(hub_db, autocommit=True) as conn:
        return conn.execute(
            "SELECT id, text FROM marks WHERE annotator = %s ORDER BY id", [coder]
        ).fetchall()


def test_the_indicator_says_online_with_the_last_sync_and_nothing_waiting(alice_window):
    indicator = alice_window.hub_sync.indicator
    text = indicator.text()
    assert text.startswith("Hub: online  ·  synced ")
    assert text.endswith("  ·  nothing waiting")
    synced = text.split("synced ")[1].split("  ·  ")[0]
    assert re.fullmatch(r"\d\d:\d\d", synced)  # today's time
    tip = indicator.toolTip()
    address = alice_window.session.hub_settings()["hub"]
    assert address in tip.replace("&quot;", '"')  # the tooltip is escaped plain text
    assert "You sync as alice." in tip
    assert "password" not in tip
    assert "Ctrl+Shift+Y" in tip
    assert indicator.state == "online"


def test_another_coders_mark_arrives_without_a_restart(alice_window, team, qtbot):
    _lead, alice, bob = team
    messages: list[str] = []
    alice_window.statusBar().messageChanged.connect(messages.append)
    registry = alice_window.actor_registry.model
    assert registry.rowCount() == 0
    article_id = alice_window.current_article_id
    mark = add(bob, article_id, MarkKind.ACTOR, "Xi Jinping", "Person")
    assert bob.sync().pushed["marks"] == 1
    qtbot.waitUntil(
        lambda: [m.id for m in alice.store.marks_for(article_id, "bob")] == [mark.id],
        timeout=WAIT_MS,
    )
    assert alice.store.marks_for(article_id, "bob")[0].text == "Xi Jinping"
    assert alice_window.hub_sync.state == "online"
    # The window's own connection reads it; the tooltip says what the sync brought.
    qtbot.waitUntil(lambda: "1 new marks" in alice_window.hub_sync.indicator.toolTip())
    # The actor registry was read again; the pull is not taken for another program's change.
    qtbot.waitUntil(lambda: registry.rowCount() == 1)
    assert registry.index(0, 0).data() == "Xi Jinping"
    assert "Updated with changes another program made." not in messages


def test_an_edit_in_the_window_is_pushed_by_itself(alice_window, hub_db, qtbot):  # noqa: F811
    select_text(alice_window, "Xinhua")
    press(qtbot, alice_window, Qt.Key.Key_6)  # Media
    [mark] = alice_window.session.store.marks_for(alice_window.current_article_id, "alice")
    assert mark.text == "Xinhua"
    qtbot.waitUntil(lambda: hub_marks(hub_db, "alice") == [(mark.id, "Xinhua")], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: alice_window.hub_sync.indicator.text().endswith("nothing waiting"), timeout=WAIT_MS
    )
    assert alice_window.session.store.count_pending() == 0


def test_sync_now_from_the_file_menu(alice_window, team, qtbot):
    lead, alice, _bob = team
    lead.set_guidelines("# Code every actor\n\nNew rule from the lead.")
    assert lead.sync().pushed["project"] >= 1
    alice_window.app_actions["sync_hub"].trigger()
    qtbot.waitUntil(
        lambda: "New rule from the lead." in alice_window.guidelines.toPlainText(), timeout=WAIT_MS
    )
    assert alice.guidelines() == "# Code every actor\n\nNew rule from the lead."
    assert alice_window.app_actions["sync_hub"].shortcut().toString() == "Ctrl+Shift+Y"
    qtbot.waitUntil(
        lambda: alice_window.statusBar().currentMessage().startswith("Synced with the hub: sent 0")
    )


def test_offline_the_indicator_says_so_and_coding_goes_on(team, qtbot):
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    _lead, alice, _bob = team
    address = alice.hub_settings()["hub"]
    wrong = make_conninfo(address, port="1")  # nothing listens there
    with alice.store.transaction():
        alice.store.set_hub_settings({"hub": wrong})
    window = open_window(qtbot, alice)
    try:
        qtbot.waitUntil(lambda: window.hub_sync.state == "offline", timeout=WAIT_MS)
        assert window.hub_sync.indicator.text().startswith("Hub: offline  ·  synced ")
        tip = window.hub_sync.indicator.toolTip()
        assert "Last error: cannot reach the hub" in tip
        assert "Live updates: off" in tip
        assert conninfo_to_dict(wrong)["port"] == "1"
        select_text(window, "Xinhua")
        press(qtbot, window, Qt.Key.Key_6)
        [mark] = alice.store.marks_for(window.current_article_id, "alice")
        assert mark.text == "Xinhua" and mark.label == "Media"
        # The actor, its alias, the mark and the article's status (now in progress).
        qtbot.waitUntil(lambda: window.hub_sync.indicator.text().endswith("4 changes waiting"))
        assert window.hub_sync.state == "offline"
    finally:
        window.undo_stack.clear()
        window.close()


def test_a_password_is_asked_once_and_kept_in_memory(alice_window, qtbot):
    from annotator.gui.hub_sync import SyncOutcome

    hub_sync = alice_window.hub_sync
    refused = SyncOutcome(
        error="cannot reach the hub: connection failed: fe_sendauth: no password supplied",
        offline=True,
    )
    hub_sync.worker._begin()  # as the worker does before each sync
    hub_sync._sync_ended(refused)
    dialog = alice_window.interaction.dialog
    assert isinstance(dialog, QInputDialog)
    assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
    assert dialog.windowTitle() == "Team hub password"
    dialog.setTextValue("s3cret")
    dialog.accept()
    assert hub_sync.password == "s3cret"
    hub_sync.worker._begin()
    hub_sync._sync_ended(refused)  # refused again: not asked again unbidden
    assert alice_window.interaction.dialog is None
    assert hub_sync.indicator.text().startswith("Hub: offline")
    hub_sync.indicator.click()  # the user asks to sync: asked again (a mistyped password?)
    again = alice_window.interaction.dialog
    assert isinstance(again, QInputDialog) and again is not dialog
    again.reject()
    assert hub_sync.password == "s3cret"
    assert "s3cret" not in hub_sync.indicator.toolTip()
    assert "s3cret" not in str(alice_window.session.hub_settings())
    # The trust-authenticated test hub takes any password: the next sync goes through.
    qtbot.waitUntil(lambda: hub_sync.state == "online", timeout=WAIT_MS)


def test_an_untied_project_has_no_indicator_and_sync_says_why(window):
    assert window.hub_sync is None
    window.app_actions["sync_hub"].trigger()
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("This project is not tied to a team hub: join one with annotator hub join")
    )


def test_the_indicators_words():
    from annotator.gui.hub_sync import changes_waiting, local_time, sync_summary
    from annotator.hub.sync import SyncReport
    from annotator.storage.merging import MergeCounts

    assert changes_waiting(0) == "nothing waiting"
    assert changes_waiting(1) == "1 change waiting"
    assert changes_waiting(1200) == "1,200 changes waiting"
    stamp = "2026-11-30T12:00:00.000Z"
    local = datetime.fromisoformat("2026-11-30T12:00:00+00:00").astimezone()
    assert local_time(stamp, today=local) == local.strftime("%H:%M")
    assert local_time(stamp, today=local.replace(year=2027)) == local.strftime("%Y-%m-%d %H:%M")
    assert local_time(None) == ""
    report = SyncReport(
        pushed={"marks": 2},
        deleted={"marks": 1},
        pulled=MergeCounts(added={"marks": 3, "articles": 0}, updated={"actors": 1}),
    )
    assert sync_summary(report) == (
        "sent 2 rows and 1 deletion; brought 3 new marks, 1 updated actors"
    )
    assert sync_summary(SyncReport(pulled=MergeCounts())) == "sent 0 rows; brought nothing new"
