"""The type stubs: mypy (strict) accepts a typed program over metallic and rejects calls
the signatures forbid. Skipped where mypy is not installed (the test extra installs it)."""
import os
import subprocess
import sys

import pytest

pytest.importorskip("mypy")
HERE = os.path.join(os.path.dirname(__file__), "..", "typing")


def _mypy(name):
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", name],
                          cwd=HERE, capture_output=True, text=True, timeout=600)


def test_typed_example_checks():
    r = _mypy("example.py")
    assert r.returncode == 0, r.stdout + r.stderr


def test_wrong_calls_are_caught():
    r = _mypy("wrong.py")
    assert r.returncode == 1
    for line in (4, 5, 6):
        assert f"wrong.py:{line}: error" in r.stdout, r.stdout


def test_package_is_marked_typed():
    import metallic
    assert os.path.exists(os.path.join(os.path.dirname(metallic.__file__), "py.typed"))
