// A small thread pool in which the calling thread works too. Chunks are claimed from an
// atomic counter, so a worker the OS has not scheduled yet never delays the caller: it
// finds nothing left to do when it wakes. (OpenMP's join barrier waits for every thread,
// which costs milliseconds when cores are shared with other processes.)
#include "threads.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace metallic::cpu {
namespace {

struct Job {
  void (*fn)(int64_t, int64_t, void*) = nullptr;
  void* ctx = nullptr;
  int64_t n = 0, chunks = 0;
  std::atomic<int64_t> next{0}, done{0};

  // Claims and runs chunks until none are left.
  void work() {
    for (int64_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
      if (b < e) fn(b, e, ctx);
      done.fetch_add(1, std::memory_order_release);
    }
  }
};

class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void run(Job& job) {
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) {  // another thread is using the pool: do it all here
      job.work();
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      ++generation_;
    }
    cv_.notify_all();
    job.work();
    {
      // Stop handing this job out, then wait for chunks still in flight elsewhere.
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = nullptr;
    }
    while (job.done.load(std::memory_order_acquire) < job.chunks) std::this_thread::yield();
    while (active_.load(std::memory_order_acquire) > 0) std::this_thread::yield();
  }

 private:
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || (generation_ != seen && job_); });
        if (stop_) return;
        seen = generation_;
        job = job_;
        active_.fetch_add(1, std::memory_order_acq_rel);
      }
      job->work();
      active_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_, run_mutex_;
  std::condition_variable cv_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  std::atomic<int> active_{0};
  bool stop_ = false;
};

Pool& pool() {
  // Leaked: worker threads must not be joined during static destruction.
  static Pool* p = new Pool(max_threads() - 1);
  return *p;
}

}  // namespace

int max_threads() {
  static const int n = [] {
    int hw = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("METALLIC_NUM_THREADS"); env && *env) {
      const int want = std::atoi(env);
      if (want > 0) hw = want;
    }
    return std::max(hw, 1);
  }();
  return n;
}

namespace {
std::atomic<int> thread_limit{0};  // 0: max_threads()
}  // namespace

int num_threads() {
  const int limit = thread_limit.load(std::memory_order_relaxed);
  return limit > 0 ? limit : max_threads();
}

void set_num_threads(int n) { thread_limit.store(std::clamp(n, 1, max_threads()), std::memory_order_relaxed); }

void parallel_for(int64_t n, int64_t weight, void (*fn)(int64_t, int64_t, void*), void* ctx) {
  if (n <= 0) return;
  const int threads = num_threads();
  if (threads == 1 || n == 1 || n * weight < kParallelMinElements) {
    fn(0, n, ctx);
    return;
  }
  Job job;
  job.fn = fn;
  job.ctx = ctx;
  job.n = n;
  job.chunks = std::min<int64_t>(n, static_cast<int64_t>(threads) * 4);
  pool().run(job);
}

}  // namespace metallic::cpu
