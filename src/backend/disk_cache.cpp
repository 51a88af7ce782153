#include "backend/disk_cache.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

namespace metallic {
namespace {

// File layout: magic, key size, payload size, checksum of key and payload, key, payload.
constexpr char kMagic[8] = {'M', 'T', 'L', 'K', 'E', 'R', 'N', '2'};
constexpr char kSuffix[] = ".cubin";
constexpr uint64_t kMaxPart = uint64_t{1} << 30;

// Someone else's, or writable by others: not to be trusted with code we run.
std::string untrusted(const struct stat& st) {
  if (st.st_uid != geteuid()) return "owned by another user (uid " + std::to_string(st.st_uid) + ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return std::string("writable by others (mode ") + mode + ")";
  }
  return {};
}

bool read_all(int fd, char* p, uint64_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd, p, n);
    if (got <= 0) return false;
    p += got;
    n -= static_cast<uint64_t>(got);
  }
  return true;
}

bool write_all(int fd, const char* p, uint64_t n) {
  while (n > 0) {
    const ssize_t put = ::write(fd, p, n);
    if (put <= 0) return false;
    p += put;
    n -= static_cast<uint64_t>(put);
  }
  return true;
}

bool ends_with(const std::string& s, const char* tail) {
  const size_t n = std::strlen(tail);
  return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
}

}  // namespace

uint64_t fnv1a(const std::string& s, uint64_t h) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("METALLIC_CACHE_DIR")) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return std::string(x) + "/metallic";
  const char* home = std::getenv("HOME");
  return home && *home ? std::string(home) + "/.cache/metallic" : std::string();
}

uint64_t default_cache_limit() {
  const char* s = std::getenv("METALLIC_CACHE_SIZE");
  if (!s || !*s) return uint64_t{1} << 30;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(s, &end, 10);
  uint64_t scale = 1;
  if (end && (*end == 'K' || *end == 'k')) scale = uint64_t{1} << 10;
  if (end && (*end == 'M' || *end == 'm')) scale = uint64_t{1} << 20;
  if (end && (*end == 'G' || *end == 'g')) scale = uint64_t{1} << 30;
  return static_cast<uint64_t>(v) * scale;
}

DiskCache::DiskCache(std::string dir, uint64_t limit) : limit_(limit) {
  if (dir.empty()) {
    disabled_reason_ = "no cache folder (METALLIC_CACHE_DIR is empty)";
    return;
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  for (size_t pos = 1; pos <= dir.size(); ++pos)  // missing folders made private
    if (pos == dir.size() || dir[pos] == '/') ::mkdir(dir.substr(0, pos).c_str(), 0700);
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    disabled_reason_ = dir + " is not a folder that can be made";
    return;
  }
  if (std::string why = untrusted(st); !why.empty()) {
    disabled_reason_ = dir + " is " + why;
    return;
  }
  dir_ = std::move(dir);
}

std::string DiskCache::path_of(const std::string& key) const { return dir_ + "/" + hex64(fnv1a(key)) + kSuffix; }

std::optional<std::string> DiskCache::load(const std::string& key) const {
  if (dir_.empty()) return std::nullopt;
  const int fd = ::open(path_of(key).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> found;
  struct stat st;
  char magic[8];
  uint64_t head[3];  // key size, payload size, checksum
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && untrusted(st).empty() && read_all(fd, magic, 8) &&
      std::memcmp(magic, kMagic, 8) == 0 && read_all(fd, reinterpret_cast<char*>(head), sizeof head) &&
      head[0] == key.size() && head[1] <= kMaxPart) {
    std::string stored_key(head[0], '\0'), payload(head[1], '\0');
    if (read_all(fd, stored_key.data(), head[0]) && stored_key == key && read_all(fd, payload.data(), head[1]) &&
        fnv1a(payload, fnv1a(key)) == head[2]) {
      ::futimens(fd, nullptr);  // recently used: the last to be dropped
      found = std::move(payload);
    }
  }
  ::close(fd);
  return found;
}

void DiskCache::store(const std::string& key, const std::string& payload) const {
  if (dir_.empty() || key.size() > kMaxPart || payload.size() > kMaxPart) return;
  static std::atomic<unsigned> serial{0};
  const std::string path = path_of(key);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(serial++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const uint64_t head[3] = {key.size(), payload.size(), fnv1a(payload, fnv1a(key))};
  const bool ok = write_all(fd, kMagic, 8) && write_all(fd, reinterpret_cast<const char*>(head), sizeof head) &&
                  write_all(fd, key.data(), key.size()) && write_all(fd, payload.data(), payload.size());
  if (::close(fd) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return;
  }
  trim();
}

// Over the limit: the least recently used entries go first. Temporary files that a
// process left behind when it died (older than an hour) go too.
void DiskCache::trim() const {
  if (limit_ == 0) return;
  DIR* d = ::opendir(dir_.c_str());
  if (!d) return;
  struct Entry {
    std::string path;
    timespec used;
    uint64_t size;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  const time_t now = std::time(nullptr);
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    const bool entry = ends_with(name, kSuffix), tmp = name.find(std::string(kSuffix) + ".tmp.") != std::string::npos;
    if (!entry && !tmp) continue;
    const std::string path = dir_ + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) continue;
    if (tmp) {
      if (now - st.st_mtime > 3600) ::unlink(path.c_str());
      continue;
    }
    entries.push_back({path, st.st_mtim, static_cast<uint64_t>(st.st_size)});
    total += static_cast<uint64_t>(st.st_size);
  }
  ::closedir(d);
  if (total <= limit_) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.used.tv_sec != b.used.tv_sec ? a.used.tv_sec < b.used.tv_sec : a.used.tv_nsec < b.used.tv_nsec;
  });
  for (const Entry& e : entries) {
    if (total <= limit_) break;
    if (::unlink(e.path.c_str()) == 0 || errno == ENOENT) total -= e.size;
  }
}

}  // namespace metallic
