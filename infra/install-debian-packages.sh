#!/usr/bin/env bash
# Installs the Debian packages named as arguments, only those that are missing (make run and make test use it).
# Package scripts must not start services behind our back: a policy-rc.d that denies it is put in place first.
set -euo pipefail

packages=("$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "packages: all installed (${packages[*]})"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "packages: missing ${missing[*]}, and not root (no sudo) to install them" >&2; exit 1; }
  sudo="sudo"
fi

if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
fi

echo "packages: installing ${missing[*]}"
started=$(date +%s)
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "packages: installed in $(( $(date +%s) - started )) s"
