// The buffer protocol's type slots for ndarray (see buffer_bind.cpp).
#pragma once

#include <Python.h>

namespace metallic::py {
extern PyType_Slot array_buffer_slots[];
}
