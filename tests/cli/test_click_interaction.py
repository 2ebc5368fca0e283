"""The command line's Interaction: prompts answer with the choice as offered, Ctrl+C or the end
of input stops the command, a script gets the default, long work reports progress."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from annotator.cli.interaction import ClickInteraction
from annotator.core.model import MarkKind
from annotator.core.tagset import default_tagset


def test_ask_answers_the_choice_as_offered():
    """Typed in any case, the answer is the choice's own spelling."""
    answers = []
    with CliRunner().isolation(input="skip BAD records\n"):
        ClickInteraction(can_prompt=True).ask("Go on?", ["Skip bad records", "n"], answers.append)
    assert answers == ["Skip bad records"]


def test_end_of_input_stops_the_command():
    """No answer (Ctrl+D, Ctrl+C) aborts, as click's prompts do; nothing is answered."""
    answers = []
    with CliRunner().isolation(input=""), pytest.raises(click.Abort):
        ClickInteraction(can_prompt=True).ask("Link?", ["y", "n"], answers.append)
    assert answers == []


def test_a_script_gets_the_default_without_a_prompt():
    """Without a terminal nothing is asked: the default answers."""
    answers = []
    ClickInteraction(can_prompt=False).ask("Link?", ["y", "n"], answers.append, default="n")
    assert answers == ["n"]


def test_label_map_by_prompt():
    """Each unknown label is asked for; an answer not among ours gives up."""
    tagset = default_tagset()
    chosen = []
    with CliRunner().isolation(input="actor:person\nclaim:CPEC security\n"):
        ClickInteraction(can_prompt=True).choose_label_map(["PER", "SEC"], tagset, chosen.append)
    assert chosen == [
        {"PER": (MarkKind.ACTOR, "Person"), "SEC": (MarkKind.CLAIM, "CPEC security")}
    ]
    with CliRunner().isolation(input="actor:Nobody\n"):
        ClickInteraction(can_prompt=True).choose_label_map(["PER"], tagset, chosen.append)
    assert chosen[-1] is None


def test_run_reports_progress_then_the_result():
    """Work runs now, its progress on stderr; success or failure goes to the callbacks."""
    results, failures = [], []
    with CliRunner().isolation() as streams:
        err = streams[1]
        ClickInteraction().run("Reading", lambda p: p(2, 2) and 42, results.append, failures.append)
        ClickInteraction().run("Reading", lambda p: 1 / 0, results.append, failures.append)
        shown = err.getvalue().decode()
    assert results == [42] and isinstance(failures[0], ZeroDivisionError)
    assert "Reading 2 of 2" in shown
