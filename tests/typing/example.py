"""A small typed program over metallic, checked by mypy in CI: NumPy's signatures apply
to `import metallic as np`, and metallic's own functions are typed too."""
import metallic as np
from metallic.lib.stride_tricks import sliding_window_view


def normalise(x: np.ndarray) -> np.ndarray:
    r: np.ndarray = (x - x.mean(axis=0)) / x.std(axis=0)
    return r


def main() -> float:
    np.random.seed(0)
    a = np.random.rand(100, 3)
    b = normalise(a) @ np.linalg.inv(np.eye(3))
    w = sliding_window_view(np.arange(10.0), 3).sum(axis=-1)
    f = np.fft.rfft(w)
    with np.device(np.get_default_device()):
        c = np.zeros(4, dtype=np.float32, device=np.get_default_device())
    np.eval(b, c)
    np.synchronize()
    stats: dict[str, int] = np.fallback_stats()
    print(stats, np.cuda.is_available(), f.shape)
    return float(np.abs(b).sum()) + float(c.sum())


if __name__ == "__main__":
    main()
