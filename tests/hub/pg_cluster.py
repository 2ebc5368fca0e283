"""A throwaway PostgreSQL cluster for the hub's tests: made in a temporary folder, listening only
on a Unix socket there, trusting local connections, removed when stopped.

Used by tests/hub/conftest.py (when ``ANNOTATOR_TEST_PG`` is unset) and by ``.ci/run``::

    python3 -m tests.hub.pg_cluster start DIR   # prints the conninfo; DIR: new or empty
    python3 -m tests.hub.pg_cluster stop DIR

Only the standard library: CI runs it before the virtualenv exists. PostgreSQL refuses to run as
root, so as root the cluster belongs to the ``postgres`` system user (Debian's package makes
it) and its commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PORT = 5432  # only names the socket file: nothing listens on TCP
CLUSTER_USER = "postgres"  # the cluster's owner when we run as root
# A test cluster need not survive a crash: no fsync, and few resources.
SERVER_OPTIONS = (
    "-c listen_addresses='' -c unix_socket_directories={socket} -c port={port} "
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=60 -c shared_buffers=32MB"
)


class ClusterUnavailableError(Exception):
    """No cluster can be started here; the message says why."""


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: its folder and the conninfo of its superuser."""

    folder: Path
    superuser: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket(self) -> Path:
        return self.folder / "socket"

    @property
    def conninfo(self) -> str:
        """Return the libpq conninfo of the cluster's superuser on its socket."""
        return f"host={self.socket} port={PORT} user={self.superuser} dbname=postgres"


def find_bin_dir() -> Path:
    """Return the folder holding initdb and pg_ctl: on PATH, else the newest Debian one."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major_version)
    if not found:
        raise ClusterUnavailableError(
            "PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql)"
        )
    return Path(found[-1]).parent


def _major_version(initdb: str) -> int:
    version = Path(initdb).parent.parent.name  # /usr/lib/postgresql/15/bin/initdb
    return int(version) if version.isdigit() else 0


def _runner() -> tuple[list[str], str]:
    """Return the command prefix that runs as the cluster's owner, and that user's name."""
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam(CLUSTER_USER)
    except KeyError:
        raise ClusterUnavailableError(
            f"running as root and there is no '{CLUSTER_USER}' user to own the cluster "
            "(PostgreSQL refuses to run as root)"
        ) from None
    if not shutil.which("runuser"):
        raise ClusterUnavailableError("running as root and runuser is missing")
    return ["runuser", "-u", CLUSTER_USER, "--"], CLUSTER_USER


def start(folder: Path | None = None) -> Cluster:
    """Make a cluster in ``folder`` (a new temporary one when None), start it, return it."""
    bin_dir = find_bin_dir()
    prefix, owner = _runner()
    if folder is None:
        # Short and under /tmp: a socket's path may not exceed 107 bytes.
        folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    else:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise ClusterUnavailableError(f"{folder} is not empty")
    cluster = Cluster(folder, owner)
    cluster.socket.mkdir()
    if prefix:
        user = pwd.getpwnam(owner)
        for path in (folder, cluster.socket):
            os.chown(path, user.pw_uid, user.pw_gid)
    # The socket folder's parents must let the owner through (mkdtemp makes 0700 folders).
    os.chmod(folder, 0o755)
    try:
        _run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                owner,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        options = SERVER_OPTIONS.format(socket=cluster.socket, port=PORT)
        _run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                "start",
                "-w",
                "-D",
                str(cluster.data),
                "-l",
                str(folder / "server.log"),
                "-o",
                options,
            ]
        )
    except ClusterUnavailableError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` (if it runs) and remove the folder."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        prefix, _owner = _runner()
        pg_ctl = str(find_bin_dir() / "pg_ctl")
        subprocess.run(
            [*prefix, pg_ctl, "stop", "-w", "-m", "immediate", "-D", str(data)],
            capture_output=True,
            check=False,
        )
    shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        program = next(Path(part).name for part in command if part.startswith("/"))
        output = (done.stderr or done.stdout).strip()[-800:]
        raise ClusterUnavailableError(f"{program} failed ({done.returncode}): {output}")


def main(argv: list[str]) -> int:
    """``start DIR`` prints the new cluster's conninfo; ``stop DIR`` stops and removes it."""
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.hub.pg_cluster start|stop DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1]).absolute()
    if argv[0] == "stop":
        stop(folder)
        return 0
    try:
        print(start(folder).conninfo)
    except ClusterUnavailableError as problem:
        print(f"pg_cluster: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
