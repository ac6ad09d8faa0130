#include "config_file.hpp"

#include <toml++/toml.h>

#include <set>

namespace asyncflow::host {

namespace {

const std::set<std::string> kTimingKeys = {"retry_initial_ms", "retry_max_ms", "attempts",
                                           "clock_skew_ms", "fin_delay_ms"};

std::string flag_name(std::string key) {
  for (char& c : key)
    if (c == '_') c = '-';
  return key;
}

std::optional<std::string> text(const toml::node& node) {
  if (auto v = node.value<std::string>()) return *v;
  return std::nullopt;
}

std::optional<std::uint64_t> whole(const toml::node& node) {
  if (auto v = node.value<std::int64_t>(); v && *v >= 0) return static_cast<std::uint64_t>(*v);
  return std::nullopt;
}

std::string read_peers(const toml::table& peers, ServeFileSettings& out) {
  for (const auto& [name, node] : peers) {
    const auto* table = node.as_table();
    if (!table) return "peers." + std::string(name.str()) + " must be a table";
    ServeFileSettings::Peer peer;
    for (const auto& [key, value] : *table) {
      const std::string where = "peers." + std::string(name.str()) + "." + std::string(key.str());
      if (key.str() == "address")
        peer.address = text(value);
      else if (key.str() == "key")
        peer.key = text(value);
      else
        return "unknown key " + where;
      if ((key.str() == "address" && !peer.address) || (key.str() == "key" && !peer.key))
        return where + " must be a string";
    }
    out.peers[std::string(name.str())] = peer;
  }
  return "";
}

std::string read_table(const toml::table& root, ServeFileSettings& out) {
  for (const auto& [key_node, value] : root) {
    const std::string key(key_node.str());
    auto string_field = [&](std::optional<std::string>& field) {
      field = text(value);
      return field ? "" : key + " must be a string";
    };
    std::string error;
    if (key == "listen")
      error = string_field(out.listen);
    else if (key == "db")
      error = string_field(out.db);
    else if (key == "metrics")
      error = string_field(out.metrics);
    else if (key == "log_level")
      error = string_field(out.log_level);
    else if (key == "calls_in_flight_max") {
      out.calls_in_flight_max = whole(value);
      if (!out.calls_in_flight_max) error = key + " must be a whole number";
    } else if (key == "timing" && value.is_table()) {
      for (const auto& [t, v] : *value.as_table()) {
        const std::string name(t.str());
        if (!kTimingKeys.count(name)) return "unknown key timing." + name;
        auto n = whole(v);
        if (!n) return "timing." + name + " must be a whole number";
        out.timing[flag_name(name)] = *n;
      }
    } else if (key == "peers" && value.is_table()) {
      error = read_peers(*value.as_table(), out);
    } else {
      error = "unknown key " + key;
    }
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace

std::variant<ServeFileSettings, std::string> read_serve_config(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return "config " + path + ": " + std::string(e.description()) + " (line " +
           std::to_string(e.source().begin.line) + ")";
  }
  ServeFileSettings out;
  if (auto error = read_table(root, out); !error.empty()) return "config " + path + ": " + error;
  return out;
}

}  // namespace asyncflow::host
