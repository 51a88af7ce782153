"""metallic.fft: NumPy's fft. Until native versions land (cuFFT), every function runs in
NumPy through the counted fallback; results come back as metallic arrays on the inputs'
device."""

import numpy as _np

from ._fallback import namespace_getattr

__getattr__ = namespace_getattr(_np.fft, "metallic.fft")
