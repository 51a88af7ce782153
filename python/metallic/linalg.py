"""metallic.linalg: NumPy's linalg. Until native versions land (cuBLAS/cuSOLVER, OpenBLAS),
every function runs in NumPy through the counted fallback; results come back as metallic
arrays on the inputs' device."""

import numpy as _np

from ._fallback import namespace_getattr

LinAlgError = _np.linalg.LinAlgError

__getattr__ = namespace_getattr(_np.linalg, "metallic.linalg")
