#include "metallic/device.hpp"

#include <cstdlib>

#include "metallic/errors.hpp"

namespace metallic {

std::string Device::str() const {
  return type == DeviceType::cpu ? "cpu" : "cuda:" + std::to_string(index);
}

Device Device::parse(const std::string& s) {
  if (s == "cpu") return {DeviceType::cpu, 0};
  if (s == "cuda" || s == "gpu") return {DeviceType::cuda, 0};
  if (s.rfind("cuda:", 0) == 0) {
    try {
      return {DeviceType::cuda, std::stoi(s.substr(5))};
    } catch (const std::exception&) {
    }
  }
  throw value_error("[device] unknown device '" + s + "' (expected cpu, cuda or cuda:N)");
}

namespace {

Device initial_device() {
  const char* env = std::getenv("METALLIC_DEVICE");
  if (!env || !*env) return cuda_is_available() ? Device{DeviceType::cuda, 0} : Device{};  // the GPU when there is one
  Device d = Device::parse(env);
  if (d.type == DeviceType::cuda && !cuda_is_available())
    throw value_error("[device] METALLIC_DEVICE=" + std::string(env) +
                      " but CUDA is not available: " + cuda_unavailable_reason());
  return d;
}

Device& process_default() {
  static Device d = initial_device();
  return d;
}

thread_local bool tl_set = false;
thread_local Device tl_device;

}  // namespace

Device default_device() { return tl_set ? tl_device : process_default(); }

void set_default_device(Device d) {
  if (d.type == DeviceType::cuda && !cuda_is_available())
    throw value_error("[device] " + d.str() + " requested but CUDA is not available: " +
                      cuda_unavailable_reason());
  tl_device = d;
  tl_set = true;
}

}  // namespace metallic
