#!/usr/bin/env bash
# Installs what Densito needs to build, only when it is missing: the C libraries' -dev
# packages (found through pkg-config) from Debian. Safe to run again.
set -euo pipefail

missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libpng 2>/dev/null || missing+=(libpng-dev)
pkg-config --exists libtiff-4 2>/dev/null || missing+=(libtiff-dev)
pkg-config --exists libjpeg 2>/dev/null || missing+=(libjpeg-dev)
for extra in "$@"; do
  dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
