#!/usr/bin/env bash
# Retakes the widget pictures in docs/images/ (light and dark, English and German) from the browser
# tests' set-up: runs test/e2e/widgets-look.test.ts and test/e2e/widgets-council.test.ts (the call
# widget's council tools; headless Chromium, a real Synapse, axe-core's checks) and copies the screens
# they saved under test-results/screenshots/. Needs what `npm test` needs.
set -euo pipefail
cd "$(dirname "$0")/.."

node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --runTestsByPath test/e2e/widgets-look.test.ts test/e2e/widgets-council.test.ts
mkdir -p docs/images
for shot in test-results/screenshots/look-*.png; do
	name=$(basename "$shot")
	cp "$shot" "docs/images/${name#look-}"
done
ls docs/images
