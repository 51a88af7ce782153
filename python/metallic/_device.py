"""Devices and the GPU memory pool: where arrays live and what they hold."""

import threading

from . import _core


def set_default_device(device):
    """Make new arrays of this thread go to device ("cpu", "cuda", "cuda:N")."""
    _core.set_default_device(str(device))


def get_default_device():
    """The device new arrays of this thread go to: "cpu" or "cuda:N"."""
    return _core.default_device()


class device:
    """``with mtl.device("cuda:0"): ...`` sets the default device for the block (per thread)."""

    _local = threading.local()

    def __init__(self, name):
        self.name = str(name)

    def __enter__(self):
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        stack.append(_core.default_device())
        _core.set_default_device(self.name)
        return self

    def __exit__(self, *exc):
        _core.set_default_device(self._local.stack.pop())
        return False

    def __repr__(self):
        return f"device('{self.name}')"


def synchronize(device=None):
    """Wait for all work queued on device (default: the default device)."""
    _core.synchronize(str(device) if device is not None else _core.default_device())


class MemoryPool:
    """CuPy-style view of one GPU's memory pool (the driver's stream-ordered pool)."""

    def __init__(self, device="cuda:0"):
        self.device = str(device)

    def used_bytes(self):
        return _core.memory_info(self.device)[0]

    def total_bytes(self):
        """Bytes the pool holds from the GPU (in use or cached for reuse)."""
        return _core.memory_info(self.device)[1]

    def free_all_blocks(self):
        _core.free_cached(self.device)

    def set_limit(self, size=None, fraction=None):
        if fraction is not None:
            raise NotImplementedError("set_limit(fraction=...) is not supported yet; pass size=")
        _core.set_memory_limit(self.device, int(size or 0))

    def get_limit(self):
        return _core.memory_info(self.device)[2]


def get_default_memory_pool():
    """The memory pool of the default GPU (of cuda:0 where the default device is the CPU)."""
    d = _core.default_device()
    return MemoryPool(d if d.startswith("cuda") else "cuda:0")


def _devices():
    gpus = _core.cuda_device_count() if _core.cuda_is_available() else 0
    return ["cpu"] + [f"cuda:{i}" for i in range(gpus)]


class __array_namespace_info__:
    """The Array API's inspection namespace (2024.12) for metallic: its devices ("cpu" and
    each GPU as "cuda:N"), the default device, and NumPy's dtypes, which metallic's are on
    every device."""

    def capabilities(self):
        # The GPU kernels index up to 16 axes (after merging contiguous ones); the CPU 64.
        on_gpu = _core.default_device().startswith("cuda")
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 16 if on_gpu else 64}

    def default_device(self):
        return _core.default_device()

    def devices(self):
        return _devices()

    def _check(self, device):
        if device is not None and str(device) not in _devices() and str(device) != "cuda":
            raise ValueError(f"Device not understood: {device!r} (metallic has {_devices()})")

    def default_dtypes(self, *, device=None):
        self._check(device)
        import numpy
        return numpy.__array_namespace_info__().default_dtypes()

    def dtypes(self, *, device=None, kind=None):
        self._check(device)
        import numpy
        return numpy.__array_namespace_info__().dtypes(kind=kind)
