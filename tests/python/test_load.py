"""load: .npy and .npz read on the host, arrays handed back as metallic arrays."""
import numpy as np

import metallic as mtl


def test_npy_and_npz(tmp_path):
    np.save(tmp_path / "a.npy", np.arange(4.0))
    np.savez(tmp_path / "z.npz", a=np.arange(3), words=np.array(["x", "yz"]))
    a = mtl.load(tmp_path / "a.npy")
    assert isinstance(a, mtl.ndarray)
    np.testing.assert_array_equal(np.asarray(a), np.arange(4.0))
    with mtl.load(tmp_path / "z.npz") as z:
        assert z.files == ["a", "words"] and sorted(z) == ["a", "words"] and "a" in z and len(z) == 2
        assert isinstance(z["a"], mtl.ndarray) and z["a"].dtype == np.int64
        assert isinstance(z["words"], np.ndarray) and z["words"].tolist() == ["x", "yz"]  # NumPy's dtype


def test_mmap_modes(tmp_path):
    path = tmp_path / "m.npy"
    np.save(path, np.arange(5.0))
    r = mtl.load(path, mmap_mode="r")
    assert isinstance(r, mtl.ndarray) and not r.flags.writeable
    w = mtl.load(path, mmap_mode="r+")  # writes must reach the file: NumPy's memmap
    assert isinstance(w, np.memmap)
    w[0] = 42.0
    w.flush()
    del w
    assert float(mtl.load(path)[0]) == 42.0
