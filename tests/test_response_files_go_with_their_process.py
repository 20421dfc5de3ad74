"""The files a process serves large warm responses from (`VersionedFiles`, network/caching/shared.py) go with
their folder when the process exits, and a forked child's exit leaves its parent's folder alone.

Each case runs in a Python process of its own, with its own temporary folder, so that what is left behind
can be seen after the process has gone.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_python(script, temporary_folder):
    """Run `script` in a new process whose temporary files go under `temporary_folder`; its printed lines."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=PROJECT_DIR,
        env={**os.environ, "TMPDIR": str(temporary_folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_process_leaves_no_response_files_when_it_exits(tmp_path):
    (written,) = run_python(
        """
        from network.caching.shared import VersionedFiles
        print(VersionedFiles(max_files=2).path("v1", "map", b"{}"))
        """,
        tmp_path,
    )
    assert Path(written).parent.parent == tmp_path, "the file was written in the process's temporary folder"
    assert list(tmp_path.iterdir()) == [], "the folder went with the process"


def test_a_forked_child_leaves_its_parents_files_alone(tmp_path):
    lines = run_python(
        """
        import os, sys
        from pathlib import Path
        from network.caching.shared import VersionedFiles
        written = Path(VersionedFiles(max_files=2).path("v1", "map", b"{}"))
        child = os.fork()
        if child == 0:
            sys.exit(0)
        os.waitpid(child, 0)
        print(written.read_bytes().decode())
        """,
        tmp_path,
    )
    assert lines == ["{}"], "the parent still reads its file after its child exited"
    assert list(tmp_path.iterdir()) == [], "and its folder went when the parent exited"
