// The disk cache of compiled kernels: a load gives exactly what was stored for exactly that
// key; planted, corrupt, linked or foreign files are misses; a folder others can write is
// not used; the folder stays under its limit, least recently used dropped first; several
// writers at once leave only whole files.
#include <dirent.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "backend/disk_cache.hpp"

namespace {

using metallic::DiskCache;

class DiskCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mtl-cache-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = root_ + "/kernels";
  }
  void TearDown() override { std::system(("rm -rf " + root_).c_str()); }

  static std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  static void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  long files() const {  // every entry of the folder, temporaries included
    long n = 0;
    DIR* d = opendir(dir_.c_str());
    while (const dirent* e = d ? readdir(d) : nullptr) n += e->d_name[0] != '.';
    if (d) closedir(d);
    return n;
  }

  std::string root_, dir_;
};

TEST_F(DiskCacheTest, StoresAndLoadsByTheWholeKey) {
  const DiskCache cache(dir_, 0);
  ASSERT_TRUE(cache.enabled()) << cache.disabled_reason();
  struct stat st;
  ASSERT_EQ(stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);  // made private
  EXPECT_FALSE(cache.load("k1").has_value());
  cache.store("k1", std::string("binary\0with nul", 15));
  cache.store("k2", "other");
  EXPECT_EQ(cache.load("k1").value(), std::string("binary\0with nul", 15));
  EXPECT_EQ(cache.load("k2").value(), "other");
  ASSERT_EQ(stat(cache.path_of("k1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  cache.store("k1", "replaced");
  EXPECT_EQ(cache.load("k1").value(), "replaced");
  EXPECT_EQ(files(), 2);  // no temporary left behind
}

TEST_F(DiskCacheTest, AFileForAnotherKeyIsAMiss) {
  const DiskCache cache(dir_, 0);
  cache.store("the real key", "payload");
  // Another key's entry planted under this key's name (a hash collision, or a file put there).
  std::rename(cache.path_of("the real key").c_str(), cache.path_of("asked for").c_str());
  EXPECT_FALSE(cache.load("asked for").has_value());
}

TEST_F(DiskCacheTest, CorruptOrTruncatedFilesAreMisses) {
  const DiskCache cache(dir_, 0);
  cache.store("k", std::string(1000, 'x'));
  const std::string path = cache.path_of("k"), whole = read_file(path);
  std::string flipped = whole;
  flipped[whole.size() - 10] ^= 1;
  write_file(path, flipped);
  chmod(path.c_str(), 0600);
  EXPECT_FALSE(cache.load("k").has_value());
  write_file(path, whole.substr(0, whole.size() / 2));
  EXPECT_FALSE(cache.load("k").has_value());
  write_file(path, "");
  EXPECT_FALSE(cache.load("k").has_value());
  write_file(path, whole);
  EXPECT_TRUE(cache.load("k").has_value());
}

TEST_F(DiskCacheTest, FilesOthersCanWriteOrLinksAreNotLoaded) {
  const DiskCache cache(dir_, 0);
  cache.store("k", "payload");
  const std::string path = cache.path_of("k");
  chmod(path.c_str(), 0666);
  EXPECT_FALSE(cache.load("k").has_value());
  chmod(path.c_str(), 0620);
  EXPECT_FALSE(cache.load("k").has_value());
  chmod(path.c_str(), 0644);
  EXPECT_TRUE(cache.load("k").has_value());
  const std::string elsewhere = root_ + "/elsewhere";
  std::rename(path.c_str(), elsewhere.c_str());
  ASSERT_EQ(symlink(elsewhere.c_str(), path.c_str()), 0);
  EXPECT_FALSE(cache.load("k").has_value());
}

TEST_F(DiskCacheTest, AFolderOthersCanWriteIsNotUsed) {
  ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
  {
    const DiskCache cache(dir_, 0);
    cache.store("k", "payload");
  }
  chmod(dir_.c_str(), 0777);
  const DiskCache shared(dir_, 0);
  EXPECT_FALSE(shared.enabled());
  EXPECT_NE(shared.disabled_reason().find("writable by others"), std::string::npos) << shared.disabled_reason();
  EXPECT_FALSE(shared.load("k").has_value());
  const DiskCache none("", 0);
  EXPECT_FALSE(none.enabled());
  write_file(root_ + "/plain", "x");
  EXPECT_FALSE(DiskCache(root_ + "/plain", 0).enabled());
}

TEST_F(DiskCacheTest, StaysUnderItsLimitDroppingTheLeastRecentlyUsed) {
  const std::string kb(1024, 'x');
  const DiskCache cache(dir_, 10 * 1024 + 600);  // room for ten entries of 1 KiB and their headers
  for (int i = 0; i < 10; ++i) {
    cache.store("k" + std::to_string(i), kb);
    struct timespec t[2] = {{1000 + i, 0}, {1000 + i, 0}};  // k0 the oldest
    utimensat(AT_FDCWD, cache.path_of("k" + std::to_string(i)).c_str(), t, 0);
  }
  ASSERT_TRUE(cache.load("k0").has_value());  // used now: the newest
  cache.store("k10", kb);
  EXPECT_TRUE(cache.load("k0").has_value());
  EXPECT_FALSE(cache.load("k1").has_value());  // the least recently used went
  EXPECT_TRUE(cache.load("k2").has_value());
  EXPECT_TRUE(cache.load("k10").has_value());
  EXPECT_EQ(files(), 10);
}

TEST_F(DiskCacheTest, ConcurrentWritersLeaveWholeFiles) {
  const DiskCache cache(dir_, 0);
  std::vector<pid_t> children;
  for (int p = 0; p < 4; ++p) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const DiskCache mine(dir_, 0);
      bool ok = true;
      for (int i = 0; i < 200; ++i) {
        const std::string key = "k" + std::to_string(i % 7), payload(1000 + i % 7, char('a' + i % 7));
        mine.store(key, payload);
        const auto got = mine.load(key);
        ok &= !got || *got == payload;
      }
      _exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  for (int k = 0; k < 7; ++k)
    EXPECT_EQ(cache.load("k" + std::to_string(k)).value(), std::string(1000 + k, char('a' + k)));
  EXPECT_EQ(files(), 7);
}

}  // namespace
