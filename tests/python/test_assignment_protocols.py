"""Assignment and promotion as NumPy 2 (setitem casts, leading length-1 axes dropped,
ufunc.at, weak Python scalars in clip and where), and the protocols other libraries use:
the buffer protocol, pickling, matplotlib and scipy.sparse."""

import pickle

import numpy as np
import pytest

import metallic as mtl
from harness import check, check_raises


def after(fn, make=lambda xp: xp.arange(5)):
    return lambda xp: (lambda a: (fn(xp, a), a)[1])(make(xp))


def test_setitem_casts_as_numpy():
    check(after(lambda xp, a: a.__setitem__(2, a[2] + 0.5)))
    check(after(lambda xp, a: a.__setitem__(slice(None), 2.7)))
    check(after(lambda xp, a: a.__setitem__(0, np.float64(-1.9))))
    check(after(lambda xp, a: a.__setitem__(1, True)))
    check(after(lambda xp, a: a.__setitem__(Ellipsis, xp.ones((1, 1, 5)))))
    check(after(lambda xp, a: a.__setitem__(Ellipsis, xp.ones((1, 3))), lambda xp: xp.zeros(3)))
    check(after(lambda xp, a: a.__setitem__([0, 2], xp.ones((1, 2))), lambda xp: xp.zeros(3)))
    check_raises(after(lambda xp, a: a.__setitem__(Ellipsis, xp.ones((2, 3))), lambda xp: xp.zeros(3)), ValueError)
    check_raises(after(lambda xp, a: a.__setitem__(0, 300), lambda xp: xp.zeros(3, np.uint8)), OverflowError)
    check_raises(after(lambda xp, a: a.__setitem__([0], 300), lambda xp: xp.zeros(3, np.uint8)), OverflowError)
    check_raises(after(lambda xp, a: a.__setitem__([0], 2 + 1j), lambda xp: xp.zeros(3)), TypeError)
    check_raises(after(lambda xp, a: a.__setitem__(0, 2 + 1j), lambda xp: xp.zeros(3)), TypeError)
    check_raises(after(lambda xp, a: a.__setitem__([1], float("nan"))), ValueError)


def test_in_place_operators():
    check(after(lambda xp, a: a.__setitem__(2, a[2] * 2.5)))
    check_raises(after(lambda xp, a: a.__iadd__(0.5)), TypeError)  # same_kind on arrays
    check(after(lambda xp, a: a.__iadd__(xp.int8(3))))
    check(after(lambda xp, a: a.__imul__(True)))


@pytest.mark.parametrize("index", [([0, 0, 2],), (slice(None), [0, 0]), ([1, 1], [2, 2]), (0, [1, 1, 1]),
                                   (Ellipsis, [0])])
def test_ufunc_at(index):
    check(after(lambda xp, a: xp.add.at(a, index, 1), lambda xp: xp.zeros((3, 4))))
    check(after(lambda xp, a: xp.multiply.at(a, index, 2), lambda xp: xp.ones((3, 4))))
    check(after(lambda xp, a: xp.negative.at(a, index), lambda xp: xp.ones((3, 4))))


def test_weak_python_scalars():
    b = lambda xp: xp.array([True, False, True])  # noqa: E731
    check(lambda xp: xp.clip(b(xp), -1, xp.array([1, 2, 0], np.int32)))
    check(lambda xp: xp.clip(xp.arange(5, dtype=np.uint8), 1, 300))
    check(lambda xp: xp.clip(xp.arange(5, dtype=np.int8), -1.5, 2))
    # where() with a Python int out of the array's range raises OverflowError in some NumPy
    # releases and wraps in others: only values every release agrees on.
    for v in (-1, 1.5):
        check(lambda xp: xp.where(b(xp), xp.array([1, 2, 3], np.int8), v))
        check(lambda xp: xp.where(b(xp), v, xp.array([1, 2, 3], np.uint8)))
    check(lambda xp: xp.maximum(xp.arange(3, dtype=np.int16), 7))
    check(lambda xp: xp.arange(3, dtype=np.uint8) < 300)
    check(lambda xp: xp.arange(3, dtype=np.float32) * 2.5)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "int64"])
def test_integer_reciprocal_and_power_edges(dtype):
    check(lambda xp: xp.reciprocal(xp.array([0, 1, 2, -1, 3], dtype=dtype) if dtype[0] == "i"
                                   else xp.array([0, 1, 2, 3], dtype=dtype)))
    check(lambda xp: xp.zeros(0, dtype) ** -2)
    check_raises(lambda xp: xp.ones(3, dtype) ** xp.array([-2]), ValueError)


def test_buffer_protocol():
    if mtl.asarray([0.0]).device != "cpu":
        with pytest.raises(BufferError):
            memoryview(mtl.arange(3.0))
        return
    for xp in (np, mtl):
        a = xp.arange(6.0).reshape(2, 3)
        m = memoryview(a)
        assert (m.nbytes, m.shape, m.strides, m.format in ("d",), m.readonly) == (48, (2, 3), (24, 8), True, False)
        assert len(bytes(a)) == 48 and bytes(a) == np.arange(6.0).tobytes()
        assert np.frombuffer(a, dtype=np.float64).tolist() == list(range(6))
        m[0, 1] = 9.0  # the array's own memory
        assert a[0, 1] == 9.0
        ro = xp.arange(3.0)
        ro.flags.writeable = False
        assert memoryview(ro).readonly
    t = mtl.arange(6.0).reshape(2, 3).T
    assert memoryview(t).strides == (8, 24) and np.asarray(memoryview(t)).tolist() == np.arange(6.0).reshape(2, 3).T.tolist()


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_pickle_keeps_memory_order(layout):
    def make(xp):
        a = xp.arange(12.0).reshape(3, 4)
        return {"C": a, "F": xp.asfortranarray(a), "strided": a[:, ::2]}[layout]
    for xp in (np, mtl):
        got = pickle.loads(pickle.dumps(make(xp)))
        assert got.flags.c_contiguous == make(np).copy(order="K").flags.c_contiguous
        assert got.flags.f_contiguous == make(np).copy(order="K").flags.f_contiguous
        assert np.asarray(got).tolist() == make(np).tolist()


def test_matplotlib_hist():
    plt = pytest.importorskip("matplotlib.pyplot")
    x = np.random.default_rng(0).random(10)
    n, bins, _ = plt.hist(mtl.asarray(x), bins=5)
    want, want_bins, _ = plt.hist(x, bins=5)
    plt.close("all")
    assert np.shape(n) == (5,) and np.allclose(n, want) and np.allclose(bins, want_bins)


@pytest.mark.skipif(mtl.get_scalar_mode() != "numpy", reason="SciPy takes 0-d arrays for sequences")
def test_scipy_sparse():
    sp = pytest.importorskip("scipy.sparse")
    assert sp.diags(mtl.ones(4)).shape == (4, 4)
    r = mtl.ones((2, 4)) @ sp.eye(4)
    assert np.asarray(r).tolist() == np.ones((2, 4)).tolist()
    r = mtl.arange(8.0).reshape(2, 4) * sp.eye(4).tocsr()  # a sparse matrix's * is @
    assert np.allclose(np.asarray(r), np.arange(8.0).reshape(2, 4))


@pytest.mark.parametrize("dtype", ["int64", "uint64", "int32", "float64", "bool", "complex128"])
def test_numpy_sees_numpys_own_dtypes(dtype):
    """np.asarray of a metallic array (the buffer protocol) gives NumPy's own dtype objects
    (int64, not longlong): the same repr, isinstance and issubdtype answers."""
    host = np.asarray(mtl.arange(3).astype(dtype))
    ref = np.arange(3).astype(dtype)
    assert host.dtype == ref.dtype and host.dtype.type is ref.dtype.type and repr(host) == repr(ref)
    assert memoryview(mtl.arange(3).astype(dtype)).format == memoryview(ref).format


@pytest.mark.parametrize("dtype, idx, value", [
    ("f8", slice(None), ["1", "2", "3"]), ("f8", 0, "2.5"), ("f8", 1, b"2.5"), ("f8", 0, None),
    ("u1", slice(None), [300, 1, 2]), ("i8", slice(None), [1.5, 2.7, -3.2]), ("f8", 0, "abc"),
    ("f8", slice(0, 2), ("4", 5)), ("i4", slice(None), ["7", "8", "9"])])
def test_assigning_strings_and_sequences(dtype, idx, value):
    """Strings, bytes, None and sequences assigned into numeric arrays convert by NumPy's
    rules ('1.5' is 1.5, None NaN, [300] into uint8 OverflowError, 'abc' ValueError)."""
    from harness import assigned, check
    check(assigned((3,), dtype, idx, value))


def test_assigning_decimals_and_fractions_and_fill():
    from decimal import Decimal
    from fractions import Fraction
    from harness import assigned, check
    check(assigned((3,), "f8", 0, Decimal("1.5")))
    check(assigned((3,), "f8", 2, Fraction(1, 4)))

    def fill(value):
        def f(xp):
            a = xp.zeros(2)
            a.fill(value)
            return a
        return f
    check(fill("2"))
    check(fill("x"))


def test_copies_keep_the_layout_and_weak_references():
    import copy
    import typing
    import weakref
    f = mtl.asfortranarray(mtl.ones((2, 3)))
    assert copy.copy(f).flags.f_contiguous and copy.deepcopy(f).flags.f_contiguous
    assert copy.deepcopy(mtl.ones((2, 3)).T).flags.f_contiguous
    a = mtl.arange(3)
    assert weakref.ref(a)() is a
    assert mtl.ndarray[typing.Any, np.dtype[np.float64]] is not None
