"""show_config: what this metallic is built with and finds at run time."""
import os
import platform
import sys

import numpy as _np

from . import _core


def config():
    """The configuration show_config prints, as a dict."""
    from ._products import find_blas
    find_blas()
    cuda = {"available": _core.cuda_is_available()}
    if cuda["available"]:
        cuda["devices"] = _core.cuda_device_count()
    else:
        cuda["reason"] = _core.cuda_unavailable_reason()
    threads = os.environ.get("METALLIC_NUM_THREADS") or str(os.cpu_count())
    folder, limit, why_not = _core.kernel_cache()
    cache = {"folder": folder or None, "size limit": f"{limit} bytes" if limit else "none"}
    if why_not:
        cache["not used"] = why_not
    from . import __version__
    return {
        "metallic": {"version": __version__, "location": os.path.dirname(os.path.abspath(__file__))},
        "python": {"version": sys.version.split()[0], "platform": platform.platform()},
        "numpy": {"version": _np.__version__},
        "default device": str(_core.default_device()),
        "cpu backend": {"threads": threads, "blas and lapack": _core.blas_library() or "none found (matmul falls back)"},
        "cuda backend": cuda,
        "kernel cache": cache,
    }


def show_config():
    """Prints metallic's build and run-time configuration: devices, libraries, settings."""
    for section, value in config().items():
        if isinstance(value, dict):
            print(f"{section}:")
            for k, v in value.items():
                print(f"  {k}: {v}")
        else:
            print(f"{section}: {value}")
