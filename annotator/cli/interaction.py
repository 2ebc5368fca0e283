"""The command line's side of the Interaction protocol: lines on the terminal, prompts on
standard input (only when it is a terminal), and long work with a progress line on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from annotator.core.interaction import LabelMap, Progress
from annotator.core.label_map import describe, format_target, parse_target

if TYPE_CHECKING:  # the tag set module (and jsonschema) only when used
    from annotator.core.tagset import TagSet


def stdin_is_terminal() -> bool:
    """Say whether someone can answer prompts (not a pipe or a script)."""
    return sys.stdin.isatty()


class ClickInteraction:
    """Talks to the user of one command; prompts only if ``can_prompt`` (a terminal)."""

    def __init__(self, can_prompt: bool | None = None):
        self.can_prompt = stdin_is_terminal() if can_prompt is None else can_prompt

    def inform(self, text: str) -> None:
        """Print a line on standard output."""
        click.echo(text)

    def warn(self, title: str, text: str) -> None:
        """Print the problem on standard error."""
        click.echo(f"{title}: {text}", err=True)

    def ask(
        self,
        question: str,
        choices: Sequence[str],
        answered: Callable[[str | None], None],
        default: str | None = None,
    ) -> None:
        """Prompt until one of the answers is typed (without a terminal: the default).

        Ctrl+C or the end of input stops the command (click's Abort), as a prompt always has.
        """
        if not self.can_prompt:
            answered(default)
            return
        if len(choices) == 1:  # one way forward: a yes or no is all a terminal needs
            yes = click.confirm(f"{question} ({choices[0]})", default=default == choices[0])
            answered(choices[0] if yes else None)
            return
        answer = click.prompt(
            question, type=click.Choice(list(choices), case_sensitive=False), default=default
        )
        answered(str(answer))

    def choose_label_map(
        self,
        unknown: Sequence[str],
        tagset: TagSet,
        answered: Callable[[LabelMap | None], None],
        proposed: LabelMap | None = None,
    ) -> None:
        """Ask, label by label, which of ours each unknown label becomes, or skip (Enter takes
        the proposal shown; empty without one gives up)."""
        if not self.can_prompt:
            answered(None)
            return
        ours = [f"{kind.value}:{label.name}" for kind, label in tagset.all_span_labels()]
        click.echo("Labels the tag set does not know; ours are: " + ", ".join(ours) + ", or skip")
        proposed = proposed or {}
        if proposed:
            click.echo("Proposed for the usual NER tags: " + describe(proposed, list(proposed)))
        mapping: LabelMap = {}
        for label in unknown:
            default = format_target(proposed[label]) if label in proposed else ""
            hint = "KIND:LABEL or skip" + ("" if default else ", empty to stop")
            try:
                choice = click.prompt(
                    f"{label!r} becomes ({hint})", default=default, show_default=bool(default)
                ).strip()
            except click.Abort:
                answered(None)
                return
            if not choice:
                answered(None)
                return
            try:
                mapping[label] = parse_target(choice, tagset)
            except ValueError as exc:
                click.echo(str(exc), err=True)
                answered(None)
                return
        answered(mapping)

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run the work now, keeping one progress line on stderr up to date."""
        shown = [0.0]

        def progress(done: int, total: int) -> bool:
            now = time.monotonic()
            if now - shown[0] >= 0.1 or done == total:
                shown[0] = now
                of = f" of {total:,}" if total else ""
                click.echo(f"\r{label} {done:,}{of}", err=True, nl=False)
            return True

        try:
            result = work(progress)
        except Exception as exc:  # noqa: BLE001 — handed to the caller, who reports it
            if shown[0]:
                click.echo("", err=True)
            on_failure(exc)
            return
        if shown[0]:
            click.echo("", err=True)
        on_success(result)
