#!/usr/bin/env bash
# Creates .venv at the repository root with the Microsoft Graph Python SDK from PyPI, so that
# tests/python_sdk.rs can run every generated Python snippet against the real SDK.
# Idempotent: an existing .venv that already imports msgraph at the pinned version is kept.
set -euo pipefail

MSGRAPH_SDK_VERSION="${MSGRAPH_SDK_VERSION:-1.65.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"

if [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$MSGRAPH_SDK_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("msgraph-sdk") == sys.argv[1] else 1)
PY
then
    echo "setup-python-sdk: $venv already has msgraph-sdk $MSGRAPH_SDK_VERSION"
    exit 0
fi

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "msgraph-sdk==$MSGRAPH_SDK_VERSION"
"$venv/bin/python" -c "import msgraph; from msgraph import GraphServiceClient; print('setup-python-sdk: msgraph-sdk ready')"
