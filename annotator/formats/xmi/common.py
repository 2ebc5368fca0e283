"""What reading and writing UIMA CAS XMI share: our type names and type system, where a type
system is looked for, and reading a feature."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

EXTENSIONS = (".xmi", ".zip")
# A claim's speaker and target (a sentiment's target) as the actor itself — id, name, type —
# beside the relation to a mention: an actor the coder never marked in the article is kept.
ROLE_FEATURES = {
    "speaker": ("speakerActor", "speakerName", "speakerType"),
    "target": ("targetActor", "targetName", "targetType"),
}
NS = "webanno.custom."
ACTOR, CLAIM, SENTIMENT = NS + "Actor", NS + "Claim", NS + "Sentiment"
RELATION, DOCUMENT = NS + "ClaimRelation", NS + "DocumentLabels"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
TYPESYSTEM_NAME = "TypeSystem.xml"
STRING = "uima.cas.String"


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
        CLAIM: ("topic", "stance", "form", *ROLE_FEATURES["speaker"], *ROLE_FEATURES["target"]),
        SENTIMENT: ("polarity", *ROLE_FEATURES["target"]),
    }
    for name, features in spans.items():
        t = ts.create_type(name, supertypeName="uima.tcas.Annotation")
        for feature in (*features, "markId"):
            ts.create_feature(t, feature, STRING)
    ts.create_feature(ts.get_type(SENTIMENT), "intensity", "uima.cas.Integer")
    rel = ts.create_type(RELATION, supertypeName="uima.tcas.Annotation")
    ts.create_feature(rel, "Governor", "uima.tcas.Annotation")
    ts.create_feature(rel, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(rel, "role", STRING)
    doc = ts.create_type(DOCUMENT, supertypeName="uima.cas.AnnotationBase")
    for feature in ("annotator", "tone", "focusStance", "status", "note", "title", "date"):
        ts.create_feature(doc, feature, STRING)
    ts.create_feature(doc, "source", STRING)
    ts.create_feature(doc, "topics", "uima.cas.StringArray", elementType=STRING)
    return ts


def feature(fs: Any, name: str) -> Any:
    """Return a feature structure's value of a feature, None when it has no such feature."""
    if fs is None:
        return None
    try:
        return fs.get(name)
    except (AttributeError, KeyError):
        return None
