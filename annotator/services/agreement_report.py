"""The agreement report as one self-contained HTML page: no external assets, no JavaScript.

Pure: it formats :class:`AgreementRow` lists that the session computed. Every value is escaped
with :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from annotator.services.agreement import AgreementRow

USED_NOTE = (
    "Used: the items, spans or values a measure counted. Left out: those it could not use "
    "(spans no other coder matched, items a coder left empty, values alone in their unit, "
    "overlapping spans of one coder), so nothing is dropped silently. n/a: undefined, e.g. "
    "nobody used the label."
)

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0 0 2em 0; }
caption { text-align: left; padding: 0.4em 0; }
caption small { display: block; color: #555; max-width: 60em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; }
th { background: #f0f0f0; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
"""


def section_of(row: AgreementRow) -> str:
    """Return the report section a row belongs to, from its subject and measure."""
    subject = row.subject
    if row.article_id is not None:
        return "Articles, least agreement first"
    if row.measure.startswith("mean "):
        return f"{row.coders} against each other coder"
    if subject in ("tone", "focus stance", "document fields") or subject.startswith("topic:"):
        return "Document labels"
    if subject.startswith(("actor:", "claim:", "sentiment:")):
        return "Span labels"
    if subject.endswith(" spans"):
        return "Spans"
    if subject.startswith("claim "):
        return "Claims (matched by overlap)"
    if subject.startswith("sentiment "):
        return "Sentiment marks (matched by overlap)"
    return "Other"


def sections(rows: Sequence[AgreementRow]) -> list[tuple[str, list[AgreementRow]]]:
    """Group rows by :func:`section_of`, sections in order of their first row."""
    grouped: dict[str, list[AgreementRow]] = {}
    for row in rows:
        grouped.setdefault(section_of(row), []).append(row)
    return list(grouped.items())


def _value(value: float) -> str:
    return "n/a" if value != value else f"{value:.3f}"


def render_html(
    rows: Sequence[AgreementRow],
    coders: Sequence[str],
    n_articles: int,
    title: str = "Inter-coder agreement",
) -> str:
    """Return the report as an HTML page: one table per section, each with a caption."""
    e = html.escape
    who = f"Coders: {', '.join(coders)}; {n_articles} article(s) coded by all of them."
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(who)}</p>",
    ]
    for name, members in sections(rows):
        by_article = any(r.article_id is not None for r in members)
        headers = ["measure", "subject", "coders", "value", "used", "left out"]
        if by_article:
            headers.append("article")
        out.append("<table>")
        out.append(f"<caption><strong>{e(name)}</strong> — {e(who)}<small>{e(USED_NOTE)}</small>")
        out.append("</caption>")
        out.append("<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in headers) + "</tr></thead>")
        out.append("<tbody>")
        for r in members:
            cells = [
                f"<td>{e(r.measure)}</td>",
                f"<td>{e(r.subject)}</td>",
                f"<td>{e(r.coders)}</td>",
                f'<td class="number">{e(_value(r.value))}</td>',
                f'<td class="number">{e(str(r.used))}</td>',
                f'<td class="number">{e(str(r.left_out))}</td>',
            ]
            if by_article:
                cells.append(f"<td><code>{e((r.article_id or '')[:8])}</code></td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
        out.append("</table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
