#include "auth.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace asyncflow::host {

static_assert(kKeyBytes == crypto_auth_KEYBYTES);

bool crypto_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::variant<PeerKey, std::string> read_key_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "key file " + path + ": " + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "key file " + path + " is not a regular file";
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return "key file " + path + " is readable or writable by group or others (mode " + mode +
           "); run chmod 600 " + path;
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
    hex.pop_back();
  if (hex.size() != 2 * kKeyBytes)
    return "key file " + path + " must hold 64 hex digits (asyncflow keygen makes one), it holds " +
           std::to_string(hex.size()) + " characters";
  PeerKey key{};
  for (std::size_t i = 0; i < kKeyBytes; ++i) {
    const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return "key file " + path + " holds a character that is not a hex digit";
    key[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return key;
}

std::string write_new_key_file(const std::string& path) {
  if (!crypto_ready()) return "libsodium could not be initialised";
  PeerKey key{};
  crypto_auth_keygen(key.data());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return path + ": " + std::strerror(errno);
  const std::string text = to_hex(key.data(), key.size()) + "\n";
  sodium_memzero(key.data(), key.size());
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  const std::string error = ok ? "" : path + ": " + std::strerror(errno);
  ::close(fd);
  if (!ok) ::unlink(path.c_str());
  return error;
}

}  // namespace asyncflow::host
