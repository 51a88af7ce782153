"""Matrix products: matmul (``@``), dot and tensordot. Floating and complex products run on
the device's BLAS: cuBLAS on the GPU, OpenBLAS on the CPU (the scipy-openblas32 wheel's, or
else the one inside NumPy's wheel). Integer and boolean products are composed on the device:
broadcast products summed over blocks of the inner dimension, in the result's dtype
(integers wrapping as NumPy's; OR of ANDs for bool). kron and cross are composed from
elementwise products."""

import functools
import glob
import math
import operator
import os

import numpy as _np

from . import _core
from ._device import device as _on
from ._fallback import call_numpy
from ._scalars import returns_scalar, scalar_result

__all__ = ["matmul", "dot", "vdot", "inner", "outer", "tensordot", "einsum", "einsum_path", "kron", "cross",
           "vecdot", "matvec", "vecmat"]


_blas_searched = False


def find_blas():
    """The CPU's CBLAS (and the LAPACK in it), found once: scipy-openblas32, else NumPy's
    bundled OpenBLAS."""
    global _blas_searched
    if _blas_searched:
        return
    _blas_searched = True
    if _core.blas_library():
        return
    candidates = []
    try:
        import scipy_openblas32 as s
        candidates.append(os.path.join(s.get_lib_dir(), f"lib{s.get_library()}.so"))
    except ImportError:
        pass
    candidates += sorted(glob.glob(os.path.join(os.path.dirname(_np.__file__), os.pardir, "numpy.libs",
                                                "libscipy_openblas*.so")))
    for path in candidates:
        if _core.set_blas_library(path):
            return


def _native(a, b):
    find_blas()
    if not all(isinstance(x, (_core.ndarray, _np.ndarray, list, tuple)) for x in (a, b)):
        return None
    r = _core.matmul_native(a, b)
    return _exact_matmul(a, b) if r is None else r


_SIGNATURE = "gufunc signature (n?,k),(k,m?)->(n?,m?)"


def _exact_matmul(a, b):
    """matmul for integer and bool operands (None for other dtypes): the products of each
    block of the inner dimension broadcast and summed (ORed for bool) in the result's dtype,
    blocks sized to about 2^24 products."""
    import metallic as m
    from ._convert import asarray_any, on_device_of
    a = asarray_any(a)
    b = on_device_of(b, a)
    t = _np.result_type(a.dtype, b.dtype)
    if t.kind not in "biu":
        return None
    for i, x in enumerate((a, b)):
        if x.ndim == 0:
            raise ValueError(f"matmul: Input operand {i} does not have enough dimensions (has 0, gufunc core with "
                             f"signature (n?,k),(k,m?)->(n?,m?) requires 1)")
    A = a[None, :] if a.ndim == 1 else a
    B = b[:, None] if b.ndim == 1 else b
    if A.shape[-1] != B.shape[-2]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with {_SIGNATURE} "
                         f"(size {B.shape[-2]} is different from {A.shape[-1]})")
    A, B = A.astype(t), B.astype(t)
    batch = tuple(_np.broadcast_shapes(A.shape[:-2], B.shape[:-2]))
    rows, k, cols = A.shape[-2], A.shape[-1], B.shape[-1]
    block = max(1, (1 << 24) // max(1, math.prod(batch) * rows * cols))
    acc = None
    for k0 in range(0, k, block):
        prod = A[..., :, k0:k0 + block, None] * B[..., None, k0:k0 + block, :]
        part = m.any(prod, axis=-2) if t.kind == "b" else m.sum(prod, axis=-2, dtype=t)
        acc = part if acc is None else (acc | part if t.kind == "b" else acc + part)
    if acc is None:
        with _on(a._device):
            acc = m.zeros(batch + (rows, cols), dtype=t)
    acc = m.broadcast_to(acc, batch + (rows, cols))
    if a.ndim == 1:
        acc = acc[..., 0, :]
    if b.ndim == 1:
        acc = acc[..., 0]
    return acc


def _ndim(x):
    return x.ndim if isinstance(x, (_core.ndarray, _np.ndarray)) else _np.ndim(x)


@returns_scalar
def matmul(x1, x2, /, out=None, **kwargs):
    if isinstance(out, tuple) and len(out) == 1:
        out = out[0]  # as NumPy's ufunc protocol passes it
    r = _native(x1, x2) if not kwargs else None
    if r is None:
        return call_numpy(_np.matmul, (x1, x2), dict(kwargs, **({"out": out} if out is not None else {})))
    if out is not None:
        if not isinstance(out, _core.ndarray) or out.shape != r.shape:
            raise ValueError(f"matmul: out must be a metallic array of shape {r.shape}")
        _core.copyto(out, r, "same_kind")
        return out
    return r


@returns_scalar
def dot(a, b, out=None):
    """NumPy's dot: matmul for operands of one or two dimensions (as NumPy defines it)."""
    if 1 <= _ndim(a) <= 2 and 1 <= _ndim(b) <= 2:
        r = _native(a, b)
        if r is not None:
            if out is not None:
                _core.copyto(out, r, "no")  # NumPy's dot: out must match exactly
                return out
            return r
    return call_numpy(_np.dot, (a, b), {} if out is None else {"out": out})


@returns_scalar
def vdot(a, b, /):
    """NumPy's vdot: the flattened operands' dot product, the first one conjugated."""
    a, b = _core.asarray(a), _core.asarray(b)
    if a.size != b.size:
        raise ValueError("vdot: the two arrays must have the same number of elements")
    return dot(_conj(_core.ravel(a, "C")), _core.ravel(b, "C"))


def _conj(x):
    return _core.ufunc("conjugate", [x], None)[0] if x.dtype.kind == "c" else x


@returns_scalar
def inner(a, b, /):
    """NumPy's inner: a sum over both operands' last axes (a product where one is 0-d)."""
    a, b = _core.asarray(a), _core.asarray(b)
    if a.ndim == 0 or b.ndim == 0:
        return _core.ufunc("multiply", [a, b], None)[0]
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"shapes {a.shape} and {b.shape} not aligned: {a.shape[-1]} (dim {a.ndim - 1}) != "
                         f"{b.shape[-1]} (dim {b.ndim - 1})")
    return tensordot(a, b, axes=([-1], [-1]))


def outer(a, b, out=None):
    """NumPy's outer: every element of the flattened a times every one of the flattened b."""
    a, b = _core.asarray(a), _core.asarray(b)
    column = _core.reshape(a, (-1, 1), "C")
    row = _core.reshape(b, (1, -1), "C")
    r = _core.ufunc("multiply", [column, row], None)[0]
    if out is not None:
        _core.copyto(out, r, "same_kind")
        return out
    return r


def tensordot(a, b, axes=2):
    """NumPy's tensordot: the summed axes moved together and one matrix product."""
    a, b = _core.asarray(a), _core.asarray(b)
    try:
        iter(axes)
    except TypeError:  # an int n: a's last n axes against b's first n (NumPy's ranges, n < 0 too)
        n = operator.index(axes)
        axes_a, axes_b = list(range(-n, 0)), list(range(0, n))
    else:
        axes_a, axes_b = axes
        axes_a = [operator.index(axes_a)] if _np.ndim(axes_a) == 0 else [operator.index(v) for v in axes_a]
        axes_b = [operator.index(axes_b)] if _np.ndim(axes_b) == 0 else [operator.index(v) for v in axes_b]
    if any(not -a.ndim <= ax < a.ndim for ax in axes_a) or any(not -b.ndim <= ax < b.ndim for ax in axes_b):
        raise ValueError("shape-mismatch for sum")
    if len(axes_a) != len(axes_b):
        raise ValueError("shape-mismatch for sum")
    axes_a = [ax + a.ndim if ax < 0 else ax for ax in axes_a]
    axes_b = [ax + b.ndim if ax < 0 else ax for ax in axes_b]
    if any(a.shape[i] != b.shape[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError("shape-mismatch for sum")
    keep_a = [k for k in range(a.ndim) if k not in axes_a]
    keep_b = [k for k in range(b.ndim) if k not in axes_b]
    inner = math.prod(a.shape[i] for i in axes_a)
    at = _core.reshape(_core.transpose(a, keep_a + axes_a), (math.prod(a.shape[i] for i in keep_a), inner), "C")
    bt = _core.reshape(_core.transpose(b, axes_b + keep_b), (inner, math.prod(b.shape[i] for i in keep_b)), "C")
    r = matmul(at, bt)
    return _core.reshape(r, tuple(a.shape[i] for i in keep_a) + tuple(b.shape[i] for i in keep_b), "C")


# ---- einsum: traces and sums over one operand, batched matrix products between two --------

def _expand_ellipsis(subscripts, xs):
    """subscripts with each '...' spelled out in unused letters (right-aligned, as NumPy
    broadcasts them), and the operands with those axes broadcast to one size; None where
    the string is not of that form (NumPy then explains)."""
    import metallic as m
    from string import ascii_letters
    s = subscripts.replace(" ", "")
    ins, arrow, out = s.partition("->")
    terms = ins.split(",")
    if len(terms) != len(xs) or any(t.replace("...", "").count(".") for t in terms + [out]):
        return None
    free = [c for c in ascii_letters if c not in s]
    counts = [x.ndim - len(t.replace("...", "")) if "..." in t else 0 for x, t in zip(xs, terms)]
    width = max(counts, default=0)
    if min(counts, default=0) < 0 or width > len(free):
        return None
    ell = "".join(free[:width])
    sizes = {}
    for x, t, k in zip(xs, terms, counts):
        for c, size in zip(ell[width - k:], x.shape[t.index("..."):t.index("...") + k] if k else ()):
            if size != 1:
                if sizes.get(c, size) != size:
                    return None
                sizes[c] = size
    new_terms, new_xs = [], []
    for x, t, k in zip(xs, terms, counts):
        if "..." in t:
            at = t.index("...")
            shape = list(x.shape)
            for j, c in enumerate(ell[width - k:]):
                shape[at + j] = sizes.get(c, 1)
            x = m.broadcast_to(x, tuple(shape))
            t = t.replace("...", ell[width - k:])
        new_terms.append(t)
        new_xs.append(x)
    if arrow:
        out = out.replace("...", ell)
    else:  # implicit mode: the broadcast axes, then the letters seen once, alphabetically
        once = "".join(sorted(c for c in set(ins) if c.isalpha() and ins.count(c) == 1))
        out = ell + once
    return ",".join(new_terms) + "->" + out, new_xs


def _parse_einsum(subscripts, n):
    s = subscripts.replace(" ", "")
    if "." in s:
        return None
    ins, arrow, out = s.partition("->")
    terms = ins.split(",")
    if len(terms) != n or not all(t.isalpha() or not t for t in terms) or (arrow and not (out.isalpha() or not out)):
        return None
    if not arrow:  # implicit mode: the letters seen once, in alphabetical order
        counts = {}
        for t in terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        out = "".join(sorted(c for c, k in counts.items() if k == 1))
    if len(set(out)) != len(out) or any(c not in ins for c in out):
        return None
    return terms, out


def _einsum_one(x, term, keep):
    """x (labels term) reduced to the labels in keep (in term's order), diagonals taken for
    a repeated label; None where that is not possible."""
    from . import sum as _sum
    from ._manipulation import diagonal
    while len(set(term)) != len(term):
        c = next(c for c in term if term.count(c) > 1)
        i, j = term.index(c), term.index(c, term.index(c) + 1)
        if x.shape[i] != x.shape[j]:
            return None
        x = diagonal(x, 0, i, j)  # the label moves to the end
        term = "".join(t for k, t in enumerate(term) if k not in (i, j)) + c
    drop = tuple(k for k, c in enumerate(term) if c not in keep)
    if drop:  # in the operand's own dtype, as NumPy's einsum (no widening of small ints)
        from . import any as _any
        x = _any(x, axis=drop) if x.dtype == _np.bool_ else _sum(x, axis=drop, dtype=x.dtype)
        term = "".join(c for c in term if c in keep)
    return x, term


def _k_order(out, operands):
    """out's labels, slowest first, in the layout NumPy's iterator gives a new result
    (order 'K'): two labels swapped where every operand (array, labels) spanning both has
    them the other way round, kept as in out where none spans both (NumPy's insertion
    sort, over the axes fastest first)."""
    def stride(c, x, t):
        k = t.find(c)
        return 0 if k < 0 or x.shape[k] == 1 else abs(x.strides[k])
    perm = list(reversed(out))
    for i in range(1, len(perm)):
        pos = i
        for j in range(i - 1, -1, -1):
            pairs = [(stride(perm[i], x, t), stride(perm[j], x, t)) for x, t in operands]
            decided = [s1 > s0 for s0, s1 in pairs if s0 and s1]
            if decided:
                if not all(decided):
                    break
                pos = j
        perm.insert(pos, perm.pop(i))
    return "".join(reversed(perm))


def _einsum_two(a, ta, b, tb, out):
    """Labels in both and in out: batch; in both, not in out: contracted; in one and in
    out: that operand's free labels. One batched matmul; with nothing contracted, a
    broadcast product, laid out as NumPy's einsum lays it out."""
    batch = [c for c in ta if c in tb and c in out]
    contract = [c for c in ta if c in tb and c not in out]
    fa = [c for c in ta if c not in tb]
    fb = [c for c in tb if c not in ta]
    size = {}
    for t, x in ((ta, a), (tb, b)):
        for c, n in zip(t, x.shape):
            if size.setdefault(c, n) != n:
                return None
    if not contract:
        order = _k_order(out, ((a, ta), (b, tb)))
        def spread(x, t):  # x's axes in that order, size 1 for the other operand's labels
            x = _core.transpose(x, [t.index(c) for c in order if c in t])
            return _core.reshape(x, tuple(size[c] if c in t else 1 for c in order), "C")
        return _core.ufunc("multiply", [spread(a, ta), spread(b, tb)], None)[0], order
    pa = _core.transpose(a, [ta.index(c) for c in batch + fa + contract])
    pb = _core.transpose(b, [tb.index(c) for c in batch + contract + fb])
    prod = lambda cs: math.prod(size[c] for c in cs)  # noqa: E731
    A = _core.reshape(pa, (prod(batch), prod(fa), prod(contract)), "C")
    B = _core.reshape(pb, (prod(batch), prod(contract), prod(fb)), "C")
    r = matmul(A, B)
    labels = batch + fa + fb
    r = _core.reshape(r, tuple(size[c] for c in labels), "C")
    return r, "".join(labels)


def einsum(subscripts, *operands, out=None, dtype=None, order="K", casting="safe", optimize=False):
    """NumPy's einsum for labels and '...': one operand by diagonals and sums, more by
    pairwise batched matrix products (each operand reduced first to the labels still
    needed), left to right, or with optimize in the steps NumPy's einsum_path plans from the
    shapes. Other forms (the interleaved operand/sublist form) run in NumPy."""
    if isinstance(subscripts, str) and "." in subscripts and operands:
        from ._convert import asarray_any
        expanded = _expand_ellipsis(subscripts, [asarray_any(x) for x in operands])
        if expanded is not None:
            subscripts, operands = expanded[0], tuple(expanded[1])
    parsed = _parse_einsum(subscripts, len(operands)) if isinstance(subscripts, str) and operands else None
    if parsed is None or (out is not None and not isinstance(out, _core.ndarray)):
        return call_numpy(_np.einsum, (subscripts,) + operands, {"out": out, "dtype": dtype, "order": order,
                                                                 "casting": casting, "optimize": optimize})
    terms, final = parsed
    xs = [_core.asarray(x) if isinstance(x, _core.ndarray) else _core.asarray(_np.asarray(x)) for x in operands]
    if dtype is not None:  # the dtype to compute in (Dask passes its kernel dtype)
        for k, x in enumerate(xs):
            if not _np.can_cast(x.dtype, dtype, casting=casting):
                raise TypeError(f"Iterator operand {k} dtype could not be cast from {x.dtype!r} to "
                                f"{_np.dtype(dtype)!r} according to the rule {casting!r}")
        xs = [_core.astype(x, _np.dtype(dtype), False) for x in xs]
    for x, t in zip(xs, terms):
        if x.ndim != len(t):
            raise ValueError(f"einstein sum subscripts string contains too many subscripts for operand "
                             f"{terms.index(t)}")
    if optimize:  # NumPy's steps (from the shapes): its operand order and intermediate labels
        steps = _np.einsum_path(",".join(terms) + "->" + final,
                                *[_np.broadcast_to(_np.empty((), x.dtype), x.shape) for x in xs],
                                optimize=optimize, einsum_call=True)[1]
        xs = list(xs)
        for picked, step, _ in steps:
            ops = [xs.pop(i) for i in picked]
            ts, res = _parse_einsum(step, len(ops))
            r = _einsum_native(ops, ts, res)
            if r is None:
                break
            xs.append(r)
        scalar = not _by_matmul(ops, ts, res)
    else:
        r, scalar = _einsum_native(xs, terms, final), True  # a 0-d result as a scalar, as NumPy's
    if r is None:
        return call_numpy(_np.einsum, (subscripts,) + operands, {"out": out, "optimize": optimize})
    if out is not None:
        _core.copyto(out, r, casting)
        return out
    return scalar_result(r) if scalar else r


def _by_matmul(ops, terms, res):
    """Whether NumPy's einsum (optimize on) does this step with matmul: two operands sharing
    a summed label, of size other than 1 in both (bmm_einsum). Its 0-d result stays an
    array; a step by c_einsum or multiply gives a scalar."""
    if len(ops) != 2:
        return False
    (a, b), (ta, tb) = ops, terms
    return any(c in tb and c not in res and a.shape[ta.index(c)] != 1 and b.shape[tb.index(c)] != 1 for c in ta)


def _einsum_native(xs, terms, final):
    """The einsum of operands xs (labels terms) to the labels final, natively: each operand
    reduced to the labels still needed, then pairwise products left to right; None where
    that is not possible (NumPy then runs it)."""
    def needed(k):  # labels needed after operand k: later operands and the output
        return set(final).union(*[set(t) for t in terms[k + 1:]])
    reduced = _einsum_one(xs[0], terms[0], needed(0) | set("".join(terms[1:])))
    if reduced is None:
        return None
    acc, tacc = reduced
    for k in range(1, len(xs)):
        nxt = _einsum_one(xs[k], terms[k], needed(k) | set(tacc))
        if nxt is None:
            return None
        keep = needed(k)  # in final's order first: the layout where strides leave it open
        out = "".join(dict.fromkeys([c for c in final if c in tacc + nxt[1]] +
                                    [c for c in tacc + nxt[1] if c in keep]))
        step = _einsum_two(acc, tacc, nxt[0], nxt[1], out)
        if step is None:
            return None
        acc, tacc = step
    acc, tacc = _einsum_one(acc, tacc, set(final))
    return _core.transpose(acc, [tacc.index(c) for c in final]) if final else acc


def kron(a, b):
    """NumPy's kron: both operands given as many axes, interleaved, multiplied, and the
    pairs of axes merged."""
    import metallic as m
    from ._convert import asarray_any, on_device_of
    a = asarray_any(a)
    b = on_device_of(b, a)
    nda, ndb = a.ndim, b.ndim
    if nda == 0 or ndb == 0:
        return m.multiply(a, b)
    nd = max(nda, ndb)
    as_ = (1,) * max(0, ndb - nda) + tuple(a.shape)
    bs = (1,) * max(0, nda - ndb) + tuple(b.shape)
    a_arr = m.expand_dims(a, axis=tuple(range(ndb - nda))) if ndb > nda else a
    b_arr = m.expand_dims(b, axis=tuple(range(nda - ndb))) if nda > ndb else b
    a_arr = m.expand_dims(a_arr, axis=tuple(range(1, nd * 2, 2)))
    b_arr = m.expand_dims(b_arr, axis=tuple(range(0, nd * 2, 2)))
    return m.multiply(a_arr, b_arr).reshape(tuple(x * y for x, y in zip(as_, bs)))


@functools.cache
def _numpy_crosses_2d():
    """Whether the NumPy installed still takes 2-component vectors in cross (deprecated in
    NumPy 2.0, an error later): metallic follows it."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            _np.cross(_np.zeros(2), _np.zeros(2))
        return True
    except ValueError:
        return False


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """NumPy's cross product of vectors of 2 or 3 components along the given axes."""
    import warnings
    import metallic as m
    from ._convert import asarray_any, on_device_of
    a = asarray_any(a)
    b = on_device_of(b, a)
    if axis is not None:
        axisa = axisb = axisc = axis
    norm = _np.lib.array_utils.normalize_axis_index
    a = m.moveaxis(a, norm(axisa, a.ndim, msg_prefix="axisa"), -1)
    b = m.moveaxis(b, norm(axisb, b.ndim, msg_prefix="axisb"), -1)
    na, nb = a.shape[-1], b.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    if (na == 2 or nb == 2) and not _numpy_crosses_2d():
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but they are "
                         f"{na} and {nb} dimensional instead.")
    if na == 2 or nb == 2:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of 3-dimensional vectors instead. "
                      "(deprecated in NumPy 2.0)", DeprecationWarning, stacklevel=2)
    shape = tuple(_np.broadcast_shapes(a.shape[:-1], b.shape[:-1]))
    t = _np.promote_types(a.dtype, b.dtype)
    a, b = a.astype(t), b.astype(t)
    a0, a1, b0, b1 = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    third = a0 * b1 - a1 * b0
    if na == 2 and nb == 2:
        return m.broadcast_to(third, shape)
    a2 = a[..., 2] if na == 3 else None
    b2 = b[..., 2] if nb == 3 else None
    if na == 3 and nb == 3:
        first, second = a1 * b2 - a2 * b1, a2 * b0 - a0 * b2
    elif na == 3:  # b's third component is zero
        first, second = -(a2 * b1), a2 * b0
    else:  # a's third component is zero
        first, second = a1 * b2, -(a0 * b2)
    cp = m.stack([m.broadcast_to(x, shape) for x in (first, second, third)], axis=-1).astype(t)
    return m.moveaxis(cp, -1, norm(axisc, len(shape) + 1, msg_prefix="axisc"))


def einsum_path(subscripts, *operands, optimize="greedy", einsum_call=False):
    """NumPy's contraction order, worked out from the operands' shapes and dtypes alone:
    metallic arrays are stood in for by NumPy arrays of their shape over one element
    (zero strides), so nothing is copied to the host."""
    def stand_in(x):
        if isinstance(x, _core.ndarray):
            return _np.lib.stride_tricks.as_strided(_np.zeros(1, x.dtype), x.shape, (0,) * x.ndim)
        return x
    return _np.einsum_path(subscripts, *map(stand_in, operands), optimize=optimize, einsum_call=einsum_call)


from ._gufuncs import matvec, vecdot, vecmat  # noqa: E402,F401  (built on matmul, above)
