"""The Network view: the claims' network drawn, a node's and a tie's claims listed, a claim
opened in its article, and the network saved."""

from __future__ import annotations

import networkx as nx
import pytest
from PySide6.QtCore import Qt

from annotator.core.model import MarkKind
from tests.conftest import add
from tests.gui.conftest import show_active


def claim(
    session, article_id, text, speaker_text, stance, after=0, topic="CPEC security", kind="Person"
):
    """Mark a claim on text spoken by the actor mentioned as speaker_text, with a stance."""
    mention = add(session, article_id, MarkKind.ACTOR, speaker_text, kind, after)
    made = add(session, article_id, MarkKind.CLAIM, text, topic, after)
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
    view.controls.type_combo.setCurrentIndex(view.controls.type_combo.findData("twomode"))
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


# -- the options the command line has, and the legend ---------------------------------------


@pytest.fixture
def dated(qtbot, session):
    """Alice's claims in three articles, all supporting, in the Network view:

    - 2017-03-17: Bajwa (Military/Security) on CPEC security;
    - 2019-07-30: Xi Jinping twice and Imran Khan once (Person) on CPEC security;
    - 2022-05-12: Pakistan and China (Country) on Bilateral friendship.

    One-mode, subtract: Xi–Khan 2, Xi–Bajwa 2, Khan–Bajwa 1, Pakistan–China 1.
    """
    from annotator.gui.main_window import MainWindow

    summaries = {s.date: s.id for s in session.article_summaries()}
    first, third, fourth = summaries["2019-07-30"], summaries["2022-05-12"], summaries["2017-03-17"]
    session.set_annotator("alice")
    claim(session, first, "discussed steps to enhance security", "Xi Jinping", "support")
    claim(session, first, "enhance security", "Imran Khan", "support")
    later = session.article(first).text.index("The CPEC is part of")
    claim(session, first, "ambitious Belt and Road Initiative", "Xi Jinping", "support", later)
    claim(
        session,
        fourth,
        "discussed regional security",
        "Bajwa",
        "support",
        0,
        kind="Military/Security",
    )
    friendship = {"topic": "Bilateral friendship", "kind": "Country"}
    claim(session, third, "deepen their strategic cooperation", "Pakistan", "support", **friendship)
    consensus = session.article(third).text.index("The two foreign ministers")
    claim(
        session,
        third,
        "reached an important consensus",
        "China",
        "support",
        consensus,
        **friendship,
    )
    window = MainWindow(session)
    show_active(qtbot, window)
    window.app_actions["show_network"].trigger()
    view = window.views.network_view
    computed(qtbot, view)
    yield view
    window.undo_stack.clear()


def computed(qtbot, view):
    """Wait until the view has drawn what its options ask for."""
    qtbot.waitUntil(lambda: view.result is not None and not view.is_computing(), timeout=15000)


def labels(view):
    """Return the drawn network's nodes' labels, sorted."""
    from annotator.analysis.ties import nodes

    return sorted(n.label for n in nodes(view.drawn.network))


def node_id(view, label):
    return next(n.id for n in view.drawn.network.rows if n.label == label)


def test_every_claim_and_the_legend_of_its_types(dated):
    view = dated
    assert view.scope.text() == "5 node(s), 4 tie(s) from 6 claim(s)"
    assert labels(view) == ["Bajwa", "China", "Imran Khan", "Pakistan", "Xi Jinping"]
    assert view.legend.texts() == [
        "Country",
        "Military/Security",
        "Person",
        "agree",
        "conflict",
        "thicker: heavier tie · bigger: more claims",
    ]
    # The legend's colour is the node's: Okabe–Ito's first three, in order of the types.
    colours = {e.text: e.colour.name() for e in view.legend.entries}
    assert colours["Country"] == "#0072b2" and colours["Person"] == "#009e73"
    assert view.controls.actor_types.values() == ["Country", "Military/Security", "Person"]
    assert view.controls.topics.values() == ["Bilateral friendship", "CPEC security"]
    # The unticked date fields show the claims' first and last day.
    assert view.controls.date_from.edit.date().toString("yyyy-MM-dd") == "2017-03-17"
    assert view.controls.date_to.edit.date().toString("yyyy-MM-dd") == "2022-05-12"


def test_a_date_range_reads_only_its_claims(dated, qtbot):
    view = dated
    view.controls.date_from.set_value("2018-01-01")
    view.controls.date_to.set_value("2020-12-31")
    qtbot.waitUntil(lambda: view.result.read.key[2:] == ("2018-01-01", "2020-12-31"), timeout=15000)
    computed(qtbot, view)
    assert view.scope.text() == "2 node(s), 1 tie(s) from 3 claim(s)"
    assert labels(view) == ["Imran Khan", "Xi Jinping"]
    assert len(view.result.read.statements) == 3  # SQL read the range, not every claim
    assert view.drawn.network.start == "2018-01-01" and view.drawn.network.stop == "2020-12-31"


def test_a_start_after_the_stop_is_said_not_drawn(dated, qtbot):
    view = dated
    view.controls.date_to.set_value("2019-01-01")
    view.controls.date_from.set_value("2021-01-01")
    qtbot.waitUntil(lambda: view.scope.text().startswith("Not computed"), timeout=15000)
    assert view.scope.text() == "Not computed: start 2021-01-01 is after stop 2019-01-01"
    assert view.drawn is None and view.legend.texts() == []
    view.controls.date_from.set_value(None)
    qtbot.waitUntil(lambda: view.drawn is not None, timeout=15000)
    computed(qtbot, view)
    assert view.scope.text() == "1 node(s), 0 tie(s) from 1 claim(s)"  # up to 2019: Bajwa's
    assert labels(view) == ["Bajwa"]


def test_a_speaker_type_filter_drops_the_other_actors_without_reading_again(dated, qtbot):
    view = dated
    read = view.result.read
    country = view.controls.actor_types.value_actions["Country"]
    country.trigger()  # as a click in the menu does
    qtbot.waitUntil(lambda: view.drawn.network.options.actor_types == {"Country"}, timeout=15000)
    computed(qtbot, view)
    assert view.controls.actor_types.text() == "Country"
    assert labels(view) == ["China", "Pakistan"]
    assert view.scope.text() == "2 node(s), 1 tie(s) from 2 claim(s)"
    assert view.legend.texts()[:2] == ["Country", "agree"]
    assert view.result.read is read  # a filter computes from the claims read
    view.controls.actor_types.all_action.trigger()
    qtbot.waitUntil(lambda: not view.drawn.network.options.actor_types, timeout=15000)
    computed(qtbot, view)
    assert view.controls.actor_types.text() == "All types"
    assert len(labels(view)) == 5


def test_a_topic_filter_keeps_its_claims(dated, qtbot):
    view = dated
    view.controls.topics.choose(["Bilateral friendship"])
    qtbot.waitUntil(
        lambda: view.drawn.network.options.topics == {"Bilateral friendship"}, timeout=15000
    )
    computed(qtbot, view)
    assert labels(view) == ["China", "Pakistan"]


def test_duplicates_per_article_count_xi_jinpings_second_claim_once(dated, qtbot):
    view = dated
    xi, khan = node_id(view, "Xi Jinping"), node_id(view, "Imran Khan")
    assert view.drawn.network.weight(xi, khan) == 2.0
    combo = view.controls.duplicates_combo
    assert combo.itemData(combo.findData("document"), Qt.ItemDataRole.ToolTipRole) == (
        "Count identical claims once per article"
    )
    combo.setCurrentIndex(combo.findData("document"))
    qtbot.waitUntil(lambda: view.drawn.network.options.duplicates == "document", timeout=15000)
    computed(qtbot, view)
    assert view.drawn.network.weight(xi, khan) == 1.0
    assert view.scope.text() == "5 node(s), 4 tie(s) from 5 claim(s)"


def test_isolates_keep_the_actors_the_filter_left_out(dated, qtbot):
    view = dated
    view.controls.topics.choose(["Bilateral friendship"])
    view.controls.isolates_box.setChecked(True)
    qtbot.waitUntil(lambda: view.drawn.network.options.isolates, timeout=15000)
    computed(qtbot, view)
    assert view.scope.text() == "5 node(s), 1 tie(s) from 2 claim(s)"


def test_time_windows_step_without_reading_or_computing_again(dated, qtbot, tmp_path):
    view = dated
    read = view.result.read
    assert not view.window_bar.isVisibleTo(view)
    controls = view.controls
    controls.window_combo.setCurrentIndex(controls.window_combo.findData("years"))
    assert controls.window_size.value() == 3 and controls.window_size.suffix() == " years"
    qtbot.waitUntil(lambda: view.drawn.network.options.time_window == "years", timeout=15000)
    computed(qtbot, view)
    # Middles a year apart from 2017-03-17, each window a year on either side, wholly inside
    # 2017-03-17 … 2022-05-12: four windows.
    made = view.result.made
    assert len(made) == 4 and view.window_slider.maximum() == 3
    assert [w.middle for w in made.windows] == [
        "2018-03-17",
        "2019-03-17",
        "2020-03-17",
        "2021-03-17",
    ]
    assert view.window_bar.isVisibleTo(view)
    assert (
        view.window_label.text()
        == "1 of 4: middle 2018-03-17 (2017-03-17 … 2019-03-17), 1 claim(s)"
    )
    assert labels(view) == ["Bajwa"]
    counts = {0: 1}
    for index in (1, 2, 3):
        view.step_window(index)
        qtbot.waitUntil(
            lambda i=index: view.drawn is not None and view.drawn.index == i, timeout=15000
        )
        counts[index] = len(labels(view))
    assert counts == {0: 1, 1: 2, 2: 2, 3: 0}
    assert view.scope.text() == "0 node(s), 0 tie(s) from 0 claim(s)"
    view.step_window(1)  # seen before: drawn at once, nothing computed
    assert not view.is_computing() and view.drawn.index == 1
    assert view.scope.text() == "2 node(s), 1 tie(s) from 3 claim(s)"
    assert view.drawn.network.middle == "2019-03-17"
    assert view.result.read is read and view.result.made is made
    xi = node_id(view, "Xi Jinping")
    assert view.select_node(xi)
    assert view.claims_title.text() == "Xi Jinping: 2 claim(s)"

    # Save… saves the window shown; Save all windows… every window into a folder.
    answers = iter([tmp_path / "window.graphml", tmp_path / "windows.gexf"])
    view.choose_file = lambda *_args: next(answers)
    assert view.save() == tmp_path / "window.graphml"
    graph = nx.read_graphml(tmp_path / "window.graphml")
    assert sorted(graph.nodes[n]["label"] for n in graph) == ["Imran Khan", "Xi Jinping"]
    task = view.save_windows()
    qtbot.waitUntil(lambda: task.result is not None or task.error is not None, timeout=15000)
    assert task.error is None
    assert sorted(p.name for p in (tmp_path / "windows").iterdir()) == [
        "1-2018-03-17.gexf",
        "2-2019-03-17.gexf",
        "3-2020-03-17.gexf",
        "4-2021-03-17.gexf",
    ]


def test_no_window_fits_a_range_shorter_than_a_window(dated, qtbot):
    view = dated
    controls = view.controls
    controls.window_size.setValue(9)
    controls.window_combo.setCurrentIndex(controls.window_combo.findData("years"))
    assert controls.window_size.value() == 9  # typed by the user: kept
    qtbot.waitUntil(lambda: view.result.made.options.time_window == "years", timeout=15000)
    computed(qtbot, view)
    assert view.drawn is None
    assert view.scope.text() == (
        "No window of 9 years fits in the claims' dates, 2017-03-17 … 2022-05-12"
    )
    assert not view.save_windows_button.isEnabled()


def test_combined_stances_are_not_normalized_and_two_mode_shows_topics(dated, qtbot):
    view = dated
    controls = view.controls
    controls.type_combo.setCurrentIndex(controls.type_combo.findData("twomode"))
    assert [controls.aggregation_combo.itemText(i) for i in range(3)] == [
        "subtract",
        "ignore",
        "combine",
    ]
    controls.aggregation_combo.setCurrentText("combine")
    normalizations = controls.normalization_combo
    assert [normalizations.itemText(i) for i in range(normalizations.count())] == ["no"]
    qtbot.waitUntil(
        lambda: view.drawn.network.options.qualifier_aggregation == "combine", timeout=15000
    )
    computed(qtbot, view)
    assert view.legend.texts() == [
        "Country",
        "Military/Security",
        "Person",
        "topic",
        "tie: a combination of stances (hover)",
        "thicker: heavier tie · bigger: more claims",
    ]
    ties = [i for i in view.scene.items() if type(i).__name__ == "TieItem"]
    assert sorted(t.toolTip() for t in ties)[0] == "Bajwa — CPEC security: 1 (support)"


def test_the_legend_wraps_onto_more_lines_when_narrow(qtbot):
    from annotator.analysis.options import NetworkOptions
    from annotator.gui.network_legend import NetworkLegend, legend_entries, type_colours

    legend = NetworkLegend()
    qtbot.addWidget(legend)
    types = ["Person", "Country", "Media"]
    legend.show_entries(legend_entries(types, type_colours(types), True, NetworkOptions()))
    assert legend.texts() == [
        "Country",
        "Media",
        "Person",
        "topic",
        "tie: topics in common",
        "thicker: heavier tie · bigger: more claims",
    ]
    legend.show()
    qtbot.waitExposed(legend)
    line = max(legend.fontMetrics().height(), legend.SWATCH) + 2
    legend.resize(2000, 10)
    assert legend.height() == 2 * legend.MARGIN + line  # one line: its height set, not 10
    legend.resize(120, 10)
    assert legend.height() == 2 * legend.MARGIN + 6 * line  # an entry per line
