"""a[mask] = values with one value per selected element, against NumPy: written in place
(C-contiguous targets) or rewritten (other layouts), masks over leading axes, empty and
all-True masks, bad value shapes."""
import numpy as np
import pytest

import metallic as mtl


def _pair(shape, layout, dtype):
    """The same values as a NumPy array and a metallic one, of one layout."""
    b = np.random.default_rng(5).standard_normal(shape).astype(dtype)
    mb = mtl.asarray(b)
    if layout == "T":
        return b.T, mb.T
    if layout == "step":
        return b[..., ::2], mb[..., ::2]
    return b.copy(), mb


def _both(shape, mask_fn, value_fn, layout=None, dtype=np.float64):
    want, got = _pair(shape, layout, dtype)
    m = mask_fn(want)
    v = value_fn(int(m.sum()), want.shape[m.ndim:])
    want[m] = v
    got[mtl.asarray(m)] = mtl.asarray(v)
    np.testing.assert_array_equal(np.asarray(got), want)


@pytest.mark.parametrize("layout", [None, "T", "step"])
@pytest.mark.parametrize("dtype", [np.float64, np.complex64, np.int32, np.bool_])
def test_mask_assign_rows(layout, dtype):
    for shape in ((1000,), (37, 41), (6, 5, 4)):
        for frac in (0.0, 0.3, 1.0):
            _both(shape, lambda a: np.random.default_rng(1).random(a.shape) < frac,
                  lambda k, tail: np.arange(k * int(np.prod(tail)), dtype=np.float64).reshape((k,) + tail).astype(dtype),
                  layout, dtype)
    # a mask over the leading axes: each true position takes a whole row
    _both((7, 6, 4), lambda a: np.random.default_rng(2).random(a.shape[:2]) < 0.5,
          lambda k, tail: np.arange(k * int(np.prod(tail)), dtype=np.float64).reshape((k,) + tail).astype(dtype),
          layout, dtype)


def test_mask_assign_errors_and_sources():
    a = mtl.zeros(10)
    m = np.arange(10) % 3 == 0
    with pytest.raises(ValueError):
        a[mtl.asarray(m)] = mtl.ones(3)  # 4 selected, 3 values
    with pytest.raises(ValueError):
        a[mtl.zeros(10, dtype=bool)] = mtl.ones(3)
    np.testing.assert_array_equal(np.asarray(a), np.zeros(10))  # a failed call leaves it intact
    a[mtl.asarray(m)] = [1.0, 2.0, 3.0, 4.0]  # a list, converted
    want = np.zeros(10)
    want[m] = [1.0, 2.0, 3.0, 4.0]
    np.testing.assert_array_equal(np.asarray(a), want)
    b = mtl.arange(6.0)
    view = b[1:5]  # a contiguous view: written through to b
    view[mtl.asarray([True, False, True, False])] = mtl.asarray([10.0, 20.0])
    np.testing.assert_array_equal(np.asarray(b), [0, 10, 2, 20, 4, 5])
