// libFuzzer entry point: feeds each input to parasearch::fuzz::office_one() (see targets.hpp).
#include "fuzz/targets.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  parasearch::fuzz::office_one(std::string_view(reinterpret_cast<const char *>(data), size));
  return 0;
}
