#define MTL_PART 1
#include "kernels_parts.hpp"
#include "kernels_impl.inc"
