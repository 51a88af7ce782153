// One of the kKernelParts translation units that instantiate the kernel table.
#define MTL_PART 0
#include "backend/cpu/kernels_impl.inc"
