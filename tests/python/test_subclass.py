"""Python subclasses of metallic.ndarray, as NumPy's subclasses of numpy.ndarray."""
import copy

import numpy as np
import pytest

import metallic as mtl


def _named(base):
    class Named(base):
        def __new__(cls, data, name="x"):
            obj = (mtl if base is mtl.ndarray else np).asarray(data).view(cls)
            obj.name = name
            return obj

        def __array_finalize__(self, obj):
            if obj is None:
                return
            self.name = getattr(obj, "name", None)
    return Named


MtlNamed, NpNamed = _named(mtl.ndarray), _named(np.ndarray)

CASES = {
    "view": lambda a: a,
    "slice": lambda a: a[1:],
    "integer index": lambda a: a[1],
    "mask": lambda a: a[a > 1.5],
    "add": lambda a: a + 1,
    "radd": lambda a: 1 + a,
    "neg": lambda a: -a,
    "compare": lambda a: a > 2,
    "ufunc": lambda a: (mtl if isinstance(a, mtl.ndarray) else np).sin(a),
    "reshape": lambda a: a.reshape(3, 1),
    "transpose property": lambda a: a.reshape(1, 3).T,
    "copy": lambda a: a.copy(),
    "astype": lambda a: a.astype(np.float32),
    "sum over an axis": lambda a: a.reshape(3, 1).sum(axis=1),
    "sum of all": lambda a: a.sum(),
    "copy module": lambda a: copy.copy(a),
}


@pytest.mark.parametrize("name", list(CASES))
def test_results_keep_the_subclass_as_numpy(name):
    m, n = MtlNamed([1.0, 2.0, 3.0], "foo"), NpNamed([1.0, 2.0, 3.0], "foo")
    got, want = CASES[name](m), CASES[name](n)
    if isinstance(want, np.ndarray):
        assert (type(got) is MtlNamed) == (type(want) is NpNamed), (type(got), type(want))
        assert getattr(got, "name", None) == getattr(want, "name", None)
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-15)
    else:
        assert not isinstance(got, mtl.ndarray) and got == want


def test_isinstance_and_shared_memory():
    base = mtl.arange(4.0)
    v = base.view(MtlNamed)
    assert isinstance(v, mtl.ndarray) and type(v) is MtlNamed and v.name is None
    v[0] = 7
    assert float(base[0]) == 7.0 and mtl.shares_memory(v, base)


def test_array_wrap_is_used():
    class Wrapped(mtl.ndarray):
        def __array_wrap__(self, arr, context=None, return_scalar=False):
            r = arr.view(type(self))
            r.tag = "wrapped"
            return r
    w = mtl.arange(3.0).view(Wrapped)
    assert (w + 1).tag == "wrapped" and mtl.sqrt(w).tag == "wrapped"


def test_own_methods_are_not_replaced():
    class Own(mtl.ndarray):
        def sum(self, *args, **kwargs):
            return "mine"
    assert mtl.arange(3).view(Own).sum() == "mine"


def test_view_of_a_non_subclass_type_raises():
    for lib in (np, mtl):
        with pytest.raises(ValueError):
            lib.arange(3).view(type=int)
