#!/usr/bin/env bash
# Installs the Debian packages the test suite needs: poppler-utils (pdftotext, pdffonts,
# pdfinfo) to read the generated PDFs, and Apache PDFBox Preflight to validate PDF/A-1b.
# Idempotent: packages already installed are skipped.
set -euo pipefail

# Debian's Chromium for the browser tests (test/browser/).
bash "$(dirname "$0")/install-browser.sh"

PACKAGES=(poppler-utils default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "Testverktygen är redan installerade."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
