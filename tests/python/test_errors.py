"""NumPy's exception types, and failed operations leave arrays intact."""

import numpy as np
import pytest

from harness import check, check_raises, make
import metallic as mtl


@pytest.mark.parametrize("s1,s2", [((3,), (4,)), ((2, 3), (3, 2)), ((2, 1, 3), (4, 3, 2)),
                                   ((0,), (2,))], ids=str)
@pytest.mark.parametrize("name", ["add", "multiply", "less", "arctan2", "where", "maximum"])
def test_shape_mismatch(name, s1, s2):
    def fn(xp):
        a, b = make(xp, s1, "float64", seed=1), make(xp, s2, "float64", seed=2)
        if name == "where":
            return xp.where(a > 0, a, b)
        return getattr(xp, name)(a, b)
    check(fn)


def test_shape_mismatch_is_value_error():
    check_raises(lambda xp: xp.ones(3) + xp.ones(4), ValueError)
    check_raises(lambda xp: xp.ones((2, 3)) * xp.ones((3, 2)), ValueError)


@pytest.mark.parametrize("bad", ["bogus", "float", "int", "floaty32", 1.5, "i9"], ids=repr)
@pytest.mark.parametrize("func", ["zeros", "ones", "empty", "arange", "asarray"])
def test_invalid_dtype(func, bad):
    args = ([1, 2],) if func == "asarray" else (3,)
    check(lambda xp: getattr(xp, func)(*args, dtype=bad).dtype)


def test_invalid_dtype_is_type_error():
    check_raises(lambda xp: xp.zeros(3, dtype="bogus"), TypeError)


@pytest.mark.parametrize("newshape", [(4,), (5, 5), (-1, 5), (-1, -1), (2, -2)], ids=str)
def test_reshape_wrong_size(newshape):
    check(lambda xp: make(xp, (2, 3), "float64").reshape(newshape))


def test_reshape_wrong_size_is_value_error():
    check_raises(lambda xp: xp.ones(6).reshape(4), ValueError)


@pytest.mark.parametrize("index", [3, -4, (0, 3), (3, 0)], ids=str)
def test_out_of_bounds_index_error(index):
    check_raises(lambda xp: xp.ones((3, 3))[index], IndexError)


def test_too_many_indices_index_error():
    check_raises(lambda xp: xp.ones((3, 3))[0, 0, 0], IndexError)
    check_raises(lambda xp: xp.ones(())[0], IndexError)


@pytest.mark.parametrize("name", ["sum", "max", "argmin", "mean"])
def test_bad_axis_axis_error(name):
    check_raises(lambda xp: getattr(xp, name)(xp.ones((2, 3)), axis=2), np.exceptions.AxisError)
    check_raises(lambda xp: getattr(xp, name)(xp.ones((2, 3)), axis=-3), np.exceptions.AxisError)


@pytest.mark.parametrize("case", ["squeeze", "expand_dims", "transpose", "swapaxes", "cumsum"])
def test_bad_axis_shape_ops(case):
    def fn(xp):
        a = make(xp, (2, 3), "float32")
        return {"squeeze": lambda: xp.squeeze(a, axis=0),
                "expand_dims": lambda: xp.expand_dims(a, 4),
                "transpose": lambda: xp.transpose(a, (0, 2)),
                "swapaxes": lambda: xp.swapaxes(a, 0, 2),
                "cumsum": lambda: xp.cumsum(a, axis=-3)}[case]()
    check(fn)


@pytest.mark.parametrize("case", ["bitwise_float", "invert_float", "shift_float", "gcd_float",
                                  "sub_bool", "neg_bool", "fabs_complex", "int_neg_power",
                                  "floor_complex", "same_kind_out", "same_kind_inplace"])
def test_type_errors(case):
    def fn(xp):
        f = make(xp, (3,), "float64")
        i = make(xp, (3,), "int32")
        b = make(xp, (3,), "bool")
        c = make(xp, (3,), "complex128")
        return {"bitwise_float": lambda: f & f, "invert_float": lambda: ~f,
                "shift_float": lambda: xp.left_shift(f, 1), "gcd_float": lambda: xp.gcd(f, f),
                "sub_bool": lambda: b - b, "neg_bool": lambda: -b,
                "fabs_complex": lambda: xp.fabs(c),
                "int_neg_power": lambda: i ** xp.asarray([1, -2, 3], dtype="int32"),
                "floor_complex": lambda: xp.floor(c),
                "same_kind_out": lambda: xp.add(f, f, out=i),
                "same_kind_inplace": lambda: i.__iadd__(f)}[case]()
    check(fn)


# ---------------------------------------------------------------------------
# a failed call leaves every array intact


def _snapshot(*arrays):
    return [np.array(np.asarray(a), copy=True) for a in arrays]


@pytest.mark.parametrize("case", range(9))
def test_failed_call_leaves_arrays_intact(case):
    a = make(mtl, (3, 4), "float64", seed=1)
    i = make(mtl, (3, 4), "int32", seed=2)
    u = make(mtl, (3,), "uint8", seed=3)
    lazy = a * 2 + 1  # pending work, if any, must survive the failure too
    before = _snapshot(a, i, u, lazy)
    ops = [lambda: a + mtl.ones(5),
           lambda: i.__iadd__(a),
           lambda: u.__iadd__(300),
           lambda: a.reshape(5, 5),
           lambda: mtl.add(a, a, out=mtl.zeros((2, 2))),
           lambda: a[7],
           lambda: a.__setitem__((slice(None), 0), mtl.ones(4)),
           lambda: i.sum(axis=5),
           lambda: mtl.add(a, a, out=i)]
    with pytest.raises((ValueError, TypeError, IndexError, OverflowError)):
        ops[case]()
    for x, want in zip((a, i, u, lazy), before):
        np.testing.assert_array_equal(np.asarray(x), want)
    # and the arrays are still usable
    np.testing.assert_allclose(np.asarray(a + 1), before[0] + 1)


def test_error_message_names_the_problem():
    with pytest.raises(ValueError) as info:
        mtl.ones(6).reshape(4)
    msg = str(info.value)
    assert "6" in msg and "4" in msg
    with pytest.raises(ValueError) as info:
        mtl.ones(3) + mtl.ones(4)
    assert "3" in str(info.value) and "4" in str(info.value)


def test_default_device_is_the_gpu_when_usable_else_the_cpu():
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "METALLIC_DEVICE"}
    out = subprocess.run([sys.executable, "-c", "import metallic as m; print(m.get_default_device())"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert out == ("cuda:0" if mtl.cuda.is_available() else "cpu")


@pytest.mark.parametrize("make_huge", [lambda: mtl.zeros(10**15), lambda: mtl.ones((10**8, 10**8)),
                                       lambda: mtl.empty(10**13, dtype="complex128")])
def test_huge_requests_raise_memory_error_at_once_and_later_calls_work(make_huge):
    with pytest.raises(MemoryError, match="bytes"):
        make_huge()
    np.testing.assert_array_equal(np.asarray(mtl.arange(4.0) + 1), np.arange(4.0) + 1)


@pytest.mark.parametrize("call", [lambda m: m.sin("a"), lambda m: m.add(np.array([b"x"]), 1),
                                  lambda m: m.sin(None), lambda m: m.asarray(np.array(["a"])) + 1])
def test_unsupported_element_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call(np)
    with pytest.raises(TypeError):
        call(mtl)


def test_a_missing_gpu_library_falls_back_to_the_cpu_with_its_reason():
    """Where the CUDA backend (or NVRTC, which it links) cannot be loaded, metallic runs on
    the CPU and says why; asking for the GPU then raises ValueError naming the cause."""
    import os
    import subprocess
    import sys
    child = ("import metallic as m\n"
             "print(m.cuda.is_available(), m.get_default_device(), float(m.arange(5.0).sum()))\n"
             "print(m.cuda.unavailable_reason())\n"
             "try:\n    m.ones(3, device='cuda')\nexcept ValueError as e:\n    print('ValueError', e)\n")
    env = {k: v for k, v in os.environ.items() if k != "METALLIC_DEVICE"}
    env["METALLIC_CUDA_LIBRARY"] = "/nonexistent/libmetallic_cuda.so"
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines[0] == "False cpu 10.0"
    assert "/nonexistent/libmetallic_cuda.so" in lines[1]
    assert lines[2].startswith("ValueError") and "not available" in lines[2]
    env["METALLIC_DEVICE"] = "cuda"
    bad = subprocess.run([sys.executable, "-c", "import metallic as m; m.ones(2)"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "METALLIC_DEVICE=cuda but CUDA is not available" in bad.stderr


def test_nvrtc_missing_at_run_time_falls_back_to_the_cpu(tmp_path):
    """The CUDA backend as built, but with its NVRTC dependency renamed to a library no
    machine has: metallic loads without it, computes on the CPU and names the cause."""
    import os
    import pathlib
    import subprocess
    import sys
    built = pathlib.Path(mtl.__file__).parent / "libmetallic_cuda.so"
    if not built.exists():
        pytest.skip("this build has no CUDA backend")
    image = built.read_bytes()
    if b"libnvrtc.so." not in image:
        pytest.skip("the CUDA backend does not link NVRTC by name")
    broken = tmp_path / "libmetallic_cuda.so"
    broken.write_bytes(image.replace(b"libnvrtc.so.", b"libnvrtX.so."))  # same length: the ELF stays valid
    env = {k: v for k, v in os.environ.items() if k != "METALLIC_DEVICE"}
    env["METALLIC_CUDA_LIBRARY"] = str(broken)
    child = ("import metallic as m\n"
             "print(m.cuda.is_available(), m.get_default_device(), float(m.arange(5.0).sum()))\n"
             "print(m.cuda.unavailable_reason())\n")
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines[0] == "False cpu 10.0"
    assert str(broken) in lines[1]
    try:  # where the driver is present, the missing library is the first one the loader names
        import ctypes
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        return
    assert "libnvrtX.so." in lines[1]
