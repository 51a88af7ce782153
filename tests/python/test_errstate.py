"""Floating-point error state: the warnings, errors and callbacks NumPy gives, from
metallic's kernels (plain, fused and casts) on the device under test."""
import warnings

import numpy as np
import pytest

import metallic as mtl

# (Subnormal inputs left out: whether libm flags underflow for them differs by function.)
RICH = [0.0, -0.0, 1.0, -1.0, 2.5, 0.5, np.inf, -np.inf, np.nan, 1e300, -1e300, 700.0,
        -800.0, 1e-300]


def raised(fn, xp, **state):
    """The FloatingPointError texts fn(xp) gives with each condition alone set to raise."""
    out = set()
    for cond in ("divide", "over", "under", "invalid"):
        kw = {c: "ignore" for c in ("divide", "over", "under", "invalid")}
        kw[cond] = "raise"
        try:
            with xp.errstate(**kw):
                r = fn(xp)
                if isinstance(r, tuple):
                    [np.asarray(x) for x in r]
                else:
                    np.asarray(r)
        except FloatingPointError as e:
            out.add(str(e))
    return out


def warned(fn, xp):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = fn(xp)
        [np.asarray(x) for x in (r if isinstance(r, tuple) else (r,))]
    return {str(x.message) for x in w if issubclass(x.category, RuntimeWarning) and "encountered" in str(x.message)}


UNARY = ["sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
         "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
         "reciprocal", "square", "negative", "absolute", "floor", "rint", "degrees", "cbrt", "spacing"]
BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "power",
          "arctan2", "hypot", "maximum", "fmin", "logaddexp", "copysign", "float_power"]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", UNARY)
def test_unary_conditions(name, dtype):
    # One element at a time: each value's conditions, as NumPy raises them.
    for v in RICH:
        fn = lambda xp: getattr(xp, name)(xp.asarray([v, v], dtype=dtype))  # noqa: E731
        assert raised(fn, mtl) == raised(fn, np), (name, v)


@pytest.mark.parametrize("name", BINARY)
def test_binary_conditions(name):
    vals = [0.0, 1.0, -1.0, np.inf, np.nan, 1e300, 1e-300, 2.0, -0.5]
    for a in vals:
        fn = lambda xp: getattr(xp, name)(xp.asarray([a] * 3), xp.asarray(vals[:3]))  # noqa: E731
        assert raised(fn, mtl) == raised(fn, np), (name, a)


@pytest.mark.parametrize("name", ["floor_divide", "remainder", "fmod", "divmod"])
@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16])
def test_integer_division(name, dtype):
    lo = np.iinfo(dtype).min
    fn = lambda xp: getattr(xp, name)(xp.asarray([lo, 5, 7], dtype=dtype), xp.asarray([-1 if lo else 1, 0, 2], dtype=dtype))  # noqa: E731
    assert raised(fn, mtl) == raised(fn, np)
    assert warned(fn, mtl) == warned(fn, np)


@pytest.mark.parametrize("to", [np.float32, np.float16, np.int64, np.int32, np.int8, np.uint64])
def test_cast_conditions(to):
    for v in [1e300, 1e6, 3e9, 300.0, -1.0, np.nan, np.inf, 1e-40, 1e-50, 2.5]:
        fn = lambda xp: xp.asarray([v, v]).astype(to)  # noqa: E731
        assert raised(fn, mtl) == raised(fn, np), (to, v)


def test_default_warnings_and_fused_chain():
    a = lambda xp: xp.asarray([1.0, 0.0, -1.0, 2.0])  # noqa: E731
    fn = lambda xp: xp.sqrt(xp.log(a(xp)) / (a(xp) * 0))  # noqa: E731  several steps, one pass
    assert warned(fn, mtl) == warned(fn, np)
    fn = lambda xp: xp.exp(a(xp) * 1000) - xp.exp(a(xp) * 1000)  # noqa: E731
    assert warned(fn, mtl) == warned(fn, np)
    fn = lambda xp: xp.asarray([60000.0], dtype=np.float16) * xp.asarray([2.0], dtype=np.float16)  # noqa: E731
    assert warned(fn, mtl) == warned(fn, np)


def test_raise_comes_from_the_call():
    a, z = mtl.ones(3), mtl.zeros(3)
    with mtl.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in divide"):
            a / z
        b = a + z  # nothing raised: computed and fine
    np.testing.assert_array_equal(np.asarray(b), np.ones(3))
    assert np.asarray(a).tolist() == [1.0] * 3  # inputs intact


def test_ignore_and_state_functions():
    z = mtl.zeros(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with mtl.errstate(all="ignore"):
            r = mtl.log(z)
        np.asarray(r)  # recorded under 'ignore': silent when read later too
    old = mtl.seterr(divide="raise")
    try:
        assert mtl.geterr()["divide"] == "raise" == np.geterr()["divide"]
        with pytest.raises(FloatingPointError):
            mtl.ones(2) / z
    finally:
        mtl.seterr(**old)
    assert mtl.geterr() == np.geterr()


def test_call_print_log(capsys):
    calls = []
    old = mtl.seterrcall(lambda kind, flag: calls.append((kind, flag)))
    try:
        with mtl.errstate(all="call"):
            np.asarray(mtl.zeros(1) / mtl.zeros(1))
            np.asarray(mtl.ones(1) / mtl.zeros(1))
        assert calls == [("invalid value", 8), ("divide by zero", 1)]

        class Log:
            text = ""

            def write(self, s):
                Log.text += s
        mtl.seterrcall(Log())
        with mtl.errstate(all="log"):
            np.asarray(mtl.exp(mtl.asarray([1000.0])))
        assert Log.text == "Warning: overflow encountered in exp\n"
    finally:
        mtl.seterrcall(old)
    with mtl.errstate(all="print"):
        np.asarray(mtl.sqrt(mtl.asarray([-1.0])))
    assert "Warning: invalid value encountered in sqrt" in capsys.readouterr().err


def test_large_arrays_and_many_elements():
    # Every element raising: one warning per op, not one per element or thread.
    n = 1 << 20
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = mtl.ones(n) / mtl.zeros(n)
        float(r.sum())
    assert [str(x.message) for x in w] == ["divide by zero encountered in divide"]


def test_numpy_errstate_and_seterr_apply_to_metallic():
    # A program that sets NumPy's state with NumPy's own functions: metallic follows it.
    a = mtl.asarray([0.0, 1.0])
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in log"):
            np.asarray(mtl.log(a))
    old = np.seterr(divide="ignore")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            np.asarray(mtl.log(a))
    finally:
        np.seterr(**old)
    # Nested blocks of both libraries unwind to the outer state.
    with np.errstate(all="ignore"), mtl.errstate(all="ignore"):
        np.asarray(mtl.log(a))
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in log"):
        np.asarray(mtl.log(a))


def test_functions_numpy_keeps_quiet_stay_quiet():
    # NumPy's interp, isclose, cond and random generators do not warn on these inputs.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.asarray(mtl.interp(mtl.asarray([0.5, np.nan]), mtl.asarray([0.0, 0.0, 1.0]), mtl.asarray([1.0, np.inf, 2.0])))
        np.asarray(mtl.isclose(mtl.asarray([np.inf, 1.0]), mtl.asarray([np.inf, np.nan])))
        float(mtl.linalg.cond(mtl.zeros((2, 2))))
        g = mtl.random.default_rng(0)
        np.asarray(g.geometric(1.0, 10))
        np.asarray(g.choice(5, 3, replace=False, p=[0.5, 0.3, 0.15, 0.05, 0.0]))


def test_threads_changing_numpy_state_do_not_deadlock():
    # Each thread's first op (and each np.errstate) makes the core read NumPy's state while
    # it holds the graph lock; the read must not run Python code there.
    import threading
    errors = []

    def work(k):
        try:
            for i in range(200):
                with np.errstate(divide="ignore" if (i + k) % 2 else "warn"):
                    x = mtl.arange(1.0, 64.0) * (k + 1)
                    float(mtl.sum(mtl.log(x)))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "threads deadlocked"
    assert errors == []


BIG = 1e308
GPU_REDUCTIONS_UNCHECKED = mtl.get_default_device().startswith("cuda")
REDUCTIONS = {  # (function, values): NumPy's "... encountered in reduce / accumulate"
    "sum_overflow": (lambda xp, a: xp.sum(a), [BIG, BIG, 1.0]),
    "sum_nan_quiet": (lambda xp, a: xp.sum(a), [np.nan, BIG, BIG]),
    "sum_inf_quiet": (lambda xp, a: xp.sum(a), [np.inf, 1.0]),
    "sum_inf_minus_inf": (lambda xp, a: xp.sum(a), [np.inf, -np.inf]),
    "prod_overflow": (lambda xp, a: xp.prod(a), [1e200, 1e200]),
    "prod_zero_inf": (lambda xp, a: xp.prod(a), [0.0, np.inf]),
    "max_nan_quiet": (lambda xp, a: xp.max(a), [np.nan, 1.0]),
    "mean_overflow": (lambda xp, a: xp.mean(a), [BIG, BIG]),
    "nansum_overflow": (lambda xp, a: xp.nansum(a), [BIG, np.nan, BIG]),
    "rows": (lambda xp, a: xp.reshape(a, (2, 2)).sum(axis=1), [BIG, BIG, 1.0, 2.0]),
    "columns": (lambda xp, a: xp.reshape(a, (2, 2)).sum(axis=0), [BIG, 1.0, BIG, 2.0]),
    "fused_chain": (lambda xp, a: (a * 1.0).sum(), [BIG, BIG]),
    "fused_rows": (lambda xp, a: xp.reshape(a * 1.0, (2, 2)).sum(axis=1), [np.nan, BIG, BIG, BIG]),
    "initial_inf_quiet": (lambda xp, a: xp.sum(a, initial=np.inf), [1.0, 2.0]),
    "cumsum_overflow": (lambda xp, a: xp.cumsum(a), [BIG, BIG, 1.0]),
    "cumsum_nan_quiet": (lambda xp, a: xp.cumsum(a), [np.nan, BIG, BIG]),
    "cumsum_inf_minus_inf": (lambda xp, a: xp.cumsum(a), [np.inf, -np.inf]),
    "cumprod_overflow": (lambda xp, a: xp.cumprod(a), [1e200, 1e200]),
    "cumsum_columns": (lambda xp, a: xp.cumsum(xp.reshape(a, (2, 2)), axis=0), [BIG, 1.0, BIG, 2.0]),
    "var_square": (lambda xp, a: xp.var(a), [1e200, -1e200]),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
@pytest.mark.parametrize("case", sorted(REDUCTIONS))
def test_reduction_and_scan_conditions(case, dtype):
    fn, vals = REDUCTIONS[case]
    if case == "mean_overflow" and dtype == np.complex128:
        pytest.skip("NumPy divides a scalar there: its text says 'scalar divide'")
    if dtype == np.float32:
        vals = [v * 1e-270 if abs(v) > 1e100 and np.isfinite(v) else v for v in vals]  # ~1e38
    with np.errstate(over="ignore"):
        data = np.asarray(vals, dtype=dtype)
    run = lambda xp: fn(xp, xp.asarray(data))  # noqa: E731
    expected = warned(run, np)
    if expected and case not in ("var_square",) and GPU_REDUCTIONS_UNCHECKED:
        pytest.xfail("the CUDA reduction and scan kernels do not record conditions yet")
    assert warned(run, mtl) == expected
    assert raised(run, mtl) == raised(run, np)


def test_long_reductions_and_scans():
    # Many blocks and threads: where the special value sits must not matter.
    for n in (5000, 300001):
        a = np.full(n, 1e304)
        for fn in (lambda xp, x: xp.sum(x), lambda xp, x: xp.cumsum(x),
                   lambda xp, x: xp.reshape(x[: n - n % 7], (-1, 7)).sum(axis=0),
                   lambda xp, x: (x * 2.0).sum()):
            run = lambda xp: fn(xp, xp.asarray(a))  # noqa: E731
            if GPU_REDUCTIONS_UNCHECKED:
                pytest.xfail("the CUDA reduction and scan kernels do not record conditions yet")
            assert warned(run, mtl) == warned(run, np)


def test_a_block_reports_its_pending_work_before_it_exits():
    """Work recorded inside an errstate block and not yet computed is computed when the
    block exits: its warnings arrive inside the block, its callbacks are called under it."""
    import warnings
    log = []
    with mtl.errstate(all="call", call=lambda text, flags: log.append(text)):
        r = mtl.asarray([1.0, 0.0]) / 0
    assert log == ["divide by zero", "invalid value"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mtl.errstate(divide="warn", invalid="ignore"):
            s = mtl.log(mtl.zeros(2)) * 2
        texts = [str(w.message) for w in caught]
    assert texts == ["divide by zero encountered in log"]
    np.testing.assert_array_equal(np.asarray(r)[:1], [np.inf])
    assert np.isneginf(np.asarray(s)).all()
    with pytest.raises(ZeroDivisionError):  # an exception leaves the block's work pending, unreported
        with mtl.errstate(divide="warn"):
            t = mtl.ones(2) / 0
            raise ZeroDivisionError
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        np.asarray(t)
    assert [str(w.message) for w in caught] == ["divide by zero encountered in divide"]


@pytest.mark.parametrize("case", ["astype float", "astype int", "astype bool", "setitem", "copyto", "out=",
                                  "sum dtype", "real", "abs", "var", "fill scalar"])
def test_complex_warning_where_numpy_gives_it(case):
    """ComplexWarning exactly where NumPy's casts drop imaginary parts, at the caller."""
    def run(xp):
        c = xp.asarray([1 + 2j, 3 - 1j])
        z = xp.zeros(2)
        {"astype float": lambda: c.astype(float), "astype int": lambda: c.astype("i4"),
         "astype bool": lambda: c.astype(bool), "setitem": lambda: z.__setitem__(slice(None), c),
         "copyto": lambda: xp.copyto(z, c, casting="unsafe"),
         "out=": lambda: xp.add(c, c, out=z, casting="unsafe"), "sum dtype": lambda: xp.sum(c, dtype=float),
         "real": lambda: xp.real(c), "abs": lambda: abs(c), "var": lambda: xp.var(c),
         "fill scalar": lambda: z.fill(2.5)}[case]()
        return z
    got = {}
    for xp in (np, mtl):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            np.asarray(run(xp))
        got[xp.__name__] = [(w.category, str(w.message)) for w in caught]
        assert xp is np or all(w.filename == __file__ for w in caught)
    assert got["metallic"] == got["numpy"]


CAST_CASES = {
    "int to float16": lambda xp: xp.asarray([100000, 5]).astype("float16"),
    "uint16 to float16": lambda xp: xp.asarray([65535, 1], dtype=np.uint16).astype("float16"),
    "float16 times a big int": lambda xp: xp.asarray(1.0, dtype="float16") * 70000,
    "float16 plus a big int": lambda xp: xp.asarray([1.0, 2.0], dtype="float16") + 70000,
    "float16 plus a big float": lambda xp: xp.zeros(2, dtype="float16") + 1e6,
    "float32 plus a huge float": lambda xp: xp.asarray([1.5], dtype="float32") + 1e300,
    "full float32 of a huge float": lambda xp: xp.full(2, 1e50, dtype="float32"),
    "full int of nan": lambda xp: xp.full(2, float("nan"), dtype="int64"),
    "full int8 of inf": lambda xp: xp.full(2, float("inf"), dtype="int8"),
    "int8 plus a float": lambda xp: xp.asarray([1, 2], dtype="int8") + 1.5,
    "float32 plus a small float": lambda xp: xp.asarray([1.5], dtype="float32") + 1e30,
}


@pytest.mark.parametrize("name", list(CAST_CASES))
def test_cast_warnings_of_values_and_scalars(name):
    """'overflow / invalid value encountered in cast' where NumPy's casts of arrays and of
    Python scalars give them, once."""
    got = {}
    for xp in (np, mtl):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            np.asarray(CAST_CASES[name](xp))
        got[xp.__name__] = [str(w.message) for w in caught]
    assert got["metallic"] == got["numpy"]


def test_watched_warnings_come_at_the_call():
    """Where the warnings filters want RuntimeWarning at once ('error', or 'always' as in
    catch_warnings(record=True) and pytest.warns), the op is computed and reported at the
    call, as NumPy's; elsewhere it stays lazy."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = mtl.asarray([1.0, 0.0]) / 0.0
        assert [str(w.message) for w in caught] == ["divide by zero encountered in divide",
                                                    "invalid value encountered in divide"]
        assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.filterwarnings("error")
        with pytest.raises(RuntimeWarning, match="divide by zero encountered in log"):
            mtl.log(mtl.asarray([0.0, 1.0]))
    with pytest.warns(RuntimeWarning, match="invalid value encountered in sqrt"):
        mtl.sqrt(mtl.asarray([-1.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = mtl.asarray([1.0, 2.0]) * 3
        assert s._pending  # nobody watching: recorded, not computed
    np.testing.assert_array_equal(np.asarray(r)[:1], [np.inf])
