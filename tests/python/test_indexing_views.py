"""Basic indexing returns views; setitem; aliasing; a few advanced-indexing cases."""

import numpy as np
import pytest

from harness import ALL_DTYPES, check, make

import metallic as mtl

E = Ellipsis
# Indices on a (4, 5, 6) array.
BASIC = [
    0, -1, 3, (1, 2), (1, 2, 3), (-1, -2, -3), slice(None), slice(1, 3), slice(None, None, 2),
    slice(None, None, -1), slice(3, 0, -2), slice(-2, None), slice(10, 20), slice(-100, 100),
    slice(2, 2), (slice(None), 1), (slice(None), slice(None), -1), (0, slice(1, 4, 2)),
    (slice(None, None, -1), slice(None, None, -2), slice(None, None, 3)), E, (E, 0), (0, E),
    (E, slice(1, 3)), (1, E, 2), None, (None, 0), (0, None, slice(None), None), (E, None),
    (slice(1, 3), None, E, None), (), (0, 0, slice(None, None, -1)), (E, slice(5, 1, -1)),
    (-4, slice(-5, None), slice(None, -6, -1)), (slice(0, 4, 3), slice(4, -10, -2), 0),
    (np.int64(1), np.int8(-1)), (True,), (False,),
]


@pytest.mark.parametrize("index", BASIC, ids=repr)
def test_getitem_basic(index):
    check(lambda xp: make(xp, (4, 5, 6), "int32")[index])


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("index", [(1, 2), (slice(None, None, -1), 0), (E, slice(1, None, 3))],
                         ids=repr)
def test_getitem_dtypes(index, dtype):
    check(lambda xp: make(xp, (4, 5), dtype)[index])


@pytest.mark.parametrize("layout", ["T", "strided", "neg", "F"])
@pytest.mark.parametrize("index", [1, (slice(None), 2), (slice(None, None, -1), slice(1, None, 2)),
                                   (E, 0), (None, 2, E)], ids=repr)
def test_getitem_of_views(index, layout):
    check(lambda xp: make(xp, (6, 4), "float64", layout=layout)[index])
    check(lambda xp: make(xp, (6, 4), "float64", layout=layout)[::-1, 1:][index])


def test_getitem_0d():
    check(lambda xp: make(xp, (), "float64")[()])
    check(lambda xp: make(xp, (), "float64")[...])
    check(lambda xp: make(xp, (), "float64")[None])


@pytest.mark.parametrize("index", [0, (1, 2), (slice(None), 1), (E, slice(None, None, -2)),
                                   (slice(1, None), None, 0)], ids=repr)
def test_view_write_through(index):
    def fn(xp):
        a = make(xp, (4, 5), "float32")
        v = a[1:]
        v[0] = 5
        w = a[index]
        if getattr(w, "ndim", 0):
            w[...] = -1
        else:
            a[index] = 7
        return a, v
    check(fn)


def test_nested_views_write_through():
    def fn(xp):
        a = make(xp, (6, 8), "int64")
        v = a[1:, ::2]
        w = v[::-1, 1:]
        w[0, 0] = 1000
        u = w.T[1:]
        u[:] = 0
        return a, v, w, u
    check(fn)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("value", [5, -1, 2.7, True, 1.5 + 2j, 300, np.nan], ids=repr)
def test_setitem_scalar_conversion(dtype, value):
    def fn(xp):
        a = make(xp, (3, 4), dtype)
        a[1, 2] = value
        a[2] = value
        return a
    check(fn)


@pytest.mark.parametrize("index,vshape", [
    ((slice(None), 1), (3,)), (slice(None), (4,)), (slice(None), (3, 1)), (slice(None), (1, 4)),
    (0, ()), ((E, slice(1, 3)), (2,)), ((slice(None, None, -1), slice(None, None, 2)), (2,)),
    (slice(None), (3, 4)), (slice(1, 2), (2, 4)), (slice(None), (4, 1)), (None, (3, 4))], ids=str)
@pytest.mark.parametrize("vdtype", ["int8", "float64", "bool", "complex64"])
def test_setitem_broadcast_arrays(index, vshape, vdtype):
    def fn(xp):
        a = make(xp, (3, 4), "float32")
        a[index] = make(xp, vshape, vdtype, seed=9)
        return a
    check(fn)


def test_setitem_from_list_and_numpy():
    def fn(xp):
        a = make(xp, (3, 4), "int32")
        a[0] = [1, 2, 3, 4]
        a[1:, 0] = np.asarray([7, 8])
        a[2, 1:] = (9.9, -9.9, 3)
        return a
    check(fn)


def test_setitem_out_of_range_python_int():
    def fn(xp):
        a = xp.zeros(3, dtype="uint8")
        a[0] = 300
        return a
    check(fn)


@pytest.mark.parametrize("case", range(6))
def test_overlapping_aliasing(case):
    """Writes whose source overlaps the destination give NumPy's (copy-first) answer."""
    def fn(xp):
        a = make(xp, (10,), "int32")
        b = make(xp, (5, 5), "float64")
        if case == 0:
            a[1:] += a[:-1]
        elif case == 1:
            a[:-1] = a[1:]
        elif case == 2:
            a[1:] = a[:-1]
        elif case == 3:
            a[::-1] = a
        elif case == 4:
            b[...] = b.T
        else:
            b[1:, :] *= b[:-1, :]
        return a, b
    check(fn)


# ---------------------------------------------------------------------------
# advanced indexing (integer arrays, boolean masks)


@pytest.mark.parametrize("case", range(10))
def test_advanced_getitem(case):
    def fn(xp):
        a = make(xp, (4, 5), "float64")
        i = xp.asarray([3, 0, -1, 0])
        return [lambda: a[i], lambda: a[:, i], lambda: a[i, i], lambda: a[a > 0],
                lambda: a[[1, 2]], lambda: a[a[:, 0] > 0], lambda: a[i[:2], 1:3],
                lambda: a[xp.asarray([[0, 1], [2, 3]])], lambda: a[make(xp, (4, 5), "bool")],
                lambda: a[[True, False, True, False]]][case]()
    check(fn)


@pytest.mark.parametrize("case", range(5))
def test_advanced_setitem(case):
    def fn(xp):
        a = make(xp, (4, 5), "int16")
        if case == 0:
            a[a > 0] = 0
        elif case == 1:
            a[xp.asarray([0, 2])] = -5
        elif case == 2:
            a[:, xp.asarray([1, 3])] = xp.asarray([100, 200], dtype="int16")
        elif case == 3:
            a[a < 0] = xp.arange(int((np.asarray(a) < 0).sum()), dtype="int16")
        else:
            a[xp.asarray([1, 1]), xp.asarray([2, 2])] += 7
        return a
    check(fn)


def test_advanced_index_is_copy():
    def fn(xp):
        a = make(xp, (5,), "float64")
        b = a[xp.asarray([0, 1])]
        b[0] = 99
        c = a[a > -100]
        c[1] = 77
        return a, b, c
    check(fn)


# ---------------------------------------------------------------------------
# errors


@pytest.mark.parametrize("index", [4, -5, (0, 5), (0, -6), (1, 2, 3), (0, 0, 0, 0), (E, E),
                                   1.5, "a", (slice(None), 1.0)], ids=repr)
def test_bad_index(index):
    check(lambda xp: make(xp, (4, 5), "int32")[index])


@pytest.mark.parametrize("index", [4, -5, (0, 5), (1, 2, 3)], ids=repr)
def test_bad_index_setitem(index):
    def fn(xp):
        a = make(xp, (4, 5), "int32")
        a[index] = 1
        return a
    check(fn)


def test_advanced_out_of_bounds():
    check(lambda xp: make(xp, (4,), "int32")[xp.asarray([0, 4])])
    check(lambda xp: make(xp, (4,), "int32")[[True, False]])


def test_setitem_shape_mismatch():
    def fn(xp):
        a = make(xp, (3, 4), "float64")
        a[:] = make(xp, (3,), "float64")
        return a
    check(fn)


def test_copyto_from_pending_result_keeps_source_independent():
    # out= and copyto compute straight into the destination; the source must not become
    # a view of it.
    def fn(xp):
        a = xp.arange(6.0)
        x = a * 2 + 1
        out = xp.zeros(6)
        xp.copyto(out, x)
        out[0] = 99.0
        y = xp.add(a, 1, out=xp.zeros(6))
        return x, out, y
    check(fn)


# ---- one index array among basic indices: a native gather --------------------------------
import os  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("METALLIC_HYPOTHESIS_EXAMPLES", "500"))


@st.composite
def one_array_index(draw):
    """A shape and an index tuple with exactly one integer array (or 1-D mask) among ints,
    slices, None and at most one Ellipsis."""
    ndim = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=ndim, max_size=ndim)))
    axis = draw(st.integers(0, ndim - 1))
    items = []
    for d in range(ndim):
        n = shape[d]
        if d == axis:
            if draw(st.booleans()):
                k = draw(st.lists(st.integers(-n, n - 1), min_size=0, max_size=6))
                arr = np.array(k, dtype=draw(st.sampled_from([np.int64, np.int32, np.uint8])) if all(
                    v >= 0 for v in k) else np.int64)
                if draw(st.booleans()) and arr.size >= 4:
                    arr = arr[:4].reshape(2, 2)
                items.append(arr)
            else:
                items.append(np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool))
        else:
            kind = draw(st.sampled_from(["int", "slice", "slice", "none"]))
            if kind == "int":
                items.append(draw(st.integers(-n, n - 1)))
            elif kind == "slice":
                items.append(slice(draw(st.sampled_from([None, 0, 1, -1])), draw(st.sampled_from([None, 2, -1])),
                                   draw(st.sampled_from([None, 1, 2, -1]))))
            else:
                items.append(slice(None))
                items.insert(len(items) - 1, None)
    if draw(st.booleans()):  # an Ellipsis standing for the leading full slices
        lead = 0
        while lead < len(items) and isinstance(items[lead], slice) and items[lead] == slice(None):
            lead += 1
        items = [Ellipsis] + items[lead:]
    return shape, tuple(items)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(one_array_index(), st.sampled_from(["float64", "int16", "complex64", "bool"]), st.booleans())
def test_one_index_array_gathers_as_numpy(case, dtype, as_metallic):
    shape, index = case
    x = (np.arange(int(np.prod(shape))) % 7).astype(dtype).reshape(shape)
    m = mtl.asarray(x)
    if as_metallic:
        index = tuple(mtl.asarray(i) if isinstance(i, np.ndarray) else i for i in index)
    want = x[tuple(np.asarray(i) if isinstance(i, mtl.ndarray) else i for i in index)]
    before = {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"}
    got = m[index]
    assert {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"} == before  # native
    assert isinstance(got, mtl.ndarray) and got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(np.asarray(got), want)


def test_take_as_numpy():
    x = np.arange(60.0).reshape(3, 4, 5)
    m = mtl.asarray(x)
    for idx, axis in [([0, 2, -1], 0), ([[1, 3], [0, 0]], 1), (np.array([4, 0], dtype=np.uint16), 2), (7, None),
                      ([59, 0, -60], None), (2, -1), ([], 1)]:
        np.testing.assert_array_equal(np.asarray(mtl.take(m, idx, axis=axis)), np.take(x, idx, axis=axis))
        np.testing.assert_array_equal(np.asarray(m.take(idx, axis=axis)), x.take(idx, axis=axis))
    for idx, axis in [([3], 0), ([-4], 0), ([60], None), (np.array([2**63], dtype=np.uint64), None)]:
        with pytest.raises(IndexError):
            mtl.take(m, idx, axis=axis)
    with pytest.raises(TypeError):
        mtl.take(m, mtl.asarray([1.0]), axis=0)
    np.testing.assert_array_equal(np.asarray(m), x)  # untouched


@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_take_clip_and_wrap_native(mode, native):
    """Out-of-range indices brought into the axis (clipped, or modulo its length), both
    signs, every axis, flat, unsigned and int8 index arrays."""
    x = np.arange(60.0).reshape(3, 4, 5)
    m = mtl.asarray(x)
    for idx, axis in [([0, 2, -1, 7, -9], 0), ([[1, 30], [-31, 0]], 1), (np.array([4, 9], dtype=np.uint16), 2),
                      ([61, -61, 0, 59], None), (np.array([-128, 127], dtype=np.int8), -1), ([], 1)]:
        np.testing.assert_array_equal(np.asarray(mtl.take(m, idx, axis=axis, mode=mode)),
                                      np.take(x, idx, axis=axis, mode=mode))
        np.testing.assert_array_equal(np.asarray(mtl.take(m, mtl.asarray(np.asarray(idx, dtype=np.int64)), axis=axis,
                                                          mode=mode)), np.take(x, idx, axis=axis, mode=mode))


def test_index_forms_the_gather_leaves_to_numpy():
    x = np.arange(6.0).reshape(2, 3)
    m = mtl.asarray(x)
    for idx in [(True, [0, 1]), (np.bool_(True), [0, 1]), ([0, 1], (0,)), ([[0, 1]], slice(None))]:
        np.testing.assert_array_equal(np.asarray(m[idx]), x[idx])
    for bad in [([0, 1], 1.5), (np.array([], dtype=float),), ([0, 1], "a")]:
        with pytest.raises(IndexError):
            m[bad]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(one_array_index(), st.sampled_from(["float64", "int16", "complex64"]), st.sampled_from(["scalar", "full", "row"]))
def test_one_index_array_assignment_as_numpy(case, dtype, kind):
    """x[index] = value natively: the value broadcast to the indexed shape, cast, and for
    duplicate indices the last assignment winning, as NumPy's."""
    shape, index = case
    x = (np.arange(int(np.prod(shape))) % 7).astype(dtype).reshape(shape)
    target = x[index].shape
    value = {"scalar": 5, "full": (np.arange(int(np.prod(target))) + 10).reshape(target),
             "row": np.arange(target[-1]) + 20 if target else 3}[kind]
    want = x.copy()
    want[index] = value
    m = mtl.asarray(x)
    calls = lambda: {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"}  # noqa: E731
    before = calls()
    m[index] = value
    assert calls() == before
    np.testing.assert_array_equal(np.asarray(m), want)


def test_mask_over_leading_axes_get_and_set():
    x = np.arange(24.0).reshape(2, 3, 4)
    for mask in (x > 5, x[..., 0] > 3, (x[:, :, 0] % 8) == 0):
        m = mtl.asarray(x)
        np.testing.assert_array_equal(np.asarray(m[mtl.asarray(mask)]), x[mask])
        np.testing.assert_array_equal(np.asarray(m[mask]), x[mask])
        for value in (-1.0, np.arange(x[mask].shape[-1] if x[mask].ndim > 1 else 1) * 1.0,
                      np.arange(x[mask].size).reshape(x[mask].shape) * 1.0):
            want = x.copy()
            want[mask] = value
            got = mtl.asarray(x)
            got[mtl.asarray(mask)] = value
            np.testing.assert_array_equal(np.asarray(got), want)
    with pytest.raises(IndexError):
        mtl.asarray(x)[mtl.asarray(np.ones((3, 3), bool))]
    with pytest.raises(ValueError):
        m = mtl.asarray(x)
        m[x > 5] = np.arange(5.0)
    np.testing.assert_array_equal(np.asarray(m), x)  # a failed assignment writes nothing


@st.composite
def several_array_index(draw):
    """A shape and an index with two or three integer arrays (broadcastable shapes), and
    ints, slices, None or an Ellipsis elsewhere, adjacent or not."""
    ndim = draw(st.integers(2, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim)))
    k = draw(st.integers(2, min(3, ndim)))
    axes = sorted(draw(st.lists(st.integers(0, ndim - 1), min_size=k, max_size=k, unique=True)))
    ishape = draw(st.sampled_from([(3,), (1,), (2, 1), (0,)]))
    items = []
    for d in range(ndim):
        n = shape[d]
        if d in axes:
            s = ishape if d == axes[0] else draw(st.sampled_from([ishape, (1,), ishape[-1:]]))
            items.append(np.array(draw(st.lists(st.integers(-n, n - 1), min_size=int(np.prod(s)),
                                                max_size=int(np.prod(s))))).reshape(s).astype(np.int64))
        else:
            items.append(draw(st.sampled_from([slice(None), slice(1, None), slice(None, None, -1), 0])))
            if isinstance(items[-1], int):
                items[-1] = draw(st.integers(-n, n - 1))
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), None)
    return shape, tuple(items)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(several_array_index(), st.sampled_from(["scalar", "full"]))
def test_several_index_arrays_get_and_set_as_numpy(case, kind):
    shape, index = case
    x = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    try:
        want = x[index]
    except IndexError:
        with pytest.raises(IndexError):
            mtl.asarray(x)[index]
        return
    calls = lambda: {k: v for k, v in mtl.fallback_stats().items() if k != "__array__"}  # noqa: E731
    before = calls()
    m = mtl.asarray(x)
    got = m[index]
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.asarray(got), want)
    value = 7.0 if kind == "scalar" else np.arange(want.size, dtype=np.float64).reshape(want.shape) + 100
    expect = x.copy()
    expect[index] = value
    m[index] = value
    np.testing.assert_array_equal(np.asarray(m), expect)
    assert calls() == before


def test_masks_mixed_with_index_arrays():
    x = np.arange(60.0).reshape(3, 4, 5)
    for idx in [(np.array([True, False, True]), [1, 3]), ([0, 2], np.array([True, False, True, False]), slice(1, 3)),
                (np.array([[True, False, True, False]] * 3), [4, 0, 1, 2, 3, 0][:6])]:
        m = mtl.asarray(x)
        np.testing.assert_array_equal(np.asarray(m[idx]), x[idx])
        want = x.copy()
        want[idx] = -1
        m[idx] = -1
        np.testing.assert_array_equal(np.asarray(m), want)
    with pytest.raises(IndexError):
        mtl.asarray(x)[[0, 1], [0, 1, 2]]


def test_assignment_rows_in_place_with_aliasing_and_pending_readers():
    """Assignments that write only the indexed rows: values that alias the destination or
    are pending work over it read the old contents; lazy readers taken before see them too."""
    x = np.arange(10.0)
    m = mtl.asarray(x)
    before = m * 1  # pending work that reads m: must see the old values
    m[[0, 1, 0]] = m[[5, 6, 7]]
    want = x.copy()
    want[[0, 1, 0]] = x[[5, 6, 7]]
    np.testing.assert_array_equal(np.asarray(m), want)
    np.testing.assert_array_equal(np.asarray(before), x)
    m[[2, 3]] = m[3:5]  # a view of the destination
    want[[2, 3]] = want[3:5].copy()
    np.testing.assert_array_equal(np.asarray(m), want)
    m[[4, 5]] = m[[5, 4]] * 2  # pending values over the destination
    want[[4, 5]] = want[[5, 4]] * 2
    np.testing.assert_array_equal(np.asarray(m), want)
    g = np.arange(24.0).reshape(4, 6)
    mg = mtl.asarray(g)
    mg[[1, 3], [2, 2]] = -1.0  # several arrays, leading axes: rows written in place
    mg[:, [0, 5, 0]] = mtl.asarray([[7.0, 8.0, 9.0]])
    g[[1, 3], [2, 2]] = -1.0
    g[:, [0, 5, 0]] = np.array([[7.0, 8.0, 9.0]])
    np.testing.assert_array_equal(np.asarray(mg), g)
    f = mtl.asarray(np.asfortranarray(np.arange(12.0).reshape(3, 4)))  # not C-contiguous: the other path
    f[[0, 2]] = 5.0
    want = np.arange(12.0).reshape(3, 4)
    want[[0, 2]] = 5.0
    np.testing.assert_array_equal(np.asarray(f), want)
