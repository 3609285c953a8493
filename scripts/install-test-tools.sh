#!/usr/bin/env bash
# Installs the Debian packages the test suite needs:
# - chromium for the browser tests (playwright-core drives /usr/bin/chromium; `npx playwright
#   install` would download a browser, which these machines cannot), and chromium-l10n so it runs
#   in Swedish as the users' does (date inputs show ÅÅÅÅ-MM-DD);
# - poppler-utils (pdftotext, pdffonts, pdfinfo) to read the generated PDFs, and Apache PDFBox
#   Preflight (with its Java runtime) to validate PDF/A-1b.
# Idempotent: packages already installed are skipped.
set -euo pipefail

PACKAGES=(chromium chromium-l10n poppler-utils default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)

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
