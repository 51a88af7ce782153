// One of the kKernelParts translation units that instantiate the kernel table.
#define MTL_PART 3
#include "backend/cpu/kernels_impl.inc"
