// Floating-point conditions raised on the device: slots the kernels set (see
// mtl_fp_report in codegen.cpp), read back without a copy once their launches finished.
#include <cstring>

#include "backend/cuda/cuda_backend.hpp"
#include "backend/cuda/cuda_check.hpp"

namespace metallic::cuda {

CudaBackend::FpSlots CudaBackend::fp_reserve(const std::vector<FpStepInfo>& steps) {
  bool any = false;
  for (const FpStepInfo& s : steps) any |= fp_want(s.mode) != 0;
  if (!any) return {};
  const uint32_t count = static_cast<uint32_t>(steps.size());
  std::lock_guard<std::mutex> lock(fp_mutex_);
  if (!fp_dev_) {
    make_current();
    MTL_CU(cuMemAlloc(&fp_dev_, kFpSlots * sizeof(unsigned)));
    MTL_CU(cuMemsetD32(fp_dev_, 0, kFpSlots));
    void* host = nullptr;
    MTL_CU(cuMemHostAlloc(&host, kFpSlots * 4, CU_MEMHOSTALLOC_DEVICEMAP | CU_MEMHOSTALLOC_PORTABLE));
    std::memset(host, 0, kFpSlots * 4);
    CUdeviceptr mapped = 0;
    MTL_CU(cuMemHostGetDevicePointer(&mapped, host, 0));
    fp_host_ = static_cast<unsigned char*>(host);
    fp_host_dev_ = reinterpret_cast<unsigned char*>(mapped);
  }
  if (fp_next_ + count > kFpSlots) {  // every slot used: wait, read them, start over
    make_current();
    MTL_CU(cuStreamSynchronize(stream_));
    fp_harvest();
    MTL_CU(cuMemsetD32Async(fp_dev_, 0, kFpSlots, stream_));
    fp_next_ = 0;
  }
  const uint32_t first = fp_next_;
  fp_next_ += count;
  for (uint32_t k = 0; k < count; ++k)
    if (fp_want(steps[k].mode)) fp_pending_.push_back({first + k, steps[k]});
  return {reinterpret_cast<unsigned*>(fp_dev_) + first, fp_host_dev_ + 4 * static_cast<size_t>(first)};
}

void CudaBackend::fp_harvest() {
  for (const FpPending& p : fp_pending_) {
    unsigned char* bytes = fp_host_ + 4 * static_cast<size_t>(p.slot);
    unsigned flags = 0;
    for (int c = 0; c < 4; ++c) flags |= bytes[c] ? 1u << c : 0u;
    std::memset(bytes, 0, 4);
    if (flags) fp_ready_.push_back(FpEvent{p.step.op, p.step.site, flags, p.step.mode});
  }
  fp_pending_.clear();
}

void CudaBackend::take_fp_events(std::vector<FpEvent>& out, bool wait) {
  std::lock_guard<std::mutex> lock(fp_mutex_);
  if (!fp_pending_.empty()) {
    make_current();
    if (wait) {
      MTL_CU(cuStreamSynchronize(stream_));
    } else {
      const CUresult r = cuStreamQuery(stream_);
      if (r != CUDA_SUCCESS && r != CUDA_ERROR_NOT_READY) MTL_CU(r);
      if (r == CUDA_SUCCESS) fp_harvest();
      fp_harvest();
    }
  }
  out.insert(out.end(), fp_ready_.begin(), fp_ready_.end());
  fp_ready_.clear();
}

}  // namespace metallic::cuda
