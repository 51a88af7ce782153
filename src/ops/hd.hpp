// Marks functions usable in host code and in CUDA device code.
#pragma once

#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#define MTL_HD __host__ __device__
#else
#define MTL_HD
#endif
