# NumPy's signatures for metallic.linalg.
from numpy.linalg import *  # noqa: F403
