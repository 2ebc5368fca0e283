"""Where the keyboard goes, and the window's help: the handlers of the Go and Help menus that
only move the focus or show a panel or sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
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
