"""Turn a spaCy NER run into pre-annotation records that `annotator import` reads.

    python spacy_to_preannotations.py en_core_web_sm articles/ pre.jsonl
    annotator import pre.jsonl --label-map ner          # PERSON → Person, GPE → Country, …

ARTICLES is a folder of .txt files or a JSONL file of {"text": …} lines. Each article becomes
one record of `schemas/pre-annotation.schema.json`: its text and one mark per entity spaCy
found (start and end are spaCy's character offsets, which are Python str indexes, as ours are).
The marks belong to the coder "model" unless you import with `--annotator NAME`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def pre_annotations(nlp: Any, texts: Iterable[str], coder: str = "model") -> Iterator[dict]:
    """Yield a pre-annotation record per text: spaCy's entities as marks."""
    for doc in nlp.pipe(texts):
        marks = [
            {"start": ent.start_char, "end": ent.end_char, "label": ent.label_, "text": ent.text}
            for ent in doc.ents
        ]
        yield {"text": doc.text, "annotator": coder, "marks": marks}


def read_texts(source: Path) -> Iterator[str]:
    """Yield the texts of a folder of .txt files or of a JSONL file of {"text": …} lines."""
    if source.is_dir():
        for path in sorted(source.glob("*.txt")):
            yield path.read_text(encoding="utf-8")
        return
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)["text"]


def main(model: str, source: str, out: str) -> None:
    import spacy

    nlp = spacy.load(model)
    with open(out, "w", encoding="utf-8") as handle:
        for record in pre_annotations(nlp, read_texts(Path(source))):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
