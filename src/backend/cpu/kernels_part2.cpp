#define MTL_PART 2
#include "kernels_parts.hpp"
#include "kernels_impl.inc"
