"""Guard against PySide6 6.12.0 on Python 3.11, whose void calls drop None's refcount."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def test_void_qt_calls_keep_none_refcount(qapp):
    """Thousands of void Qt calls must not lower sys.getrefcount(None)."""
    editor = QPlainTextEdit()
    editor.setPlainText("x" * 100)
    cursor = QTextCursor(editor.document())
    fmt = QTextCharFormat()
    point = QPoint()
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.setPosition(2)
        cursor.mergeCharFormat(fmt)
        editor.setReadOnly(True)
        point.setX(2)
    # A healthy binding leaves it unchanged (allow noise from unrelated allocations).
    assert sys.getrefcount(None) >= before - 50
