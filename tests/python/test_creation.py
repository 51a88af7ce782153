"""Array creation functions and astype."""

import numpy as np
import pytest

from harness import ALL_DTYPES, check, data, make
import metallic as mtl

SHAPES = [(), 0, 3, (0,), (4,), (2, 3), (2, 0, 3), (1, 1, 1), [2, 2]]


@pytest.mark.parametrize("value", [[1, 2, 3], [1.5, 2], [[1, 2], [3, 4]], [True, False],
                                   [1, 2.5, 3j], 5, 2.5, True, 1j, [], [[]], ((1, 2), (3, 4)),
                                   [np.float32(1), 2], [np.int8(1), np.int8(2)]], ids=repr)
@pytest.mark.parametrize("func", ["array", "asarray"])
def test_from_python(func, value):
    check(lambda xp: getattr(xp, func)(value))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("func", ["array", "asarray", "ascontiguousarray"])
def test_with_dtype(func, dtype):
    check(lambda xp: getattr(xp, func)([[0, 1, 2], [3, 4, 5]], dtype=dtype))
    check(lambda xp: getattr(xp, func)([0.5, 1.5, 2.0], dtype=dtype))
    check(lambda xp: getattr(xp, func)(data((2, 3), "float64", "positive"), dtype=dtype))


@pytest.mark.parametrize("value", [[1, -1], [300], [2**64], [-(2**63) - 1]], ids=repr)
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int64", "uint64"])
def test_array_out_of_range_ints(value, dtype):
    check(lambda xp: xp.array(value, dtype=dtype))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_from_numpy_array(dtype):
    check(lambda xp: xp.asarray(data((3, 4), dtype)))
    check(lambda xp: xp.array(data((5, 4), dtype)[::2, ::-1]))


def test_ragged_list_raises():
    check(lambda xp: xp.array([[1, 2], [3]]))


@pytest.mark.parametrize("func", ["array", "copy"])
def test_copy_is_independent(func):
    def fn(xp):
        a = make(xp, (3, 4), "float64")
        b = getattr(xp, func)(a)
        b[0, 0] = 100
        c = a.copy()
        c[1] = -1
        return a, b, c, b is a
    check(fn)


def test_asarray_returns_same_object():
    def fn(xp):
        a = make(xp, (3,), "int32")
        return xp.asarray(a) is a, xp.asarray(a, dtype="int32") is a, xp.asarray(a, dtype="int64") is a
    check(fn)


@pytest.mark.parametrize("layout", ["C", "T", "strided", "neg"])
def test_ascontiguousarray(layout):
    def fn(xp):
        b = xp.ascontiguousarray(make(xp, (4, 6), "float32", layout=layout))
        return b, b.flags["C_CONTIGUOUS"], b.strides
    check(fn)
    check(lambda xp: xp.ascontiguousarray(make(xp, (), "float64")))


@pytest.mark.parametrize("dtype", [None] + ALL_DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_empty_zeros_ones(shape, dtype):
    def fn(xp):
        e = xp.empty(shape, dtype=dtype)
        return e.shape, e.dtype, xp.zeros(shape, dtype=dtype), xp.ones(shape, dtype=dtype)
    check(fn)


@pytest.mark.parametrize("dtype", [None] + ALL_DTYPES)
@pytest.mark.parametrize("value", [7, -2, 2.75, True, 1 + 2j, 300, np.nan], ids=repr)
def test_full(value, dtype):
    check(lambda xp: xp.full((2, 3), value, dtype=dtype))


def test_full_array_fill_value():
    check(lambda xp: xp.full((2, 3), xp.asarray([1, 2, 3])))
    check(lambda xp: xp.full((2, 3), xp.asarray([1, 2])))


@pytest.mark.parametrize("kw", [{}, {"dtype": "float32"}, {"dtype": "int8"}, {"shape": (4, 1)},
                                {"shape": 5, "dtype": "complex64"}, {"shape": ()}], ids=str)
@pytest.mark.parametrize("src_dtype", ["bool", "int32", "uint16", "float64", "complex128"])
@pytest.mark.parametrize("func", ["zeros_like", "ones_like", "full_like", "empty_like"])
def test_like(func, src_dtype, kw):
    def fn(xp):
        a = make(xp, (2, 3), src_dtype, layout="T")
        args = (a, 3.5) if func == "full_like" else (a,)
        r = getattr(xp, func)(*args, **kw)
        if func == "empty_like":
            return r.shape, r.dtype
        return r
    check(fn)


@pytest.mark.parametrize("args,kw", [
    ((5,), {}), ((0,), {}), ((-3,), {}), ((2, 10), {}), ((10, 2, -1), {}), ((10, 0, -3), {}),
    ((0, 1, 0.1), {}), ((1.5, 7.2, 0.7), {}), ((-3, 3), {}), ((5,), {"dtype": "float32"}),
    ((5,), {"dtype": "uint8"}), ((0, 5, 0.5), {"dtype": "int32"}), ((3.0,), {}),
    ((1, 2, 0.25), {"dtype": "float16"}), ((10,), {"dtype": "complex64"}),
    ((np.int8(3),), {}), ((2**40, 2**40 + 3), {}), ((0, 10, 3), {"dtype": "int8"}),
    ((1, 5, 0), {}), ((5,), {"dtype": "bool"}), ((0, 1, -0.25), {})], ids=str)
def test_arange(args, kw):
    check(lambda xp: xp.arange(*args, **kw))


@pytest.mark.parametrize("args,kw", [
    ((0, 1), {}), ((0, 1, 5), {}), ((0, 1, 5), {"endpoint": False}), ((2, -3, 7), {}),
    ((0, 10, 5), {"dtype": "int32"}), ((0, 1, 0), {}), ((0, 1, 1), {}),
    ((0, 1, 5), {"retstep": True}), ((0, 1, 4), {"retstep": True, "endpoint": False}),
    ((1, 2, 3), {"dtype": "float32"}), ((0, 1j, 3), {}), ((-5, 5, 11), {"dtype": "int8"}),
    ((0, 1, 1), {"retstep": True})], ids=str)
def test_linspace(args, kw):
    check(lambda xp: xp.linspace(*args, **kw))


def test_linspace_negative_num_raises():
    check(lambda xp: xp.linspace(0, 1, -1))


@pytest.mark.parametrize("args,kw", [
    ((0, 3, 4), {}), ((0, 3, 4), {"base": 2}), ((1, -1, 5), {"endpoint": False}),
    ((0, 2, 3), {"dtype": "float32"}), ((0, 3, 4), {"dtype": "int64"})], ids=str)
def test_logspace(args, kw):
    check(lambda xp: xp.logspace(*args, **kw))


@pytest.mark.parametrize("args,kw", [
    ((1, 1000, 4), {}), ((-1, -1000, 4), {}), ((1, 256, 9), {"endpoint": False}),
    ((2, 3, 5), {"dtype": "float32"}), ((1, 1000, 4), {"dtype": "int32"})], ids=str)
def test_geomspace(args, kw):
    check(lambda xp: xp.geomspace(*args, **kw))


def test_geomspace_zero_raises():
    check(lambda xp: xp.geomspace(0, 10, 3))


@pytest.mark.parametrize("args,kw", [
    ((3,), {}), ((3, 4), {}), ((4, 3), {"k": 1}), ((4,), {"k": -2, "dtype": "int32"}),
    ((3,), {"k": 5}), ((0,), {}), ((2, 5), {"k": -1, "dtype": "bool"}),
    ((3,), {"M": 2, "dtype": "complex64"})], ids=str)
def test_eye(args, kw):
    check(lambda xp: xp.eye(*args, **kw))


@pytest.mark.parametrize("dtype", [None, "bool", "int8", "float32"])
def test_identity(dtype):
    check(lambda xp: xp.identity(4, dtype=dtype))


@pytest.mark.parametrize("k", [0, 1, -1, 3, -5])
@pytest.mark.parametrize("shape", [(4,), (3, 3), (3, 5), (5, 2), (0,)], ids=str)
def test_diag(shape, k):
    check(lambda xp: xp.diag(make(xp, shape, "int32"), k=k))


def test_diag_3d_raises():
    check(lambda xp: xp.diag(make(xp, (2, 2, 2), "int32")))


@pytest.mark.parametrize("args,kw", [((3,), {}), ((3, 4), {}), ((4, 3, 1), {}), ((3,), {"k": -1}),
                                     ((2, 2), {"dtype": "int8"}), ((3, 5), {"k": 2})], ids=str)
def test_tri(args, kw):
    check(lambda xp: xp.tri(*args, **kw))


@pytest.mark.parametrize("k", [0, 1, -1, 4, -4])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (2, 3, 4), (5,)], ids=str)
@pytest.mark.parametrize("func", ["triu", "tril"])
def test_triu_tril(func, shape, k):
    check(lambda xp: getattr(xp, func)(make(xp, shape, "float32"), k=k))


@pytest.mark.parametrize("indexing", ["xy", "ij"])
@pytest.mark.parametrize("sizes", [(3,), (3, 4), (2, 3, 4), (0, 2)], ids=str)
def test_meshgrid(sizes, indexing):
    def fn(xp):
        vecs = [make(xp, (n,), "float64", seed=i) for i, n in enumerate(sizes)]
        return xp.meshgrid(*vecs, indexing=indexing)
    check(fn)


def test_meshgrid_sparse_and_copy():
    check(lambda xp: xp.meshgrid(xp.arange(3), xp.arange(2), sparse=True))

    def fn(xp):
        x, y = xp.meshgrid(xp.arange(3.0), xp.arange(2.0))
        x[0, 0] = 9
        return x, y
    check(fn)


# ---------------------------------------------------------------------------
# astype


@pytest.mark.parametrize("dst", ALL_DTYPES)
@pytest.mark.parametrize("src", ALL_DTYPES)
def test_astype_all_pairs(src, dst):
    """Values that every destination represents (no negative floats -> unsigned, no overflow)."""
    def fn(xp):
        vals = [0, 1, 2.5, 3.75, 100.25, 7, 0.5, 126] if src[0] in "fc" else [0, 1, 2, 7, 100, 126]
        a = xp.asarray(np.asarray(vals).astype(src))
        if src.startswith("complex"):
            a = a + 2j
        b = make(xp, (3, 2), src, "positive" if src[0] in "fc" else "normal", layout="T")
        return a.astype(dst), b.astype(dst)
    check(fn)


@pytest.mark.parametrize("dst", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "uint64"])
@pytest.mark.parametrize("src", ["int64", "int32", "uint64", "int8"])
def test_astype_integer_wrap(src, dst):
    check(lambda xp: make(xp, (50,), src, "wide").astype(dst))


@pytest.mark.parametrize("dst", ["float16", "float32", "int32", "bool", "complex64"])
def test_astype_special_floats(dst):
    def fn(xp):
        a = make(xp, (16,), "float64", "special")
        # float -> int of nan/inf/out-of-range is platform-defined: only finite small values
        return (a[3:13:2] if dst == "int32" else a).astype(dst)
    check(fn)


def test_astype_copy_semantics():
    def fn(xp):
        a = make(xp, (4,), "float32")
        b = a.astype("float32")
        b[0] = 42
        c = a.astype("float32", copy=False)
        return a, b, c is a, a.astype(mtl_dtype(xp, "int16")).dtype
    check(fn)


def mtl_dtype(xp, name):
    """NumPy's own dtype objects are accepted by both libraries."""
    return np.dtype(name) if xp is np else getattr(mtl, name, np.dtype(name))


def test_invalid_dtype_raises_type_error():
    check(lambda xp: xp.zeros(3, dtype="bogus"))
    check(lambda xp: make(xp, (3,), "float64").astype("notatype"))


@pytest.mark.parametrize("spelling", [float, int, bool, complex, "f4", "i8", "<f8", "u2", "c8",
                                      "float32", np.float16, np.dtype("int16"), np.uint64,
                                      "b1", "?", "e"], ids=str)
def test_dtype_spellings(spelling):
    check(lambda xp: xp.zeros(2, dtype=spelling))
    check(lambda xp: xp.asarray([1, 0], dtype=spelling))
    check(lambda xp: xp.ones(2).astype(spelling))


def test_dtype_objects_are_numpy_objects():
    for name in ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float16", "float32", "float64", "complex64", "complex128"]:
        if name != "bool":
            assert getattr(mtl, name) is getattr(np, name), name
        assert mtl.zeros(1, dtype=name).dtype is np.dtype(name), name
    assert mtl.dtype is np.dtype


def test_device_argument_places_the_result():
    """device= of the creation functions and the prototype's device for *_like (Array API)."""
    import metallic as mtl
    here = mtl.get_default_device()
    for make in (lambda d: mtl.arange(6.0, device=d), lambda d: mtl.zeros(3, device=d),
                 lambda d: mtl.ones((2, 2), device=d), lambda d: mtl.empty(4, device=d),
                 lambda d: mtl.full(3, 7.0, device=d), lambda d: mtl.linspace(0, 1, 5, device=d),
                 lambda d: mtl.eye(3, device=d)):
        assert make("cpu").device == "cpu"
        assert make(None).device == here
    x = mtl.arange(4.0, device="cpu")
    for like in (mtl.zeros_like, mtl.ones_like, mtl.empty_like, lambda a: mtl.full_like(a, 2.0)):
        assert like(x).device == "cpu"
    assert mtl.asarray([1.0, 2.0], device="cpu").device == "cpu"
    assert mtl.asarray(np.ones(3), device="cpu").device == "cpu"
    assert mtl.asarray(mtl.ones(3), device="cpu").device == "cpu"
    assert mtl.get_default_device() == here  # the default is untouched


def test_arange_keywords():
    check(lambda xp: xp.arange(stop=5))
    check(lambda xp: xp.arange(stop=5, step=2))
    check(lambda xp: xp.arange(start=1, stop=4.5))


def _layout(a):
    return a.shape, a.strides, a.flags.c_contiguous, a.flags.f_contiguous


LAYOUT_CASES = {
    "zeros F": lambda xp: xp.zeros((2, 3), order="F"),
    "ones F 3-D": lambda xp: xp.ones((2, 3, 4), dtype="i2", order="F"),
    "empty F": lambda xp: xp.empty((3, 2), order="F"),
    "full F": lambda xp: xp.full((2, 3), 7.5, order="F"),
    "eye F": lambda xp: xp.eye(3, 4, 1, order="F"),
    "array F": lambda xp: xp.array([[1, 2], [3, 4]], order="F"),
    "array of an F array": lambda xp: xp.array(xp.asfortranarray(xp.ones((2, 3)))),
    "array of a transpose": lambda xp: xp.array(xp.reshape(xp.arange(6), (2, 3)).T),
    "array C of a transpose": lambda xp: xp.array(xp.reshape(xp.arange(6), (2, 3)).T, order="C"),
    "asarray C of a transpose": lambda xp: xp.asarray(xp.reshape(xp.arange(6), (2, 3)).T, order="C"),
    "asarray of NumPy F": lambda xp: xp.asarray(np.asfortranarray(np.ones((2, 3)))),
    "copy K of F": lambda xp: xp.copy(xp.asfortranarray(xp.ones((2, 3)))),
    "method copy of F": lambda xp: xp.asfortranarray(xp.ones((2, 3))).copy(),
    "method copy F": lambda xp: xp.ones((2, 3)).copy(order="F"),
    "zeros_like F": lambda xp: xp.zeros_like(xp.asfortranarray(xp.ones((2, 3)))),
    "empty_like C of F": lambda xp: xp.empty_like(xp.asfortranarray(xp.ones((2, 3))), order="C"),
    "full_like F shape": lambda xp: xp.full_like(xp.asfortranarray(xp.ones((2, 3))), 2, shape=(3, 2)),
    "astype of F": lambda xp: xp.asfortranarray(xp.ones((2, 3))).astype("i4"),
    "astype C of F": lambda xp: xp.asfortranarray(xp.ones((2, 3))).astype("i4", order="C"),
    "astype F": lambda xp: xp.ones((2, 3)).astype("f4", order="F"),
}


@pytest.mark.parametrize("name", list(LAYOUT_CASES))
def test_memory_order_arguments(name):
    """order= and the prototype's layout ('K', 'A') as NumPy's: values, strides and flags."""
    if "empty" in name:  # no values to compare
        check(lambda xp: _layout(LAYOUT_CASES[name](xp)))
    else:
        check(lambda xp: (LAYOUT_CASES[name](xp), _layout(LAYOUT_CASES[name](xp))))


@pytest.mark.parametrize("fn", [lambda xp: xp.zeros(3, order="X"), lambda xp: xp.ones(3, order="K"),
                                lambda xp: xp.asarray(xp.reshape(xp.arange(6.0), (2, 3)), order="F", copy=False),
                                lambda xp: xp.asarray(xp.arange(4)[::2], order="C", copy=False)])
def test_bad_orders_and_copies(fn):
    check(fn)


@pytest.mark.parametrize("dtype", [None, "float64", "float32", "float16"])
@pytest.mark.parametrize("args", [(1, 1.3, 0.1), (0, 1, 0.1), (0.5, -3, -0.3), (0, 10, 0.7), (1e-20, 5, 1),
                                  (0, 3000, 0.37), (-2.5, 2.5, 0.1), (3.0,), (0, 7, 1)])
def test_arange_float_steps_bit_for_bit(args, dtype):
    """Float aranges as NumPy fills them (first two values cast, their difference the step,
    in the dtype's arithmetic): the same bits, 1.2000000000000002 included."""
    def f(xp):
        return xp.arange(*args, dtype=dtype)
    check(f, rtol=0, atol=0)


def test_diag_of_a_matrix_is_a_read_only_view():
    check(lambda xp: (xp.diag(xp.reshape(xp.arange(9), (3, 3)), 1), xp.diag(xp.reshape(xp.arange(9), (3, 3))).flags.writeable,
                      xp.diag(xp.arange(3)).flags.writeable))


def test_at_most_64_dimensions():
    check(lambda xp: xp.zeros((1,) * 65))
    check(lambda xp: xp.reshape(xp.zeros(1), (1,) * 65))
    check(lambda xp: xp.zeros((1,) * 64).ndim)
