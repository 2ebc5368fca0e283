"""What reading and writing WebAnno TSV share: our layer names, and escaping."""

from __future__ import annotations

EXTENSIONS = (".tsv",)
FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
ACTOR = "webanno.custom.Actor"
CLAIM = "webanno.custom.Claim"
SENTIMENT = "webanno.custom.Sentiment"
RELATION = "webanno.custom.ClaimRelation"
OWN_SPANS: dict[str, tuple[str, ...]] = {
    ACTOR: ("actorType", "actor", "actorName"),
    CLAIM: ("topic", "stance", "form"),
    SENTIMENT: ("polarity", "intensity"),
}


# -- escaping ------------------------------------------------------------------------------


def escape_value(value: str) -> str:
    """Escape a feature value's reserved characters (``\\ [ ] | _ -> ; * TAB LF``)."""
    out = []
    for i, ch in enumerate(value):
        if ch in "\\[]|_;*":
            out.append("\\" + ch)
        elif ch == "-" and value[i + 1 : i + 2] == ">":
            out.append("\\-")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        else:
            out.append(ch)
    return "".join(out)


def escape_text(text: str) -> str:
    """Escape sentence or token text: backslash and tab (line breaks split ``#Text=`` lines)."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")


def unescape(value: str) -> str:
    """Undo TSV escaping: ``\\t``, ``\\n``, ``\\r`` are control characters, ``\\X`` is X."""
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def split_stack(cell: str) -> list[str]:
    """Split a cell at unescaped ``|`` into its stacked values (still escaped)."""
    parts, current, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            current.append(cell[i : i + 2])
            i += 2
            continue
        if ch == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts
