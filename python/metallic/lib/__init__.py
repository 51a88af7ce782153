"""numpy.lib for metallic: stride_tricks natively (views on every device); everything
else numpy.lib has runs NumPy's through the counted fallback."""
import numpy as _np

from .._fallback import namespace_dir as _namespace_dir, namespace_getattr as _namespace_getattr
from . import stride_tricks  # noqa: F401

__getattr__ = _namespace_getattr(_np.lib, "metallic.lib")
__dir__ = _namespace_dir(_np.lib, globals())
