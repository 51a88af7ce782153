// A function compiled for AVX-512, for AVX2 and for the baseline, the best of them chosen
// when the library loads: for loops the compiler vectorises.
#pragma once

#define MTL_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
