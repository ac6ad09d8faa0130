// Runs a fuzz target over files, without libFuzzer: the committed corpus and the regression
// inputs of past findings become an ordinary test in every build (any compiler).
//   fuzz_<target>_replay FILE_OR_DIR...
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());  // a finding aborts
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    if (!std::filesystem::exists(arg)) continue;  // e.g. no regressions/ for this target yet
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg))
        if (entry.is_regular_file()) replayed += replay(entry.path());
    } else {
      replayed += replay(arg);
    }
  }
  std::printf("%d inputs replayed, no finding\n", replayed);
  return replayed > 0 ? 0 : 1;  // an empty corpus would make this test vacuous
}
