#!/usr/bin/env bash
# The Debian packages the README's commands build with, installed where missing: CMake,
# Ninja, GoogleTest (the C++ tests) and Highway (vqsort, for the CPU's long sorts). It
# needs root or password-less sudo; without them, or without apt-get, it names what is
# missing and goes on: the build works without Highway (radix passes only), and a missing
# CMake, Ninja or GoogleTest stops the build with its own message.
set -u
missing=""
for p in cmake ninja-build libgtest-dev libhwy-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
as_root=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo -n"; else
    echo "install-deps: not root, so not installing:$missing" >&2; exit 0
  fi
fi
if ! command -v apt-get >/dev/null; then echo "install-deps: no apt-get, so not installing:$missing" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get install -y -q $missing >/dev/null 2>&1 ||
  { $as_root apt-get update -q >/dev/null 2>&1 && $as_root apt-get install -y -q $missing >/dev/null 2>&1; } ||
  echo "install-deps: apt-get could not install:$missing" >&2
exit 0
