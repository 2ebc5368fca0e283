"""One long operation on a project, for the crash tests: prints "start" when it begins (the
project open, the input ready) and "done" when the operation has returned.

    python crash_child.py import PROJECT ARTICLES.jsonl
    python crash_child.py merge PROJECT THEIRS.db
    python crash_child.py backup PROJECT OUT.db      (backs up over OUT again and again)
    python crash_child.py migrate PROJECT -          (opening brings the schema up to date)
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.session import Session


def main() -> None:
    operation, project, source = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if operation == "migrate":
        print("start", flush=True)
        Session.open(project, "migrator").close()
        print("done", flush=True)
        return
    session = Session.open(project, "crash")
    print("start", flush=True)
    if operation == "import":
        session.import_paths([source])
    elif operation == "merge":
        session.merge_project(source)
    elif operation == "backup":
        while True:
            session.backup(source)
            print("copied", flush=True)
    print("done", flush=True)
    session.close()


if __name__ == "__main__":
    main()
