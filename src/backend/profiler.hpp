// What a backend ran, for mtl.profile(): kernel launches and host<->device bytes are
// always counted; while recording, each kernel's name and time are kept too.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ops/op_table.hpp"

namespace metallic {

struct KernelRecord {
  std::string name;
  double ms = 0;
};

class Profiler {
 public:
  std::atomic<long> launches{0};
  std::atomic<long long> h2d_bytes{0}, d2h_bytes{0};
  std::atomic<bool> recording{false};

  void add(std::string name, double ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    records_.push_back({std::move(name), ms});
  }
  std::vector<KernelRecord> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(records_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<KernelRecord> records_;
};

// Counts one kernel run on the calling thread (the CPU backend's kernels are synchronous)
// and, while recording, its name and wall time. name() is called only then.
template <class Name>
class HostKernelScope {
 public:
  HostKernelScope(Profiler& p, Name name) : p_(p), name_(std::move(name)), on_(p.recording.load()) {
    ++p_.launches;
    if (on_) t0_ = std::chrono::steady_clock::now();
  }
  ~HostKernelScope() {
    if (on_)
      p_.add(name_(), std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0_).count());
  }
  HostKernelScope(const HostKernelScope&) = delete;
  HostKernelScope& operator=(const HostKernelScope&) = delete;

 private:
  Profiler& p_;
  Name name_;
  bool on_;
  std::chrono::steady_clock::time_point t0_;
};

// "fused sin,cos,multiply" (with "-> sum" style suffix for a fused reduction).
template <class Steps>
std::string fused_kernel_name(const Steps& steps, const char* reduce_op = nullptr) {
  std::string s = "fused ";
  for (size_t k = 0; k < steps.size(); ++k) {
    if (k) s += ",";
    s += steps[k].cast ? "cast" : op_info(steps[k].op).name;
  }
  if (reduce_op) s += std::string(" -> reduce ") + reduce_op;
  return s;
}

}  // namespace metallic
