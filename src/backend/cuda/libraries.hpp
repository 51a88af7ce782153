// Opening the CUDA toolkit's libraries at run time (cuBLAS, cuSOLVER, cuFFT): the first of
// a library's names that loads, and its functions by name (nullptr where one is missing).
#pragma once

#include <dlfcn.h>

#include <initializer_list>

namespace metallic::cuda {

inline void* open_library(std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return h;
  return nullptr;
}

template <class F>
void find_function(void* library, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(library, name));
}

}  // namespace metallic::cuda
