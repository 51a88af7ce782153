"""pytest configuration for metallic's differential test suite.

Every test runs the same body on NumPy and on metallic (see harness.py). The device
is chosen by METALLIC_DEVICE (cpu, cuda, cuda:N) before metallic is imported.
"""

import os

import numpy as np


def pytest_report_header(config):
    import metallic as mtl

    lines = [f"numpy {np.__version__}",
             f"metallic {getattr(mtl, '__version__', '?')} from {os.path.dirname(mtl.__file__)}",
             f"METALLIC_DEVICE={os.environ.get('METALLIC_DEVICE', '(unset)')}"]
    return lines


import pytest  # noqa: E402


@pytest.fixture
def native():
    """Fails the test if NumPy ran any fallback inside it (implicit conversions to NumPy,
    which the test itself makes to compare results, are not counted)."""
    import metallic as mtl
    calls = lambda: {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"}  # noqa: E731
    before = calls()
    yield
    assert calls() == before
