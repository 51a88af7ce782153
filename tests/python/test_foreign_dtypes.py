"""Data metallic does not hold (structured, record, void, string, bytes, datetime64,
timedelta64, object) stays NumPy's: every function runs NumPy's for it and gives NumPy's
answer, never "metallic does not hold dtype"."""
import numpy as np
import pytest

import metallic as mtl

_STRUCT = [("x", "f8"), ("y", "i4")]
_DATES = np.array(["2020-01-01", "2021-06-15", "2019-03-02"], dtype="datetime64[D]")
_WORDS = np.array(["pear", "apple", "fig"])

CASES = {
    "zeros structured": lambda m: m.zeros(3, _STRUCT),
    "empty unicode": lambda m: m.empty(3, dtype="U5").shape,
    "ones bytes": lambda m: m.ones(2, dtype="S3"),
    "full datetime": lambda m: m.full(3, np.datetime64("2020-01-01")),
    "full string": lambda m: m.full(2, "ab"),
    "arange dates": lambda m: m.arange("2016-07", "2016-08", dtype="datetime64[D]"),
    "array structured": lambda m: m.array([(1.5, 2)], dtype=_STRUCT),
    "asarray object": lambda m: m.asarray([1, None, "a"], dtype=object),
    "arange object": lambda m: m.arange(3, dtype=object),
    "zeros_like string": lambda m: m.zeros_like(_WORDS),
    "full_like object": lambda m: m.full_like(np.array([None, 1], dtype=object), 0),
    "empty_like dates": lambda m: m.empty_like(_DATES).dtype,
    "copy string": lambda m: m.copy(_WORDS),
    "unique structured": lambda m: m.unique(np.array([(1.0, 2), (1.0, 2), (0.0, 1)], dtype=_STRUCT)),
    "unique string": lambda m: m.unique(_WORDS),
    "sort string": lambda m: m.sort(_WORDS),
    "argsort string": lambda m: m.argsort(_WORDS),
    "searchsorted string": lambda m: m.searchsorted(np.sort(_WORDS), "banana"),
    "concatenate string": lambda m: m.concatenate([_WORDS, _WORDS[:1]]),
    "where string": lambda m: m.where([True, False], "a", "b"),
    "isin string": lambda m: m.isin(_WORDS, ["fig"]),
    "stack dates": lambda m: m.stack([_DATES, _DATES]),
    "diff dates": lambda m: m.diff(np.sort(_DATES)),
    "max dates": lambda m: m.max(_DATES),
    "sum timedelta": lambda m: m.sum(np.array([1, 2], dtype="m8[s]")),
    "mean timedelta": lambda m: m.mean(np.array([1, 2], dtype="m8[s]")),
    "reshape string": lambda m: m.reshape(_WORDS, (3, 1)),
    "flip dates": lambda m: m.flip(_DATES),
    "tile string": lambda m: m.tile(_WORDS, 2),
    "add strings (ufunc)": lambda m: m.add(_WORDS, "s"),
    "equal strings (ufunc)": lambda m: m.equal(_WORDS, "fig"),
    "subtract dates (ufunc)": lambda m: m.subtract(_DATES, _DATES[0]),
    "maximum.reduce dates": lambda m: m.maximum.reduce(_DATES),
    "isnat": lambda m: m.isnat(np.array(["NaT", "2020-01-01"], dtype="M8[D]")),
    "astype to string": lambda m: m.arange(3).astype("U3"),
    "view as structured": lambda m: m.zeros(4).view([("a", "f8"), ("b", "f8")]),
    "void view": lambda m: m.ascontiguousarray(m.arange(6.0).reshape(2, 3)).view(np.dtype((np.void, 24))).shape,
    "concatenate numbers and strings": lambda m: m.concatenate([m.arange(2), np.array(["a"])]),
    "fromiter strings": lambda m: m.fromiter(["a", "b"], dtype="U1"),
    "frombuffer bytes": lambda m: m.frombuffer(b"abcd", dtype="S2"),
    "loadtxt structured": lambda m: m.loadtxt(["a 1", "b 2"], dtype=[("n", "U1"), ("v", "i4")]),
    "field of structured": lambda m: m.zeros(3, [("x", "f8")])["x"],
}


@pytest.mark.parametrize("name", list(CASES))
def test_runs_as_numpy(name):
    want, got = CASES[name](np), CASES[name](mtl)
    got = np.asarray(got) if isinstance(got, mtl.ndarray) else got
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype and got.shape == want.shape
        if want.dtype.kind in "OV" or want.dtype.names:
            assert got.tolist() == want.tolist() or name.startswith("empty")
        else:
            np.testing.assert_array_equal(got, want)
    else:
        assert got == want or (type(got) is type(want) and np.isnat(got) and np.isnat(want))


def test_counted_as_fallback():
    before = mtl.fallback_stats().get("zeros", 0)
    mtl.zeros(2, _STRUCT)
    assert mtl.fallback_stats().get("zeros", 0) == before + 1


def test_numbers_stay_metallic():
    assert isinstance(mtl.zeros(3), mtl.ndarray) and isinstance(mtl.argsort(mtl.arange(3)), mtl.ndarray)


@pytest.mark.parametrize("code", ["i2", "i4", "u8", "f4", "f8", "c16"])
def test_the_other_byte_order(code):
    """Data in the other byte order converts to native as it arrives (the values NumPy
    reads); a dtype of the other byte order asked for gives NumPy's array, bytes and all."""
    import io
    other = ">" if np.little_endian else "<"
    host = np.arange(1, 5).astype(other + code)
    got = mtl.asarray(host)
    assert isinstance(got, mtl.ndarray) and got.dtype.isnative and got.dtype == host.dtype.newbyteorder("=")
    np.testing.assert_array_equal(np.asarray(got), host)
    assert complex(mtl.sum(got)) == complex(host.sum())
    buf = io.BytesIO()
    np.save(buf, host)
    buf.seek(0)
    loaded = mtl.load(buf)
    assert isinstance(loaded, mtl.ndarray)
    np.testing.assert_array_equal(np.asarray(loaded), host)
    for made in (mtl.array([1, 2], dtype=other + code), mtl.zeros(2, dtype=other + code),
                 mtl.arange(1, 3).astype(other + code),
                 mtl.frombuffer(host.tobytes(), dtype=other + code)):
        assert isinstance(made, np.ndarray) and made.dtype == np.dtype(other + code)
    assert mtl.arange(1, 3).astype(other + code).tobytes() == np.arange(1, 3).astype(other + code).tobytes()


def test_array_equal_of_strings():
    from harness import check
    check(lambda xp: (xp.array_equal(["a"], ["a"]), xp.array_equal(np.array(["a", "b"]), ["a", "c"]),
                      xp.array_equal(["a"], [1])))
