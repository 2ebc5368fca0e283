"""Moving about the window: which view is in front, which article is open next, where the
keyboard goes, and the help — the handlers of the View, Go and Help menus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from annotator.analysis.statements import Statement
    from annotator.gui.main_window import MainWindow

SHORTCUT = Qt.FocusReason.ShortcutFocusReason


def focus_text(window: MainWindow) -> None:
    """Put the keyboard in the article text."""
    window.text_view.setFocus(SHORTCUT)


def edit_selected_mark(window: MainWindow) -> None:
    """Put the keyboard in the selected mark's form (Enter or Esc comes back)."""
    if window.selected_mark() is None:
        window.statusBar().showMessage("Select a mark first (click it, or make one).", 4000)
        return
    window.mark_details.focus_first()


def focus_actors(window: MainWindow) -> None:
    """Show the actor registry and put the keyboard in its search box."""
    window.docks.actors.show()
    window.docks.actors.raise_()
    window.actor_registry.search.setFocus(SHORTCUT)
    window.actor_registry.search.selectAll()


def focus_note(window: MainWindow) -> None:
    """Put the keyboard in the open article's note."""
    window.docks.tags.show()
    window.document_panel.note.setFocus(SHORTCUT)
    window.document_panel.note.selectAll()


def focus_article_search(window: MainWindow) -> None:
    """Put the keyboard in the article search box."""
    window.docks.articles.show()
    window.article_filter.search.setFocus()
    window.article_filter.search.selectAll()


def show_guidelines(window: MainWindow) -> None:
    """Bring the guidelines panel to the front."""
    window.docks.guidelines.show()
    window.docks.guidelines.raise_()


def show_shortcuts(window: MainWindow) -> None:
    """Open the shortcuts sheet, generated from the actions and the tag set."""
    from annotator.gui.dialogs.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    rows = shortcut_rows(window.app_actions, window.label_actions)
    sheet = ShortcutsDialog(rows, window)
    # Beside the window, not in front of it: the keys can be tried while it is open.
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.interaction.dialog = sheet
    sheet.show()


def show_view(window: MainWindow, view: QWidget) -> None:
    """Bring a view to the front, keyboard in its main part."""
    views = window.views
    views.setCurrentWidget(view)
    if view is window.coding:
        window.text_view.setFocus(SHORTCUT)
    elif view is views.made_review:
        views.review_view.unit_table.setFocus(SHORTCUT)
    elif view is views.made_statistics:
        views.statistics_view.list.setFocus(SHORTCUT)
    elif view is views.made_network:
        views.network_view.graph_view.setFocus(SHORTCUT)
    else:
        views.agreement_view.article_table.setFocus(SHORTCUT)


def show_named_view(window: MainWindow, name: str) -> None:
    """Bring the coding, review, agreement or statistics view to the front."""
    views = window.views  # the views but coding are made when first asked for
    made = {
        "coding": lambda: window.coding,
        "review": lambda: views.review_view,
        "agreement": lambda: views.agreement_view,
        "statistics": lambda: views.statistics_view,
        "network": lambda: views.network_view,
    }
    show_view(window, made[name]())


def open_claim(window: MainWindow, claim: Statement) -> None:
    """Open a claim's article in the coding view with the claim's words selected (the mark
    itself when it is the current coder's)."""
    window.open_article(claim.article_id)
    show_view(window, window.coding)

    def select() -> None:
        if window.current_article_id != claim.article_id:
            return
        if claim.coder == window.session.annotator:
            window.select_mark(claim.id)
        else:
            window.text_view.select_span(claim.start, claim.end)
        window.text_view.setFocus(SHORTCUT)

    if window.coding.loading:  # a long article: select once its text is all there
        window.coding.loaded.connect(select, Qt.ConnectionType.SingleShotConnection)
    else:
        select()


def review_article(window: MainWindow, article_id: str) -> None:
    """Open an article in the review view (from the agreement view's article list)."""
    window.open_article(article_id)
    show_view(window, window.views.review_view)


def review_step(window: MainWindow, direction: int) -> None:
    """Go to the next (1) or previous (-1) open disagreement in the review view."""
    if not window.views.showing_review():
        show_view(window, window.views.review_view)
    window.views.review_view.step(direction)


def step_article(window: MainWindow, step: int) -> None:
    """Open the next (1) or previous (-1) article of the list."""
    row = window.article_list.currentIndex().row() + step
    if 0 <= row < window.article_model.rowCount():
        window.article_list.selectRow(row)


def set_status_and_next(window: MainWindow, status: str) -> None:
    """Set the open article's status, then open the next article the list shows."""
    current = window.current_article_id
    if current is None:
        return
    window.set_status(status)
    following = window.session.next_article_id(current, window.article_model.article_filter)
    if following is not None:
        window.open_article(following)
        window.text_view.setFocus()
    else:
        window.statusBar().showMessage("That was the last article in the list.", 5000)
