"""Label Studio JSON (tasks with ``annotations[].result[]``) and JSON-MIN, plus the labeling config.

**Offsets.** Label Studio's text results carry ``value.start`` / ``value.end``. Its browser
front end once counted UTF-16 code units (JavaScript string indexes), which shifted every span
after an emoji (label-studio#1347, #1008); it has since stored code points ("Fix offsets in Text
with emoji", label-studio#1559 / label-studio-frontend#308, whose tests expect
``🐱 Warning: This is a test text`` to give ``test`` at 21-25, the code-point offsets). So
Label Studio's unit is taken to be the code point, the same as ours, and we write code points.
Reading converts in one place (``code_point_span``): when a result's offsets do not match its
``value.text`` but the UTF-16 reading of them does, they were written by an old front end and
are converted, with a warning per annotation. (The fixtures from Label Studio 1.23.2 are BMP-only,
where both units agree.)

**What we write** (``label-studio``): one task per article, one annotation per coder::

  {"id": 1, "data": {"text": …, "article_id": …, "title": …, "date": …, "source": …,
                     "actors": [{"id", "name", "type", "country", "aliases"}]},
   "meta": {article meta}, "predictions": [],
   "annotations": [{"id": 1, "ground_truth": false, "was_cancelled": false, "result": [
       {"id": "r1", "from_name": "actor", "to_name": "text", "type": "labels",
        "value": {"start": 0, "end": 8, "text": "Pakistan", "labels": ["Country"]},
        "meta": {"text": ["Pakistan"], "actor": "<actor id>"}},
       {"id": "r2", "from_name": "claim", … "labels": ["Bilateral friendship"]}},
       {"id": "r2", "from_name": "stance", "type": "choices",
        "value": {"start": …, "end": …, "text": …, "choices": ["support"]}},
       {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "right",
        "labels": ["speaker"]},
       {"id": "tone", "from_name": "tone", "type": "choices", "value": {"choices": ["positive"]}},
       {"id": "coder", "from_name": "coder", "type": "textarea", "value": {"text": ["alice"]}}]}]}

- spans: three ``Labels`` controls named after the mark kinds (``actor``, ``claim``,
  ``sentiment``), so a label's kind never depends on its name; labels are the tag set's.
- actor mentions: the region ``meta`` (kept by Label Studio and shown as the region's note)
  holds the canonical actor name in ``text`` and its id in ``actor``; ``data.actors`` lists the
  actors. Reading takes ``actor``, else the actor of ``data.actors`` named in ``text``.
- claims → relations ``speaker`` / ``target`` from the claim region to the **nearest mention of
  that actor** (least character distance, 0 if overlapping; ties: the earlier mention), and
  sentiment → ``target`` likewise; an actor never mentioned in the article goes in the region
  meta as ``speaker`` / ``target`` (actor id). Stance, form and intensity are per-region
  ``choices`` results (same id as the region).
- document labels: ``choices`` from ``tone``, ``focus_stance``, ``topics`` and ``status`` (not
  written when ``new``); the coder's note as the ``note`` textarea.
- the coder: the ``coder`` textarea (a value Label Studio keeps through its own import and
  export). ``completed_by`` is not written by default, because Label Studio refuses an import
  whose ``completed_by`` names an email or id that is not a member of the organisation; the
  option ``ls_completed_by=email`` writes ``{"email": <coder>}`` for teams whose coder names are
  their Label Studio emails. Reading takes the ``coder`` textarea, else ``completed_by`` (an
  object's ``email``/``username``; a bare id as ``ls-user-<id>``), else the import's coder.
- option ``ls_config=<path>`` also writes the labeling config (``write_label_config``) there.

**JSON-MIN** (``label-studio-min``) is Label Studio's flat export: one object per annotation
with the task data, one key per control (``actor``/``claim``/``sentiment``: lists of
``{start, end, text, labels}``; single choices collapsed to a string, several to
``{"choices": [...]}``), ``annotator``, ``annotation_id`` … and no relations. We write the same
shape with three additions so nothing is lost: regions carry ``id`` and ``meta``, per-region
choices stay objects with ``start``/``end`` (Label Studio collapses them to bare strings, which
we can only ignore on reading), and a ``relations`` list (``from_id``, ``to_id``, ``labels``).

Reading other projects' files: a ``labels`` result from a control not named after a kind (e.g.
``label``) gets its kind from the tag set or ``--map-label``; ``choices`` from other controls
are ignored with a warning unless the option ``choices=<control>:<field>,…`` (field: tone,
focus_stance, topics) maps them; relations other than speaker/target are ignored with a warning.
With ``--lenient`` a task (or JSON-MIN item) with a problem, or the one annotation of a task
that has it, is left out with a warning; the rest is read.
"""

from __future__ import annotations

from annotator.formats.base import Format, FormatOption
from annotator.formats.label_studio.common import EXTENSIONS, code_point_span, label_studio_span
from annotator.formats.label_studio.config import write_label_config
from annotator.formats.label_studio.reading import (
    read_min_file,
    read_tasks_file,
    sniff_min,
    sniff_tasks,
)
from annotator.formats.label_studio.writing import stream_min, stream_tasks, write_min, write_tasks

__all__ = ["FORMATS", "code_point_span", "label_studio_span", "write_label_config"]

_CARRIES = frozenset({"articles", "spans", "relations", "attributes", "document labels", "coders"})

LS_CONFIG = FormatOption(
    "ls_config",
    "Labeling config written to",
    help="Also write the labeling config (XML) a Label Studio project needs to this file",
)
_LS_READ_OPTIONS = (
    FormatOption(
        "text_key",
        "Data key holding the text",
        default="text",
        help="The key of each task's data that holds the article's text",
    ),
    FormatOption(
        "choices",
        "Document choices of other names",
        help="CONTROL:FIELD pairs, comma-separated: a Choices control of another name "
        "read as tone, focus_stance or topics",
    ),
)


FORMATS = (
    Format(
        name="label-studio",
        title="Label Studio JSON",
        extensions=EXTENSIONS,
        carries=_CARRIES,
        read=read_tasks_file,
        write=write_tasks,
        stream=stream_tasks,
        sniff=sniff_tasks,
        write_options=(
            FormatOption("ls_completed_by", "completed_by holds", ("name", "email")),
            LS_CONFIG,
        ),
        read_options=_LS_READ_OPTIONS,
    ),
    Format(
        name="label-studio-min",
        title="Label Studio JSON-MIN",
        extensions=EXTENSIONS,
        carries=_CARRIES,
        read=read_min_file,
        write=write_min,
        stream=stream_min,
        sniff=sniff_min,
        read_options=_LS_READ_OPTIONS,
    ),
)
