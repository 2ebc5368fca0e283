"""Regenerate the README's screenshots from the real app on the bundled corpus.

Run under a virtual X display with a window manager, the window maximised on a laptop's screen
(1366×768), then with --wide on a 1920×1080 one:

    Xvfb :97 -screen 0 1366x768x24 & DISPLAY=:97 openbox &
    DISPLAY=:97 .venv/bin/python docs/screenshots.py
    Xvfb :98 -screen 0 1920x1080x24 & DISPLAY=:98 openbox &
    DISPLAY=:98 .venv/bin/python docs/screenshots.py --wide

It codes the first bundled article (and part of the third) through the window's own paths —
label keys' actions, the actor picker, the claim form's fields, the document panel — and saves
docs/main-window.png, docs/claim-form.png and docs/actor-registry.png. Then two more coders
(their marks derived from the analyst's, some missed or changed) code the same articles, and the
lead's review and agreement views are saved as docs/review.png and docs/agreement.png. With
--wide it saves docs/main-window-1920.png and, the window made 1280×720, docs/laptop-1280.png.
Nothing is read from or written to your own project or window settings.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from annotator.core.model import Mark, MarkKind, new_id
from annotator.gui.actor_commands import UpdateActorCommand
from annotator.gui.main_window import MainWindow
from annotator.gui.navigation import show_view
from annotator.session import Session

DOCS = Path(__file__).parent
DOCKS = ("articles_dock", "actors_dock")

ACTOR, CLAIM, SENTIMENT = MarkKind.ACTOR, MarkKind.CLAIM, MarkKind.SENTIMENT


@dataclass(frozen=True)
class Step:
    """One mark: the n-th occurrence of text, its kind and label, and its details."""

    text: str
    kind: MarkKind
    label: str
    occurrence: int = 0
    actor: str | None = None  # mention: the actor it refers to (created if new)
    speaker: str | None = None  # claim: the speaker's name, when not the prefilled one
    target: str | None = None  # claim or sentiment: the target actor's name
    stance: str | None = None
    form: str | None = None
    intensity: int | None = None


# The first bundled article ("China and Pakistan on Tuesday discussed steps…", 2019-07-30),
# coded as an analyst would, in reading order.
FIRST_ARTICLE = [
    Step("China", ACTOR, "Country"),
    Step("Pakistan", ACTOR, "Country", 1),
    Step("Gen. Zubair Mahmood Hayat", ACTOR, "Military/Security", actor="Zubair Mahmood Hayat"),
    Step("Vice President Wang Qishan", ACTOR, "Person", actor="Wang Qishan"),
    Step("India", ACTOR, "Country"),
    Step(
        "India has conveyed its protest to China as the CPEC traversed through the "
        "Pakistan-occupied Kashmir",
        CLAIM,
        "Kashmir/sovereignty",
        target="China",
        stance="oppose",
        form="reported speech",
    ),
    Step("conveyed its protest", SENTIMENT, "negative", intensity=2),
    Step("Gen Hayat", ACTOR, "Military/Security", actor="Zubair Mahmood Hayat"),
    Step("Wang", ACTOR, "Person", 1, actor="Wang Qishan"),
    Step(
        "Pakistan is the only all-weather strategic cooperative partner of China",
        CLAIM,
        "Bilateral friendship",
        target="Pakistan",
        stance="support",
        form="reported speech",
    ),
    Step("all-weather strategic cooperative partner", SENTIMENT, "positive", intensity=3),
    Step("Xinhua", ACTOR, "Media"),
    Step(
        "Both countries have always trusted and supported each other",
        CLAIM,
        "Bilateral friendship",
        stance="support",
        form="reported speech",
    ),
    Step(
        "The two sides should make solid progress on the construction of the CPEC",
        CLAIM,
        "Economic cooperation",
        speaker="Wang Qishan",
        stance="support",
        form="reported speech",
    ),
    Step("vigorous momentum", SENTIMENT, "positive"),
    Step("Gen Hayat", ACTOR, "Military/Security", 1, actor="Zubair Mahmood Hayat"),
    Step(
        "Pakistan firmly supports the joint construction of the BRI and will take strong "
        "measures to guarantee the smooth advancement of the CPEC construction",
        CLAIM,
        "CPEC security",
        stance="support",
        form="reported speech",
    ),
    Step("Guo Shengkun", ACTOR, "Person"),
    Step("Guo", ACTOR, "Person", 1, actor="Guo Shengkun"),
    Step(
        "China stands ready to strengthen anti-terrorism, law enforcement and security "
        "cooperation with Pakistan",
        CLAIM,
        "Counter-terrorism cooperation",
        target="Pakistan",
        stance="support",
        form="reported speech",
    ),
    Step("Baloch Liberation Army", ACTOR, "Armed group"),
    Step("threats to their security", SENTIMENT, "negative", target="Baloch Liberation Army"),
]

# Part of the third article in the list (2022-05-12), so the registry has more actors and uses.
THIRD_ARTICLE = [
    Step("China", ACTOR, "Country"),
    Step("Pakistan", ACTOR, "Country"),
    Step("Chinese Foreign Minister Wang Yi", ACTOR, "Person", actor="Wang Yi"),
    Step("Bilawal Bhutto Zardari", ACTOR, "Person"),
    Step("Zhao Lijian", ACTOR, "Person"),
    Step(
        "The two foreign ministers reached an important consensus on deepening our "
        "all-weather strategic cooperative partnerships",
        CLAIM,
        "Bilateral friendship",
        stance="support",
        form="reported speech",
    ),
]

COUNTRIES = {
    "Wang Qishan": "China",
    "Guo Shengkun": "China",
    "Xinhua": "China",
    "Wang Yi": "China",
    "Zhao Lijian": "China",
    "Zubair Mahmood Hayat": "Pakistan",
    "Bilawal Bhutto Zardari": "Pakistan",
    "Baloch Liberation Army": "Pakistan",
}


def settle(ms: int = 60) -> None:
    """Let the window lay itself out, paint, and take the X server's focus events."""
    QTest.qWait(ms)


def code(window: MainWindow, steps: list[Step]) -> Mark | None:
    """Make each step's mark through the window and fill its form; return the last mark."""
    text = text_of(window)
    editors = window.mark_details.editors
    mark = None
    for step in steps:
        start = -1
        for _ in range(step.occurrence + 1):
            start = text.index(step.text, start + 1)
        window.text_view.setFocus()
        window.text_view.select_span(start, start + len(step.text))
        window.mark_selection(step.kind, step.label)
        if step.kind == ACTOR:
            picker = window.actor_picker
            settle()  # the picker is on screen (and active) before anyone types in it
            # Typing the actor's name offers it if it exists, else a new actor of that name.
            QTest.keyClicks(picker.name_edit, step.actor or step.text)
            QTest.keyClick(picker.name_edit, Qt.Key.Key_Return)
        mark = window.selected_mark()
        actors = {a.name: a.id for a in window.session.actors()}
        fields = {"stance": step.stance, "form": step.form, "intensity": step.intensity}
        for field, name in (("speaker_id", step.speaker), ("target_id", step.target)):
            if name is not None:
                fields[field] = actors[name]
        for field, value in fields.items():
            if value is not None:
                combo = editors[field]
                combo.setCurrentIndex(combo.findData(value))
    window.text_view.setFocus()
    return mark


def add_countries(window: MainWindow) -> None:
    """Fill in the actors' countries, as the registry's Rename… dialog would."""
    for actor in window.session.actors():
        country = COUNTRIES.get(actor.name)
        if country:
            edited = replace(actor, country=country)
            window.undo_stack.push(UpdateActorCommand(window.session, actor, edited))


def text_of(window: MainWindow) -> str:
    """Return the open article's text."""
    assert window.current_article_id is not None
    return window.session.article(window.current_article_id).text


def claim_form_area(window: MainWindow, start: int) -> QRect:
    """Return the window's rectangle from the line holding an offset down to the form's end."""
    view = window.text_view
    line = view.span_rects(start, start + 1)[0]
    top = view.viewport().mapTo(window, line.topLeft().toPoint()).y() - 4 * round(line.height())
    coding = window.coding
    corner = coding.mapTo(window, coding.rect().topLeft())
    return QRect(corner.x(), top, coding.width(), corner.y() + coding.height() - top)


def dock(window: MainWindow, name: str) -> QDockWidget:
    """Return one of the window's docks by object name."""
    found = window.findChild(QDockWidget, name)
    assert found is not None, name
    return found


def save(widget: QWidget, name: str, area: QRect | None = None) -> None:
    """Save a widget (or a rectangle of it) as docs/NAME."""
    pixmap = widget.grab(area) if area is not None else widget.grab()
    pixmap.save(str(DOCS / name))
    print(f"wrote {DOCS / name} ({pixmap.width()}×{pixmap.height()})")


def second_coding(window: MainWindow, coder: str, article_id: str, seed: int) -> None:
    """Code an article as another coder would: the analyst's marks, some dropped or changed.

    Deterministic variations (every ``seed``-th mark dropped, some relabelled, a mention's span
    widened to the word before it), stored through the session as that coder's own marks.
    """
    session = window.session
    text = session.article(article_id).text
    marks = session.store.marks_for(article_id, "analyst")
    made = []
    for i, mark in enumerate(marks):
        if i % seed == seed - 1:
            continue  # this coder missed it
        changed = mark.with_changes(id=new_id(), annotator=coder)
        if mark.kind == ACTOR and i % 4 == 1:
            before = text.rfind(" ", 0, mark.start - 1) + 1  # one word more on the left
            changed = changed.with_changes(start=before, text=text[before : mark.end])
        if mark.kind == SENTIMENT and i % 3 == 0:
            changed = changed.with_changes(label="neutral", intensity=1)
        if mark.kind == CLAIM and i % 5 == 2:
            changed = changed.with_changes(stance="neutral" if mark.stance != "neutral" else None)
        made.append(changed)
    session.add_marks(made)
    labels = session.store.get_document_labels(article_id, "analyst")
    session.set_document_labels(
        replace(labels, annotator=coder, tone="neutral" if seed % 2 else labels.tone)
    )


def team_screenshots(window: MainWindow) -> None:
    """Two more coders code the first and third articles; save the review and agreement views."""
    first, third = window.article_model.article_id(0), window.article_model.article_id(2)
    assert first is not None and third is not None
    for coder, seed in (("bea", 5), ("chen", 7)):
        for article_id in (first, third):
            second_coding(window, coder, article_id, seed)
    window.session.set_annotator("lead")
    articles = dock(window, "articles_dock")
    window.resizeDocks([articles], [300], Qt.Orientation.Horizontal)
    window.open_article(first)
    show_view(window, window.views.review_view)
    review = window.views.review_view
    window.views.review_view.rule_combo.setCurrentIndex(0)
    review.premerge()  # everything the three coders agree on goes to gold at once
    review.select_unit(0, 1)
    review.step(1)  # the first open disagreement
    row = review.unit_table.currentIndex().row()
    review.select_unit(row, 3)  # bea's column: Enter would accept her version
    window.statusBar().clearMessage()
    settle(150)
    save(window, "review.png")

    show_view(window, window.views.agreement_view)
    view = window.views.agreement_view
    for _ in range(200):  # the numbers are computed off the UI thread: wait for them
        if not view.is_computing() and view.subject_combo.count():
            break
        settle(50)
    view.subject_combo.setCurrentIndex(
        view.subject_combo.findText("actor spans — F1 (overlap match)")
    )
    settle(150)
    save(window, "agreement.png")


def wait_for(done: Callable[[], bool], rounds: int = 300) -> None:
    """Run the event loop until work off the UI thread is done (or ~15 s have passed)."""
    for _ in range(rounds):
        if done():
            return
        settle(50)


def analysis_screenshots(window: MainWindow) -> None:
    """Save the Statistics view (claims per topic and stance) and the Network view (actors
    tied by shared topics, the most active actor's claims listed)."""
    from annotator.analysis.statistics import KEYS

    show_view(window, window.views.statistics_view)
    stats = window.views.statistics_view
    wait_for(lambda: not stats.is_computing() and stats.list.count() == len(KEYS))
    stats.list.setCurrentRow(list(KEYS).index("claims-by-topic-stance"))
    settle(200)
    save(window, "statistics.png")

    show_view(window, window.views.network_view)
    net = window.views.network_view
    wait_for(lambda: not net.is_computing() and net.drawn is not None)
    if net.drawn is None:
        raise SystemExit(f"the network view drew nothing: {net.scope.text()}")
    busiest = max(net.drawn.network.rows, key=lambda n: n.frequency)
    net.select_node(busiest.id)
    settle(200)
    save(window, "network.png")


def label_map_screenshot(window: MainWindow, tmp: Path) -> None:
    """Import an NER run's doccano file: the mapping dialog proposes what the usual NER tags
    become; a label of no NER tag set waits to be chosen."""
    import json

    from annotator.gui.flows.import_flow import import_files

    text = "Pakistan's Prime Minister Imran Khan met officials of the CPC in Beijing on 5 May."
    spans = [
        ("Pakistan", "GPE"),
        ("Imran Khan", "PERSON"),
        ("CPC", "ORG"),
        ("5 May", "DATE"),
        ("officials", "Stakeholder"),
    ]
    label = [[text.index(t), text.index(t) + len(t), tag] for t, tag in spans]
    path = tmp / "ner-run.jsonl"
    path.write_text(json.dumps({"text": text, "label": label}) + "\n", encoding="utf-8")
    import_files(window, [path], "doccano")
    for _ in range(200):
        dialog = window.interaction.dialog
        if (
            dialog is not None
            and dialog.isVisible()
            and dialog.windowTitle() == "Map unknown labels"
        ):
            break
        settle(50)
    settle()
    save(dialog, "label-map.png")
    dialog.reject()
    settle(300)


def main() -> None:
    """Code the bundled corpus in the real window and save the README's screenshots."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    wide = "--wide" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        # The window remembers its layout in QSettings: use a private, empty store.
        app.setOrganizationName("annotator-screenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        session = Session.open(Path(tmp) / "cpec-news.db", "analyst")
        session.import_bundled_corpus()
        window = MainWindow(session)
        window.showMaximized()  # as a laptop's user has it; the window manager fits it
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        settle(300)

        third = window.article_model.article_id(2)
        first = window.current_article_id
        assert third is not None and first is not None
        window.open_article(third)
        code(window, THIRD_ARTICLE)
        window.set_status("in_progress")
        window.open_article(first)
        code(window, FIRST_ARTICLE)
        window.set_status("in_progress")
        add_countries(window)
        window.toggle_document_label("tone", "positive")
        window.toggle_document_label("focus_stance", "favourable")
        for topic in ("CPEC security", "Bilateral friendship"):
            window.toggle_document_label("topics", topic)
        window.document_panel.note.setText("Wang quoted via Xinhua: check the last two claims")
        window.document_panel.commit_note()

        # The main window: a selected claim shows its speaker (solid) and target (dashed).
        claim = next(m for m in window.mark_model.marks if m.label == "Bilateral friendship")
        window.select_mark(claim.id)
        window.text_view.scroll_to_offset(0)
        window.statusBar().clearMessage()
        settle()
        if wide:
            save(window, "main-window-1920.png")
            window.showNormal()
            window.resize(1280, 720)
            settle(300)
            window.select_mark(claim.id)
            save(window, "laptop-1280.png")
            window.close()
            session.close()
            return
        save(window, "main-window.png")

        # The claim form: a claim just made with its key (e, Economic cooperation), the
        # speaker filled in from the mention before it; Tab has moved on to the stance.
        code(window, [Step("Wang", ACTOR, "Person", 4, actor="Wang Qishan")])
        window.text_view.setFocus()
        new_claim = "the CPEC cooperation is heading toward a new stage"
        start = text_of(window).index(new_claim)
        end = text_of(window).index("high-quality development") + len("high-quality development")
        window.text_view.select_span(start, end)
        QTest.keyClick(window.text_view, Qt.Key.Key_E)  # Economic cooperation
        editors = window.mark_details.editors
        assert editors["speaker_id"].hasFocus()
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_1):
            focused = QApplication.focusWidget()
            assert focused is not None
            QTest.keyClick(focused, key)  # on to Stance: 1 = support
        assert editors["stance"].hasFocus() and editors["stance"].currentText() == "support"
        bar = window.text_view.verticalScrollBar()
        bar.setValue(bar.value() + 3)  # the paragraph below the claim too
        settle()
        save(window, "claim-form.png", claim_form_area(window, start))

        # The actor registry, its dock widened and heightened (as by dragging its edges).
        articles, actors = (dock(window, name) for name in DOCKS)
        window.resizeDocks([articles], [640], Qt.Orientation.Horizontal)
        window.resizeDocks([articles, actors], [250, 450], Qt.Orientation.Vertical)
        mention = next(m for m in window.mark_model.marks if m.text == "Gen Hayat")
        window.select_mark(mention.id)  # a mention is selected: Split mention is offered
        registry = window.actor_registry
        zubair = next(a for a in session.actors() if a.name == "Zubair Mahmood Hayat")
        registry.select_actor(zubair.id)
        settle()
        save(registry, "actor-registry.png")

        team_screenshots(window)
        analysis_screenshots(window)
        label_map_screenshot(window, Path(tmp))
        window.close()
        session.close()


if __name__ == "__main__":
    main()
