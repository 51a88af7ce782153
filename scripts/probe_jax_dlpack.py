"""Why JAX copies a metallic GPU array it imports through DLPack: the buffer's alignment,
JAX's answer with copy=False, and whether the imported buffer is the same memory."""
import os

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
import jax
import jax.numpy as jnp

import metallic as mtl

print("jax", jax.__version__, jax.devices())
for n in (12, 1 << 20):
    x = mtl.arange(n, dtype="float32", device="cuda")
    ptr = x.__cuda_array_interface__["data"][0]
    print(f"n={n} ptr % 64 = {ptr % 64}, % 256 = {ptr % 256}, dlpack device {x.__dlpack_device__()}")
    for how, call in [("jax.dlpack.from_dlpack", lambda: jax.dlpack.from_dlpack(x)),
                      ("copy=False", lambda: jax.dlpack.from_dlpack(x, copy=False)),
                      ("jnp.from_dlpack", lambda: jnp.from_dlpack(x))]:
        try:
            j = call()
            print(f"  {how}: same memory {j.unsafe_buffer_pointer() == ptr}")
        except Exception as e:  # the reason JAX gives
            print(f"  {how}: {type(e).__name__}: {e}")
    t = jnp.arange(8.0)
    print("  jax's own pointer % 256 =", t.unsafe_buffer_pointer() % 256)
