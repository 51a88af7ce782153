"""ndarray attributes, shape manipulation, conversions and printing."""

import operator

import numpy as np
import pytest

from harness import ALL_DTYPES, check, make, quiet
import metallic as mtl

SHAPES = [(), (0,), (5,), (2, 3), (2, 0, 3), (3, 1, 2), (1,)]


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_attributes(shape, dtype):
    def fn(xp):
        a = make(xp, shape, dtype)
        # strides of empty arrays are an implementation detail (NumPy 2.4 reports zeros)
        strides = (a.strides, a.T.strides) if a.size else None
        return (a.shape, a.dtype, a.ndim, a.size, a.itemsize, a.nbytes, a.T.shape, strides)
    check(fn)


@pytest.mark.parametrize("layout", ["C", "T", "strided", "neg", "F"])
@pytest.mark.parametrize("shape", [(4, 6), (3, 4, 5), (6,), (1, 5), (5, 1), (0, 3), ()], ids=str)
def test_flags_and_strides_of_views(shape, layout):
    def fn(xp):
        a = make(xp, shape, "float32", layout=layout)
        return (a.shape, a.strides if a.size else None, a.flags["C_CONTIGUOUS"],
                a.flags["F_CONTIGUOUS"])
    check(fn)


def test_dtype_is_numpy_dtype_and_device_exists():
    a = mtl.zeros((2, 3), dtype="float32")
    assert isinstance(a.dtype, np.dtype)
    assert a.dtype == np.float32
    assert hasattr(a, "device")
    assert isinstance(a, mtl.ndarray)


@pytest.mark.parametrize("layout", ["C", "T", "strided"])
@pytest.mark.parametrize("newshape", [(6, 4), (-1,), (2, -1, 3), (24,), (4, 3, 2), (1, 24, 1),
                                      (5, 5), (-1, -1), (2, 3, 4)], ids=str)
def test_reshape(newshape, layout):
    check(lambda xp: make(xp, (4, 6), "int32", layout=layout).reshape(newshape))
    check(lambda xp: make(xp, (4, 6), "int32", layout=layout).reshape(*newshape))
    check(lambda xp: xp.reshape(make(xp, (4, 6), "int32", layout=layout), newshape))


@pytest.mark.parametrize("order", ["C", "F"])
def test_reshape_order(order):
    check(lambda xp: make(xp, (4, 6), "float64").reshape((3, 8), order=order))
    check(lambda xp: make(xp, (4, 6), "float64", layout="T").reshape((2, 12), order=order))
    check(lambda xp: xp.reshape(make(xp, (2, 3, 4), "float64"), (6, 4), order=order))


def test_reshape_zero_size_and_scalar():
    check(lambda xp: make(xp, (2, 0, 3), "float32").reshape(0, 5))
    check(lambda xp: make(xp, (2, 0, 3), "float32").reshape(-1, 3))
    check(lambda xp: make(xp, (), "float32").reshape(1, 1))
    check(lambda xp: make(xp, (1, 1), "float32").reshape(()))


@pytest.mark.parametrize("order", ["C", "F", "A", "K"])
@pytest.mark.parametrize("layout", ["C", "T", "strided", "neg"])
def test_ravel_flatten(layout, order):
    check(lambda xp: make(xp, (3, 4), "int16", layout=layout).ravel(order=order))
    check(lambda xp: make(xp, (3, 4), "int16", layout=layout).flatten(order=order))
    check(lambda xp: xp.ravel(make(xp, (3, 4), "int16", layout=layout), order=order))


def test_ravel_is_view_flatten_is_copy():
    def fn(xp):
        a = make(xp, (3, 4), "float64")
        r, f = a.ravel(), a.flatten()
        r[0] = 100
        f[1] = -100
        return a, r, f
    check(fn)


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (-1, 0, 1), (0, 1, 2), (0, 0, 1),
                                  (0, 1), (0, 1, 3)], ids=str)
def test_transpose(axes):
    check(lambda xp: make(xp, (2, 3, 4), "float32").transpose(axes))
    check(lambda xp: xp.transpose(make(xp, (2, 3, 4), "float32"), axes))
    if axes is not None:
        check(lambda xp: make(xp, (2, 3, 4), "float32").transpose(*axes))


def test_transpose_is_view():
    def fn(xp):
        a = make(xp, (3, 4), "int64")
        t = a.T
        t[1, 2] = 99
        u = a.transpose()
        u[0] += 1000
        return a, t, u, a.T.T
    check(fn)


@pytest.mark.parametrize("axis", [None, 0, 2, -1, (0, 2), 1, (1,)], ids=str)
def test_squeeze(axis):
    check(lambda xp: make(xp, (1, 3, 1), "float32").squeeze(axis=axis))
    check(lambda xp: xp.squeeze(make(xp, (1, 3, 1), "float32"), axis=axis))
    check(lambda xp: xp.squeeze(make(xp, (1, 1), "float32"), axis=axis))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, (0, 2), (1, -1), 4, -5, (0, 0)], ids=str)
def test_expand_dims(axis):
    check(lambda xp: xp.expand_dims(make(xp, (2, 3), "int8"), axis))


def test_squeeze_expand_dims_views():
    def fn(xp):
        a = make(xp, (1, 4), "float64")
        s = a.squeeze()
        s[0] = 7
        e = xp.expand_dims(a, 0)
        e[0, 0, 1] = 8
        r = a.reshape(2, 2)
        r[1, 1] = 9
        return a, s, e, r
    check(fn)


# ---------------------------------------------------------------------------
# conversion to Python / NumPy


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (0,), (2, 0)], ids=str)
def test_tolist_and_array_protocol(shape, dtype):
    def fn(xp):
        a = make(xp, shape, dtype, layout="C")
        return a.tolist(), np.asarray(a), np.asarray(a, dtype=np.float64) if dtype[0] != "c" else None
    check(fn, check_type=False)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_item_and_scalar_conversions(dtype):
    def fn(xp):
        a = make(xp, (), dtype, "positive")
        out = [a.item(), make(xp, (1, 1), dtype).item(0), make(xp, (2, 3), dtype).item(4),
               make(xp, (2, 3), dtype).item((1, 2))]
        for conv in (float, int, bool, complex):
            try:
                out.append(conv(a))
            except TypeError as e:
                out.append(type(e).__name__)
        return out
    check(fn)


@pytest.mark.parametrize("conv", [float, int, bool, complex])
@pytest.mark.parametrize("shape", [(1,), (1, 1)], ids=str)
def test_scalar_conversion_of_size_one_ndim_ge_1(shape, conv):
    """Follows the installed NumPy (2.4 raises TypeError for float()/int() of ndim > 0)."""
    check(lambda xp: conv(make(xp, shape, "float64")))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_operator_index(dtype):
    check(lambda xp: operator.index(make(xp, (), dtype)))
    check(lambda xp: [10, 20, 30, 40][make(xp, (), dtype, "int_small") % 3])


@pytest.mark.parametrize("shape", [(3,), (2, 2), (0,)], ids=str)
@pytest.mark.parametrize("conv", [float, int, bool])
def test_scalar_conversion_of_size_not_one_raises(conv, shape):
    check(lambda xp: conv(make(xp, shape, "float64")))


@pytest.mark.parametrize("shape", [(), (4,), (3, 2), (0, 2)], ids=str)
def test_len_and_iter(shape):
    check(lambda xp: len(make(xp, shape, "int32")))
    check(lambda xp: list(make(xp, shape, "int32")))
    check(lambda xp: [list(r) for r in make(xp, shape, "int32", layout="T")]
          if len(shape) == 2 else None)


def test_bool_of_empty_and_multi():
    check(lambda xp: bool(make(xp, (2,), "bool")))
    check(lambda xp: bool(xp.zeros((0,))))
    check(lambda xp: bool(xp.zeros(())), check_type=False)


@pytest.mark.parametrize("layout", ["C", "T", "neg"])
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int64", "float16", "float32", "complex128"])
def test_asnumpy_and_get(dtype, layout):
    x = make(mtl, (3, 4), dtype, layout=layout)
    expected = make(np, (3, 4), dtype, layout=layout)
    for r in (mtl.asnumpy(x), x.get()):
        assert type(r) is np.ndarray
        assert r.dtype == expected.dtype
        np.testing.assert_array_equal(r, expected)


# ---------------------------------------------------------------------------
# printing: repr/str are NumPy's, character for character


REPR_SHAPES = [(), (0,), (5,), (2, 3), (2, 0, 3), (3, 1, 2), (2, 2, 2, 2)]


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("shape", REPR_SHAPES, ids=str)
def test_repr_str(shape, dtype):
    check(lambda xp: (repr(make(xp, shape, dtype)), str(make(xp, shape, dtype))))


@pytest.mark.parametrize("case", ["large", "wide", "special", "scientific", "ints_as_float",
                                  "big_ints", "tiny", "view", "transposed", "neg_zero", "mixed"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int64", "uint8",
                                   "complex64", "complex128"])
def test_repr_cases(case, dtype):
    def fn(xp):
        with quiet():
            if case == "large":
                a = make(xp, (1001,), dtype)
            elif case == "wide":
                a = make(xp, (3, 40), dtype)
            elif case == "special":
                a = make(xp, (16,), dtype, "special")
            elif case == "scientific":
                a = make(xp, (6,), dtype) * 1e10
            elif case == "ints_as_float":
                a = xp.arange(6).astype(dtype)
            elif case == "big_ints":
                a = make(xp, (5,), dtype, "wide") if dtype[0] in "iu" else xp.asarray([1e5, 3e7], dtype=dtype)
            elif case == "tiny":
                a = xp.asarray([1e-5, 2e-3, 1.0], dtype=dtype) if dtype[0] in "fc" else xp.zeros(2, dtype)
            elif case == "view":
                a = make(xp, (6, 4), dtype)[1::2, ::-1]
            elif case == "transposed":
                a = make(xp, (3, 4), dtype).T
            elif case == "neg_zero":
                a = -xp.zeros(3, dtype=dtype)
            else:
                a = make(xp, (2, 3), dtype) / 7 if dtype[0] in "fc" else make(xp, (2, 3), dtype)
            return repr(a), str(a)
    check(fn)


def test_repr_bool_and_empty_dtypes():
    check(lambda xp: repr(xp.asarray([True, False])))
    check(lambda xp: repr(xp.zeros((0, 2), dtype="int8")))
    check(lambda xp: repr(xp.zeros((0,), dtype="float32")))
    check(lambda xp: repr(xp.asarray(5, dtype="uint16")))


@pytest.mark.parametrize("value", [3, 7, 2.0, -1, True])
def test_in_operator(value):
    from harness import check
    check(lambda xp: (value in xp.reshape(xp.arange(6), (2, 3)), value in xp.arange(4.0)))


@pytest.mark.parametrize("dtype", ["bool", "int8", "float32", "complex64"])
def test_conj_method_keeps_real_arrays(dtype):
    from harness import check
    check(lambda xp: (xp.asarray([1, 0], dtype=dtype).conj(), xp.asarray(1, dtype=dtype).conj()))
