// The C++ half of the interop test (run by interop.js). For each case the Node side wrote —
// `<name>.json` (the frames, see wire/json/frame_json.hpp) and `<name>.js.bin` (what
// @dfinity/candid encoded) — it checks that our decoder reads the bytes back as exactly those
// frames, and writes `<name>.cpp.bin`, our encoding of the same frames, for Node to decode.
//
//   asyncflow_wire_interop_driver DIR      DIR/manifest.txt lists "<name> <form>" per line
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "forms.hpp"
#include "frame_json.hpp"

namespace {

using namespace asyncflow;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// Checks one case; prints why it failed, if it did.
bool check_case(const std::string& dir, const std::string& name, wire::Form form) {
  const std::string base = dir + "/" + name;
  const auto parsed = wire::json::parse_frames(read_file(base + ".json"));
  if (const auto* error = std::get_if<wire::json::ParseError>(&parsed)) {
    std::cout << "FAIL " << name << ": expected frames unreadable: " << error->message << "\n";
    return false;
  }
  const auto& expected = std::get<wire::json::Document>(parsed).frames;
  const std::string js = read_file(base + ".js.bin");
  const Bytes js_bytes(js.begin(), js.end());
  const auto decoded = wire::decode_as(form, js_bytes);
  if (const auto* error = std::get_if<wire::DecodeError>(&decoded)) {
    std::cout << "FAIL " << name << ": decode error " << wire::name_of(*error) << "\n";
    return false;
  }
  const auto& frames = std::get<std::vector<Frame>>(decoded);
  if (frames != expected) {
    std::cout << "FAIL " << name << ": decoded " << frames.size() << " frames that differ from the "
              << expected.size() << " expected\n";
    return false;
  }
  const auto encoded = wire::encode_as(form, expected);
  if (const auto* error = std::get_if<std::string>(&encoded)) {
    std::cout << "FAIL " << name << ": cannot encode: " << *error << "\n";
    return false;
  }
  if (!write_file(base + ".cpp.bin", std::get<Bytes>(encoded))) {
    std::cout << "FAIL " << name << ": cannot write " << base << ".cpp.bin\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: asyncflow_wire_interop_driver DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::ifstream manifest(dir + "/manifest.txt");
  if (!manifest) {
    std::cerr << "cannot read " << dir << "/manifest.txt\n";
    return 2;
  }
  std::size_t cases = 0;
  std::size_t passed = 0;
  std::string name;
  std::string form_name;
  while (manifest >> name >> form_name) {
    const auto form = wire::parse_form(form_name);
    ++cases;
    if (!form) {
      std::cout << "FAIL " << name << ": unknown form " << form_name << "\n";
      continue;
    }
    if (check_case(dir, name, *form)) ++passed;
  }
  std::cout << "C++ decoded " << passed << "/" << cases
            << " @dfinity/candid encodings exactly and encoded them back\n";
  return passed == cases && cases > 0 ? 0 : 1;
}
