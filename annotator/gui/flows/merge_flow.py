"""File › Merge project: bring in a teammate's project file in the background."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.actor_links import ActorLinkProposal
from annotator.gui.background import Progress
from annotator.gui.flows.base import Workflow
from annotator.services.merge_summary import merge_summary_lines
from annotator.services.merging import MergeCounts
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# SQLite calls the cancel check every this many virtual machine steps of a merge's query.
_STEPS = 10_000


class _MergeCancelledError(Exception):
    """The user cancelled the merge before it began."""


class MergeWorkflow(Workflow):
    """Merge another project file into the window's; then offer to link look-alike actors."""

    def __init__(self, window: MainWindow, theirs: Path):
        super().__init__(window)
        self.theirs = Path(theirs)
        self.report = ""

    def start(self) -> MergeWorkflow:
        """Start merging (one transaction: Cancel leaves this project as it was)."""
        theirs = self.theirs

        def work(
            session: Session, progress: Progress
        ) -> tuple[MergeCounts, list[ActorLinkProposal]]:
            # The merge is a few large SQL statements: SQLite's progress handler lets Cancel
            # interrupt one, which rolls the merge's transaction back.
            if not progress(0, 0):
                raise _MergeCancelledError
            session.automatic_backup("merge")  # `annotator restore` undoes the merge
            connection = session.store.db.conn
            connection.set_progress_handler(lambda: 0 if progress(0, 0) else 1, _STEPS)
            try:
                counts = session.merge_project(theirs)
            finally:
                connection.set_progress_handler(None, 0)
            return counts, session.proposed_actor_links()

        self.run("Merging…", work, self._merged, self._failed)
        return self

    def _merged(self, result: tuple[MergeCounts, list[ActorLinkProposal]]) -> None:
        counts, proposals = result
        session = self.window.session
        # The merge ran on another connection: the window's views must re-read.
        session.articles_changed.emit()
        session.actors_changed.emit()
        self.reload_window()
        # The command line's wording, as sentences.
        lines = [line[0].upper() + line[1:] + "." for line in merge_summary_lines(counts)]
        if proposals:
            names = ", ".join(sorted({p.absorb.name for p in proposals}))
            lines.append(f"Proposed actor links (one actor under two ids?): {names}.")
        self.report = " ".join(lines)
        self.interaction.inform(self.report)
        if proposals:
            from annotator.gui.flows.actor_links_flow import offer_actor_links

            offer_actor_links(self.window, proposals, "from merge")
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        interrupted = isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error)
        if interrupted or isinstance(error, _MergeCancelledError):
            self.interaction.inform("Merge cancelled; nothing was merged.")
        else:
            self.interaction.warn("Nothing was merged", str(error))
        self.finish(False)


def choose_and_merge(window: MainWindow) -> MergeWorkflow | None:
    """Ask for a teammate's project file and start merging it."""
    filters = ["annotator projects (*.db)", "All files (*)"]
    theirs = window.interaction.choose_file("Merge a teammate's project", filters)
    return merge_project(window, theirs) if theirs is not None else None


def merge_project(window: MainWindow, theirs: Path) -> MergeWorkflow:
    """Start merging a teammate's project in the background; then show what it brought."""
    return MergeWorkflow(window, theirs).start()
