"""The import conversation both shells share: which questions, in which order, and how it ends
— driven by a scripted Interaction (the protocol's third implementation) and scripted tries."""

from __future__ import annotations

from annotator.core.errors import InputError, InputProblem
from annotator.core.model import MarkKind
from annotator.core.tagset import default_tagset
from annotator.services.import_questions import SKIP, ImportQuestions
from annotator.services.imports import ImportReport

UNKNOWN = InputError([InputProblem("a.jsonl", 1, "unknown label 'ORG'", "ORG")])
BAD = InputError([InputProblem("b.txt", 1, "not UTF-8 text")])


class Scripted:
    """Answers each question from a script and records what was asked."""

    def __init__(self, label_map=None, skip=None):
        self.asked: list[str] = []
        self._label_map, self._skip = label_map, skip

    def inform(self, text):
        self.asked.append(f"inform: {text}")

    def warn(self, title, text):
        self.asked.append(f"warn: {title}")

    def ask(self, question, choices, answered, default=None):
        self.asked.append(f"ask: {question.splitlines()[0]}")
        answered(self._skip)

    def choose_label_map(self, unknown, tagset, answered, proposed=None):
        self.asked.append(f"map: {', '.join(unknown)}")
        self.proposed = proposed
        answered(self._label_map)

    def run(self, label, work, on_success, on_failure):
        on_success(work(lambda done, total: True))


def conversation(interaction, outcomes, **given):
    tries, ends = [], []

    def attempt(label_map, lenient, succeeded, failed):
        tries.append((label_map, lenient))
        outcome = outcomes.pop(0)
        (failed if isinstance(outcome, Exception) else succeeded)(outcome)

    ImportQuestions(
        interaction,
        default_tagset(),
        attempt,
        imported=lambda report: ends.append(("imported", report.articles_added)),
        failed=lambda error: ends.append(("failed", str(error))),
        declined=lambda message, error: ends.append(("declined", message)),
        **given,
    ).start()
    return tries, ends


def test_map_then_skip_then_imported():
    """Unknown labels are asked for first, then bad records offered to be skipped."""
    org = {"ORG": (MarkKind.ACTOR, "Organization")}
    talk = Scripted(label_map=org, skip=SKIP)
    tries, ends = conversation(talk, [UNKNOWN, BAD, ImportReport(articles_added=2)])
    assert tries == [(None, False), (org, False), (org, True)]
    assert talk.asked == ["map: ORG", "ask: Nothing was imported: 1 problem(s)."]
    assert ends == [("imported", 2)]


def test_declining_ends_with_the_problems():
    """No mapping, or no to skipping: declined, with what to say; nothing tried again."""
    tries, ends = conversation(Scripted(), [UNKNOWN])
    assert (tries, ends) == (
        [(None, False)],
        [("declined", "Import cancelled; nothing was stored.")],
    )
    tries, ends = conversation(Scripted(), [BAD])
    assert (tries, ends) == ([(None, False)], [("declined", "Nothing was imported.")])


def test_given_answers_are_not_asked_again():
    """A label map and leniency given up front: a failure is final, no question asked."""
    talk = Scripted()
    tries, ends = conversation(talk, [BAD], label_map={}, lenient=True)
    assert talk.asked == [] and ends == [("failed", "b.txt:1: not UTF-8 text")]


def test_no_skip_is_offered_when_skipping_would_not_help():
    """A file that cannot be read at all is no record to skip: the import fails at once."""
    unreadable = InputError([InputProblem("gone.jsonl", None, "no such file", skippable=False)])
    talk = Scripted(skip=SKIP)
    tries, ends = conversation(talk, [unreadable])
    assert talk.asked == [] and tries == [(None, False)]
    assert ends == [("failed", "gone.jsonl: no such file")]


def test_the_usual_ner_tags_come_proposed():
    """PER and DATE are proposed (actor:Person, skip); a label of no NER tag set is not."""
    unknown = InputError(
        [
            InputProblem("a.jsonl", 1, "unknown label 'PER'", "PER"),
            InputProblem("a.jsonl", 1, "unknown label 'DATE'", "DATE"),
            InputProblem("a.jsonl", 2, "unknown label 'Stakeholder'", "Stakeholder"),
        ]
    )
    talk = Scripted()
    conversation(talk, [unknown])
    assert talk.proposed == {"PER": (MarkKind.ACTOR, "Person"), "DATE": None}
