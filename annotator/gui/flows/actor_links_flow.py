"""File › Link same-name actors (and after a merge): propose actors that are one actor under two
ids; link the pairs checked, in one undo step, or decline them for good."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.actor_links import ActorLinkProposal
from annotator.core.errors import AnnotatorError
from annotator.services.merge_summary import link_summary_line

if TYPE_CHECKING:
    from annotator.gui.dialogs.actor_links_dialog import ActorLinksDialog
    from annotator.gui.main_window import MainWindow


def offer_actor_links(
    window: MainWindow, proposals: list[ActorLinkProposal] | None = None, context: str = ""
) -> ActorLinksDialog | None:
    """Open the dialog of proposed actor links (without blocking); link what is checked."""
    from annotator.gui.dialogs.actor_links_dialog import ActorLinksDialog

    proposals = window.session.proposed_actor_links() if proposals is None else proposals
    if not proposals:
        window.interaction.inform("No actors to link: no two share a name.")
        return None
    dialog = ActorLinksDialog(proposals, window)
    dialog.finished.connect(lambda _result: _chosen(window, dialog, context))
    window.interaction.open_dialog(dialog)
    return dialog


def _chosen(window: MainWindow, dialog: ActorLinksDialog, context: str) -> None:
    from annotator.gui.dialogs.actor_links_dialog import LinkActorsCommand

    chosen = dialog.checked()
    offered = len(dialog.model.proposals)
    if not chosen or dialog.choice == "later":
        window.interaction.inform(link_summary_line(0, 0, offered).capitalize() + ".")
        return
    if dialog.choice == "decline":
        n = window.session.decline_actor_links(p.ids for p in chosen)
        line = link_summary_line(0, n, offered - n).capitalize()
        window.interaction.inform(f"{line}: declined pairs are not proposed again.")
        return
    linked = 0
    plural = "actor" if len(chosen) == 1 else "actors"
    stack = window.undo_stack
    # One macro: a single Undo splits every actor of this dialog apart again.
    stack.beginMacro(f"Link {len(chosen)} {plural} {context}".rstrip())
    try:
        for p in chosen:
            command = LinkActorsCommand(window.session, p.keep, p.absorb)
            stack.push(command)
            linked += 1
    except AnnotatorError as exc:
        window.interaction.inform(
            f"Linked {linked}; “{p.absorb.name}” was not: {command.failure or exc}"
        )
        return
    finally:
        stack.endMacro()
    line = link_summary_line(linked, 0, offered - linked).capitalize()
    window.interaction.inform(f"{line}; Undo splits them again.")
