"""A project remembers that its stored tag set was checked, so opening it skips the schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotator.core.errors import TagSetError
from annotator.core.tagset import tagset_digest
from annotator.session import Session


def project_with_its_tag_set(db_path):
    """Open a new project and have it store the default tag set (it does when first asked)."""
    session = Session.open(db_path, "alice")
    assert session.tagset.name
    return session


def test_a_checked_tag_set_is_stored_with_its_fingerprint(db_path):
    session = project_with_its_tag_set(db_path)
    text = session.store.get_setting("tagset")
    assert session.store.get_setting("tagset_digest") == tagset_digest(text)
    session.close()


def test_opening_a_project_does_not_load_jsonschema(db_path):
    project_with_its_tag_set(db_path).close()
    code = (
        "import sys; from annotator.session import Session; "
        f"s = Session.open({str(db_path)!r}, 'alice'); s.tagset; "
        "print('jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_tag_set_changed_behind_the_fingerprint_is_checked_again(db_path):
    session = project_with_its_tag_set(db_path)
    data = json.loads(session.store.get_setting("tagset"))
    data["spans"]["actor"].append(dict(data["spans"]["actor"][0]))  # a duplicate label
    with session.store.transaction():
        session.store.set_setting("tagset", json.dumps(data))
    session.close()
    with pytest.raises(TagSetError, match="duplicate label 'Person'"):
        _ = Session.open(db_path, "alice").tagset


def test_a_forged_fingerprint_on_a_broken_tag_set_still_gets_a_clear_error(db_path):
    session = project_with_its_tag_set(db_path)
    broken = json.dumps({"name": "x", "spans": 5})
    with session.store.transaction():
        session.store.set_setting("tagset", broken)
        session.store.set_setting("tagset_digest", tagset_digest(broken))
    session.close()
    with pytest.raises(TagSetError, match="not a valid tag set"):
        _ = Session.open(db_path, "alice").tagset


def test_an_unfingerprinted_tag_set_is_checked_once_then_trusted(db_path):
    session = project_with_its_tag_set(db_path)
    text = session.store.get_setting("tagset")
    with session.store.transaction():
        session.store.db.execute("DELETE FROM project WHERE key = 'tagset_digest'")
    session.close()
    again = Session.open(db_path, "alice")
    assert again.tagset.name
    assert again.store.get_setting("tagset_digest") == tagset_digest(text)
    again.close()
