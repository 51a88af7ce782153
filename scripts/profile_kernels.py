"""A few device-resident ops on 2^28 float32, for Nsight Compute (ncu) to profile."""
import metallic as mtl

n = 1 << 28
x = mtl.random.rand(n).astype(mtl.float32)
y = mtl.random.rand(n).astype(mtl.float32)
out = mtl.empty(n, dtype=mtl.float32)
mtl.synchronize()
for _ in range(2):
    mtl.copyto(out, x)
    mtl.add(x, y, out=out)
    mtl.sum(x)._eval()
mtl.synchronize()
