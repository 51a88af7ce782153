"""Views share memory, flags are live and honoured by every write, and the in-place
methods (resize, byteswap, the shape setter, real/imag setters, flat) act in place."""

import numpy as np
import pytest

import metallic as mtl
from harness import check, check_raises


def written(fn):
    """fn(xp, a) writes through something made from a; a afterwards."""
    return lambda xp: (lambda a: (fn(xp, a), a)[1])(xp.arange(12.0).reshape(3, 4))


def test_view_shares_memory():
    check(written(lambda xp, a: a.view().__setitem__((0, 0), 5)))
    check(written(lambda xp, a: a.T.view().__setitem__((1, 0), 7)))


@pytest.mark.parametrize("dtype", ["int32", "uint8", "float32", "complex128", "int64", "float16"])
def test_view_as_another_dtype(dtype):
    check(lambda xp: xp.arange(12.0).reshape(3, 4).view(dtype))
    check(lambda xp: xp.arange(12.0).reshape(3, 4)[:, 1:3].view(dtype))
    check(lambda xp: xp.arange(12.0).reshape(4, 3).T.view(dtype))  # last axis strided
    check(lambda xp: xp.array(1.0).view(dtype))
    check(written(lambda xp, a: a.view(dtype).__setitem__((0, 1), 1)))


def test_view_of_bytes_round_trips():
    check(lambda xp: xp.arange(6, dtype=np.int16).view(np.uint8).view(np.int16))
    check(lambda xp: xp.arange(5, dtype=np.uint8)[1:].view(np.int32))


def write_paths():
    return {
        "setitem": lambda xp, a: a.__setitem__(0, 1),
        "setitem mask": lambda xp, a: a.__setitem__(a > 1, 1),
        "setitem index": lambda xp, a: a.__setitem__([0, 1], 1),
        "iadd": lambda xp, a: a.__iadd__(1),
        "out": lambda xp, a: xp.add(a, 1, out=a),
        "fill": lambda xp, a: a.fill(0),
        "sort": lambda xp, a: a.sort(),
        "put": lambda xp, a: xp.put(a, [0], [9.0]),
        "copyto": lambda xp, a: xp.copyto(a, 2.0),
        "flat": lambda xp, a: a.flat.__setitem__(0, 3.0),
        "sum out": lambda xp, a: xp.sum(a.reshape(2, 2), axis=0, out=a[:2]),
        "byteswap": lambda xp, a: a.byteswap(inplace=True),
    }


@pytest.mark.parametrize("path", sorted(write_paths()))
@pytest.mark.parametrize("how", ["flags", "setflags", "broadcast"])
def test_read_only_arrays_refuse_every_write(path, how):
    write = write_paths()[path]

    def make(xp):
        a = xp.arange(4.0)
        if how == "flags":
            a.flags.writeable = False
        elif how == "setflags":
            a.setflags(write=False)
        else:
            a = xp.broadcast_to(xp.arange(4.0), (4,))
        return a

    for xp in (np, mtl):
        a = make(xp)
        with pytest.raises(ValueError):
            write(xp, a)
        assert a.tolist() == [0.0, 1.0, 2.0, 3.0]  # untouched


def test_ufunc_at_refuses_read_only():
    a = mtl.arange(4.0)
    a.flags.writeable = False
    with pytest.raises(ValueError):  # NumPy 2.4 writes: metallic never writes a read-only array
        mtl.add.at(a, [0, 0], 1)
    assert a.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_flags():
    for xp in (np, mtl):
        a = xp.arange(4.0)
        f = a.flags
        a.flags.writeable = False
        assert f.writeable and not a.flags["W"] and not a[1:].flags.writeable  # f: as it was
        assert f.owndata and not a[1:].flags.owndata and a.flags.c_contiguous
        with pytest.raises(ValueError):
            xp.broadcast_to(a, (2, 4)).flags.writeable = True
        v = a[1:]
        with pytest.raises(ValueError):
            v.flags.writeable = True  # its base is read-only
        a.flags.writeable = True
        a[0] = 7.0
        assert a[0] == 7.0


def test_base():
    for xp in (np, mtl):
        a = xp.arange(6.0)
        assert a.base is None and a[1:].base is not None and a.reshape(2, 3).base is not None
        assert a.sum(keepdims=True).base is None and (a + 1).base is None


def test_shares_memory():
    a = mtl.arange(12.0).reshape(3, 4)
    h = np.arange(12.0).reshape(3, 4)
    for f in (lambda x: (x, x[1:]), lambda x: (x[:1], x[1:]), lambda x: (x[:, ::2], x[:, 1::2]),
              lambda x: (x[0], x[:, 0]), lambda x: (x.T, x[2]), lambda x: (x[::-1], x[0, 1:2]),
              lambda x: (x.ravel()[::3], x.ravel()[1::3])):
        for fn in ("shares_memory", "may_share_memory"):
            assert getattr(mtl, fn)(*f(a)) == getattr(np, fn)(*f(h)), (fn, f)
    assert not mtl.shares_memory(a, mtl.arange(3.0)) and not mtl.may_share_memory(a, a.copy())


def test_flat():
    check(lambda xp: xp.arange(12).reshape(3, 4).T.flat[5])
    check(lambda xp: xp.arange(12).reshape(3, 4).flat[2:7])
    check(lambda xp: xp.arange(12).reshape(3, 4).T.flat[[1, 5, 11]])
    check(lambda xp: list(xp.arange(6).reshape(2, 3).flat))
    check(lambda xp: len(xp.arange(6).reshape(2, 3).flat))
    check(written(lambda xp, a: a.flat.__setitem__(slice(2, 9), [-1, -2])))
    check(written(lambda xp, a: a.T.flat.__setitem__([0, 5, 6], 9)))
    check(written(lambda xp, a: setattr(a, "flat", [1.5, 2.5, 3.5])))
    check(lambda xp: xp.asarray(xp.arange(6).reshape(2, 3).T.flat))


def test_shape_setter():
    check(lambda xp: (lambda a: (setattr(a, "shape", (3, 2)), a)[1])(xp.arange(6)))
    check(lambda xp: (lambda a: (setattr(a, "shape", -1), a)[1])(xp.arange(6).reshape(2, 3)))
    check_raises(lambda xp: setattr(xp.arange(6).reshape(2, 3).T, "shape", (6,)), AttributeError)
    check_raises(lambda xp: setattr(xp.arange(6), "shape", (4,)), ValueError)


def test_real_and_imag_are_writable_views():
    z = lambda xp: xp.arange(4) * (1 + 2j)  # noqa: E731
    check(lambda xp: (lambda a: (setattr(a, "imag", 7), a)[1])(z(xp)))
    check(lambda xp: (lambda a: (a.real.__setitem__(1, -3), a)[1])(z(xp)))
    check(lambda xp: (lambda a: (setattr(a, "real", xp.ones(4)), a)[1])(z(xp)))
    check(lambda xp: (lambda a: (setattr(a, "real", 5.0), a)[1])(xp.arange(3.0)))
    check_raises(lambda xp: setattr(xp.arange(3.0), "imag", 1.0), TypeError)
    check_raises(lambda xp: xp.arange(3.0).imag.__setitem__(0, 1.0), ValueError)


@pytest.mark.parametrize("shape", [(6,), (2, 5), (1,), (0,), 3])
def test_resize_in_place(shape):
    def fn(xp):
        a = xp.arange(4.0)
        a.resize(shape, refcheck=False)
        return a
    check(fn)


def test_resize_checks_references():
    for xp in (np, mtl):
        a = xp.arange(4.0)
        v = a[1:]
        with pytest.raises(ValueError):
            a.resize(8)
        with pytest.raises(ValueError):
            v.resize(2, refcheck=False)  # a view does not own its data
        a.resize(8, refcheck=False)
        assert a.shape == (8,)


@pytest.mark.parametrize("dtype", ["int16", "uint32", "int64", "float32", "float64", "complex64", "uint8", "bool"])
def test_byteswap(dtype):
    check(lambda xp: xp.arange(1, 7).astype(dtype).byteswap())
    check(lambda xp: (lambda a: (a.byteswap(inplace=True), a)[1])(xp.arange(1, 13).astype(dtype).reshape(3, 4)[:, ::2]))
    check(lambda xp: xp.arange(1, 7).astype(dtype).byteswap().byteswap())


def test_asarray_copy_false():
    check_raises(lambda xp: xp.asarray([1, 2], copy=False), ValueError)
    check_raises(lambda xp: xp.array(xp.arange(3), dtype=np.float32, copy=False), ValueError)
    for xp in (np, mtl):
        a = xp.arange(3.0)
        assert xp.asarray(a, copy=False) is a and xp.array(a, copy=False) is a
        assert xp.array(a, copy=None) is a and xp.array(a) is not a
