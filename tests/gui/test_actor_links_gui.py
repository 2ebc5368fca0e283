"""The actor links dialog after File › Merge project…: link the checked pairs, undo, decline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.actor_links import ActorLinkProposal
from annotator.core.model import Actor
from annotator.gui.dialogs.actor_links_dialog import ActorLinksDialog, ActorLinksModel
from annotator.gui.flows.actor_links_flow import offer_actor_links
from annotator.gui.flows.merge_flow import merge_project
from tests.gui.conftest import finished
from tests.storage.test_actor_links import mention, project


@pytest.fixture
def bob_db(window, tmp_path):
    """Alice marked China and Pakistan in the open article; Bob did too, under his own ids."""
    article_id = window.current_article_id
    for needle in ("China", "Pakistan"):
        mention(window.session, article_id, needle)
    bob, bob_article = project(
        tmp_path / "bob.db", "bob", [("China", "Country", 1), ("Pakistan", "Country", 1)]
    )
    bob.close()
    assert bob_article == article_id
    return tmp_path / "bob.db"


def actor_ids(window, coder):
    """Return {mention text: actor id} of a coder's marks in the open article."""
    marks = window.session.store.marks_for(window.current_article_id, coder)
    return {m.text: m.actor_id for m in marks}


def open_dialog(qtbot, window, bob_db) -> ActorLinksDialog:
    """Merge Bob's file and return the links dialog the window opened."""
    merge = merge_project(window, bob_db)
    assert finished(qtbot, merge)
    assert "Proposed actor links (one actor under two ids?): China, Pakistan." in merge.report
    dialog = window.interaction.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_link_checked_pairs_after_a_merge_and_undo(qtbot, window, bob_db):
    """Only the checked pair is linked, as one undo step that splits it again."""
    dialog = open_dialog(qtbot, window, bob_db)
    alice, bob = actor_ids(window, "alice"), actor_ids(window, "bob")
    model = dialog.model
    assert model.rowCount() == 2
    assert [model.index(r, 0).data() for r in range(2)] == ["China", "Pakistan"]
    assert [model.index(r, 4).data() for r in range(2)] == ["China", "Pakistan"]
    assert model.index(0, 1).data() == "Country" and model.index(0, 3).data() == 1
    checked = Qt.ItemDataRole.CheckStateRole
    assert [model.index(r, 0).data(checked) for r in range(2)] == [Qt.CheckState.Checked] * 2
    model.setData(model.index(1, 0), Qt.CheckState.Unchecked.value, checked)
    assert [p.absorb.name for p in dialog.checked()] == ["China"]
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert actor_ids(window, "bob") == {"China": alice["China"], "Pakistan": bob["Pakistan"]}
    assert sorted(a.name for a in window.session.actors()) == ["China", "Pakistan", "Pakistan"]
    assert window.undo_stack.undoText() == "Link 1 actor from merge"
    message = window.statusBar().currentMessage()
    assert message == "Linked 1, declined 0, left for later 1; Undo splits them again."
    assert [p.absorb.name for p in window.session.proposed_actor_links()] == ["Pakistan"]
    window.app_actions["undo"].trigger()
    assert actor_ids(window, "bob") == bob
    assert len(window.session.actors()) == 4
    window.app_actions["redo"].trigger()
    assert actor_ids(window, "bob") == {"China": alice["China"], "Pakistan": bob["Pakistan"]}


def test_link_every_pair_is_one_undo_step(qtbot, window, bob_db):
    """All checked: both pairs linked; one Undo restores all four actors."""
    dialog = open_dialog(qtbot, window, bob_db)
    alice, bob = actor_ids(window, "alice"), actor_ids(window, "bob")
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert actor_ids(window, "bob") == alice
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Link 2 actors from merge"
    window.undo_stack.undo()
    assert actor_ids(window, "bob") == bob
    assert sorted(a.id for a in window.session.actors()) == sorted([*alice.values(), *bob.values()])


def test_not_now_and_never_propose(qtbot, window, bob_db):
    """Not now links nothing; Never propose remembers the checked pairs as two actors."""
    dialog = open_dialog(qtbot, window, bob_db)
    bob = actor_ids(window, "bob")
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert actor_ids(window, "bob") == bob and window.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == "Linked 0, declined 0, left for later 2."
    window.app_actions["link_actors"].trigger()  # File › Link same-name actors…
    dialog = window.interaction.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.model.setData(
        dialog.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.mouseClick(dialog.decline_button, Qt.MouseButton.LeftButton)
    assert [p.absorb.name for p in window.session.proposed_actor_links()] == ["China"]
    assert window.statusBar().currentMessage() == (
        "Linked 0, declined 1, left for later 1: declined pairs are not proposed again."
    )
    assert actor_ids(window, "bob") == bob


def test_no_proposals_no_dialog(qtbot, window, tmp_path):
    """A merge that brings no look-alike actors opens no dialog."""
    bob, _ = project(tmp_path / "bob.db", "bob", [("Xinhua", "Media", 0)])
    bob.close()
    assert finished(qtbot, merge_project(window, tmp_path / "bob.db"))
    assert window.interaction.dialog is None
    offer_actor_links(window)
    assert window.statusBar().currentMessage().startswith("No actors to link")


def test_links_model_passes_the_model_tester(qtmodeltester):
    """The dialog's model is a well-behaved Qt model."""
    keep = Actor("a", "China", "Country", "CN", ("PRC",))
    proposal = ActorLinkProposal(keep, Actor("b", "china", "Country"), 3, 1, "same name")
    qtmodeltester.check(ActorLinksModel([proposal, proposal]))
