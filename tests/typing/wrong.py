"""Calls the stubs must reject (tests/python/test_typing.py expects mypy to fail here)."""
import metallic as np

np.zeros(3, order="X")  # no such order
np.set_default_device(0)  # a device is named by a string
np.zeros(3, device=0)  # nor here
