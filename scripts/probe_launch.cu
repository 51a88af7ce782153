// What one small launch costs the host as its parameter block grows, and what a launch,
// a 4 KB copy to the host and a wait cost together: the floor under a forced small op.
// Beside it, the same 4 KB written by a kernel straight into mapped pinned host memory
// (no copy engine). Microseconds per call, medians of rounds.
//   nvcc -O2 -std=c++17 -o probe_launch scripts/probe_launch.cu -lcuda && ./probe_launch
#include <cuda.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

template <int Bytes>
struct Block {
  long long n;
  char pad[Bytes - sizeof(long long)];
};

template <int Bytes>
__global__ void touch(Block<Bytes> b, float* out) {
  if (threadIdx.x == 0 && blockIdx.x == 0) out[0] = static_cast<float>(b.n);
}

// out[i] = x[i] + y[i]: the forced small op, written wherever out points.
__global__ void add(const float* x, const float* y, float* out, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = x[i] + y[i];
}

using Clock = std::chrono::steady_clock;

template <class F>
double median_us(F&& f, int calls, int rounds = 9) {
  std::vector<double> t;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i) f();
    t.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / calls);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

template <int Bytes>
void probe(cudaStream_t s, float* dev, float* host) {
  Block<Bytes> b{};
  b.n = 1;
  auto launch = [&] { touch<Bytes><<<4, 256, 0, s>>>(b, dev); };
  // Launches alone: a batch of 64, then a wait outside the clock.
  std::vector<double> t;
  for (int r = 0; r < 9; ++r) {
    cudaStreamSynchronize(s);
    const auto t0 = Clock::now();
    for (int i = 0; i < 64; ++i) launch();
    t.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / 64);
  }
  cudaStreamSynchronize(s);
  std::sort(t.begin(), t.end());
  const double sync = median_us([&] { launch(), cudaStreamSynchronize(s); }, 2000);
  const double copy = median_us(
      [&] {
        launch();
        cudaMemcpyAsync(host, dev, 4096, cudaMemcpyDeviceToHost, s);
        cudaStreamSynchronize(s);
      },
      2000);
  std::printf("params %5d B: launch %6.2f us, launch + sync %6.2f us, launch + 4 KB copy + sync %6.2f us\n", Bytes,
              t[t.size() / 2], sync, copy);
}

int main() {
  cudaStream_t s;
  cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
  float *dev = nullptr, *host = nullptr;
  cudaMalloc(&dev, 1 << 20);
  cudaMallocHost(&host, 1 << 20);
  cudaDeviceProp p;
  cudaGetDeviceProperties(&p, 0);
  std::printf("%s\n", p.name);
  for (int warm = 0; warm < 2; ++warm) {
    if (warm) std::printf("-- again --\n");
    probe<16>(s, dev, host);
    probe<256>(s, dev, host);
    probe<1024>(s, dev, host);
    probe<2048>(s, dev, host);
    probe<4016>(s, dev, host);
  }
  const double idle = median_us([&] { cudaStreamSynchronize(s); }, 20000);
  const double copy_only = median_us(
      [&] {
        cudaMemcpyAsync(host, dev, 4096, cudaMemcpyDeviceToHost, s);
        cudaStreamSynchronize(s);
      },
      5000);
  std::printf("sync on an idle stream %.2f us; 4 KB copy + sync %.2f us\n", idle, copy_only);
  // 1024 floats: into device memory and a copy back, or straight into mapped host memory.
  float *mapped = nullptr, *mapped_dev = nullptr;
  cudaHostAlloc(&mapped, 1 << 16, cudaHostAllocMapped);
  cudaHostGetDevicePointer(&mapped_dev, mapped, 0);
  std::vector<float> result(1024);
  const int n = 1024;
  for (int rep = 0; rep < 2; ++rep) {
    const double via_copy = median_us(
        [&] {
          add<<<4, 256, 0, s>>>(dev, dev + n, dev + 2 * n, n);
          cudaMemcpyAsync(host, dev + 2 * n, 4096, cudaMemcpyDeviceToHost, s);
          cudaStreamSynchronize(s);
          std::memcpy(result.data(), host, 4096);
        },
        2000);
    const double direct = median_us(
        [&] {
          add<<<4, 256, 0, s>>>(dev, dev + n, mapped_dev, n);
          cudaStreamSynchronize(s);
          std::memcpy(result.data(), mapped, 4096);
        },
        2000);
    const double copy_kernel = median_us(
        [&] {
          add<<<4, 256, 0, s>>>(dev, dev + n, dev + 2 * n, n);
          add<<<4, 256, 0, s>>>(dev + 2 * n, dev + 3 * n, mapped_dev, n);
          cudaStreamSynchronize(s);
          std::memcpy(result.data(), mapped, 4096);
        },
        2000);
    std::printf("add of 1024 float32 brought to the host: launch + DMA copy + sync %.2f us; kernel writes mapped "
                "memory + sync %.2f us; add then a second kernel into mapped memory + sync %.2f us\n",
                via_copy, direct, copy_kernel);
  }
  return cudaGetLastError() != cudaSuccess;
}
