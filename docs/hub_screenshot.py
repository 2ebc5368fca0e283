"""Regenerate docs/hub-window.png: a coder's window on a project tied to a team hub.

Needs PostgreSQL, as the hub's tests do: the server ``ANNOTATOR_TEST_PG`` names (a superuser's
conninfo), else a throwaway cluster started here (tests/hub/pg_cluster.py). Run under a virtual
X display with a window manager:

    Xvfb :97 -screen 0 1366x768x24 & DISPLAY=:97 openbox &
    DISPLAY=:97 .venv/bin/python docs/hub_screenshot.py

The lead sets up a hub from the bundled corpus with a few marks and unblinds it; bea joins and
opens her window, which syncs by itself; the lead then marks one more actor, which arrives in
bea's window without a restart (the registry lists Imran Khan). The picture is her whole window,
the sync indicator at the right of its status bar.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.core.model import MarkKind  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.session import Session  # noqa: E402

DOCS = Path(__file__).parent


@contextmanager
def hub_database() -> Iterator[str]:
    """Yield an admin's conninfo of a new hub database, dropped (with its roles) afterwards."""
    from tests.hub.scratch import pg_server, scratch_database

    with pg_server() as server, scratch_database(server, "docs_hub") as conninfo:
        yield conninfo


def mark(session: Session, article_id: str, needle: str, label: str) -> None:
    """Mark the first occurrence of a text as an actor mention."""
    text = session.article(article_id).text
    start = text.index(needle)
    prepared, actor = session.prepare_mark(
        article_id, MarkKind.ACTOR, start, start + len(needle), label
    )
    session.add_mark(prepared, actor)


def main() -> None:
    """Set up a hub, join it as bea, and save her window once the lead's new mark arrived."""
    from psycopg.conninfo import make_conninfo

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp, hub_database() as admin:
        app.setOrganizationName("annotator-screenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        lead = Session.open(Path(tmp) / "lead.db", "lena")
        lead.import_bundled_corpus()
        first = lead.article_summaries()[0].id
        for needle, label in (("China", "Country"), ("Pakistan", "Country")):
            mark(lead, first, needle, label)
        lead.create_hub(admin, "lena")
        lead.unblind()
        member = lead.add_hub_coder(admin, "bea")
        bea = Session.open(Path(tmp) / "bea.db", "bea")
        bea.join_hub(make_conninfo(admin, user=member.role_name))
        mark(bea, first, "Xi Jinping", "Person")

        window = MainWindow(bea)
        window.showMaximized()
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        window.open_article(first)
        sync = window.hub_sync
        assert sync is not None
        for _ in range(300):  # the first automatic sync sends bea's mark
            if sync.state == "online" and bea.hub_status().pending == 0:
                break
            QTest.qWait(50)
        mark(lead, first, "Imran Khan", "Person")
        lead.sync()  # the hub's NOTIFY wakes bea's window, which pulls the lead's mark
        for _ in range(300):
            arrived = any(a.name == "Imran Khan" for a in bea.actors())
            if arrived and sync.state == "online":
                break
            QTest.qWait(50)
        QTest.qWait(500)  # the registry's view shows it
        window.statusBar().clearMessage()
        QTest.qWait(300)
        pixmap = window.grab()
        pixmap.save(str(DOCS / "hub-window.png"))
        print(f"wrote {DOCS / 'hub-window.png'} ({pixmap.width()}×{pixmap.height()})")
        window.close()
        bea.close()
        lead.close()


if __name__ == "__main__":
    main()
