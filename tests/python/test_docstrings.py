"""Every public callable of metallic has a docstring (NumPy's text, after metallic's own
remarks) and is listed by dir(); NumPy's own objects are left as they are."""
import pydoc

import numpy as np
import pytest

import metallic as mtl

MODULES = {"metallic": (mtl, np), "metallic.linalg": (mtl.linalg, np.linalg), "metallic.fft": (mtl.fft, np.fft),
           "metallic.random": (mtl.random, np.random),
           "metallic.lib.stride_tricks": (mtl.lib.stride_tricks, np.lib.stride_tricks)}


def _public_callables(mod):
    for name in dir(mod):
        if name.startswith("_"):
            continue
        try:
            obj = getattr(mod, name)
        except AttributeError:
            continue
        if callable(obj):
            yield name, obj


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_public_callable_is_documented_and_listed(module):
    mod, _ = MODULES[module]
    listed = set(dir(mod))
    undocumented = [n for n, obj in _public_callables(mod) if len((obj.__doc__ or "").strip()) < 20]
    assert undocumented == []
    assert {n for n in vars(mod) if not n.startswith("_")} <= listed


def test_ndarray_methods_are_documented():
    undocumented = [n for n, obj in _public_callables(mtl.ndarray) if len((obj.__doc__ or "").strip()) < 20]
    assert undocumented == []
    assert "ndarray" in (mtl.ndarray.__doc__ or "")


def test_text_is_numpys_after_metallics_own():
    assert np.sum.__doc__.strip() in mtl.sum.__doc__
    assert mtl.polyval.__doc__.startswith("metallic: ") and np.polyval.__doc__.strip() in mtl.polyval.__doc__
    assert "Philox" in mtl.random.normal.__doc__
    assert "sine" in pydoc.render_doc(mtl.sin)
    assert "Sum of array elements" in pydoc.render_doc(mtl.sum)


def test_numpys_objects_are_not_touched():
    for fn in (np.isscalar, np.sum, np.random.normal, np.ndarray.sum):
        assert not getattr(fn, "__metallic_doc__", False)
        assert not (fn.__doc__ or "").startswith("metallic:")
