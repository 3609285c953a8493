#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser), which drive it with
# playwright-core at /usr/bin/chromium. `npx playwright install` would download a browser,
# which the CI machines cannot do. chromium-l10n lets the browser run in Swedish, as the users'
# does: date inputs then show ÅÅÅÅ-MM-DD. Idempotent: installed packages are skipped.
set -euo pipefail

PACKAGES=(chromium chromium-l10n)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "Chromium är redan installerat."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
