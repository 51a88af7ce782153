// The seed workload in C++: elementwise math on random vectors, results copied to the host.
//
//   x = randn(n); y = randn(n); x + y; sin(x); arctan2(x, y)
#include <chrono>
#include <cstdio>
#include <vector>

#include "metallic/metallic.hpp"

// Seconds for one run of the workload on n elements, including the copies to the host.
double run_workload(int64_t n) {
  const auto start = std::chrono::steady_clock::now();

  const mtl::array x = mtl::random::randn({n});
  const mtl::array y = mtl::random::randn({n});
  std::vector<double> host(static_cast<size_t>(n));
  for (const mtl::array& r : {mtl::add(x, y), mtl::sin(x), mtl::arctan2(x, y)})
    r.to_host(host.data());

  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int main() {
  mtl::random::seed(0);
  run_workload(1000);  // warm-up: thread pool and allocator
  for (int p = 4; p <= 6; ++p) {
    int64_t n = 1;
    for (int i = 0; i < p; ++i) n *= 10;
    std::printf("Array size: 10 ** %d\n", p);
    std::printf("metallic (C++): %.4f s\n", run_workload(n));
  }
  return 0;
}
