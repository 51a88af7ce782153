// A folder of compiled kernels that several processes share: each file holds the whole key
// it was made for (checked on load, so a hash collision or a planted file is a miss, never
// the wrong code), is written under a private name then renamed (readers never see half a
// file), and the folder is kept under a size limit by dropping the least recently used.
// Only a folder and files of the user's own that no one else can write are used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace metallic {

class DiskCache {
 public:
  // dir: the folder (created 0700 where missing; empty: no disk cache). limit: the bytes
  // kept at most (0: no limit).
  DiskCache(std::string dir, uint64_t limit);

  bool enabled() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }
  // Why there is no disk cache ("" while enabled).
  const std::string& disabled_reason() const { return disabled_reason_; }

  // The payload stored for exactly this key, if any (and marks it recently used).
  std::optional<std::string> load(const std::string& key) const;
  // Stores payload for key (best effort: an unwritable folder only costs the next compile),
  // then trims the folder to the limit.
  void store(const std::string& key, const std::string& payload) const;

  // The file that holds key's entry.
  std::string path_of(const std::string& key) const;

 private:
  void trim() const;

  std::string dir_;
  uint64_t limit_;
  std::string disabled_reason_;
};

// FNV-1a of s, continuing from h: the cache's file names and checksums, and digests of what
// goes into a key. hex64: 16 hex digits.
uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull);
std::string hex64(uint64_t v);

// METALLIC_CACHE_DIR (empty disables), else $XDG_CACHE_HOME/metallic, else ~/.cache/metallic.
std::string default_cache_dir();
// METALLIC_CACHE_SIZE in bytes (suffixes K, M, G; 0: no limit), else 1 GiB.
uint64_t default_cache_limit();

}  // namespace metallic
