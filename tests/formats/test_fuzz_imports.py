"""Every importer fuzzed with hypothesis (issue 12): files of each format — ours and real
tools' — mutated with nasty Unicode (lone surrogates, ZWJ emoji, RTL marks, combining marks,
NUL, CRLF, lone CR), wrong types, huge and fractional numbers, bad offsets, deep nesting,
truncation and bytes that are not UTF-8. The invariant: our clear error (an AnnotatorError,
nothing stored) or a correct import (`annotator check` finds the project sound)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError, InputError, ProblemCode
from annotator.core.model import DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import FIXTURES, add

TEXT = (
    "Imran Khan met Xi Jinping in Beijing 🇵🇰 and said: the corridor is safe. "
    "Pakistan welcomed it; the cafe\u0301 owner in Gwadar did not (\u05e9\u05dc\u05d5\u05dd).\n"
)
NASTY = [
    "\ud800",
    "\udfff",
    "\u200d",
    "👩\u200d👩\u200d👧",
    "\u202e",
    "\u0301",
    "\x00",
    "\r\n",
    "\r",
    "\u2028",
    "\ufeff",
    "🇵🇰",
    "\u05e9",
    "<img src=/dev/zero>",
    "\t",
]
nasty_text = st.lists(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=12).map("".join)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2**31, 2**63, 2**64, 10**100]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.0, 0.5, -0.0, 1e308]),
)
json_scalars = st.one_of(st.none(), st.booleans(), numbers, nasty_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=6,
)
FOREIGN_LABELS = {
    label: (MarkKind.ACTOR, "Person")
    for label in ("PER", "PERSON", "ORG", "LOC", "MISC", "GPE", "Person", "Organization")
}


# -- seeds: files of every format, ours and real tools' ----------------------------------------


def coded_project(folder: Path) -> Session:
    source = folder / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    session = Session.open(folder / "seed.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Imran Khan", "Person")
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    add(session, article_id, MarkKind.CLAIM, "the corridor is safe", "CPEC security")
    add(session, article_id, MarkKind.SENTIMENT, "welcomed", "positive")
    session.set_document_labels(DocumentLabels(article_id, "alice", tone="positive"))
    return session


EXPORTS = {
    "jsonl": "seed.jsonl",
    "doccano": "seed.jsonl",
    "label-studio": "seed.json",
    "label-studio-min": "seed.json",
    "conll": "seed.conll",
    "brat": "brat",
    "webanno-tsv": "tsv",
    "xmi": "xmi",
}
REAL_FILES = {
    "doccano": ["doccano/relation_extraction.jsonl", "doccano/sequence_labeling_export.jsonl"],
    "label-studio": ["label_studio/export.json"],
    "conll": ["conll/label_studio/export.conll", "conll/conll2003_iob1_dkpro.conll"],
    "webanno-tsv": ["inception/webanno_tsv3_emoji.tsv", "inception/webanno_tsv3_relation.tsv"],
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Path]]:
    """Return, per format, seed files or folders (written once for the module)."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    session = coded_project(folder)
    found: dict[str, list[Path]] = {}
    for name, target in EXPORTS.items():
        out = folder / name / target
        out.parent.mkdir()
        session.export_file(out, name)
        found[name] = [out] + [FIXTURES / real for real in REAL_FILES.get(name, [])]
    session.close()
    template = Session.open(folder / "empty.db", "alice")
    assert template.tagset.name  # the default tag set is stored on first use: use it now
    template.close()
    found["empty project"] = [folder / "empty.db"]
    found["text"] = [folder / "article.txt"]
    csv_seed = folder / "articles.csv"
    csv_seed.write_text(
        'title,date,text\n"Talks",2020-01-02,"' + TEXT.replace('"', '""') + '"\n', encoding="utf-8"
    )
    found["csv"] = [csv_seed]
    yield found
    shutil.rmtree(folder, ignore_errors=True)


# -- mutations ---------------------------------------------------------------------------------


def places(value: Any, path: tuple = ()) -> list[tuple]:
    """Return the path of every value inside a JSON document (the document itself first),
    not descending into what an earlier mutation nested deeply."""
    found = [path]
    if len(path) > 20:
        return found
    if isinstance(value, dict):
        for key, inner in value.items():
            found += places(inner, (*path, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found += places(inner, (*path, n))
    return found


def mutate_json(data: st.DataObject, document: Any) -> Any:
    """Replace, delete or deeply nest a few values of a JSON document."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(places(document)))
        if not path:
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "nest"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "nest":
            deep: Any = data.draw(json_scalars)
            for _ in range(data.draw(st.sampled_from([3, 200, 1200]))):
                deep = [deep]
            parent[path[-1]] = deep
        else:
            parent[path[-1]] = data.draw(json_values)
    return document


def dumps(document: Any) -> str:
    try:
        return json.dumps(document, ensure_ascii=False)
    except (RecursionError, ValueError):
        return json.dumps(None)


def mutate_json_file(data: st.DataObject, content: str) -> str:
    """Mutate a JSON file (one document) or a JSON-lines file (a document per line)."""
    try:
        return dumps(mutate_json(data, json.loads(content)))
    except json.JSONDecodeError:
        lines = content.splitlines()
        n = data.draw(st.integers(0, len(lines) - 1))
        try:
            lines[n] = dumps(mutate_json(data, json.loads(lines[n])))
        except json.JSONDecodeError:
            lines[n] = data.draw(nasty_text)
        return "\n".join(lines) + "\n"


def mutate_lines(data: st.DataObject, content: str) -> str:
    """Change fields of a few lines of a line-based file (split at tabs, spaces or commas)."""
    lines = content.splitlines() or [""]
    for _ in range(data.draw(st.integers(1, 3))):
        n = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["field", "field", "delete", "copy", "insert"]))
        if action == "delete":
            del lines[n]
            lines = lines or [""]
        elif action == "copy":
            lines.insert(n, lines[n])
        elif action == "insert":
            lines.insert(n, data.draw(nasty_text))
        else:
            parts = re.split(r"([\t ,])", lines[n])
            k = data.draw(st.integers(0, len(parts) - 1))
            parts[k] = str(data.draw(st.one_of(numbers, nasty_text)))
            lines[n] = "".join(parts)
    return "\n".join(lines) + "\n"


def mutate_markup(data: st.DataObject, content: str) -> str:
    """Change a few attribute values of an XML file."""
    values = list(re.finditer(r'="([^"]*)"', content))
    for _ in range(data.draw(st.integers(1, 3))):
        if not values:
            break
        found = data.draw(st.sampled_from(values))
        new = str(data.draw(st.one_of(numbers, nasty_text))).replace('"', "&quot;")
        content = content[: found.start(1)] + new + content[found.end(1) :]
        values = list(re.finditer(r'="([^"]*)"', content))
    return content


def mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    """Now and then: truncate, put in bytes that are not UTF-8 or a NUL, or end lines in CR."""
    action = data.draw(st.sampled_from(["none", "none", "none", "truncate", "bytes", "cr"]))
    if action == "truncate":
        return raw[: data.draw(st.integers(0, len(raw)))]
    if action == "bytes":
        at = data.draw(st.integers(0, len(raw)))
        junk = data.draw(
            st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\x00", b"\xc3", b"\xef\xbb\xbf"])
        )
        return raw[:at] + junk + raw[at:]
    if action == "cr":
        return raw.replace(b"\n", b"\r")
    return raw


MUTATORS: dict[str, Callable[[st.DataObject, str], str]] = {
    ".jsonl": mutate_json_file,
    ".json": mutate_json_file,
    ".xmi": mutate_markup,
    ".xml": mutate_markup,
}


def fuzzed_copy(data: st.DataObject, seed: Path, into: Path) -> Path:
    """Copy a seed file or folder into a fresh folder, with one of its files mutated."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    if seed.is_dir():
        target = into / seed.name
        shutil.copytree(seed, target)
        victim = data.draw(st.sampled_from(sorted(p for p in target.iterdir() if p.is_file())))
    else:
        target = victim = into / seed.name
        shutil.copy(seed, target)
    content = victim.read_text(encoding="utf-8")
    mutated = MUTATORS.get(victim.suffix, mutate_lines)(data, content)
    raw = mutated.encode("utf-8", errors="surrogatepass")
    victim.write_bytes(mutate_bytes(data, raw))
    return target


# -- the invariant -----------------------------------------------------------------------------


def fingerprint(session: Session) -> dict[str, int]:
    """Return the row count of every table of ours (not the search index's own)."""
    tables = [
        r[0]
        for r in session.store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
        )
    ]
    return {
        t: session.store.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
    }


def import_is_clean_or_refused(session: Session, path: Path, format_name: str) -> None:
    before = fingerprint(session)
    try:
        session.import_paths([path], format_name=format_name, label_map=FOREIGN_LABELS)
    except AnnotatorError as exc:
        assert str(exc).strip(), "an error says what went wrong"
        assert fingerprint(session) == before, "nothing stored on error"
        if isinstance(exc, InputError):  # every problem says what kind it is
            codes = {p.code for p in exc.problems}
            assert codes <= set(ProblemCode), [p for p in exc.problems if p.code not in ProblemCode]
        return
    findings = session.check()
    assert all(f.ok for f in findings), [f for f in findings if not f.ok]


FORMATS = [
    "jsonl",
    "doccano",
    "label-studio",
    "label-studio-min",
    "conll",
    "brat",
    "webanno-tsv",
    "xmi",
    "text",
    "csv",
]


@pytest.mark.parametrize("format_name", FORMATS)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_fuzzed_file_is_refused_clearly_or_imported_soundly(format_name, data, seeds, tmp_path):
    seed = data.draw(st.sampled_from(seeds[format_name]), label="seed")
    path = fuzzed_copy(data, seed, tmp_path / "fuzzed")
    project = tmp_path / "project.db"
    project.unlink(missing_ok=True)
    shutil.copy(seeds["empty project"][0], project)
    session = Session.open(project, "alice")
    try:
        import_is_clean_or_refused(session, path, format_name)
    finally:
        session.close()
