// The global generator's parameters, for the core and for tests that check backends
// against the shared functors.
#pragma once

#include <cstdint>

namespace metallic::random {

// The Philox key that seed(s) installs; draw k after seeding uses stream offset k.
uint64_t key_for_seed(uint64_t s);

}  // namespace metallic::random
