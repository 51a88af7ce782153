"""metallic.testing: NumPy's assertions accept metallic arrays (as `np.testing` does NumPy's),
fail where NumPy's fail, and the helpers that run a callable see its arguments unchanged."""
import numpy as np
import pytest

import metallic as mtl


@pytest.mark.parametrize("name, good, bad", [
    ("assert_equal", (mtl.arange(3), mtl.arange(3)), (mtl.arange(3), mtl.arange(1, 4))),
    ("assert_equal", ({"a": mtl.arange(2)}, {"a": [0, 1]}), ({"a": mtl.arange(2)}, {"a": [0, 2]})),
    ("assert_almost_equal", (mtl.arange(3.0), [0, 1, 2.0000001]), (mtl.arange(3.0), [0, 1, 2.1])),
    ("assert_array_equal", (mtl.arange(3), np.arange(3)), (mtl.arange(3), np.arange(3) * 2)),
    ("assert_array_almost_equal", (mtl.ones(2), [1.0, 1.0000001]), (mtl.ones(2), [1.0, 1.1])),
    ("assert_allclose", (mtl.ones(3), 1), (mtl.ones(3), 2)),
    ("assert_array_less", (mtl.arange(3), mtl.arange(1, 4)), (mtl.arange(3), mtl.arange(3))),
    ("assert_array_max_ulp", (mtl.ones(2), mtl.ones(2)), (mtl.ones(2), mtl.ones(2) * 2)),
])
def test_assertions_pass_and_fail_as_numpys(name, good, bad):
    getattr(mtl.testing, name)(*good)
    with pytest.raises(AssertionError):
        getattr(mtl.testing, name)(*bad)


def test_assert_warns_sees_the_warnings_of_lazy_work():
    with mtl.testing.assert_warns(RuntimeWarning):
        r = mtl.ones(2) / 0
    assert np.isinf(np.asarray(r)).all()
    mtl.testing.assert_warns(RuntimeWarning, lambda: mtl.log(mtl.zeros(3)))
    with mtl.testing.assert_no_warnings():
        mtl.ones(2) / 1


def test_helpers_and_names_are_numpys():
    import metallic.testing as t
    assert t is mtl.testing
    with mtl.testing.assert_raises(ValueError):
        mtl.reshape(mtl.arange(3), 2)
    assert mtl.testing.TestCase is np.testing.TestCase
    assert set(dir(np.testing)) <= set(dir(mtl.testing))
