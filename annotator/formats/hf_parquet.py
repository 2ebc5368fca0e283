"""A Hugging Face ``datasets``-ready folder (``--format hf``): Parquet files and a dataset card.
Write only; needs pyarrow (``pip install 'annotator[train]'``), imported only when writing.

The folder holds one Parquet file per split (``train.parquet``, ``dev.parquet``,
``test.parquet`` …) or, without the ``split`` option, one ``data.parquet``; and ``README.md``,
a dataset card whose YAML header names the files of each split (``configs``) and the columns
(``dataset_info.features``), so ``datasets.load_dataset("parquet", data_files=…)`` or
``load_dataset(FOLDER)`` reads it. One row per (article, coder); the columns (:func:`schema`):

- ``article_id``, ``title``, ``date`` (date32), ``source``, ``text``, ``meta`` (the article's
  ``meta`` as a JSON string: an empty struct cannot be written to Parquet), ``coder``
  (``gold`` for the adjudicated layer), ``focus``;
- ``tone``, ``focus_stance``, ``topics`` (list), ``status``, ``note``: the document labels;
- ``actors``: list of {id, name, type, country, aliases} the coder referred to;
- ``spans``: every mark, list of {id, start, end, text, kind (actor/claim/sentiment), label,
  actor (a mention's actor name), target (a claim's or sentiment's target name), intensity
  (sentiment)};
- ``claims``: list of {id, start, end, text, topic, speaker, speaker_start, speaker_end,
  target, target_start, target_end, stance, form}: the speaker's and target's names and the
  mention a relation to them points to (:func:`annotator.core.mentions.relation_mention`),
  null when the actor is not marked in the article.

Offsets are Python ``str`` indexes (code points), end exclusive: ``text[start:end] == text``.

**Splits** (format options): ``split=train=0.8,dev=0.1,test=0.1`` (names of letters, digits
and ``_``; positive fractions summing to 1) and ``seed=N`` (a whole number, default 0). Articles,
not rows, are split: every coder's row of one article lands in the same split. The articles are
ordered by the SHA-256 of ``seed:article id`` and cut into runs of ``round(n × fraction)``
articles (largest remainders), so the same project, split and seed give the same files.

Rows are written in batches, never all held: with a split, to a temporary Parquet file in the
folder, then read back in batches into each split's file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ValidationError
from annotator.core.mentions import relation_mention
from annotator.core.model import AnnotatedDocument, MarkKind
from annotator.core.tagset import Label, TagSet
from annotator.formats._common import actor_to_json
from annotator.formats.base import ExportNote, Format, FormatContext, FormatOption, atomic_text_file

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

EXTENSIONS = (".parquet",)
MISSING_PYARROW = "pyarrow is not installed: pip install 'annotator[train]'"
CARD = "README.md"
UNSPLIT = "data"
BATCH_ROWS = 256
_SPLIT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 — the submodule the writer uses
    except ImportError as exc:
        raise ValidationError(MISSING_PYARROW) from exc
    return pyarrow


def schema() -> pa.Schema:
    """Return the Arrow schema of every Parquet file of the export (see the module docstring)."""
    pa = _pyarrow()
    string, offset = pa.string(), pa.int32()
    actor = pa.struct(
        [
            ("id", string),
            ("name", string),
            ("type", string),
            ("country", string),
            ("aliases", pa.list_(string)),
        ]
    )
    span = pa.struct(
        [
            ("id", string),
            ("start", offset),
            ("end", offset),
            ("text", string),
            ("kind", string),
            ("label", string),
            ("actor", string),
            ("target", string),
            ("intensity", pa.int8()),
        ]
    )
    claim = pa.struct(
        [
            ("id", string),
            ("start", offset),
            ("end", offset),
            ("text", string),
            ("topic", string),
            ("speaker", string),
            ("speaker_start", offset),
            ("speaker_end", offset),
            ("target", string),
            ("target_start", offset),
            ("target_end", offset),
            ("stance", string),
            ("form", string),
        ]
    )
    return pa.schema(
        [
            ("article_id", string),
            ("title", string),
            ("date", pa.date32()),
            ("source", string),
            ("text", string),
            ("meta", string),
            ("coder", string),
            ("focus", string),
            ("tone", string),
            ("focus_stance", string),
            ("topics", pa.list_(string)),
            ("status", string),
            ("note", string),
            ("actors", pa.list_(actor)),
            ("spans", pa.list_(span)),
            ("claims", pa.list_(claim)),
        ]
    )


def row(coding: AnnotatedDocument) -> dict[str, Any]:
    """Return one (article, coder) as a row of the schema."""
    article, labels = coding.article, coding.document
    names = {a.id: a.name for a in coding.actors}
    marks = sorted(coding.marks, key=lambda m: (m.start, m.end, m.kind.value, m.label, m.id))

    def name(actor_id: str | None) -> str | None:
        return names.get(actor_id) if actor_id is not None else None

    def mention(mark: Any, actor_id: str | None) -> tuple[int | None, int | None]:
        found = relation_mention(mark, actor_id, marks) if actor_id is not None else None
        return (found.start, found.end) if found is not None else (None, None)

    claims = []
    for mark in (m for m in marks if m.kind == MarkKind.CLAIM):
        speaker_start, speaker_end = mention(mark, mark.speaker_id)
        target_start, target_end = mention(mark, mark.target_id)
        claims.append(
            {
                "id": mark.id,
                "start": mark.start,
                "end": mark.end,
                "text": mark.text,
                "topic": mark.label,
                "speaker": name(mark.speaker_id),
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "target": name(mark.target_id),
                "target_start": target_start,
                "target_end": target_end,
                "stance": mark.stance,
                "form": mark.form,
            }
        )
    return {
        "article_id": article.id,
        "title": article.title,
        "date": date.fromisoformat(article.date) if article.date else None,
        "source": article.source,
        "text": article.text,
        "meta": json.dumps(article.meta, ensure_ascii=False, sort_keys=True),
        "coder": coding.annotator,
        "focus": coding.focus,
        "tone": labels.tone,
        "focus_stance": labels.focus_stance,
        "topics": list(labels.topics),
        "status": labels.status.value,
        "note": labels.note,
        "actors": [actor_to_json(a) for a in sorted(coding.actors, key=lambda a: (a.name, a.id))],
        "spans": [
            {
                "id": m.id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "kind": m.kind.value,
                "label": m.label,
                "actor": name(m.actor_id),
                "target": name(m.target_id),
                "intensity": m.intensity,
            }
            for m in marks
        ],
        "claims": claims,
    }


def parse_split(raw: str) -> list[tuple[str, float]]:
    """Return the (name, fraction) pairs of a ``split`` option; ValidationError naming the bad
    part when a name or fraction is wrong or the fractions do not sum to 1."""
    pairs: list[tuple[str, float]] = []
    for part in raw.split(","):
        name, sep, value = (x.strip() for x in part.partition("="))
        if not sep or not _SPLIT_NAME.match(name):
            raise ValidationError(
                f"split: {part.strip()!r} is not NAME=FRACTION (e.g. train=0.8,dev=0.1,test=0.1)"
            )
        if name in (n for n, _ in pairs) or name == UNSPLIT:
            raise ValidationError(f"split: {name!r} is named twice or is reserved")
        try:
            fraction = float(value)
        except ValueError:
            fraction = float("nan")
        if not 0 < fraction <= 1:
            raise ValidationError(f"split: {name}={value!r} is not a fraction above 0 and up to 1")
        pairs.append((name, fraction))
    total = sum(f for _, f in pairs)
    if abs(total - 1) > 1e-6:
        raise ValidationError(f"split: the fractions of {raw!r} sum to {total:g}, not 1")
    return pairs


def parse_seed(raw: str) -> int:
    """Return the ``seed`` option as an integer; ValidationError naming a bad value."""
    if not re.fullmatch(r"-?\d{1,18}", raw.strip()):
        raise ValidationError(f"seed must be a whole number, not {raw!r}")
    return int(raw)


def split_articles(
    article_ids: Iterable[str], split: list[tuple[str, float]], seed: int
) -> dict[str, str]:
    """Return each article's split: ordered by SHA-256 of ``seed:id``, cut by the fractions
    into runs of whole articles (largest remainders)."""
    ids = sorted(set(article_ids), key=lambda a: hashlib.sha256(f"{seed}:{a}".encode()).hexdigest())
    n = len(ids)
    counts = [int(n * f) for _, f in split]
    remainders = sorted(range(len(split)), key=lambda i: (-(n * split[i][1] - counts[i]), i))
    for i in remainders[: n - sum(counts)]:
        counts[i] += 1
    assigned: dict[str, str] = {}
    position = 0
    for (name, _), count in zip(split, counts, strict=True):
        for article in ids[position : position + count]:
            assigned[article] = name
        position += count
    return assigned


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def write_hf(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write the Parquet files of each split and the dataset card into a folder; return rows."""
    pa = _pyarrow()
    pq = pa.parquet
    raw_split = context.options.get("split", "").strip()
    split = parse_split(raw_split) if raw_split else None
    seed = parse_seed(context.options.get("seed", "0") or "0")
    if path.suffix.lower() in EXTENSIONS:
        raise ValidationError(f"{path}: hf writes a folder of Parquet files; give a folder name")
    if path.exists() and not path.is_dir():
        raise ValidationError(f"{path} is a file; hf writes a folder")
    path.mkdir(parents=True, exist_ok=True)
    arrow_schema = schema()
    coders: Counter[str] = Counter()
    articles: dict[str, None] = {}
    count = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal count
        for coding in documents:
            coders[coding.annotator] += 1
            articles.setdefault(coding.article.id)
            count += 1
            yield row(coding)

    target = path / (f".all.{seed}.parquet" if split else f"{UNSPLIT}.parquet")
    sizes: dict[str, tuple[int, int]] = {}
    try:
        with pq.ParquetWriter(target, arrow_schema) as writer:
            for batch in _batches(rows()):
                writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
        sizes[UNSPLIT] = (len(articles), count)
        if split:
            sizes = _write_splits(pa, target, path, split, split_articles(articles, split, seed))
    finally:
        if split:  # the temporary file of every row, never left behind
            target.unlink(missing_ok=True)
    if split:
        for name, (n_articles, _) in sizes.items():
            if n_articles == 0:
                message = f"split {name!r} has no article ({len(articles)} articles in all)"
                context.notes.append(ExportNote("empty split", message))
    with atomic_text_file(path / CARD) as out:
        out.write(dataset_card(context.tagset, arrow_schema, sizes, coders, split, seed))
    return count


def _write_splits(
    pa: Any, source: Path, folder: Path, split: list[tuple[str, float]], assigned: dict[str, str]
) -> dict[str, tuple[int, int]]:
    """Copy the rows of the temporary file into each split's file; return (articles, rows)."""
    pq, compute = pa.parquet, _compute(pa)
    arrow_schema = schema()
    sizes = {}
    for name, _ in split:
        members = pa.array([a for a, s in assigned.items() if s == name], pa.string())
        rows = 0
        with pq.ParquetWriter(folder / f"{name}.parquet", arrow_schema) as writer:
            for batch in pq.ParquetFile(source).iter_batches(batch_size=BATCH_ROWS):
                chosen = batch.filter(compute.is_in(batch.column("article_id"), members))
                if chosen.num_rows:
                    writer.write_batch(chosen)
                    rows += chosen.num_rows
        sizes[name] = (len(members), rows)
    return sizes


def _compute(pa: Any) -> Any:
    import pyarrow.compute

    return pyarrow.compute


# -- the dataset card ---------------------------------------------------------------------


def yaml_features(arrow_schema: pa.Schema) -> list[dict[str, Any]]:
    """Return the columns as a dataset card's ``features`` (the ``datasets`` YAML form)."""
    return [_feature(field.name, field.type) for field in arrow_schema]


def _feature(name: str, arrow_type: Any) -> dict[str, Any]:
    return {"name": name, **_feature_type(arrow_type)}


def _feature_type(arrow_type: Any) -> dict[str, Any]:
    pa = _pyarrow()
    if pa.types.is_list(arrow_type):
        inner = arrow_type.value_type
        if pa.types.is_struct(inner):
            return {"list": [_feature(f.name, f.type) for f in inner]}
        return {"list": _feature_type(inner)["dtype"]}
    if pa.types.is_struct(arrow_type):
        return {"struct": [_feature(f.name, f.type) for f in arrow_type]}
    if pa.types.is_date32(arrow_type):
        return {"dtype": "date32"}  # datasets' name; Arrow's str() says "date32[day]"
    return {"dtype": str(arrow_type)}


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """Return a small YAML rendering of nested dicts, lists and scalars (block style)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _yaml(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            inner = _yaml(item, indent + 2)
            if isinstance(item, (dict, list)) and inner:
                lines.append(f"{pad}- {inner[0].strip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == [] or value == {}:
        return "[]" if value == [] else "{}"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML string


def dataset_card(
    tagset: TagSet,
    arrow_schema: pa.Schema,
    sizes: dict[str, tuple[int, int]],
    coders: Counter[str],
    split: list[tuple[str, float]] | None,
    seed: int,
) -> str:
    """Return README.md: the YAML header (files per split, features) and what the data is."""
    names = {UNSPLIT: "train"}
    header = {
        "configs": [
            {
                "config_name": "default",
                "data_files": [
                    {"split": names.get(name, name), "path": f"{name}.parquet"} for name in sizes
                ],
            }
        ],
        "dataset_info": {
            "features": yaml_features(arrow_schema),
            "splits": [
                {"name": names.get(name, name), "num_examples": rows}
                for name, (_, rows) in sizes.items()
            ],
        },
    }
    lines = ["---", *_yaml(header), "---", "", f"# {tagset.name}: coded news articles", ""]
    lines += [
        f"News articles coded with annotator for actors, political "
        f"claims and sentiment, focus: {tagset.focus}. One row per (article, coder); the coder "
        f"`gold` is the adjudicated layer. Coders: "
        + ", ".join(f"`{c}` ({n} rows)" for c, n in sorted(coders.items()))
        + ".",
        "",
        "Offsets (`start`, `end`) are Python string indexes into `text` (Unicode code points), "
        "end exclusive: `text[start:end]` is the span's text. `meta` is a JSON string.",
        "",
        "## Splits",
        "",
    ]
    if split:
        lines.append(
            "Split by article (every coder's row of an article is in the same split), "
            f"deterministically: `split={','.join(f'{n}={f:g}' for n, f in split)}`, "
            f"`seed={seed}`."
        )
    else:
        lines.append("Not split: every row is in `data.parquet` (loaded as split `train`).")
    lines += ["", "| split | file | articles | rows |", "|---|---|---|---|"]
    lines += [
        f"| {names.get(name, name)} | `{name}.parquet` | {n_articles} | {rows} |"
        for name, (n_articles, rows) in sizes.items()
    ]
    lines += ["", "## How it was coded", "", f"Tag set: **{tagset.name}**.", ""]
    groups: list[tuple[str, tuple[Label, ...]]] = [
        (
            "Actor types (`spans.label` of actor mentions, `actors.type`)",
            tagset.spans[MarkKind.ACTOR],
        ),
        ("Claim topics (`claims.topic`)", tagset.spans[MarkKind.CLAIM]),
        (
            "Sentiment polarities (`spans.label` of sentiment spans)",
            tagset.spans[MarkKind.SENTIMENT],
        ),
        ("Claim stances (`claims.stance`)", tagset.claim_stance),
        ("Claim forms (`claims.form`)", tagset.claim_form),
        ("Tone (`tone`)", tagset.tone),
        ("Stance towards the focus (`focus_stance`)", tagset.focus_stance),
        ("Topics (`topics`)", tagset.topics),
    ]
    for title, labels in groups:
        lines += [f"### {title}", ""]
        lines += [
            f"- **{label.name}**" + (f": {label.description}" if label.description else "")
            for label in labels
        ]
        lines.append("")
    return "\n".join(lines)


FORMAT = Format(
    name="hf",
    title="Hugging Face dataset (Parquet)",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    write=write_hf,
    folder=True,
    write_options=(
        FormatOption("split", "Split by article, e.g. train=0.8,dev=0.1,test=0.1 (empty: none)"),
        FormatOption("seed", "Seed of the split (a whole number)", default="0"),
    ),
)
