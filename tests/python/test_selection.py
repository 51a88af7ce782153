"""Selection and index arithmetic against NumPy, computed natively (no fallback)."""

import numpy as np
import pytest

import metallic as mtl


def host(x):
    return tuple(host(i) for i in x) if isinstance(x, tuple) else np.asarray(x)


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
        return
    g = np.asarray(got)
    w = np.asarray(want)
    assert g.shape == w.shape, (g.shape, w.shape)
    assert g.dtype == w.dtype or (g.dtype.kind == w.dtype.kind == "i"), (g.dtype, w.dtype)
    np.testing.assert_array_equal(g, w)


X = (np.arange(60) % 7 - 2).reshape(3, 4, 5).astype(np.float64)


@pytest.mark.parametrize("a", [X, X[0], X[:, 1, :] > 0, X.ravel(), np.zeros((2, 0)), np.array([0.0, -0.0, np.nan])])
def test_nonzero_family(a, native):
    m = mtl.asarray(a)
    same(mtl.nonzero(m), np.nonzero(a))
    same(m.nonzero(), a.nonzero())
    same(mtl.where(m), np.where(a))
    same(mtl.flatnonzero(m), np.flatnonzero(a))
    same(mtl.argwhere(m), np.argwhere(a))
    assert mtl.count_nonzero(m) == np.count_nonzero(a)
    if a.ndim >= 1:
        same(mtl.count_nonzero(m, axis=0), np.count_nonzero(a, axis=0))
    same(mtl.extract(m > 1, m), np.extract(a > 1, a))


def test_nonzero_of_0d_raises_as_numpy():
    with pytest.raises(ValueError):
        mtl.nonzero(mtl.asarray(3.0))
    same(mtl.argwhere(mtl.asarray(3.0)), np.argwhere(np.float64(3.0)))


def test_compress(native):
    m = mtl.asarray(X)
    for cond, axis in [([True, False, True], 0), ([False, True, True, False], 1), ([True, False], 2),
                       ([True] * 5 + [False] * 3, None), ([], 1)]:
        same(mtl.compress(cond, m, axis=axis), np.compress(cond, X, axis=axis))
    with pytest.raises(IndexError):
        mtl.compress([False, False, False, True], m, axis=0)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_take_along_axis(axis, native):
    rng = np.random.default_rng(axis + 5)
    shape = list(X.shape)
    shape[axis] = 3
    idx = rng.integers(-X.shape[axis], X.shape[axis], shape)
    same(mtl.take_along_axis(mtl.asarray(X), mtl.asarray(idx), axis=axis), np.take_along_axis(X, idx, axis=axis))
    bshape = [1] * 3
    bshape[axis] = 2
    bidx = rng.integers(0, X.shape[axis], bshape)  # broadcast over the other axes
    same(mtl.take_along_axis(mtl.asarray(X), bidx, axis=axis), np.take_along_axis(X, bidx, axis=axis))
    srt = np.argsort(X, axis=axis)
    same(mtl.take_along_axis(mtl.asarray(X), mtl.asarray(srt), axis), np.take_along_axis(X, srt, axis))


def test_take_along_axis_errors():
    m = mtl.asarray(X)
    with pytest.raises(IndexError):
        mtl.take_along_axis(m, mtl.asarray(np.full((3, 4, 1), 5)), axis=2)
    with pytest.raises(ValueError):
        mtl.take_along_axis(m, mtl.asarray(np.zeros((3, 4), int)), axis=2)
    with pytest.raises(IndexError):
        mtl.take_along_axis(m, mtl.asarray(np.zeros((3, 4, 1))), axis=2)
    same(mtl.take_along_axis(mtl.asarray(X[0, 0]), np.array([4, 0]), None), np.take_along_axis(X[0, 0], np.array([4, 0]), None))


def test_choose_and_select(native):
    a = np.array([[0, 1, 2], [2, 1, 0]])
    choices = [np.arange(3.0), np.full(3, 10.0), np.array([[7.0], [8.0]])]
    same(mtl.choose(mtl.asarray(a), [mtl.asarray(c) for c in choices]), np.choose(a, choices))
    with pytest.raises(ValueError):
        mtl.choose(mtl.asarray(a), choices[:2])
    x = np.arange(10.0)
    conds, vals = [x < 3, x > 6], [x, x ** 2]
    same(mtl.select([mtl.asarray(c) for c in conds], [mtl.asarray(v) for v in vals], default=-1.0),
         np.select(conds, vals, default=-1.0))
    same(mtl.select([mtl.asarray(x < 5)], [mtl.asarray(x.astype(np.int32))]), np.select([x < 5], [x.astype(np.int32)]))
    with pytest.raises(ValueError):
        mtl.select([mtl.asarray(x < 3)], [])


def test_putmask_and_place(native):
    a, m = np.arange(12.0).reshape(3, 4), np.arange(12).reshape(3, 4) % 3 == 0
    got = mtl.asarray(a)
    mtl.putmask(got, mtl.asarray(m), mtl.asarray([-1.0, -2.0]))
    want = a.copy()
    np.putmask(want, m, [-1.0, -2.0])
    same(got, want)
    got = mtl.asarray(a)
    mtl.putmask(got, mtl.asarray(m), mtl.asarray(a * 10))
    want = a.copy()
    np.putmask(want, m, a * 10)
    same(got, want)
    got = mtl.asarray(a)
    mtl.place(got, mtl.asarray(m), mtl.asarray([5.0, 6.0, 7.0]))
    want = a.copy()
    np.place(want, m, [5.0, 6.0, 7.0])
    same(got, want)
    with pytest.raises(ValueError):
        mtl.place(mtl.asarray(a), mtl.asarray(m), mtl.asarray(np.zeros(0)))


def test_index_arithmetic(native):
    same(mtl.indices((2, 3)), np.indices((2, 3)))
    same(mtl.indices((2, 3), sparse=True), np.indices((2, 3), sparse=True))
    same(mtl.indices((3, 1, 2), dtype=np.int32), np.indices((3, 1, 2), dtype=np.int32))
    same(mtl.ix_([0, 2], [1, 3, 4]), np.ix_([0, 2], [1, 3, 4]))
    same(mtl.ix_(np.array([True, False, True]), [1]), np.ix_(np.array([True, False, True]), [1]))
    m = mtl.asarray(X)
    same(m[mtl.ix_([0, 2], [1, 3])[0], 0], X[np.ix_([0, 2], [1, 3])[0], 0])
    idx = np.array([0, 7, 19, 59])
    for order in ("C", "F"):
        same(mtl.unravel_index(mtl.asarray(idx), (3, 4, 5), order=order), np.unravel_index(idx, (3, 4, 5), order=order))
        multi = np.unravel_index(idx, (3, 4, 5), order=order)
        same(mtl.ravel_multi_index(tuple(mtl.asarray(i) for i in multi), (3, 4, 5), order=order),
             np.ravel_multi_index(multi, (3, 4, 5), order=order))
    same(mtl.unravel_index(13, (4, 5)), np.unravel_index(13, (4, 5)))
    with pytest.raises(ValueError):
        mtl.unravel_index(mtl.asarray([60]), (3, 4, 5))
    with pytest.raises(ValueError):
        mtl.ravel_multi_index((mtl.asarray([3]), mtl.asarray([0])), (3, 4))


# ---- manipulation built from views, concatenation and gathers ------------------------------

@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp"])
@pytest.mark.parametrize("width", [1, (2, 0), ((1, 2), (3, 0)), ((0, 0), (2, 3))])
def test_pad(mode, width, native):
    x = (np.arange(20) % 7).astype(np.float64 if mode == "linear_ramp" else np.int32).reshape(4, 5)
    got, want = mtl.pad(mtl.asarray(x), width, mode=mode), np.pad(x, width, mode=mode)
    if mode == "linear_ramp":  # the same ramps to rounding
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-13)
        want = np.pad(x, width, mode=mode, end_values=((1.5, -2.0), (3.0, 0.25)))
        got = mtl.pad(mtl.asarray(x), width, mode=mode, end_values=((1.5, -2.0), (3.0, 0.25)))
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-13)
    else:
        same(got, want)


def test_pad_constant_values_and_fallbacks():
    x = np.arange(6.0).reshape(2, 3)
    same(mtl.pad(mtl.asarray(x), 2, constant_values=((7, 8), (9, 10))), np.pad(x, 2, constant_values=((7, 8), (9, 10))))
    same(mtl.pad(mtl.asarray(x), 3, mode="reflect"), np.pad(x, 3, mode="reflect"))  # repeated reflection: NumPy
    same(mtl.pad(mtl.asarray(x), 1, mode="mean"), np.pad(x, 1, mode="mean"))
    with pytest.raises(ValueError):
        mtl.pad(mtl.asarray(x), -1)


def test_insert_delete_resize_rollaxis_block_repeat(native):
    x = np.arange(12.0).reshape(3, 4)
    m = mtl.asarray(x)
    for obj, values, axis in [(1, [9, 8, 7, 6], 0), (-1, 5, 1), (3, 5, None), (4, [[1], [2], [3]], 1), (0, 2.5, 0),
                              ([1, 3], [9.0, 8.0], None), ([1, 1], 7.0, 1), (slice(0, 3, 2), [[5.0], [6.0], [7.0]], 1),
                              ([3, 0, 2], [1.0, 2.0, 3.0], None), ([-1, 2], [[1, 2, 3, 4], [5, 6, 7, 8]], 0),
                              ([1], [[1], [2], [3]], 1), ([1], [[1, 2], [3, 4], [5, 6]], 1)]:
        same(mtl.insert(m, obj, values, axis=axis), np.insert(x, obj, values, axis=axis))
    for obj, axis in [([0, 2], 1), (slice(1, None, 2), None), (-1, 0), (np.array([True, False, True]), 0), ([], 1)]:
        same(mtl.delete(m, obj, axis=axis), np.delete(x, obj, axis=axis))
    for shape in [(5, 5), 7, (2, 2), (0,)]:
        same(mtl.resize(m, shape), np.resize(x, shape))
    a = np.ones((2, 3, 4))
    for axis, start in [(2, 0), (2, 1), (0, 3), (-1, -2), (1, 1)]:
        assert mtl.rollaxis(mtl.asarray(a), axis, start).shape == np.rollaxis(a, axis, start).shape
    A, B, C = np.ones((2, 2)), np.zeros((2, 3)), np.full((1, 5), 2.0)
    same(mtl.block([[mtl.asarray(A), mtl.asarray(B)], [mtl.asarray(C)]]), np.block([[A, B], [C]]))
    same(mtl.block([1, 2, 3]), np.block([1, 2, 3]))
    same(mtl.block([[mtl.asarray(np.arange(3.0))], [mtl.asarray(np.arange(3.0))]]),
         np.block([[np.arange(3.0)], [np.arange(3.0)]]))
    same(mtl.repeat(m, [1, 0, 2], axis=0), np.repeat(x, [1, 0, 2], axis=0))
    same(mtl.repeat(m, 2, axis=1), np.repeat(x, 2, axis=1))
    with pytest.raises(IndexError):
        mtl.insert(m, 5, 1.0, axis=0)
    with pytest.raises(IndexError):
        mtl.delete(m, 7, axis=1)


@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_put_and_choose_clip_and_wrap_native(mode, native):
    """Out-of-range indices (put) and choices (choose) of both signs brought into range."""
    x = np.arange(12.0).reshape(3, 4)
    for ind, v in [([0, 15, -1, -14], [1.0, 2.0, 3.0, 4.0]), (np.array([30, -30], np.int8), 9.0), ([], [1.0])]:
        m, want = mtl.asarray(x), x.copy()
        np.put(want, ind, v, mode=mode)
        mtl.put(m, ind, v, mode=mode)
        same(m, want)
    a = np.array([[0, 1, 2], [5, -1, -4]])
    choices = [np.arange(3.0), np.full(3, 10.0), np.array([[7.0], [8.0]])]
    same(mtl.choose(mtl.asarray(a), [mtl.asarray(c) for c in choices], mode=mode), np.choose(a, choices, mode=mode))


def test_put_and_put_along_axis(native):
    x = np.arange(12.0).reshape(3, 4)
    for ind, v in [([0, 5, 11], [-1.0, -2.0, -3.0]), ([1, 1, 2], [7.0, 8.0, 9.0]), ([-1, 3], 5.0),
                   ([0, 1, 2, 3, 4], [1.0, 2.0]), (np.array([[2, 3]]), [[4.0, 5.0]])]:
        m, want = mtl.asarray(x), x.copy()
        np.put(want, ind, v)
        mtl.put(m, ind, v)
        same(m, want)
        m2 = mtl.asarray(x)
        m2.put(ind, v)
        same(m2, want)
    with pytest.raises(IndexError):
        mtl.put(mtl.asarray(x), [12], 1.0)
    for axis in (0, 1):
        idx = np.argsort(-x, axis=axis)[:2] if axis == 0 else np.argsort(-x, axis=axis)[:, :2]
        m, want = mtl.asarray(x), x.copy()
        np.put_along_axis(want, idx, -9.0, axis)
        mtl.put_along_axis(m, mtl.asarray(idx), -9.0, axis)
        same(m, want)
        vals = np.arange(idx.size, dtype=float).reshape(idx.shape)
        m, want = mtl.asarray(x), x.copy()
        np.put_along_axis(want, idx, vals, axis)
        mtl.put_along_axis(m, idx, mtl.asarray(vals), axis)
        same(m, want)


def test_second_review_regressions():
    a = mtl.zeros((3, 4))
    m = np.zeros((3, 4)) > 1
    a[m] = mtl.ones((3, 4))[m]  # nothing selected: nothing written, no error
    same(a, np.zeros((3, 4)))
    M = np.arange(6.0).reshape(2, 3)
    for call in (lambda: mtl.put_along_axis(mtl.asarray(M), np.array([[0], [1]]), 9.0, axis=-3),
                 lambda: mtl.take_along_axis(mtl.asarray(M), np.array([[0], [1]]), axis=2),
                 lambda: mtl.gradient(mtl.asarray(M), axis=2), lambda: mtl.cumulative_sum(mtl.asarray(M), axis=2),
                 lambda: mtl.trapezoid(mtl.asarray(M), axis=2)):
        with pytest.raises(np.exceptions.AxisError):
            call()
    i8 = np.full((3, 3), 100, np.int8)
    same(mtl.einsum("ii->", mtl.asarray(i8)), np.einsum("ii->", i8))
    same(mtl.einsum("i->", mtl.asarray([True] * 3)), np.einsum("i->", np.array([True] * 3)))
    np.testing.assert_allclose(np.asarray(mtl.cov(mtl.asarray([1.0, 2, 4]), mtl.asarray([1j, 2, 3]))),
                               np.cov([1.0, 2, 4], [1j, 2, 3]))
    same(mtl.insert(mtl.arange(6).reshape(2, 3), np.array(1), [7, 8], axis=1),
         np.insert(np.arange(6).reshape(2, 3), np.array(1), [7, 8], axis=1))
    same(mtl.select([mtl.asarray([True, False])], [mtl.asarray(np.array([1, 2], np.int8))], default=100),
         np.select([np.array([True, False])], [np.array([1, 2], np.int8)], default=100))
    w = np.array([True, True, False])
    assert float(mtl.nansum(mtl.asarray([1.0, np.nan, 3.0]), where=w)) == np.nansum([1.0, np.nan, 3.0], where=w)
    assert float(mtl.nanvar(mtl.asarray([1.0, 2.0, 3.0]), where=w)) == np.nanvar([1.0, 2.0, 3.0], where=w)
    x = mtl.arange(5)
    x[[0, 1]] = mtl.asarray([[5, 6]])  # leading length-1 axes of the value are dropped, as NumPy's
    same(x, np.array([5, 6, 2, 3, 4]))
    assert mtl.size(mtl.ones((2, 3, 4)), (0, 2)) == 8


def test_flatnonzero_of_masks_across_tiles(native):
    """The stream compaction over masks of several tiles (4096 bytes each on the GPU, parts of
    2^16 on the CPU): dense, sparse, empty and full, ragged ends, unaligned views, and bool
    bytes other than 0 and 1."""
    rng = np.random.default_rng(1)
    n = 3 * 4096 + 37
    masks = [rng.random(n) < p for p in (0.0, 0.001, 0.5, 0.999, 1.0)]
    masks += [masks[2][5:], masks[2][::-1], (rng.random((130, 97)) < 0.3)[:, 3:], np.zeros(0, bool)]
    raw = np.zeros(n, np.uint8)
    raw[::3] = rng.integers(0, 256, len(raw[::3]))
    masks.append(raw.view(bool))
    masks.append(rng.random(300_001) < 0.4)  # several parts on the CPU's threads
    for mask in masks:
        m = mtl.asarray(mask)
        same(mtl.flatnonzero(m), np.flatnonzero(mask))
        same(mtl.nonzero(m), np.nonzero(mask))
        same(mtl.flatnonzero(m[1:]), np.flatnonzero(mask[1:]))  # a view starting one byte in


def test_putmask_sizes_and_put_along_axis_flat():
    from harness import check

    def putmask(mask):
        def f(xp):
            a = xp.zeros((2, 3))
            xp.putmask(a, xp.asarray(mask), 1.0)
            return a
        return f
    check(putmask([True, False, True]))
    check(putmask(np.ones((3, 2), bool)))
    check(putmask(np.eye(2, 3, dtype=bool)))

    def along(xp):
        a = xp.reshape(xp.arange(6.0), (2, 3))
        xp.put_along_axis(a, xp.asarray([1, 4]), 9.0, axis=None)
        return a
    check(along)


@pytest.mark.parametrize("call", [lambda xp: xp.unravel_index(7, (3, 4)), lambda xp: xp.unravel_index(xp.asarray(7), (3, 4)),
                                  lambda xp: xp.unravel_index([1, 7], (3, 4)), lambda xp: xp.ravel_multi_index((1, 2), (3, 4)),
                                  lambda xp: xp.ravel_multi_index(([1], [2]), (3, 4))])
def test_index_conversions_of_one_index_are_scalars(call):
    from harness import check
    check(call)
