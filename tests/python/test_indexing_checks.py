"""Index checks as NumPy's: masks whose shape does not match the axes they cover raise
IndexError (reading and writing, alone or among other indices); an empty 1-D mask indexes
nothing; a 0-d integer array index gives a copy; bad index objects raise NumPy's types."""
import numpy as np
import pytest

from harness import assigned, check


def _assigned(xp, shape, idx, value):
    a = xp.zeros(shape)
    a[idx(xp)] = value
    return a


MASKED = {
    "short mask": ((4,), lambda xp: xp.asarray([True, False])),
    "long mask": ((3,), lambda xp: xp.asarray([True, False, True, True])),
    "mask and ints": ((3, 4), lambda xp: (xp.asarray([True, True]), [0, 1])),
    "2-D mask after a slice": ((2, 3, 4), lambda xp: (slice(None), xp.ones((2, 3), bool))),
    "2-D mask after a slice, right": ((2, 3, 4), lambda xp: (slice(None), xp.ones((3, 4), bool))),
    "2-D mask then int": ((2, 3, 4), lambda xp: (xp.ones((2, 3), bool), 1)),
    "mask after Ellipsis": ((2, 3, 4), lambda xp: (Ellipsis, xp.asarray([True, False, True, False]))),
    "mask after Ellipsis, short": ((2, 3, 4), lambda xp: (Ellipsis, xp.asarray([True, False]))),
    "mask between": ((2, 3, 4), lambda xp: (0, xp.asarray([True, False, True]), [1, 2])),
    "3-D mask on 4-D": ((2, 3, 4, 2), lambda xp: (xp.ones((2, 3, 4), bool), 0)),
    "empty mask": ((5,), lambda xp: xp.asarray([], dtype=bool)),
    "empty mask, 3-D": ((2, 3, 4), lambda xp: xp.zeros(0, bool)),
    "empty mask after a slice": ((2, 3, 4), lambda xp: (slice(None), xp.zeros(0, bool))),
}


@pytest.mark.parametrize("name", list(MASKED))
def test_masks_read(name):
    shape, idx = MASKED[name]
    check(lambda xp: xp.reshape(xp.arange(int(np.prod(shape))), shape)[idx(xp)])


@pytest.mark.parametrize("name", list(MASKED))
def test_masks_written(name):
    shape, idx = MASKED[name]
    check(lambda xp: _assigned(xp, shape, idx, 7.0))


def test_zero_d_integer_index_is_a_copy():
    def f(xp):
        a = xp.reshape(xp.arange(6), (2, 3))
        r = a[xp.asarray(1)]
        r[0] = -5
        s = a[xp.asarray(1), 1:]
        s[0] = -7
        return a, a[xp.asarray(1), xp.asarray(2)], a[np.asarray(0)]
    check(f)


@pytest.mark.parametrize("idx", [2 ** 64, -2 ** 70, slice(1.5, 3), "a", 1.0, np.float64(1),
                                 slice(0, 2 ** 70), slice(-2 ** 70, 2)])
def test_bad_or_huge_index_objects(idx):
    check(lambda xp: xp.arange(5)[idx])


def test_float_zero_d_array_index():
    check(lambda xp: xp.arange(5)[xp.asarray(2.0)])


@pytest.mark.parametrize("shape, dtype, idx, value", [
    ((3,), "uint8", 0, -2.7), ((3,), "int8", 1, 2.7), ((3,), "int8", 2, -3.9), ((3,), "int8", 0, 1e10),
    ((3,), "float64", 0, [5]), ((3,), "float64", 1, np.array([6.0])), ((2, 3), "float64", 0, [1, 2, 3]),
    ((2, 3), "float64", (1, 1), np.array(7.0)), ((2,), "float64", 0, "1.5"), ((2,), "float64", 1, None),
    ((2,), "int64", 0, None), ((2,), "int64", slice(None), "7"), ((3,), "int8", 0, float("nan")),
    ((3,), "float32", slice(None), 2 ** 63)])
def test_element_assignment_checks(shape, dtype, idx, value):
    """One element takes one value (a sequence raises), a Python float into an integer type
    as int() of it must fit, strings and None convert as NumPy converts them."""
    check(assigned(shape, dtype, idx, value))
