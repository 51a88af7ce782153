// metallic: NumPy's API on GPUs and multi-core CPUs. The one header C++ users include.
#pragma once

#include "metallic/array.hpp"
#include "metallic/creation.hpp"
#include "metallic/device.hpp"
#include "metallic/dtype.hpp"
#include "metallic/errors.hpp"
#include "metallic/ops.hpp"
#include "metallic/random.hpp"

namespace mtl = metallic;
