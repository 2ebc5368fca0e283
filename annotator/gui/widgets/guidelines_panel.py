"""The guidelines panel: the project's Markdown guidelines and the tag set's label guide."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QShowEvent, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.gui.signals import follow
from annotator.session import Session

_NO_GUIDELINES = (
    "*This project has no guidelines document yet. Add one with "
    "`annotator guidelines load FILE.md`; the label guide below comes from the tag set.*"
)


class GuidelinesBrowser(QTextBrowser):
    """Renders the guidelines; never follows links or loads anything from outside.

    The Markdown is rendered when the panel is shown, and again on a change while it is
    shown. It starts behind the actor registry, where Qt counts it as shown: the window holds
    the rendering until its first frame is painted (see ``hold``).
    """

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._stale = True
        self._held = False
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        follow(session.guidelines_changed, self, self._changed)
        follow(session.tagset_changed, self, self._changed)

    def refresh(self) -> None:
        """Show the project's guidelines followed by the label guide."""
        self._stale = False
        guidelines = self._session.guidelines().strip() or _NO_GUIDELINES
        # GitHub's Markdown without its raw HTML: tags in the guidelines (or in a label's
        # description) are shown as written, never interpreted.
        features = (
            QTextDocument.MarkdownFeature.MarkdownDialectGitHub
            | QTextDocument.MarkdownFeature.MarkdownNoHTML
        )
        self.document().setMarkdown(
            f"{guidelines}\n\n---\n\n{self._session.label_guide()}", features
        )

    def hold(self) -> None:
        """Render nothing on being shown until ``release()`` (a change still renders)."""
        self._held = True

    def release(self) -> None:
        """Render now if the panel was shown while held and is out of date."""
        self._held = False
        if self._stale and self.isVisible() and not self._session.is_closed:
            self.refresh()

    def toPlainText(self) -> str:  # noqa: N802 (Qt override)
        """Return the rendered text (rendering it first if the panel was not shown yet)."""
        if self._stale and not self._session.is_closed:
            self.refresh()
        return super().toPlainText()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Render what changed while the panel was hidden."""
        if self._stale and not self._held and not self._session.is_closed:
            self.refresh()
        super().showEvent(event)

    def _changed(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt override)
        """Load nothing: images and links in guidelines stay unfetched (no network, no files).

        An empty result, not None: with None, Qt falls back to reading the URL as a local file
        (an image at /dev/zero crashed the window at start-up).
        """
        return QByteArray()
