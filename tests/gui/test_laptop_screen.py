"""The window on a 1280×720 laptop screen, as a user gets it on the first start: run in a
process of its own whose only screen is 1280×720 (the test session's screen is 800×600)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCREEN = {
    "screens": [
        {
            "name": "Laptop",
            "x": 0,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}


def test_first_start_on_a_1280x720_screen(tmp_path):
    """Maximised, the window fits; its minimum is at most 1024×640 in every view, with or
    without a selected claim; every tag key, document field, topic and the mark form are on
    the screen without scrolling, and so are the Network view's controls."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    probe = Path(__file__).with_name("laptop_screen_probe.py")
    done = subprocess.run(
        [sys.executable, str(probe)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["screen"] == [1280, 720] and result["maximised"]
    assert result["frame"][0] <= 1280 and result["frame"][1] <= 720
    for state in ("start", "claim_selected"):
        measured = result[state]
        assert measured["minimum"][0] <= 1024 and measured["minimum"][1] <= 640, measured
        assert measured["tag_keys"] and measured["document"] and measured["topics"], measured
        assert measured["mark_form"], measured
    for view in ("show_review", "show_agreement"):
        assert result[view][0] <= 1024 and result[view][1] <= 640
    # The Network view after the Agreement view, time windows on: the window as wide as the
    # screen still, every option, the slider and the legend on it.
    network = result["network"]
    assert network["minimum"][0] <= 1024 and network["minimum"][1] <= 640, network
    assert network["frame"][0] <= 1280 and network["off_screen"] == [], network
