#!/usr/bin/env bash
# Installs what muster's tests need, idempotently: Debian packages (when missing) and npm packages.
# Safe to run again and again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tmux git iproute2)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "error: missing packages: ${missing[*]}" >&2
    echo "hint: install them (apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "installing ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The agent CLIs the end-to-end tests drive, pinned exactly in .agents/package.json and installed
# into .agents/ (never globally). Tests put .agents/node_modules/.bin first on PATH.
if [ ! -f .agents/node_modules/.package-lock.json ] || [ .agents/package-lock.json -nt .agents/node_modules/.package-lock.json ]; then
  # `npm install` from the lock file rather than `npm ci`: opencode lists a binary package per
  # platform as optional, the registry mirror this runs against may hold only this platform's, and
  # `npm ci` refuses a lock file without the others. --no-save leaves the lock file as committed.
  npm install --prefix .agents --no-audit --no-fund --no-save
fi
