"""An import that asks the user what it needs, in whichever shell it runs: a mapping for labels
the tag set does not know, and whether to skip bad records and import the rest.

The window runs each attempt in the background and answers through dialogs; the command line
runs it at once and answers through prompts (only in a terminal). Both go through this one
conversation, so they ask the same questions in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.core.errors import InputError
from annotator.core.label_map import proposed_map

if TYPE_CHECKING:
    from annotator.core.interaction import Interaction, LabelMap
    from annotator.core.tagset import TagSet
    from annotator.services.imports import ImportReport

SKIP = "Skip bad records"
SHOWN_PROBLEMS = 12  # problems listed in a question; the rest are counted

# One try: (label map, lenient, succeeded, failed) — the shell runs the import and calls back.
Attempt = Callable[
    ["LabelMap | None", bool, Callable[["ImportReport"], None], Callable[[BaseException], None]],
    None,
]


class ImportQuestions:
    """Tries an import; on unknown labels asks for a mapping, on bad records offers to skip
    them, and tries again; ends in exactly one of ``imported``, ``failed`` or ``declined``
    (a question answered no, or with no one to answer it: the message and the problems)."""

    def __init__(
        self,
        interaction: Interaction,
        tagset: TagSet,
        attempt: Attempt,
        *,
        label_map: LabelMap | None = None,
        lenient: bool = False,
        imported: Callable[[ImportReport], None],
        failed: Callable[[BaseException], None],
        declined: Callable[[str, InputError], None],
    ):
        self.interaction, self.tagset, self._attempt = interaction, tagset, attempt
        self.label_map, self.lenient = label_map, lenient
        self._asked_labels = False
        self._imported, self._failed, self._declined = imported, failed, declined

    def start(self) -> None:
        """Try the import with the label map and leniency chosen so far."""
        self._attempt(self.label_map, self.lenient, self._imported, self._problems)

    def _problems(self, error: BaseException) -> None:
        if isinstance(error, InputError):
            if error.unknown_labels and not self._asked_labels:
                # Once: the labels no map given so far says, the usual NER tags proposed.
                self._asked_labels = True
                self.interaction.choose_label_map(
                    error.unknown_labels,
                    self.tagset,
                    lambda chosen: self._mapped(chosen, error),
                    proposed_map(error.unknown_labels, self.tagset),
                )
                return
            # Offer to skip only what skipping would leave out (not a file that cannot be read).
            if not self.lenient and any(p.skippable for p in error.problems):
                question = (
                    f"Nothing was imported: {len(error.problems)} problem(s).\n\n"
                    f"{listed([str(p) for p in error.problems])}\n\n"
                    "Skip the bad records and import the rest?"
                )
                self.interaction.ask(
                    question, [SKIP], lambda answer: self._skip_answered(answer, error)
                )
                return
        self._failed(error)

    def _mapped(self, label_map: LabelMap | None, error: InputError) -> None:
        if label_map is None:
            self._declined("Import cancelled; nothing was stored.", error)
        else:
            self.label_map = {**(self.label_map or {}), **label_map}
            self.start()

    def _skip_answered(self, answer: str | None, error: InputError) -> None:
        if answer == SKIP:
            self.lenient = True
            self.start()
        else:
            self._declined("Nothing was imported.", error)


def listed(lines: list[str]) -> str:
    """Return problems one bullet each (a long one wraps and must not run into the next)."""
    shown = "\n".join(f"• {line}" for line in lines[:SHOWN_PROBLEMS])
    more = len(lines) - SHOWN_PROBLEMS
    return shown + (f"\n… and {more} more" if more > 0 else "")
