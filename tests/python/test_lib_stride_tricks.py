"""metallic.lib: stride_tricks natively as views, the rest of numpy.lib through NumPy."""
import numpy as np
import pytest

import metallic as mtl
from metallic.lib.stride_tricks import as_strided, sliding_window_view


@pytest.mark.parametrize("window, axis", [(3, None), ((2, 3), None), (2, 0), (3, 1), ((2, 2), (1, 1)), ((2,), -1)])
def test_sliding_window_view(window, axis):
    x = np.arange(30.0).reshape(5, 6)
    if axis is None and np.ndim(window) == 0:
        x = x.ravel()
    m = mtl.asarray(x)
    got = sliding_window_view(m, window, axis=axis)
    want = np.lib.stride_tricks.sliding_window_view(x, window, axis=axis)
    assert isinstance(got, mtl.ndarray) and got.shape == want.shape and got.strides == want.strides
    np.testing.assert_array_equal(np.asarray(got), want)
    assert mtl.shares_memory(got, m) and not got.flags.writeable
    np.testing.assert_array_equal(np.asarray(got.sum(axis=-1)), want.sum(axis=-1))


def test_sliding_window_errors():
    m = mtl.arange(5.0)
    for args, kw in [((6,), {}), ((-1,), {}), (((2, 2),), {})]:
        with pytest.raises(ValueError):
            np.lib.stride_tricks.sliding_window_view(np.arange(5.0), *args, **kw)
        with pytest.raises(ValueError):
            sliding_window_view(m, *args, **kw)


def test_as_strided_views_and_writes():
    x = np.arange(12, dtype=np.int32)
    m = mtl.asarray(x)
    shape, strides = (4, 3), (8, 4)  # overlapping rows
    got, want = as_strided(m, shape, strides), np.lib.stride_tricks.as_strided(x, shape, strides)
    np.testing.assert_array_equal(np.asarray(got), want)
    got[0, 0] = 100  # a view: the write reaches m
    assert int(m[0]) == 100
    r = as_strided(m, writeable=False)
    with pytest.raises(ValueError):
        r[0] = 1
    # A broadcast-like zero stride and a negative stride from an interior start.
    np.testing.assert_array_equal(np.asarray(as_strided(m, (3, 4), (0, 4))), np.lib.stride_tricks.as_strided(np.asarray(m), (3, 4), (0, 4)))
    np.testing.assert_array_equal(np.asarray(as_strided(m[11:], (4,), (-4,))), np.asarray(m)[11:7:-1])


def test_as_strided_refuses_out_of_bounds():
    m = mtl.arange(10.0)
    for shape, strides in [((11,), (8,)), ((2, 6), (40, 8)), ((3,), (-8,))]:
        with pytest.raises(ValueError, match="as_strided"):
            as_strided(m, shape, strides)
    assert as_strided(m, (0, 100), (8, 8)).shape == (0, 100)  # empty: nothing is read


def test_lib_namespace():
    assert mtl.lib.stride_tricks.sliding_window_view is sliding_window_view
    assert mtl.lib.NumpyVersion is np.lib.NumpyVersion  # the rest is NumPy's
    assert "stride_tricks" in dir(mtl.lib)
    from metallic.lib import stride_tricks
    assert stride_tricks.broadcast_to is mtl.broadcast_to


def test_dir_lists_every_public_numpy_name():
    missing = [n for n in dir(np) if not n.startswith("_") and n not in dir(mtl)]
    assert missing == []


def test_numpy_submodules_import_through_metallic():
    import metallic.ma
    import metallic.testing
    from metallic.polynomial import Polynomial
    assert metallic.ma is np.ma and Polynomial is np.polynomial.Polynomial
    assert metallic.testing.assert_allclose is not np.testing.assert_allclose  # metallic's (see test_testing_module)
    np.testing.assert_allclose(mtl.arange(3.0), np.arange(3.0))  # NumPy's assertions take metallic arrays


def test_show_config_reports_metallic(capsys):
    mtl.show_config()
    text = capsys.readouterr().out
    assert "metallic:" in text and "cuda backend:" in text and "blas and lapack" in text


def test_ufunc_attributes():
    for name in ("add", "sin", "divmod", "isnan"):
        ours, theirs = getattr(mtl, name), getattr(np, name)
        assert (ours.nin, ours.nout, ours.nargs, ours.ntypes, ours.signature, ours.__name__) == \
            (theirs.nin, theirs.nout, theirs.nargs, theirs.ntypes, theirs.signature, theirs.__name__)
        assert ours.__doc__ == theirs.__doc__
    x = np.arange(8)
    np.testing.assert_array_equal(np.asarray(mtl.add.reduceat(mtl.asarray(x), [0, 4, 1, 5])),
                                  np.add.reduceat(x, [0, 4, 1, 5]))
