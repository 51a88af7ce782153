#include "core/fp_state.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>

#include "metallic/errors.hpp"
#include "ops/fp_status.hpp"

namespace metallic {
namespace {

thread_local FpMode tls_mode = kFpDefaultMode;

std::mutex& state_mutex() {
  static std::mutex m;
  return m;
}
FpReporter& reporter() {
  static FpReporter r;
  return r;
}
std::vector<Backend*>& backends() {
  static std::vector<Backend*> b;
  return b;
}

const char* const kConditionText[4] = {"divide by zero", "overflow", "underflow", "invalid value"};

// Without a reporter (a C++ program): the first raising condition throws.
void default_report(const std::vector<FpEvent>& events) {
  for (const FpEvent& e : events)
    for (int c = 0; c < 4; ++c)
      if ((e.flags >> c & 1u) && ((e.mode >> (3 * c)) & 7u) == kFpRaise)
        throw floating_point_error(std::string(kConditionText[c]) + " encountered in " +
                                   fp_site_name(e));
}

std::atomic<FpModeSource> mode_source{nullptr};

}  // namespace

const char* fp_site_name(const FpEvent& e) {
  switch (e.site) {
    case FpSite::cast:
      return "cast";
    case FpSite::reduce:
      return "reduce";
    case FpSite::accumulate:
      return "accumulate";
    default:
      return op_info(e.op).name;
  }
}

FpMode current_fp_mode() {
  if (const FpModeSource source = mode_source.load(std::memory_order_relaxed))
    if (const std::optional<FpMode> mode = source()) tls_mode = *mode;
  return tls_mode;
}
void set_fp_mode_source(FpModeSource source) { mode_source.store(source); }
void set_fp_mode(FpMode mode) { tls_mode = mode; }

bool fp_eager(FpMode mode) {
  for (int c = 0; c < 4; ++c)
    if (const unsigned action = (mode >> (3 * c)) & 7u; action == kFpRaise || action == kFpWarnNow) return true;
  return false;
}

void set_fp_reporter(FpReporter r) {
  std::lock_guard<std::mutex> lock(state_mutex());
  reporter() = std::move(r);
}

void register_backend(Backend& be) {
  std::lock_guard<std::mutex> lock(state_mutex());
  auto& b = backends();
  if (std::find(b.begin(), b.end(), &be) == b.end()) b.push_back(&be);
}

void report_fp_events(bool wait) {
  std::vector<FpEvent> events;
  FpReporter report;
  {
    std::lock_guard<std::mutex> lock(state_mutex());
    for (Backend* be : backends()) be->take_fp_events(events, wait);
    report = reporter();
  }
  if (events.empty()) return;
  if (report)
    report(events);
  else
    default_report(events);
}

void report_fp_event(const FpEvent& e) {
  FpReporter report;
  {
    std::lock_guard<std::mutex> lock(state_mutex());
    report = reporter();
  }
  const std::vector<FpEvent> events{e};
  if (report)
    report(events);
  else
    default_report(events);
}

}  // namespace metallic
