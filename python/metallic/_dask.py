"""metallic arrays as Dask chunks.

``dask.array.from_array(x, chunks=...)`` over a metallic array keeps metallic chunks, and
``dask.config.set({"array.backend": "metallic"})`` makes ``da.ones/zeros/arange/random``
build them. Dask finds this module through the entry points metallic installs
(``dask.sizeof`` and ``dask.array.backends``); a metallic array handed to Dask registers it
as well (``__dask_tokenize__``), so it also works from a source tree.

Chunks travel between dask.distributed processes pickled (protocol 5: the host copy of a
chunk is one out-of-band frame) and land on the receiving process's default device when the
sender's is not there.
"""

import threading

_lock = threading.Lock()
_registered = False


def register():
    """Tell Dask about metallic (idempotent; imports dask.array)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        import dask.array as da
        from dask.array import backends, dispatch
        from dask.sizeof import sizeof

        import metallic as mtl

        nd = mtl.ndarray
        da.register_chunk_type(nd)
        dispatch.concatenate_lookup.register(nd, mtl.concatenate)
        dispatch.take_lookup.register(nd, mtl.take)
        dispatch.tensordot_lookup.register(nd, mtl.tensordot)
        dispatch.einsum_lookup.register(nd, mtl.einsum)
        dispatch.empty_lookup.register(nd, mtl.empty)
        dispatch.divide_lookup.register(nd, mtl.divide)
        dispatch.percentile_lookup.register(nd, _percentile)
        dispatch.numel_lookup.register(nd, backends._numel_arraylike)
        dispatch.nannumel_lookup.register(nd, backends._nannumel)
        dispatch.to_numpy_dispatch.register(nd, lambda data, **kwargs: mtl.asnumpy(data))
        sizeof.register(nd, _sizeof)
        _registered = True
        register_distributed()
        from ._dask_backend import MetallicBackendEntrypoint
        if "metallic" not in backends.array_creation_dispatch._lookup:
            backends.array_creation_dispatch.register_backend("metallic", MetallicBackendEntrypoint())


_distributed_done = False


def register_distributed():
    """Device frames for dask.distributed: a GPU chunk serialized by the "cuda" family (as
    communication layers that move GPU memory, such as UCX, ask for) is one frame over its
    own device memory, and such frames become metallic arrays without a copy. Over TCP,
    Dask moves chunks as host frames (pickle protocol 5). Runs once distributed is loaded."""
    global _distributed_done
    import sys
    if _distributed_done or "distributed.protocol.cuda" not in sys.modules:
        return
    _distributed_done = True
    from distributed.protocol.cuda import cuda_deserialize, cuda_serialize

    import metallic as mtl

    @cuda_serialize.register(mtl.ndarray)
    def _serialize(x):
        if not x.device.startswith("cuda"):
            raise NotImplementedError("host chunks travel as host frames")
        x = mtl.ascontiguousarray(x)
        return {"shape": x.shape, "dtype": x.dtype.str}, [x]

    @cuda_deserialize.register(mtl.ndarray)
    def _deserialize(header, frames):
        (frame,) = frames  # our array (in-process) or the transport's device buffer
        if isinstance(frame, mtl.ndarray):
            return frame.reshape(header["shape"])
        from ._creation import _from_cuda_array_interface
        return _from_cuda_array_interface(frame, header["dtype"], header["shape"])


def _sizeof(x):
    return int(x.nbytes)


def _percentile(a, q, method="linear"):
    """Dask's per-chunk percentile: (values, number of elements)."""
    import metallic as mtl
    n = len(a)
    if n == 0:
        return None, 0
    return mtl.percentile(a, q, method=method), n


def register_sizeof(sizeof):
    """The ``dask.sizeof`` entry point: runs while Dask's sizeof module loads, so it imports
    nothing of Dask's; the first metallic object Dask sizes registers the rest (register)."""
    sizeof.register_lazy("metallic")(register)




def local_gpu_cluster(n_gpus=None, threads_per_worker=1, **kwargs):
    """A dask.distributed cluster on this host with one worker process per GPU, each seeing
    only its own GPU (CUDA_VISIBLE_DEVICES), as dask-cuda's LocalCUDACluster does; with
    n_gpus=None, every GPU. Other keyword arguments go to each worker (Nanny). Host memory
    is not limited by default (memory_limit=0): chunks live in GPU memory, and Dask would
    otherwise count them against the host's share and spill them. Use it with
    ``distributed.Client(cluster)``."""
    import os

    from distributed import Nanny, Scheduler, SpecCluster

    import metallic as mtl
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    ids = [d for d in visible.split(",") if d] if visible else [str(i) for i in range(mtl.cuda.device_count())]
    if n_gpus is not None:
        if n_gpus > len(ids):
            raise ValueError(f"[local_gpu_cluster] {n_gpus} GPUs asked for, {len(ids)} here")
        ids = ids[:n_gpus]
    if not ids:
        raise RuntimeError("[local_gpu_cluster] no GPU here: " + mtl.cuda.unavailable_reason())
    env = kwargs.pop("env", {})
    kwargs.setdefault("memory_limit", 0)
    workers = {f"gpu-{d}": {"cls": Nanny, "options": {
        "nthreads": threads_per_worker, "env": {**env, "CUDA_VISIBLE_DEVICES": d, "METALLIC_DEVICE": "cuda"},
        **kwargs}} for d in ids}
    scheduler = {"cls": Scheduler, "options": {"dashboard_address": None}}
    return SpecCluster(workers=workers, scheduler=scheduler)
