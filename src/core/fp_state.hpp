// NumPy's floating-point error state (seterr / errstate) as the core keeps it: the mode
// each recorded op runs under, and the conditions passes raised, handed to a reporter
// (the Python module's: warnings, FloatingPointError, the error callback) at the points
// where results become visible.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "backend/backend.hpp"

namespace metallic {

// Per condition (divide, over, under, invalid): 0 ignore, 1 warn, 2 raise, 3 call,
// 4 print, 5 log, 6 warn now (kFpWarnNow); 3 bits each from bit 0. Bits 12 and up name the error callback.
constexpr FpMode kFpDefaultMode = 1u | (1u << 3) | (0u << 6) | (1u << 9);  // NumPy's default
constexpr unsigned kFpRaise = 2;
// A warning wanted at the call (the warnings filters turn RuntimeWarning into an error, or
// show every one, as pytest.warns does): computed and reported as the op is recorded.
constexpr unsigned kFpWarnNow = 6;

// What a condition's message names: the op, or "cast", "reduce", "accumulate".
const char* fp_site_name(const FpEvent& e);

// The calling thread's mode (new ops record it).
FpMode current_fp_mode();
void set_fp_mode(FpMode mode);
// Where a front end keeps the state itself (the Python module: NumPy's error state, which
// NumPy's errstate and seterr change too): asked whenever an op records its mode, it
// returns the new mode, or nothing when the state is unchanged since it last answered on
// this thread.
using FpModeSource = std::optional<FpMode> (*)();
void set_fp_mode_source(FpModeSource source);
// Whether some condition raises (or warns now) under mode: ops are then computed as they
// are recorded and checked at once, so the error comes from the call that caused it, as
// NumPy's.
bool fp_eager(FpMode mode);

// Receives the conditions passes raised, in the order they ran; may throw (the Python
// module's raises FloatingPointError there). Without one, a raising condition throws
// floating_point_error and the others are dropped.
using FpReporter = std::function<void(const std::vector<FpEvent>&)>;
void set_fp_reporter(FpReporter reporter);

// Takes the conditions every backend recorded (wait: after finishing all queued device
// work; else what is known) and reports them.
void report_fp_events(bool wait);

// Reports one condition the core itself found while recording an op (a scalar's cast).
void report_fp_event(const FpEvent& e);

// Backends the core has used, for report_fp_events (registered by backend_for).
void register_backend(Backend& be);

}  // namespace metallic
