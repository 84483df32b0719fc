#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs. Idempotent: does nothing
# when every package is already installed. Must run as root (or via sudo).
set -euo pipefail

PACKAGES=(
  qgis python3-qgis qgis-providers
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15
  gdal-bin python3-gdal python3-psycopg2
  python3-venv python3-pip
  python3-dev  # headers for the fast path's C scanner (core/_fastscan.c), built by pip install -e .
  xvfb xauth
  pyqt5-dev-tools qttools5-dev-tools  # pylupdate5 and lrelease: the plugin's Qt translations (make translations)
  fonts-wqy-microhei
  python3-matplotlib  # the indicators panel's and the bulletin's charts (the venv sees it: --system-site-packages)
  qttranslations5-l10n  # Qt's own dialogs and buttons (OK, Cancel, file dialogs) in the user's language; QGIS loads them
  poppler-utils  # pdftotext, pdftoppm, pdffonts: the bulletin's tests read and render its PDF
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: done"
