# NumPy's signatures for metallic.random (its generators draw other streams).
from numpy.random import *  # noqa: F403
