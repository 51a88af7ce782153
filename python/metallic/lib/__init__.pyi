# numpy.lib's signatures for metallic.lib.
from numpy.lib import *  # noqa: F403

from . import stride_tricks as stride_tricks
