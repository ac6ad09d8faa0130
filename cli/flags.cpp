#include "flags.hpp"

#include <charconv>
#include <cstdlib>

namespace asyncflow::cli {

Flags::Flags(Args args, std::set<std::string, std::less<>> valued,
             std::set<std::string, std::less<>> switches) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a.substr(0, 2) != "--") {
      positional_.push_back(a);
      continue;
    }
    a.remove_prefix(2);
    std::string name(a.substr(0, a.find('=')));
    if (switches.count(name)) {
      if (a.find('=') != std::string_view::npos) error_ = "--" + name + " takes no value";
      values_.emplace(name, "");
    } else if (valued.count(name)) {
      if (auto eq = a.find('='); eq != std::string_view::npos) {
        values_.emplace(name, std::string(a.substr(eq + 1)));
      } else if (i + 1 < args.size()) {
        values_.emplace(name, std::string(args[++i]));
      } else {
        error_ = "--" + name + " needs a value";
      }
    } else {
      error_ = "unknown flag --" + name;
    }
    if (!error_.empty()) return;
  }
}

bool Flags::has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

std::optional<std::string> Flags::text(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Flags::all(std::string_view name) const {
  std::vector<std::string> out;
  auto [lo, hi] = values_.equal_range(name);
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

std::uint64_t Flags::u64(std::string_view name, std::uint64_t fallback) {
  auto v = text(name);
  if (!v) return fallback;
  std::uint64_t out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc{} || end != v->data() + v->size()) {
    if (error_.empty())
      error_ = "--" + std::string(name) + " needs a whole number, got '" + *v + "'";
    return fallback;
  }
  return out;
}

double Flags::real(std::string_view name, double fallback) {
  auto v = text(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double out = std::strtod(v->c_str(), &end);
  if (v->empty() || end != v->c_str() + v->size()) {
    if (error_.empty()) error_ = "--" + std::string(name) + " needs a number, got '" + *v + "'";
    return fallback;
  }
  return out;
}

}  // namespace asyncflow::cli
