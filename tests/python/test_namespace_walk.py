"""Every public function of numpy, numpy.linalg, numpy.fft, numpy.random and numpy.lib
exists in metallic, and runs natively unless it is in the documented fallback list."""
import types

import numpy as np
import pytest

import metallic as mtl
from metallic._fallback import DOCUMENTED

MODULES = [("numpy", np, mtl), ("numpy.linalg", np.linalg, mtl.linalg), ("numpy.fft", np.fft, mtl.fft),
           ("numpy.random", np.random, mtl.random)]


def _functions(module):
    for name in dir(module):
        obj = getattr(module, name)
        if not name.startswith("_") and callable(obj) and not isinstance(obj, (type, types.ModuleType, np.ufunc)):
            yield name, obj


def _is_fallback(ours, theirs):
    return getattr(ours, "_numpy_fallback", False) or getattr(ours, "__wrapped__", None) is theirs


@pytest.mark.parametrize("name, npmod, ours", MODULES, ids=[m[0] for m in MODULES])
def test_every_function_exists_and_is_native_or_documented(name, npmod, ours):
    missing, undocumented, stale = [], [], []
    listed = DOCUMENTED.get(name, {})
    for fname, theirs in _functions(npmod):
        mine = getattr(ours, fname, None)
        if mine is None:
            missing.append(fname)
        elif _is_fallback(mine, theirs) and fname not in listed:
            undocumented.append(fname)
        elif not _is_fallback(mine, theirs) and fname in listed:
            stale.append(fname)
    assert (missing, undocumented, stale) == ([], [], []), (missing, undocumented, stale)


def test_every_public_name_is_listed():
    for _, npmod, ours in MODULES + [("numpy.lib", np.lib, mtl.lib)]:
        assert [n for n in dir(npmod) if not n.startswith("_") and n not in dir(ours)] == []
