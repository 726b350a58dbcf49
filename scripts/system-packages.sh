#!/usr/bin/env bash
# Debian packages the reports and browser tests need: chromium (Kaleido chart export,
# end-to-end tests) and poppler-utils (PDF pages to PNG in tests). Installed only when
# missing; nothing downloads a browser of its own.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing ${need[*]} from Debian …"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
