#define MTL_PART 0
#include "kernels_parts.hpp"
#include "kernels_impl.inc"
