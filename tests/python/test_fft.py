"""numpy.fft against NumPy. On the GPU the transforms are cuFFT's; on the CPU they are
scipy.fft's on metallic's threads (or NumPy's, without SciPy), so a second set of tests runs
the GPU path's Python layer (n, axes, s, norm, dtypes) with the one-axis transform stood in
for by NumPy's."""

import types

import numpy as np
import pytest

import metallic as mtl
from metallic import _core

rng = np.random.default_rng(23)


def close(got, want):
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, g.dtype, w.shape, w.dtype)
    tol = 2e-5 if w.dtype in (np.complex64, np.float32) else 1e-12
    np.testing.assert_allclose(g, w, rtol=tol, atol=tol * max(1.0, float(np.max(np.abs(w))) if w.size else 1.0))


def data(shape, dtype):
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def one_axis_by_numpy(x, kind, inverse, n):
    """The core's unnormalised last-axis transform, computed by NumPy."""
    a = np.asarray(x)
    if kind == 0:
        r = np.fft.ifft(a, n, norm="forward") if inverse else np.fft.fft(a, n)
    elif kind == 1:
        r = np.fft.rfft(a, n)
    else:
        r = np.fft.irfft(a, n, norm="forward")
    return mtl.asarray(r)


@pytest.fixture(params=["device", "python layer"])
def path(request, monkeypatch):
    if request.param == "python layer":
        monkeypatch.setattr(mtl.fft, "_native", lambda a, out: out is None and a.ndim > 0)
        monkeypatch.setattr(mtl.fft, "_core", types.SimpleNamespace(astype=_core.astype, fft_last=one_axis_by_numpy))
    return request.param


ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]


@pytest.mark.parametrize("name", ONE_D)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.complex64, np.int32])
@pytest.mark.parametrize("norm", [None, "backward", "ortho", "forward"])
def test_one_axis(name, dtype, norm, path):
    if name in ("rfft", "ihfft") and np.dtype(dtype).kind == "c":
        return
    x = data((4, 6, 9), dtype)
    fn, ref = getattr(mtl.fft, name), getattr(np.fft, name)
    for axis in (-1, 0, 1):
        for n in (None, 5, 12):
            close(fn(mtl.asarray(x), n=n, axis=axis, norm=norm), ref(x, n=n, axis=axis, norm=norm))


@pytest.mark.parametrize("name", ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"])
@pytest.mark.parametrize("norm", [None, "ortho"])
def test_several_axes(name, norm, path):
    x = data((4, 6, 8), np.complex128 if name.startswith("i") and "rfft" in name else np.float64)
    fn, ref = getattr(mtl.fft, name), getattr(np.fft, name)
    close(fn(mtl.asarray(x), norm=norm), ref(x, norm=norm))
    close(fn(mtl.asarray(x), axes=(0, 2), norm=norm), ref(x, axes=(0, 2), norm=norm))
    close(fn(mtl.asarray(x), s=(3, 10), axes=(1, 2), norm=norm), ref(x, s=(3, 10), axes=(1, 2), norm=norm))
    y = data((5, 7), np.float32)
    close(fn(mtl.asarray(y)), ref(y))


def test_errors(path):
    a = mtl.asarray(data((8,), np.complex128))
    with pytest.raises(ValueError, match="Invalid number"):
        mtl.fft.fft(a, n=0)
    with pytest.raises(ValueError, match="norm"):
        mtl.fft.fft(a, norm="bogus")
    with pytest.raises(IndexError):  # NumPy: IndexError; ours: AxisError, an IndexError too
        mtl.fft.fft(a, axis=1)
    with pytest.raises(ValueError):
        mtl.fft.fftn(a, s=(2, 3), axes=(0,))


def test_helpers(native):
    for n, d in ((8, 1.0), (7, 0.25), (1, 2.0)):
        close(mtl.fft.fftfreq(n, d), np.fft.fftfreq(n, d))
        close(mtl.fft.rfftfreq(n, d), np.fft.rfftfreq(n, d))
    x = np.arange(30.0).reshape(5, 6)
    for axes in (None, 0, 1, (0, 1)):
        close(mtl.fft.fftshift(mtl.asarray(x), axes), np.fft.fftshift(x, axes))
        close(mtl.fft.ifftshift(mtl.asarray(x), axes), np.fft.ifftshift(x, axes))


@pytest.mark.skipif(mtl.get_default_device() != "cpu", reason="the CPU's transforms")
def test_cpu_transforms_run_on_metallic_threads():
    pytest.importorskip("scipy.fft")
    for n in (1, 7, 97, 1000, 1 << 12, 3 * 5 * 7 * 11):
        x = data((3, n), np.complex128)
        before = mtl.fallback_stats().get("fft", 0)
        got = np.asarray(mtl.fft.fft(mtl.asarray(x), axis=-1))
        assert mtl.fallback_stats().get("fft", 0) == before  # not NumPy's
        assert np.array_equal(got, np.fft.fft(x, axis=-1))  # the same pocketfft: bit for bit
        r = data((n, 4), np.float32)
        close(mtl.fft.rfftn(mtl.asarray(r)), np.fft.rfftn(r))
        close(mtl.fft.irfft(mtl.fft.rfft(mtl.asarray(r), axis=0), n, axis=0), np.fft.irfft(np.fft.rfft(r, axis=0), n, axis=0))
    strided = data((8, 10), np.float64)[::2, ::3]
    close(mtl.fft.fft2(mtl.asarray(strided)), np.fft.fft2(strided))
    pending = mtl.asarray(data((16,), np.float64)) * 2.0  # a lazy input
    close(mtl.fft.hfft(pending), np.fft.hfft(np.asarray(pending)))
    half = data((8,), np.float16)  # NumPy keeps float16 where SciPy does not: NumPy's
    close(mtl.fft.irfft(mtl.asarray(half)), np.fft.irfft(half))


@pytest.mark.parametrize("fn", ["fft", "ifft"])
@pytest.mark.parametrize("n", [4, 8, 9, 1000])
def test_complex_transforms_of_real_input_as_numpys(fn, n):
    """Real input to fft/ifft is made complex first, as NumPy's: the same bits for float64,
    and +0.0 imaginary parts at DC and Nyquist (printing and np.angle as NumPy's)."""
    import metallic as mtl
    x = np.random.default_rng(n).standard_normal(n)
    x[:2] = [1.0, 2.0]
    want = getattr(np.fft, fn)(x)
    got = np.asarray(getattr(mtl.fft, fn)(mtl.asarray(x)))
    assert got.dtype == want.dtype and np.array_equal(got.view(float), want.view(float))
    assert str(mtl.fft.fft(mtl.asarray([1.0, 2, 3, 4]))) == str(np.fft.fft(np.array([1.0, 2, 3, 4])))
