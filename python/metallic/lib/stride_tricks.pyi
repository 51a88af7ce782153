# NumPy's signatures for metallic.lib.stride_tricks.
from numpy.lib.stride_tricks import *  # noqa: F403
