"""UIMA CAS XMI with its TypeSystem, as INCEpTION imports and exports it (via dkpro-cassis).

Offsets: XMI written by Java (INCEpTION, UIMA) counts UTF-16 code units; dkpro-cassis converts
them to Python code points on load and back to UTF-16 when it serialises, so everything here
works in code points and the files on disk are in UTF-16 units, as INCEpTION expects.

Type system lookup on import: ``options["typesystem"]`` (``--typesystem FILE``), else
``TypeSystem.xml``, ``<stem>.typesystem.xml`` or ``typesystem.xml`` beside the ``.xmi``, else,
inside a ``.zip`` (INCEpTION's export), such a file next to the ``.xmi`` member or anywhere in
the archive. The error names every place looked at.

Our types (all ``webanno.custom``, the names INCEpTION gives custom layers):

- ``Actor`` span: ``actorType`` (not ``type``: a reserved name in cassis), ``actor`` (actor
  id), ``actorName``, ``actorCountry``;
- ``Claim`` span: ``topic``, ``stance``, ``form``;
- ``Sentiment`` span: ``polarity``, ``intensity`` (Integer);
- ``ClaimRelation``: ``Governor`` (the claim or sentiment), ``Dependent`` (an actor mention),
  ``role`` (``speaker`` / ``target``), like INCEpTION relation layers;
- every span also has ``markId`` (our mark id, so re-imports keep it);
- ``DocumentLabels`` (an ``AnnotationBase``: a document-level layer): ``annotator`` (the coder,
  ``gold`` for adjudicated coding), ``tone``, ``focusStance``, ``topics`` (StringArray),
  ``status``, ``note``, ``title``, ``date``, ``source``.

DKPro ``Sentence``/``Token`` annotations (lines and white-space tokens) are written too, since
INCEpTION needs them. Foreign span types (``webanno.custom.SimpleSpan``, DKPro ``NamedEntity``,
plain ``uima.tcas.Annotation``…) are read with their ``value`` or ``label`` feature (else their
first string feature with a value, else the type's short name) as the label, for
``--map-label``; DKPro segmentation, metadata and linguistic types are skipped unless
``options["layers"]`` names them. The coder comes from ``DocumentLabels.annotator``, else from an
INCEpTION project export path ``annotation/<document>/<user>.xmi``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.model import AnnotatedDocument, MarkKind
from annotator.formats._common import (
    document_marks,
    document_stem,
    relation_mention,
    sentence_chunks,
    tokens_at_marks,
)
from annotator.formats.base import (
    annotation_record,
    Format,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    atomic_text_file,
    make_article,
)

EXTENSIONS = (".xmi", ".zip")
# A claim's speaker and target (a sentiment's target) as the actor itself — id, name, type —
# beside the relation to a mention: an actor the coder never marked in the article is kept.
_ROLE_FEATURES = {
    "speaker": ("speakerActor", "speakerName", "speakerType"),
    "target": ("targetActor", "targetName", "targetType"),
}
NS = "webanno.custom."
ACTOR, CLAIM, SENTIMENT = NS + "Actor", NS + "Claim", NS + "Sentiment"
RELATION, DOCUMENT = NS + "ClaimRelation", NS + "DocumentLabels"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
TYPESYSTEM_NAME = "TypeSystem.xml"
_SKIPPED = re.compile(
    r"^(uima\.tcas\.DocumentAnnotation|de\.tudarmstadt\.ukp\.dkpro\.core\.api\."
    r"(segmentation|metadata|lexmorph|syntax|coref)\..*)$"
)
_STRING = "uima.cas.String"


def typesystem_candidates(xmi: PurePosixPath | Path) -> list[str]:
    """Return the file names a type system is looked for under, beside an XMI file."""
    return [TYPESYSTEM_NAME, f"{xmi.stem}.typesystem.xml", "typesystem.xml"]


def build_typesystem() -> Any:
    """Return the cassis TypeSystem of our layers (plus DKPro Sentence and Token)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    for name in (SENTENCE, TOKEN):
        ts.create_type(name, supertypeName="uima.tcas.Annotation")
    spans = {
        ACTOR: ("actorType", "actor", "actorName", "actorCountry"),
        CLAIM: ("topic", "stance", "form", *_ROLE_FEATURES["speaker"], *_ROLE_FEATURES["target"]),
        SENTIMENT: ("polarity", *_ROLE_FEATURES["target"]),
    }
    for name, features in spans.items():
        t = ts.create_type(name, supertypeName="uima.tcas.Annotation")
        for feature in (*features, "markId"):
            ts.create_feature(t, feature, _STRING)
    ts.create_feature(ts.get_type(SENTIMENT), "intensity", "uima.cas.Integer")
    rel = ts.create_type(RELATION, supertypeName="uima.tcas.Annotation")
    ts.create_feature(rel, "Governor", "uima.tcas.Annotation")
    ts.create_feature(rel, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(rel, "role", _STRING)
    doc = ts.create_type(DOCUMENT, supertypeName="uima.cas.AnnotationBase")
    for feature in ("annotator", "tone", "focusStance", "status", "note", "title", "date"):
        ts.create_feature(doc, feature, _STRING)
    ts.create_feature(doc, "source", _STRING)
    ts.create_feature(doc, "topics", "uima.cas.StringArray", elementType=_STRING)
    return ts


# -- reading -------------------------------------------------------------------------------


def read_xmi(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read an ``.xmi`` file, a folder of them, or an INCEpTION ``.zip`` export."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xmi")
        if not files:
            result.problems.append(Origin(str(path)).problem("no .xmi files in folder"))
        for file in files:
            read_xmi(file, result, context)
        return
    if path.suffix.lower() == ".zip":
        _read_zip(path, result, context)
        return
    where = str(path)
    given = context.options.get("typesystem")
    if given:
        ts_path = Path(given)
        if not ts_path.is_file():
            result.problems.append(Origin(where).problem(f"type system {given} does not exist"))
            return
    else:
        names = typesystem_candidates(path)
        found = [path.parent / n for n in names if (path.parent / n).is_file()]
        if not found:
            result.problems.append(
                Origin(where).problem(
                    "no type system found: looked for "
                    + ", ".join(str(path.parent / n) for n in names)
                    + "; give one with --typesystem FILE"
                )
            )
            return
        ts_path = found[0]
    try:
        ts_bytes, xmi_bytes = ts_path.read_bytes(), path.read_bytes()
    except OSError as exc:
        result.problems.append(Origin(where).problem(f"cannot be read: {exc.strerror or exc}"))
        return
    _read_cas(xmi_bytes, ts_bytes, where, str(ts_path), None, result, context)


def _read_zip(path: Path, result: ReadResult, context: FormatContext) -> None:
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(Origin(where).problem(f"not a readable zip archive: {exc}"))
        return
    with archive:
        members = [n for n in archive.namelist() if not n.endswith("/")]
        xmis = sorted(n for n in members if n.lower().endswith(".xmi"))
        if not xmis:
            result.problems.append(Origin(where).problem("the zip archive holds no .xmi file"))
            return
        given = context.options.get("typesystem")
        for member in xmis:
            member_path = PurePosixPath(member)
            if member_path.stem == "INITIAL_CAS":
                continue  # INCEpTION's unannotated source copy
            label = f"{where}!{member}"
            if given:
                ts_source, ts_bytes = given, _read_given(given, label, result)
                if ts_bytes is None:
                    continue
            else:
                names = typesystem_candidates(member_path)
                beside = [str(member_path.parent / n).removeprefix("./") for n in names]
                anywhere = [m for m in members if PurePosixPath(m).name in names]
                ts_member = next((m for m in beside if m in members), None) or next(
                    iter(sorted(anywhere)), None
                )
                if ts_member is None:
                    result.problems.append(
                        Origin(label).problem(
                            "no type system found: looked for "
                            + ", ".join(beside)
                            + " and any TypeSystem.xml in the archive; give one with "
                            "--typesystem FILE"
                        )
                    )
                    continue
                ts_source, ts_bytes = f"{where}!{ts_member}", archive.read(ts_member)
            coder = None
            parts = member_path.parts
            if len(parts) >= 3 and parts[0] == "annotation":
                coder = member_path.stem
            _read_cas(archive.read(member), ts_bytes, label, ts_source, coder, result, context)


def _read_given(given: str, label: str, result: ReadResult) -> bytes | None:
    try:
        return Path(given).read_bytes()
    except OSError as exc:
        result.problems.append(
            Origin(label).problem(f"type system {given} cannot be read: {exc.strerror or exc}")
        )
        return None


def _line_of(exc: Exception) -> int | None:
    line = getattr(exc, "lineno", None)
    if line is None and getattr(exc, "position", None):
        line = exc.position[0]  # type: ignore[attr-defined]
    return line if isinstance(line, int) else None


def _read_cas(
    xmi_bytes: bytes,
    ts_bytes: bytes,
    where: str,
    ts_where: str,
    coder: str | None,
    result: ReadResult,
    context: FormatContext,
) -> None:
    """Load one CAS and add it as an annotation record."""
    from cassis import load_cas_from_xmi, load_typesystem

    try:
        typesystem = load_typesystem(io.BytesIO(ts_bytes))
    except Exception as exc:  # cassis raises lxml, ValueError and its own errors alike
        result.problems.append(
            Origin(ts_where, _line_of(exc)).problem(f"not a valid UIMA type system: {exc}")
        )
        return
    try:
        cas = load_cas_from_xmi(io.BytesIO(xmi_bytes), typesystem=typesystem, lenient=True)
    except Exception as exc:
        result.problems.append(
            Origin(where, _line_of(exc)).problem(f"not a valid UIMA CAS XMI: {exc}")
        )
        return
    text = cas.sofa_string or ""
    labels = next(iter(cas.select(DOCUMENT)), None) if typesystem.contains_type(DOCUMENT) else None
    try:
        article = make_article(
            text,
            title=_get(labels, "title"),
            date=_get(labels, "date"),
            source=_get(labels, "source"),
        )
    except ValueError as exc:
        result.problems.append(Origin(where).problem(str(exc)))
        return
    if article.text != text:
        result.problems.append(
            Origin(where).problem("text has CR or BOM characters; offsets would not match")
        )
        return
    data: dict[str, Any] = {"actors": [], "marks": []}
    if labels is not None:
        data["annotator"] = _get(labels, "annotator") or coder
        topics = _get(labels, "topics")
        data["document"] = {
            "tone": _get(labels, "tone"),
            "focus_stance": _get(labels, "focusStance"),
            "topics": list(topics.elements) if topics is not None else [],
            "status": _get(labels, "status") or "new",
            "note": _get(labels, "note") or "",
        }
    elif coder:
        data["annotator"] = coder
    if data.get("annotator") is None:
        data.pop("annotator", None)
    problems: list[str] = []
    _collect(cas, typesystem, article.text, data, problems, context, result, where)
    if problems:
        result.problems += [Origin(where).problem(p) for p in problems]
        return
    record = annotation_record(article, data, Origin(where), result)
    if record is not None:
        result.annotations.append(record)


def _get(fs: Any, name: str) -> Any:
    if fs is None:
        return None
    try:
        return fs.get(name)
    except (AttributeError, KeyError):
        return None


def _wanted(type_name: str, context: FormatContext) -> bool:
    chosen = [x.strip() for x in context.options.get("layers", "").split(",") if x.strip()]
    if chosen:
        return type_name in chosen or type_name.rsplit(".", 1)[-1] in chosen
    return not _SKIPPED.match(type_name)


def _collect(
    cas: Any,
    typesystem: Any,
    text: str,
    data: dict[str, Any],
    problems: list[str],
    context: FormatContext,
    result: ReadResult,
    where: str,
) -> None:
    """Turn the CAS's span annotations and our relations into marks."""
    refs: dict[int, str] = {}  # xmi id of an annotation -> the mark's ref
    marks: dict[str, dict[str, Any]] = {}
    actors: dict[str, dict[str, Any]] = {}
    relations = []
    role_holders: list[tuple[str, Any]] = []  # claims and sentiment: roles from features
    skipped: set[str] = set()
    annotation = typesystem.get_type("uima.tcas.Annotation")
    for fs in cas.select_all_annotations():
        t = fs.type
        if not typesystem.subsumes(annotation, t):
            continue
        if t.name == RELATION:
            relations.append(fs)
            continue
        if t.name in (SENTENCE, TOKEN) or not _wanted(t.name, context):
            skipped.add(t.name)
            continue
        feature_names = {f.name for f in t.all_features}
        if {"Governor", "Dependent"} <= feature_names:
            continue  # a foreign relation: not imported
        if fs.begin >= fs.end:
            continue
        ref = f"xmi{fs.xmiID}"
        mark: dict[str, Any] = {
            "start": fs.begin,
            "end": fs.end,
            "text": text[fs.begin : fs.end],
            "ref": ref,
        }
        here = f"{t.name} {fs.begin}-{fs.end} (xmi:id {fs.xmiID})"
        if t.name in (ACTOR, CLAIM, SENTIMENT) and _get(fs, "markId"):
            mark["id"] = _get(fs, "markId")
        if t.name == ACTOR:
            mark.update(kind="actor", label=_get(fs, "actorType") or "")
            actor_id = _get(fs, "actor")
            if actor_id:
                mark["actor"] = actor_id
                actors.setdefault(
                    actor_id,
                    {
                        "id": actor_id,
                        "name": _get(fs, "actorName") or mark["text"],
                        "type": mark["label"],
                        "country": _get(fs, "actorCountry"),
                    },
                )
        elif t.name == CLAIM:
            mark.update(
                kind="claim",
                label=_get(fs, "topic") or "",
                stance=_get(fs, "stance"),
                form=_get(fs, "form"),
            )
        elif t.name == SENTIMENT:
            intensity = _get(fs, "intensity")
            mark.update(
                kind="sentiment", label=_get(fs, "polarity") or "", intensity=intensity or None
            )
        else:
            mark["label"] = _foreign_label(fs, t)
        if t.name in (ACTOR, CLAIM, SENTIMENT) and not mark["label"]:
            problems.append(f"{here}: no label feature set")
        refs[fs.xmiID] = ref
        marks[ref] = mark
        if t.name in (CLAIM, SENTIMENT):
            role_holders.append((ref, fs))
    for rel in relations:
        role = _get(rel, "role")
        governor, dependent = _get(rel, "Governor"), _get(rel, "Dependent")
        here = f"{RELATION} xmi:id {rel.xmiID}"
        if role not in ("speaker", "target"):
            problems.append(f"{here}: role {role!r} is not 'speaker' or 'target'")
            continue
        if governor is None or dependent is None:
            problems.append(f"{here}: Governor or Dependent missing")
            continue
        gov_ref, dep_ref = refs.get(governor.xmiID), refs.get(dependent.xmiID)
        if gov_ref is None or dep_ref is None or marks[dep_ref].get("kind") != "actor":
            problems.append(f"{here}: must join a claim or sentiment to an actor mention")
            continue
        marks[gov_ref][f"{role}_mark"] = dep_ref
    for ref, fs in role_holders:
        _roles_from_features(marks[ref], fs, actors)
    skipped.discard(SENTENCE)
    skipped.discard(TOKEN)
    if skipped:
        result.warnings.append(
            Origin(where).problem(
                "skipped type(s) " + ", ".join(sorted(skipped)) + " (name them with the "
                "'layers' option to import them)"
            )
        )
    data["actors"] = list(actors.values())
    data["marks"] = list(marks.values())


def _roles_from_features(mark: dict[str, Any], fs: Any, actors: dict[str, Any]) -> None:
    """Take a speaker or target no relation gave from the claim's own features."""
    for role, (id_name, name_name, type_name) in _ROLE_FEATURES.items():
        actor_id = _get(fs, id_name)
        if not actor_id or f"{role}_mark" in mark:
            continue
        mark[role] = actor_id
        name, type_ = _get(fs, name_name), _get(fs, type_name)
        if name and type_:
            actors.setdefault(actor_id, {"id": actor_id, "name": name, "type": type_})


def _foreign_label(fs: Any, t: Any) -> str:
    for name in ("value", "label"):
        value = _get(fs, name)
        if isinstance(value, str) and value:
            return value
    for feature in t.all_features:
        if feature.rangeType.name == _STRING and feature.name not in ("sofa",):
            value = _get(fs, feature.name)
            if isinstance(value, str) and value:
                return value
    return str(t.short_name)


# -- writing -------------------------------------------------------------------------------


def build_cas(doc: AnnotatedDocument, typesystem: Any) -> Any:
    """Return one coder's coding of one article as a cassis CAS of our types."""
    from cassis import Cas

    cas = Cas(typesystem=typesystem)
    text = doc.article.text
    cas.sofa_string = text
    cas.sofa_mime = "text"
    marks = document_marks(doc)
    chunks = sentence_chunks(text)
    sentence_type, token_type = typesystem.get_type(SENTENCE), typesystem.get_type(TOKEN)
    for start, end in chunks:
        stripped = text[start:end]
        lead = len(stripped) - len(stripped.lstrip())
        cas.add(sentence_type(begin=start + lead, end=start + len(stripped.rstrip())))
    for start, end in tokens_at_marks(text, chunks, marks):
        cas.add(token_type(begin=start, end=end))
    actors = {a.id: a for a in doc.actors}
    made = {}
    for mark in marks:
        if mark.kind == MarkKind.ACTOR:
            actor = actors.get(mark.actor_id or "")
            fs = typesystem.get_type(ACTOR)(
                begin=mark.start,
                end=mark.end,
                actorType=mark.label,
                actor=mark.actor_id,
                actorName=actor.name if actor else None,
                actorCountry=actor.country if actor else None,
                markId=mark.id,
            )
        elif mark.kind == MarkKind.CLAIM:
            fs = typesystem.get_type(CLAIM)(
                begin=mark.start,
                end=mark.end,
                topic=mark.label,
                stance=mark.stance,
                form=mark.form,
                markId=mark.id,
                **_role_features("speaker", mark.speaker_id, actors),
                **_role_features("target", mark.target_id, actors),
            )
        else:
            fs = typesystem.get_type(SENTIMENT)(
                begin=mark.start,
                end=mark.end,
                polarity=mark.label,
                intensity=mark.intensity or 0,
                markId=mark.id,
                **_role_features("target", mark.target_id, actors),
            )
        cas.add(fs)
        made[mark.id] = fs
    relation_type = typesystem.get_type(RELATION)
    for mark in marks:
        for role, actor_id in (("speaker", mark.speaker_id), ("target", mark.target_id)):
            mention = relation_mention(mark, actor_id, marks) if actor_id else None
            if mention is not None:
                cas.add(
                    relation_type(
                        begin=mention.start,
                        end=mention.end,
                        Governor=made[mark.id],
                        Dependent=made[mention.id],
                        role=role,
                    )
                )
    labels, article = doc.document, doc.article
    topics = typesystem.get_type("uima.cas.StringArray")()
    topics.elements = list(labels.topics)
    cas.add(
        typesystem.get_type(DOCUMENT)(
            annotator=doc.annotator,
            tone=labels.tone,
            focusStance=labels.focus_stance,
            topics=topics,
            status=labels.status.value,
            note=labels.note or None,
            title=article.title,
            date=article.date,
            source=article.source,
        )
    )
    return cas


def _role_features(role: str, actor_id: str | None, actors: dict[str, Any]) -> dict[str, Any]:
    """Return a claim's or sentiment's speaker or target as features (none when unset)."""
    actor = actors.get(actor_id or "")
    if actor is None:
        return {}
    names = _ROLE_FEATURES[role]
    return {names[0]: actor.id, names[1]: actor.name, names[2]: actor.type}


# What XML 1.0 allows: tab, line feed, carriage return, and no other C0 control or surrogate.
# Unicode names no C0 control: the ones text from PDFs and old files carries, by name.
_CONTROL_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xmi(doc: AnnotatedDocument, typesystem: Any) -> str:
    """Return a document as XMI, or refuse it naming the article and the character."""
    for field, value in (("text", doc.article.text), ("title", doc.article.title or "")):
        found = _NOT_XML.search(value)
        if found is not None:
            character = found.group()
            name = _CONTROL_NAMES.get(character) or unicodedata.name(character, "control")
            raise ValidationError(
                f"article {doc.article.id[:8]} ({doc.article.title!r}): its {field} has "
                f"U+{ord(character):04X} ({name.lower()}) at offset {found.start()}, which "
                "XML 1.0 (and so XMI) cannot hold; nothing was written"
            )
    try:
        return build_cas(doc, typesystem).to_xmi(pretty_print=True)
    except ValueError as exc:  # a character elsewhere (a note, a name) XML cannot hold
        raise ValidationError(
            f"article {doc.article.id[:8]} ({doc.article.title!r}) cannot be written as XMI: "
            f"{exc}; nothing was written"
        ) from exc


def write_xmi(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write ``<name>.xmi`` per (article, coder) and one ``TypeSystem.xml`` beside them."""
    docs = list(documents)
    typesystem = build_typesystem()
    if path.suffix.lower() == ".xmi" and not path.is_dir():
        if len(docs) != 1:
            raise ValidationError(
                f"{path}: one .xmi file holds one document and there are {len(docs)}; "
                "give a folder to write one file per article and coder"
            )
        targets = [(docs[0], path)]
        folder = path.parent
    else:
        targets = [(doc, path / f"{document_stem(doc)}.xmi") for doc in docs]
        folder = path
    # Every document is made before the first file is written: one XML 1.0 cannot hold (a
    # form feed from a PDF, say) is refused with nothing written, not half a folder.
    written = [(_xmi(doc, typesystem), target) for doc, target in targets]
    folder.mkdir(parents=True, exist_ok=True)
    for xml, target in written:
        with atomic_text_file(target) as out:
            out.write(xml)
    with atomic_text_file(folder / TYPESYSTEM_NAME) as out:
        out.write(typesystem.to_xml())
    return len(docs)


FORMAT = Format(
    name="xmi",
    title="UIMA CAS XMI (INCEpTION)",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    read=read_xmi,
    write=write_xmi,
    folder=True,
    read_options=(
        FormatOption("typesystem", "Type system file",
                     help="The UIMA TypeSystem.xml (default: one found beside the .xmi)"),
        FormatOption("layers", "Linguistic layers to import",
                     help="DKPro layer names, comma-separated (default: none)"),
    ),
)
