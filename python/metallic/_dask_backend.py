"""The ``dask.array.backends`` entry point: ``dask.config.set({"array.backend": "metallic"})``
makes Dask's creation functions and random arrays build metallic chunks. Imported by Dask
(or by metallic._dask.register) once dask.array is loaded."""

import dask
import dask.array as da
from dask.array.backends import ArrayBackendEntrypoint
from dask.utils import Dispatch

import metallic as mtl

from ._dask import register

to_metallic_dispatch = Dispatch("to_metallic_dispatch")
to_metallic_dispatch.register(object, lambda data, **kwargs: mtl.asarray(data))


def _with_metallic_meta(name, *args, meta=None, **kwargs):
    meta = mtl.empty((0,)) if meta is None else meta
    with dask.config.set({"array.backend": "numpy"}):
        return getattr(da, name)(*args, meta=meta, **kwargs)


class MetallicBackendEntrypoint(ArrayBackendEntrypoint):
    """Chunks are built on the default device of the process that computes them."""

    def __init__(self):
        register()

    @classmethod
    def to_backend_dispatch(cls):
        return to_metallic_dispatch

    @classmethod
    def to_backend(cls, data, **kwargs):
        if isinstance(data._meta, mtl.ndarray):
            return data
        return data.map_blocks(cls.to_backend_dispatch(), **kwargs)

    @property
    def RandomState(self):
        return mtl.random.RandomState

    @property
    def default_bit_generator(self):
        return mtl.random.Philox

    @staticmethod
    def ones(*args, **kwargs):
        return _with_metallic_meta("ones", *args, **kwargs)

    @staticmethod
    def zeros(*args, **kwargs):
        return _with_metallic_meta("zeros", *args, **kwargs)

    @staticmethod
    def empty(*args, **kwargs):
        return _with_metallic_meta("empty", *args, **kwargs)

    @staticmethod
    def full(*args, **kwargs):
        return _with_metallic_meta("full", *args, **kwargs)

    @staticmethod
    def arange(*args, like=None, **kwargs):
        like = mtl.empty((0,)) if like is None else like
        with dask.config.set({"array.backend": "numpy"}):
            return da.arange(*args, like=like, **kwargs)
