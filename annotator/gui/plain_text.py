"""Text from users and files shown as plain text where Qt would guess it is HTML.

Qt renders a tooltip or label as rich text when it merely looks like HTML
(``Qt.mightBeRichText``), so a label named ``<img src="/some/file">`` would make Qt read a local
file. A tooltip here is always rich text whose every character is escaped.
"""

from __future__ import annotations

import html


def plain_tip(text: str) -> str:
    """Return a tooltip that shows the text as it is, line breaks kept."""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'
