#define MTL_PART 3
#include "kernels_parts.hpp"
#include "kernels_impl.inc"
