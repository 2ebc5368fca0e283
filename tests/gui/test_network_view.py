"""The Network view: the claims' network drawn, a node's and a tie's claims listed, a claim
opened in its article, and the network saved."""

from __future__ import annotations

import networkx as nx
import pytest
from PySide6.QtCore import Qt

from annotator.core.model import MarkKind
from tests.conftest import add
from tests.gui.conftest import show_active


def claim(session, article_id, text, speaker_text, stance, after=0):
    """Mark a claim on text spoken by the actor mentioned as speaker_text, with a stance."""
    mention = add(session, article_id, MarkKind.ACTOR, speaker_text, "Person", after)
    made = add(session, article_id, MarkKind.CLAIM, text, "CPEC security", after)
    session.update_mark(made.with_changes(speaker_id=mention.actor_id, stance=stance))
    return made


@pytest.fixture
def networked(qtbot, session):
    """Alice's claims in the first article: Xi Jinping and Imran Khan both support CPEC
    security; the window shows the Network view."""
    from annotator.gui.main_window import MainWindow

    article_id = session.article_summaries()[0].id
    session.set_annotator("alice")
    first = claim(
        session, article_id, "discussed steps to enhance security", "Xi Jinping", "support"
    )
    claim(session, article_id, "enhance security", "Imran Khan", "support")
    window = MainWindow(session)
    show_active(qtbot, window)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_E, modifiers)
    view = window.views.network_view
    qtbot.waitUntil(lambda: view.drawn is not None and not view.is_computing(), timeout=15000)
    yield window, view, article_id, first
    window.undo_stack.clear()


def test_the_network_is_drawn_and_a_node_and_tie_list_their_claims(networked):
    window, view, _article_id, _first = networked
    assert window.views.currentWidget() is view
    # One-mode, subtract: two actors agreeing on one topic, one tie of weight 1.
    assert view.scope.text() == "2 node(s), 1 tie(s) from 2 claim(s)"
    xi = next(n for n in view.drawn.network.rows if n.label == "Xi Jinping")
    khan = next(n for n in view.drawn.network.rows if n.label == "Imran Khan")
    assert view.drawn.network.weight(xi.id, khan.id) == 1.0
    assert view.select_node(xi.id)
    assert view.claims_title.text() == "Xi Jinping: 1 claim(s)"
    assert view.claims.item(0, 2).text() == "Xi Jinping"
    assert view.claims.item(0, 6).text() == "discussed steps to enhance security"
    assert view.select_tie(xi.id, khan.id)
    assert view.claims.rowCount() == 2


def test_a_claim_opens_its_article_with_the_claim_selected(networked, qtbot):
    window, view, article_id, first = networked
    xi = next(n for n in view.drawn.network.rows if n.label == "Xi Jinping")
    view.select_node(xi.id)
    view.claims.setCurrentCell(0, 0)
    view.claims.cellActivated.emit(0, 0)
    assert window.views.currentWidget() is window.coding
    qtbot.waitUntil(lambda: window.selected_mark_id == first.id, timeout=5000)
    assert window.current_article_id == article_id


def test_options_recompute_and_the_network_is_saved(networked, qtbot, tmp_path):
    _window, view, _article_id, _first = networked
    view.type_combo.setCurrentIndex(view.type_combo.findData("twomode"))
    qtbot.waitUntil(
        lambda: not view.is_computing() and view.drawn.network.options.network_type == "twomode",
        timeout=15000,
    )
    assert view.scope.text() == "3 node(s), 2 tie(s) from 2 claim(s)"
    answers = iter([tmp_path / "net.gexf", None])
    view.choose_file = lambda *_args: next(answers)
    assert view.save() == tmp_path / "net.gexf"
    graph = nx.read_gexf(tmp_path / "net.gexf")
    assert sorted(graph.nodes[n]["label"] for n in graph) == [
        "CPEC security",
        "Imran Khan",
        "Xi Jinping",
    ]
    assert view.save() is None
