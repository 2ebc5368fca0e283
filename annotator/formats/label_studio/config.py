"""The labeling config (XML) a Label Studio project needs for our tasks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from annotator.core.model import ArticleStatus, MarkKind
from annotator.core.tagset import INTENSITIES, TagSet
from annotator.formats._common import ROLES

# -- labeling config -----------------------------------------------------------------------------


def write_label_config(tagset: TagSet) -> str:
    """Return a Label Studio labeling config (XML) for a tag set, matching what we export."""
    view = ET.Element("View")
    ET.SubElement(view, "Text", name="text", value="$text")
    for kind in MarkKind:
        labels = ET.SubElement(view, "Labels", name=kind.value, toName="text")
        for label in tagset.spans[kind]:
            attrs = {"value": label.name}
            if label.color:
                attrs["background"] = label.color
            if label.description:
                attrs["hint"] = label.description
            ET.SubElement(labels, "Label", attrs)
    relations = ET.SubElement(view, "Relations")
    for role in ROLES:
        ET.SubElement(relations, "Relation", value=role)
    per_region = {
        "stance": [x.name for x in tagset.claim_stance],
        "form": [x.name for x in tagset.claim_form],
        "intensity": [str(i) for i in INTENSITIES],
    }
    for name, values in per_region.items():
        ET.SubElement(view, "Header", value=f"{name} (of the selected region)")
        choices = ET.SubElement(
            view,
            "Choices",
            name=name,
            toName="text",
            perRegion="true",
            choice="single",
            showInline="true",
        )
        for value in values:
            ET.SubElement(choices, "Choice", value=value)
    document = {
        "tone": ("single", [x.name for x in tagset.tone]),
        "focus_stance": ("single", [x.name for x in tagset.focus_stance]),
        "topics": ("multiple", [x.name for x in tagset.topics]),
        "status": ("single", [s.value for s in ArticleStatus]),
    }
    for name, (mode, values) in document.items():
        ET.SubElement(view, "Header", value=name)
        choices = ET.SubElement(
            view, "Choices", name=name, toName="text", choice=mode, showInline="true"
        )
        for value in values:
            ET.SubElement(choices, "Choice", value=value)
    for name in ("coder", "note"):
        ET.SubElement(view, "Header", value=name)
        ET.SubElement(
            view, "TextArea", name=name, toName="text", editable="true", maxSubmissions="1"
        )
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"
