"""load: NumPy's file formats read on the host (parsing is host work), arrays handed back
as metallic arrays (in native byte order, whatever the file's); .npz members as they are
read."""
import collections.abc

import numpy as _np

from ._convert import from_numpy_tree
from ._fallback import call_numpy

__all__ = ["load"]


class NpzFile(collections.abc.Mapping):
    """NumPy's NpzFile whose members come out as metallic arrays (dtypes metallic holds)."""

    def __init__(self, npz):
        self._npz = npz

    def __getitem__(self, key):
        return from_numpy_tree(self._npz[key], native_only=False)

    def __iter__(self):
        return iter(self._npz)

    def __len__(self):
        return len(self._npz)

    def __contains__(self, key):
        return key in self._npz

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getattr__(self, name):  # files, zip, fid, close, ... as NumPy's
        return getattr(self._npz, name)

    def __repr__(self):
        return repr(self._npz).replace("NpzFile", "metallic NpzFile", 1)


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", **kwargs):
    """NumPy's load. mmap_mode 'r+' and 'w+' (writes reach the file) give NumPy's memmap,
    a host array; 'r' and 'c' read the file into a metallic array (a copy: writes to it do
    not reach the file, as with 'c')."""
    kwargs = dict(kwargs, allow_pickle=allow_pickle, fix_imports=fix_imports, encoding=encoding)
    if mmap_mode in ("r+", "w+"):
        return _np.load(file, mmap_mode=mmap_mode, **kwargs)
    result = from_numpy_tree(call_numpy(_np.load, (file,), kwargs), native_only=False)  # a file's byte order: converted
    if isinstance(result, _np.lib.npyio.NpzFile):
        return NpzFile(result)
    if mmap_mode == "r" and hasattr(result, "setflags"):
        result.setflags(write=False)
    return result
