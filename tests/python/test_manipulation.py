"""Joining, splitting, tiling, flipping and diagonals, against NumPy."""

import numpy as np
import pytest

from harness import ALL_DTYPES, check, make

SHAPES = [(3,), (2, 3), (2, 3, 4), (0, 3)]


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("axis", [0, -1, None])
def test_concatenate_dtypes_axes(dtype, axis):
    check(lambda xp: xp.concatenate([make(xp, (2, 3), dtype, seed=1), make(xp, (2, 3), dtype, seed=2)],
                                    axis=axis))


@pytest.mark.parametrize("pair", [("int8", "float32"), ("uint8", "int8"), ("bool", "complex64"),
                                  ("float16", "int64")])
def test_concatenate_promotes(pair):
    check(lambda xp: xp.concatenate([make(xp, (2,), pair[0]), make(xp, (3,), pair[1])]))


@pytest.mark.parametrize("layout", ["C", "strided", "transposed", "negative"])
def test_concatenate_layouts_and_out(layout):
    def fn(xp):
        a, b = make(xp, (3, 4), "float64", layout=layout), make(xp, (3, 4), "float64", seed=3)
        out = xp.zeros((3, 8))
        r = xp.concatenate([a, b], axis=1, out=out)
        return out, r is out
    check(fn)


def test_concatenate_errors():
    check(lambda xp: xp.concatenate([xp.ones((2, 3)), xp.ones((3, 2))]))
    check(lambda xp: xp.concatenate([xp.ones((2, 3)), xp.ones(3)]))
    check(lambda xp: xp.concatenate([xp.ones(3)], axis=1))
    check(lambda xp: xp.concatenate([xp.asarray(1.0), xp.asarray(2.0)]))


@pytest.mark.parametrize("fn_name", ["stack", "hstack", "vstack", "dstack", "column_stack"])
@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 3, 2)])
def test_stacking(fn_name, shape):
    check(lambda xp: getattr(xp, fn_name)([make(xp, shape, "float32", seed=s) for s in range(3)]))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_stack_axes(axis):
    check(lambda xp: xp.stack([make(xp, (2, 3), "int32", seed=s) for s in range(2)], axis=axis))


@pytest.mark.parametrize("sections", [3, [1, 4], [0, 2, 2, 5]])
@pytest.mark.parametrize("fn_name", ["array_split", "split"])
def test_splits(fn_name, sections):
    check(lambda xp: getattr(xp, fn_name)(make(xp, (6, 4), "float64"), sections, axis=0))


def test_split_unequal_raises():
    check(lambda xp: xp.split(xp.arange(5), 2))


@pytest.mark.parametrize("fn_name,shape", [("hsplit", (4, 6)), ("vsplit", (4, 6)), ("dsplit", (2, 2, 4))])
def test_hvd_split(fn_name, shape):
    check(lambda xp: getattr(xp, fn_name)(make(xp, shape, "int16"), 2))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("axis", [None, 0, -1, (0,)])
def test_flip(shape, axis):
    check(lambda xp: xp.flip(make(xp, shape, "float32"), axis=axis))


def test_fliplr_flipud():
    check(lambda xp: (xp.fliplr(make(xp, (3, 4), "int64")), xp.flipud(make(xp, (3, 4), "int64"))))


@pytest.mark.parametrize("shift,axis", [(2, None), (-7, None), (1, 0), (5, 1), ((1, 2), (0, 1)), (0, 0)])
def test_roll(shift, axis):
    check(lambda xp: xp.roll(make(xp, (3, 4), "float64"), shift, axis=axis))


@pytest.mark.parametrize("k", [0, 1, 2, 3, -1, 5])
@pytest.mark.parametrize("axes", [(0, 1), (1, 2), (2, 0)])
def test_rot90(k, axes):
    check(lambda xp: xp.rot90(make(xp, (2, 3, 4), "float32"), k, axes))


@pytest.mark.parametrize("reps", [2, (2, 1), (1, 3), (2, 1, 2), 0])
@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_tile(reps, shape):
    check(lambda xp: xp.tile(make(xp, shape, "int8"), reps))


@pytest.mark.parametrize("repeats,axis", [(2, None), (3, 0), (2, 1), (0, 1), ([1, 2, 0], 1)])
def test_repeat(repeats, axis):
    check(lambda xp: xp.repeat(make(xp, (2, 3), "complex64"), repeats, axis=axis))


@pytest.mark.parametrize("offset", [0, 1, -1, 5])
@pytest.mark.parametrize("axes", [(0, 1), (1, 2), (2, 0)])
def test_diagonal_and_trace(offset, axes):
    check(lambda xp: xp.diagonal(make(xp, (3, 4, 5), "float64"), offset, *axes))
    check(lambda xp: xp.trace(make(xp, (3, 4, 5), "float64"), offset, *axes))


def test_diagonal_is_a_read_only_view():
    check(lambda xp: xp.diagonal(xp.ones((3, 3))).__setitem__(0, 5))


@pytest.mark.parametrize("k", [0, 2, -1])
def test_diagflat(k):
    check(lambda xp: xp.diagflat(make(xp, (2, 2), "int32"), k))


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_append(axis):
    check(lambda xp: xp.append(make(xp, (2, 3), "float64"), make(xp, (2, 3), "float64", seed=4), axis=axis))


_LAYOUTS = {
    "C": lambda xp: xp.reshape(xp.arange(24), (2, 3, 4)),
    "F": lambda xp: xp.asfortranarray(xp.reshape(xp.arange(24), (2, 3, 4))),
    "permuted": lambda xp: xp.transpose(xp.reshape(xp.arange(24), (2, 3, 4)), (2, 0, 1)),
    "backwards": lambda xp: xp.reshape(xp.arange(24), (4, 6))[::-1, ::2],
    "strided 1-D": lambda xp: xp.arange(10)[::2],
    "column": lambda xp: xp.reshape(xp.arange(12), (4, 3))[:, 1:2],
}


@pytest.mark.parametrize("order", ["C", "F", "A", "K"])
@pytest.mark.parametrize("layout", list(_LAYOUTS))
def test_ravel_flatten_reshape_orders(layout, order):
    """ravel/flatten/reshape in every order over every layout, as NumPy's: values, and a
    contiguous result (ravel a view only where the elements already lie so)."""
    def f(xp):
        a = _LAYOUTS[layout](xp)
        r = xp.ravel(a, order)
        return r, r.flags.c_contiguous, a.flatten(order), a.reshape(-1, order=order), \
            xp.reshape(a, (a.size // 2, 2), order=order)
    check(f)


def test_reshape_copy_false():
    check(lambda xp: xp.reshape(xp.arange(6), (2, 3)).T.reshape(6, copy=False))
    check(lambda xp: xp.reshape(xp.reshape(xp.arange(6), (2, 3)), 6, copy=False))


@pytest.mark.parametrize("shift, axis", [((1, 2), None), ((1, 2), 0), (1, (0, 1)), ((1, -1), (0, 1)),
                                         ((2, 1, 1), 1), (5, None), (-7, 0)])
def test_roll_shifts_and_axes_broadcast(shift, axis):
    check(lambda xp: xp.roll(xp.reshape(xp.arange(12), (3, 4)), shift, axis=axis))


def test_column_stack_of_scalars_and_vectors():
    check(lambda xp: xp.column_stack((xp.asarray(1), xp.asarray(2))))
    check(lambda xp: xp.column_stack((xp.arange(3), xp.ones((3, 2)), [7, 8, 9])))


@pytest.mark.parametrize("src", [[[1, 2, 3, 4]], [[[5.0]]], [[1, 2, 3, 4], [5, 6, 7, 8]]])
def test_copyto_drops_leading_length_one_axes(src):
    def f(xp):
        dst = xp.zeros(4)
        xp.copyto(dst, src)
        return dst
    check(f)
