"""How a workflow talks to the user, whichever shell it runs in: the window answers with
dialogs and its status bar, the command line with prompts and lines on the terminal.

Questions are answered through a callback, so the window can ask without blocking; the
command line calls it before returning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from annotator.core.label_map import LabelMap

if TYPE_CHECKING:  # the tag set module (and jsonschema) only when used
    from annotator.core.tagset import TagSet

# done, total (0 if unknown) -> False to cancel
Progress = Callable[[int, int], bool]


class Interaction(Protocol):
    """What a workflow may ask of the user, and how it reports."""

    def inform(self, text: str) -> None:
        """Say something in passing (the status bar; a line on the terminal)."""

    def warn(self, title: str, text: str) -> None:
        """Say that something failed, in a way the user must see."""

    def ask(
        self,
        question: str,
        choices: Sequence[str],
        answered: Callable[[str | None], None],
        default: str | None = None,
    ) -> None:
        """Ask a question with a few answers; ``answered(None)`` if the user declines."""

    def choose_label_map(
        self,
        unknown: Sequence[str],
        tagset: TagSet,
        answered: Callable[[LabelMap | None], None],
        proposed: LabelMap | None = None,
    ) -> None:
        """Ask which of our labels each unknown label becomes (or skip: its marks are left
        out), starting from ``proposed``; ``answered(None)`` to give up."""

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run long work showing its progress (the user may cancel), then report its end."""
