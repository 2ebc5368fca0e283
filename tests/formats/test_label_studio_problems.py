"""Label Studio JSON and JSON-MIN input with problems: each found where it is, with its code,
and --lenient leaving out exactly the task or annotation it is in."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError, ProblemCode
from tests.formats.test_label_studio import MAP, read, region, spans, write_tasks


def import_error(session, path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        session.import_paths([path], format_name="label-studio", **kwargs)
    return str(info.value)


def test_malformed_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n{"data": {"text": "China"}},\n{"data": {"text": "x"\n]\n', encoding="utf-8")
    (problem,) = read(path).problems
    assert str(problem).startswith(f"{path}:4: not valid JSON")
    assert (problem.code, problem.skippable) == (ProblemCode.NOT_JSON, False)


def test_duplicate_region_ids_are_refused(tmp_path):
    task = {
        "data": {"text": "China Pakistan"},
        "annotations": [{"result": [region("a", 0, 5, "China"), region("a", 6, 14, "Pakistan")]}],
    }
    path = write_tasks(tmp_path / "dup.json", [task])
    result = read(path)
    assert [str(p) for p in result.problems] == [
        f"{path}:2: task 1, annotation 1: result[1]: duplicate region id 'a'"
    ]
    assert result.annotations == []


def test_span_text_mismatch_and_outside_and_unknown_label(empty, tmp_path):
    tasks = [
        {"data": {"text": "China"}, "annotations": [{"result": [region("a", 0, 5, "Chine")]}]},
        {
            "data": {"text": "Pakistan"},
            "annotations": [{"result": [region("a", 0, 50, "Pakistan")]}],
        },
        {
            "data": {"text": "Beijing"},
            "annotations": [{"result": [region("a", 0, 7, "Beijing", "GPE")]}],
        },
    ]
    path = write_tasks(tmp_path / "bad.json", tasks)
    message = import_error(empty, path, label_map=MAP)
    assert "does not match the article at these offsets ('China')" in message
    assert "offsets outside the text (length 8)" in message
    assert "unknown label 'GPE'" in message
    assert empty.article_count() == 0
    report = empty.import_paths([path], format_name="label-studio", label_map=MAP, lenient=True)
    assert (report.records, report.skipped) == (0, 3)
    starts = [
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == " {"
    ]
    assert [w.line for w in report.warnings] == starts  # the line where each task starts


def test_a_json_min_item_of_an_unexpected_shape_is_a_problem_of_that_item(empty, tmp_path):
    """A list where a region's actor id belongs made the whole JSON-MIN file a problem ("not a
    valid file"); now it is the item's, at its line, and --lenient skips just that item."""
    good = {"text": "China", "annotation_id": 2, "label": [region("a", 0, 5, "China")["value"]]}
    bad = {
        "text": "Pakistan",
        "annotation_id": 1,
        "label": [{**region("b", 0, 8, "Pakistan")["value"], "meta": {"actor": ["x"]}}],
    }
    path = write_tasks(tmp_path / "min.json", [bad, good])
    result = read(path, "label-studio-min")
    (problem,) = result.problems
    assert (problem.line, problem.code) == (2, ProblemCode.BAD_SHAPE)
    assert problem.message.startswith("not a valid Label Studio JSON-MIN item: unhashable type")
    assert [r.article.text for r in result.annotations] == ["China"]
    report = empty.import_paths([path], format_name="label-studio-min", label_map=MAP, lenient=True)
    assert (report.records, report.skipped) == (1, 1)


def test_lenient_skips_exactly_the_bad_task_or_annotation(empty, tmp_path):
    """--lenient skipped the bad records of other formats but refused a Label Studio file in
    which the reader found a problem; now the task, or the one annotation, with a problem is
    left out with a warning, and the rest is read."""
    pair = "China Pakistan"
    tasks = [
        {"data": {"title": "no text"}},
        {
            "data": {"text": pair},
            "annotations": [
                {"id": 1, "result": [region("a", 0, 5, "China")]},
                {"id": 2, "result": [region("a", 0, 5, "China"), region("a", 6, 14, "Pakistan")]},
            ],
        },
    ]
    path = write_tasks(tmp_path / "tasks.json", tasks)
    assert [p.code for p in read(path).problems] == [ProblemCode.MISSING_TEXT, ProblemCode.BAD_MARK]
    result = read(path, lenient="1")
    assert result.problems == []
    assert [w.message for w in result.warnings] == [
        'skipped: task 1: missing "data.text" (a string)',
        "skipped: task 2, annotation 2: result[1]: duplicate region id 'a'",
    ]
    assert [w.code for w in result.warnings] == [ProblemCode.MISSING_TEXT, ProblemCode.BAD_MARK]
    assert result.skipped == 2
    assert [(r.article.text, len(r.draft.marks)) for r in result.annotations] == [(pair, 1)]
    report = empty.import_paths([path], format_name="label-studio", label_map=MAP, lenient=True)
    assert (report.records, report.skipped) == (1, 2)
    assert spans(empty, pair, "alice") == [("actor", 0, 5, "China", "Organization")]


def labelled(text: str, *results) -> dict:
    """Return a task of one text and one annotation of these results."""
    return {"data": {"text": text}, "annotations": [{"result": list(results)}]}


def choice(name: str, choices, id_: str = "x") -> dict:
    """Return a ``choices`` result of a control."""
    return {"id": id_, "from_name": name, "type": "choices", "value": {"choices": choices}}


CODE = ProblemCode
BROKEN_TASKS = [
    ([{"data": {"title": "no text"}}], [CODE.MISSING_TEXT]),
    ([{"data": {"text": " \n "}}], [CODE.MISSING_TEXT]),
    ([{"data": {"text": "a\x00b"}}, {"data": {"text": "a\r\nb"}}], [CODE.BAD_TEXT] * 2),
    ([{"data": {"text": "China", "date": "2021-02-30"}}], [CODE.BAD_SHAPE]),
    (
        [5, {"data": {"text": "China"}, "annotations": {"result": []}}],
        [CODE.NOT_AN_OBJECT, CODE.BAD_SHAPE],
    ),
    (
        [{"data": {"text": "China"}, "annotations": [5, {"result": {}}]}],
        [CODE.NOT_AN_OBJECT, CODE.BAD_SHAPE],
    ),
    (
        [labelled("China", 5, region("a", 0, 5, "China"), region("a", 0, 5, "China"))],
        [CODE.NOT_AN_OBJECT, CODE.BAD_MARK],
    ),
    ([labelled("China", region("a", 0.0, 5, "China"))], [CODE.BAD_OFFSETS]),
    (
        [labelled("China", {**region("a", 0, 5, "China"), "value": {"start": 0, "end": 5}})],
        [CODE.BAD_MARK],
    ),
    (
        [
            labelled(
                "China", {"from_id": "a", "to_id": "b", "type": "relation", "labels": ["speaker"]}
            )
        ],
        [CODE.UNKNOWN_REFERENCE],
    ),
    (
        [labelled("China", choice("tone", "positive"), choice("stance", ["support"]))],
        [CODE.BAD_SHAPE, CODE.UNKNOWN_REFERENCE],
    ),
    (
        [labelled("China", region("a", 0, 5, "China"), choice("intensity", ["7"], "a"))],
        [CODE.BAD_MARK],
    ),
    (
        [labelled("China", {**region("a", 0, 5, "China"), "meta": {"speaker": "nobody"}})],
        [CODE.UNKNOWN_ACTOR],
    ),
    ([{"data": {"text": "China", "actors": 5}, "annotations": [{"result": []}]}], [CODE.BAD_SHAPE]),
    (
        [{"data": {"text": "China", "actors": [{"id": "a"}]}, "annotations": [{"result": []}]}],
        [CODE.BAD_SHAPE],
    ),
    (
        [
            {
                "data": {
                    "text": "China",
                    "actors": [{"id": "a", "name": "China", "type": "Country", "country": 5}],
                },
                "annotations": [{"result": []}],
            }
        ],
        [CODE.BAD_SHAPE],
    ),
    (
        [labelled("China", {**region("a", 0, 5, "China"), "meta": {"actor": ["x"]}})],
        [CODE.BAD_SHAPE],
    ),
]


@pytest.mark.parametrize(("tasks", "codes"), BROKEN_TASKS)
def test_problems_of_a_json_export_carry_their_code(tmp_path, tasks, codes):
    """Each problem the JSON export's reader finds has its code; no record is read."""
    result = read(write_tasks(tmp_path / "tasks.json", tasks))
    assert [p.code for p in result.problems] == codes
    assert result.annotations == []


BROKEN_MIN_ITEMS = [
    ({"annotation_id": 1, "label": []}, [CODE.MISSING_TEXT]),
    ({"text": "China", "annotation_id": 1, "relations": {"from_id": "a"}}, [CODE.BAD_SHAPE]),
    ({"text": "China", "label": [{"start": 0, "end": "5", "labels": ["ORG"]}]}, [CODE.BAD_OFFSETS]),
    (
        {"text": "China", "label": [{"id": "a", "start": 0, "end": 5, "labels": []}]},
        [CODE.BAD_MARK],
    ),
    (
        {"text": "China", "relations": [{"from_id": "a", "to_id": "b", "labels": ["target"]}]},
        [CODE.UNKNOWN_REFERENCE],
    ),
]


@pytest.mark.parametrize(("item", "codes"), BROKEN_MIN_ITEMS)
def test_problems_of_a_json_min_export_carry_their_code(tmp_path, item, codes):
    """Each problem the JSON-MIN reader finds has its code; no record is read."""
    result = read(write_tasks(tmp_path / "min.json", [item]), "label-studio-min")
    assert [p.code for p in result.problems] == codes
    assert result.annotations == []


def test_files_that_are_no_json_carry_their_code(tmp_path):
    """Broken JSON, another encoding, a missing file: each reader says which."""
    broken = tmp_path / "broken.json"
    broken.write_text('[{"data": {"text": "China"}', encoding="utf-8")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('[{"data": {"text": "Müller"}}]'.encode("latin-1"))
    for fmt in ("label-studio", "label-studio-min"):
        assert [p.code for p in read(broken, fmt).problems] == [ProblemCode.NOT_JSON]
        assert [p.code for p in read(latin1, fmt).problems] == [ProblemCode.NOT_UTF8]
        missing = read(tmp_path / "missing.json", fmt).problems
        assert [p.code for p in missing] == [ProblemCode.UNREADABLE]


def test_warnings_carry_their_code(tmp_path):
    """What a reader leaves unread is IGNORED; offsets converted from UTF-16 are BAD_OFFSETS."""
    text = "💩This is an annotation."
    task = {
        "data": {"text": text},
        "annotations": [
            {"was_cancelled": True, "result": []},
            {
                "result": [
                    region("a", 13, 23, "annotation"),
                    {"from_name": "box", "type": "rectanglelabels", "value": {}},
                    {"from_name": "summary", "type": "textarea", "value": {"text": ["x"]}},
                    choice("mood", ["calm"]),
                    {"from_id": "a", "to_id": "a", "type": "relation", "labels": ["works_for"]},
                ]
            },
        ],
    }
    result = read(write_tasks(tmp_path / "tasks.json", [task]))
    assert result.problems == []
    assert [w.code for w in result.warnings] == [ProblemCode.IGNORED, ProblemCode.BAD_OFFSETS] + [
        ProblemCode.IGNORED
    ] * 4
    item = {"text": "China", "annotation_id": 1, "stance": "support", "rating": 5}
    result = read(write_tasks(tmp_path / "min.json", [item]), "label-studio-min")
    assert [w.code for w in result.warnings] == [ProblemCode.IGNORED] * 2
    assert [a.draft.marks for a in result.annotations] == [[]]
