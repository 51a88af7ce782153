"""Scalar results as NumPy's: an element taken by indexing, a reduction to one value and a
ufunc of 0-d arrays are NumPy scalars; in the array mode they are 0-d arrays that behave
as NumPy's (independent values, iter() raises)."""

import json

import numpy as np
import pytest

import metallic as mtl
from harness import check


# Tests of the default mode; the suite may run under METALLIC_SCALARS=array as a whole.
default_mode = pytest.mark.skipif(mtl.get_scalar_mode() != "numpy", reason="scalar mode is 'array'")


@pytest.fixture
def array_mode():
    mtl.set_scalar_mode("array")
    try:
        yield
    finally:
        mtl.set_scalar_mode("numpy")


def test_swap_through_a_temporary():
    check(lambda xp: (lambda a: (a.__setitem__(0, a[2]), a)[1])(xp.array([1, 2, 3])))
    for xp in (np, mtl):
        a = xp.array([1, 2, 3])
        t = a[0]
        a[0] = a[2]
        a[2] = t
        assert a.tolist() == [3, 2, 1]


@default_mode
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float16", "float32", "float64", "complex64"])
def test_element_and_reduction_types(dtype):
    h = np.arange(1, 7).reshape(2, 3).astype(dtype)
    a = mtl.asarray(h)
    for got, want in [(a[1, 2], h[1, 2]), (a[-1][0], h[-1][0]), (a[np.int64(1), np.array(0)], h[1, 0]),
                      (a.sum(), h.sum()), (a.max(), h.max()), (a.argmin(), h.argmin()), (a.any(), h.any()),
                      (mtl.mean(a), np.mean(h)), (a.ravel()[3], h.ravel()[3])]:
        assert type(got) is type(want), (type(got), type(want))
        assert got == want


@default_mode
def test_scalars_work_where_python_numbers_do():
    a = mtl.asarray([1.5, 2.5, 3.0])
    s = a[0]
    assert isinstance(s, float) and mtl.isscalar(s) and np.isscalar(s)
    assert hash(s) == hash(1.5) and {s: 1}[1.5] == 1
    assert json.dumps(float(s)) == "1.5" and f"{s:.2f}" == "1.50"
    assert divmod(s, 1) == (1.0, 0.5) and round(s) == 2 and round(a[1], 0) == 2.0
    assert type(mtl.arange(3)[1]) is np.int64
    assert [x for x in mtl.arange(3)] == [0, 1, 2]


@default_mode
def test_ufunc_of_zero_d_arrays_is_a_scalar():
    check(lambda xp: xp.sin(xp.array(0.5)))
    check(lambda xp: xp.array(2.0) * 3)
    check(lambda xp: -xp.array(2, dtype=np.int8))
    check(lambda xp: xp.modf(xp.array(2.5)))
    check(lambda xp: xp.array(5.0)[()])
    check(lambda xp: xp.array(5.0)[...])  # a 0-d array, not a scalar
    check(lambda xp: xp.arange(6).reshape(2, 3)[1, ...])


def test_iter_of_zero_d_raises_at_once():
    for xp in (np, mtl):
        with pytest.raises(TypeError):
            iter(xp.array(1.0))


@default_mode
def test_scalar_reads_are_counted():
    a = mtl.arange(10.0)
    with mtl.profile() as p:
        a[3], a.sum(), a.max()
    assert p.scalar_reads == 3


def test_array_mode_keeps_independent_zero_d_arrays(array_mode):
    a = mtl.asarray([1.0, 2.0, 3.0])
    t = a[0]
    s = a.sum()
    assert isinstance(t, mtl.ndarray) and t.ndim == 0 and isinstance(s, mtl.ndarray)
    a[0] = a[2]
    a[2] = t
    assert a.tolist() == [3.0, 2.0, 1.0] and float(t) == 1.0 and float(s) == 6.0
    with pytest.raises(TypeError):
        iter(t)
    assert (mtl.array(2.0) + 1).ndim == 0 and mtl.get_scalar_mode() == "array"
    with pytest.raises(ValueError):
        mtl.set_scalar_mode("python")
