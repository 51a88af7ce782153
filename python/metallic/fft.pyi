# NumPy's signatures for metallic.fft.
from numpy.fft import *  # noqa: F403
