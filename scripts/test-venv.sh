#!/usr/bin/env bash
# The Python the notification tests run their real servers with: a venv in
# target/test-venv holding aiosmtpd (the SMTP server). Created once; a second run only
# checks (well under a second). TEST_VENV overrides the place.
#
#   scripts/test-venv.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${TEST_VENV:-$root/target/test-venv}"
AIOSMTPD_VERSION=1.4.6

if "$venv/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
  exit 0
fi

echo "==> Creating the test venv in $venv (aiosmtpd $AIOSMTPD_VERSION from PyPI, once, ~10 s)"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION" atpublic==9.0.0 attrs==26.1.0
"$venv/bin/python" -c "import aiosmtpd; print('==> aiosmtpd', aiosmtpd.__version__, 'ready')"
