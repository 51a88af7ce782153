"""mtl.profile(): what ran inside a with-block, per device."""

import threading

from . import _core


class profile:
    """Records what metallic runs inside the block::

        with mtl.profile() as p:
            z = (mtl.sin(x) * mtl.cos(y) + x * y - 2.0).sum()
            float(z)
        print(p)

    Afterwards: ``p.kernels`` (kernel launches, a fused chain counting once),
    ``p.compiles``, ``p.disk_hits``, ``p.memory_hits`` (generated kernels compiled, loaded
    from the disk cache, reused), ``p.h2d_bytes`` and ``p.d2h_bytes`` (host<->device
    traffic), ``p.fused_passes`` and ``p.fused_steps``, ``p.scalar_reads`` (values read
    back to return NumPy scalars: ``a[i]``, ``a.sum()``), and ``p.records``: one
    (device, kernel name, milliseconds) per launch, timed on the device for a GPU. Work
    still pending at the end of the block is not evaluated by it, so it is not counted.
    Blocks nest; an outer block's records include the inner ones'.
    """

    _STATS = ("launches", "compiles", "disk_hits", "memory_hits", "h2d_bytes", "d2h_bytes")
    # Blocks may nest (and run in several threads): the devices record while any block is
    # open, every block collects into one shared list and keeps its own slice of it.
    _lock = threading.Lock()
    _open = 0
    _collected = []

    def __init__(self, devices=None):
        self._devices = devices

    @classmethod
    def _collect(cls, devices, stop=False):
        for d in devices:
            take = _core.stop_recording if stop else _core.take_records
            cls._collected += [(d, name, ms) for name, ms in take(d)]

    def __enter__(self):
        if self._devices is None:
            self._devices = ["cpu"] + (["cuda"] if _core.cuda_is_available() else [])
        with profile._lock:
            if profile._open == 0:
                profile._collected = []
                for d in self._devices:
                    _core.start_recording(d)
            else:
                profile._collect(self._devices)
            profile._open += 1
            self._first = len(profile._collected)
        self._before = {d: _core.kernel_stats(d) for d in self._devices}
        self._eval_before = _core.eval_stats()
        self._scalars_before = _core.scalar_reads()
        return self

    def __exit__(self, *exc):
        with profile._lock:
            profile._open -= 1
            profile._collect(self._devices, stop=profile._open == 0)
            self.records = profile._collected[self._first:]
        totals = dict.fromkeys(self._STATS, 0)
        for d in self._devices:
            after = _core.kernel_stats(d)
            for k in self._STATS:
                totals[k] += after[k] - self._before[d][k]
        self.kernels = totals["launches"]
        for k in self._STATS[1:]:
            setattr(self, k, totals[k])
        ev = _core.eval_stats()
        self.fused_passes = ev["fused_passes"] - self._eval_before["fused_passes"]
        self.fused_steps = ev["fused_steps"] - self._eval_before["fused_steps"]
        self.scalar_reads = _core.scalar_reads() - self._scalars_before
        return False

    def __str__(self):
        lines = [f"{self.kernels} kernels ({self.fused_passes} fused passes of {self.fused_steps} ops), "
                 f"{self.compiles} compiled, {self.disk_hits} from the disk cache, {self.memory_hits} reused; "
                 f"host->device {self.h2d_bytes} B, device->host {self.d2h_bytes} B, "
                 f"{self.scalar_reads} scalar reads"]
        lines += [f"  {dev:6} {ms:10.3f} ms  {name}" for dev, name, ms in self.records]
        return "\n".join(lines)
