"""The Hugging Face export: Parquet per split read back with pyarrow (and datasets, when
installed), split by article with a seed, its schema, its dataset card and its options."""

from __future__ import annotations

import builtins
import datetime

import pytest

from annotator.core.errors import ValidationError
from annotator.formats import hf_parquet, registry
from tests.formats.training_corpus import EMOJI_TEXT, context, documents

pa = pytest.importorskip("pyarrow", reason="pyarrow comes with .[test] and .[train]")
pq = pytest.importorskip("pyarrow.parquet")

SPLIT = "train=0.5,dev=0.25,test=0.25"


def write(tmp_path, name="out", **options):
    """Write the pure documents to a new folder; return it and the writer's context."""
    folder = tmp_path / name
    ctx = context(**options)
    assert hf_parquet.write_hf(documents(), folder, ctx) == 12
    return folder, ctx


def rows(path):
    """Return a Parquet file's rows as dicts."""
    return pq.read_table(path).to_pylist()


def test_registered_as_a_write_only_folder_format():
    """The registry entry says what the module's Format says: written, a folder, not streamed."""
    entry = registry.entry("hf")
    assert (entry.writes, entry.reads, entry.folder, entry.streams) == (True, False, True, False)
    assert [o.key for o in registry.get("hf").write_options] == ["split", "seed"]


def test_split_sizes_by_article_and_no_leak(tmp_path):
    """6 articles at 0.5/0.25/0.25: 3, 2 (the larger remainder, first named) and 1 articles,
    each with both coders' rows in the same split, every article in exactly one split."""
    folder, ctx = write(tmp_path, split=SPLIT, seed="7")
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md", "dev.parquet", "test.parquet", "train.parquet",
    ]
    splits = {name: rows(folder / f"{name}.parquet") for name in ("train", "dev", "test")}
    assert {n: len(r) for n, r in splits.items()} == {"train": 6, "dev": 4, "test": 2}
    articles = {n: {r["article_id"] for r in found} for n, found in splits.items()}
    assert {n: len(a) for n, a in articles.items()} == {"train": 3, "dev": 2, "test": 1}
    assert not (articles["train"] & articles["dev"] or articles["train"] & articles["test"])
    assert not articles["dev"] & articles["test"]
    assert set().union(*articles.values()) == {d.article.id for d in documents()}
    for found in splits.values():
        for article in {r["article_id"] for r in found}:
            assert sorted(r["coder"] for r in found if r["article_id"] == article) == [
                "alice", "bob",
            ]
    assert ctx.notes == []


def test_split_is_deterministic_for_a_seed(tmp_path):
    """The same seed gives the same rows in each split; another seed deals them differently."""
    first, _ = write(tmp_path, "a", split=SPLIT, seed="7")
    again, _ = write(tmp_path, "b", split=SPLIT, seed="7")
    other, _ = write(tmp_path, "c", split=SPLIT, seed="8")
    for name in ("train", "dev", "test"):
        assert rows(first / f"{name}.parquet") == rows(again / f"{name}.parquet")
    # The order articles come in does not matter.
    halves = [("x", 0.5), ("y", 0.5)]
    assert hf_parquet.split_articles("abcdef", halves, 7) == hf_parquet.split_articles(
        "fedcba", halves, 7
    )
    dealt = {
        seed: hf_parquet.split_articles([d.article.id for d in documents()],
                                        hf_parquet.parse_split(SPLIT), seed)
        for seed in (7, 8)
    }
    assert dealt[7] != dealt[8]
    assert {r["article_id"] for r in rows(other / "train.parquet")} == {
        a for a, s in dealt[8].items() if s == "train"
    }


def test_without_split_one_data_file(tmp_path):
    """No split option: every row in data.parquet, in export order, loaded as split train."""
    folder, _ = write(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "data.parquet"]
    found = rows(folder / "data.parquet")
    assert [(r["article_id"], r["coder"]) for r in found] == [
        (d.article.id, d.annotator) for d in documents()
    ]
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert '      - split: "train"\n        path: "data.parquet"' in card


def test_schema_field_names_and_types(tmp_path):
    """Every file has the explicit schema: names, nesting and types, and no empty struct."""
    folder, _ = write(tmp_path, split=SPLIT)
    schema = pq.read_schema(folder / "train.parquet")
    assert schema.equals(hf_parquet.schema())
    assert schema.names == [
        "article_id", "title", "date", "source", "text", "meta", "coder", "focus", "tone",
        "focus_stance", "topics", "status", "note", "actors", "spans", "claims",
    ]
    assert schema.field("date").type == pa.date32()
    assert schema.field("meta").type == pa.string()
    assert schema.field("topics").type == pa.list_(pa.string())
    span = schema.field("spans").type.value_type
    assert [(f.name, str(f.type)) for f in span] == [
        ("id", "string"), ("start", "int32"), ("end", "int32"), ("text", "string"),
        ("kind", "string"), ("label", "string"), ("actor", "string"), ("target", "string"),
        ("intensity", "int8"),
    ]
    claim = schema.field("claims").type.value_type
    assert [f.name for f in claim] == [
        "id", "start", "end", "text", "topic", "speaker", "speaker_start", "speaker_end",
        "target", "target_start", "target_end", "stance", "form",
    ]

    def structs(arrow_type):
        if pa.types.is_struct(arrow_type):
            yield arrow_type
            for f in arrow_type:
                yield from structs(f.type)
        elif pa.types.is_list(arrow_type):
            yield from structs(arrow_type.value_type)

    assert all(s.num_fields for f in schema for s in structs(f.type))


def test_emoji_row_values(tmp_path):
    """The emoji article's row: code-point offsets, names, the mentions relations point to."""
    folder, _ = write(tmp_path)
    row = next(r for r in rows(folder / "data.parquet") if r["source"] == "emoji.txt")
    text = row["text"]
    assert text == EMOJI_TEXT
    assert (row["date"], row["coder"], row["tone"], row["topics"], row["meta"]) == (
        datetime.date(2024, 1, 5), "alice", "positive", ["CPEC security"], "{}",
    )
    assert [(s["kind"], s["text"], s["label"], s["actor"]) for s in row["spans"]] == [
        ("actor", "Pakistan", "Country", "Pakistan"),
        ("actor", "Wang Yi", "Person", "Wang Yi"),
        ("claim", "the cafe\u0301 talks were 👍🏽 and that China stands by Pakistan forever",
         "Bilateral friendship", None),
        ("sentiment", "👍🏽", "positive", None),
        ("actor", "China", "Country", "China"),
        ("actor", "Pakistan", "Country", "Pakistan"),
    ]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in row["spans"])
    thumbs = row["spans"][3]
    assert (thumbs["intensity"], thumbs["end"] - thumbs["start"]) == (3, 2)  # two code points
    (claim,) = row["claims"]
    assert (claim["start"], claim["end"]) == (text.index("the cafe"), text.index(" forever") + 8)
    assert (claim["speaker"], text[claim["speaker_start"] : claim["speaker_end"]]) == (
        "Wang Yi", "Wang Yi",
    )
    # The second "Wang Yi" was marked: the one just before the claim.
    assert claim["speaker_start"] == text.index("Wang Yi said")
    # Two mentions of Pakistan: the one inside the claim wins.
    assert claim["target_start"] == text.index("Pakistan forever")
    assert (claim["stance"], claim["form"]) == ("support", "reported speech")
    assert [a["name"] for a in row["actors"]] == ["China", "Pakistan", "Wang Yi"]


def test_dataset_card(tmp_path):
    """README.md: configs per split, features, counts per split, the tag set's labels."""
    folder, _ = write(tmp_path, split=SPLIT, seed="7")
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\nconfigs:\n  - config_name: \"default\"\n    data_files:\n")
    assert '      - split: "dev"\n        path: "dev.parquet"' in card
    assert '    - name: "date"\n      dtype: "date32"' in card
    assert '    - name: "topics"\n      list: "string"' in card
    assert '    - name: "dev"\n      num_examples: 4' in card
    assert "| dev | `dev.parquet` | 2 | 4 |" in card
    assert "`split=train=0.5,dev=0.25,test=0.25`, `seed=7`" in card
    assert "Tag set: **Political claims**." in card
    assert "- **Military/Security**: Armed forces, police" in card
    assert "Coders: `alice` (6 rows), `bob` (6 rows)." in card


def test_an_empty_split_is_written_and_noted(tmp_path):
    """Two articles in three splits: the last one is empty, written with the schema, noted."""
    folder = tmp_path / "out"
    ctx = context(split="train=0.4,dev=0.4,test=0.2")
    assert hf_parquet.write_hf(documents()[:4], folder, ctx) == 4
    assert pq.read_table(folder / "test.parquet").num_rows == 0
    assert pq.read_schema(folder / "test.parquet").equals(hf_parquet.schema())
    assert [(n.kind, n.message) for n in ctx.notes] == [
        ("empty split", "split 'test' has no article (2 articles in all)")
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"split": "train=0.8,dev=0.3"}, r"sum to 1\.1, not 1"),
        ({"split": "train=abc,test=1"}, r"train='abc' is not a fraction"),
        ({"split": "train=0,test=1"}, r"train='0' is not a fraction"),
        ({"split": "train:0.5,test=0.5"}, r"'train:0.5' is not NAME=FRACTION"),
        ({"split": "train=0.5,train=0.5"}, r"'train' is named twice"),
        ({"split": "train=0.5,data=0.5"}, r"'data' is named twice or is reserved"),
        ({"seed": "x1"}, r"seed must be a whole number, not 'x1'"),
    ],
)
def test_bad_options_are_named(tmp_path, options, message):
    """A bad split or seed is a ValidationError naming the value; nothing is written."""
    with pytest.raises(ValidationError, match=message):
        hf_parquet.write_hf(documents(), tmp_path / "out", context(**options))
    assert not (tmp_path / "out").exists()


def test_missing_pyarrow_names_the_extra(tmp_path, monkeypatch):
    """Without pyarrow the export fails telling how to install it, and writes nothing."""
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ValidationError, match=r"pip install 'annotator\[train\]'"):
        hf_parquet.write_hf(documents(), tmp_path / "out", context())
    assert not (tmp_path / "out").exists()


def test_datasets_loads_the_files_and_the_card(tmp_path, monkeypatch):
    """datasets (when installed) reads the Parquet files, and the folder through its card."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets", reason="datasets is not a dependency")
    folder, _ = write(tmp_path, split=SPLIT, seed="7")
    cache = str(tmp_path / "cache")
    files = {name: str(folder / f"{name}.parquet") for name in ("train", "dev", "test")}
    loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=cache)
    assert {name: loaded[name].num_rows for name in files} == {"train": 6, "dev": 4, "test": 2}
    assert loaded["train"].features["date"] == datasets.Value("date32")
    carded = datasets.load_dataset(str(folder), cache_dir=cache)
    assert {name: carded[name].num_rows for name in files} == {"train": 6, "dev": 4, "test": 2}
    assert carded["dev"].features == loaded["dev"].features
    row = carded["dev"][0]
    assert row["text"][row["spans"][0]["start"] : row["spans"][0]["end"]] == row["spans"][0]["text"]
