#!/usr/bin/env bash
# What ships: publint on the package, arethetypeswrong on the packed tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.js ] || npm run build
npx publint --strict
npx attw --pack . --profile node16
