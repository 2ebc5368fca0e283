"""The guidelines panel: the project's Markdown guidelines and the tag set's label guide."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.gui.signals import follow
from annotator.session import Session

_NO_GUIDELINES = (
    "*This project has no guidelines document yet. Add one with "
    "`annotator guidelines load FILE.md`; the label guide below comes from the tag set.*"
)


class GuidelinesBrowser(QTextBrowser):
    """Renders the guidelines; never follows links or loads anything from outside."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        follow(session.guidelines_changed, self, self._changed)
        follow(session.tagset_changed, self, self._changed)
        self.refresh()

    def refresh(self) -> None:
        """Show the project's guidelines followed by the label guide."""
        guidelines = self._session.guidelines().strip() or _NO_GUIDELINES
        self.setMarkdown(f"{guidelines}\n\n---\n\n{self._session.label_guide()}")

    def _changed(self, *_: object) -> None:
        self.refresh()

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt override)
        """Load nothing: images and links in guidelines stay unfetched (no network, no files)."""
        return None
