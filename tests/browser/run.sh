#!/usr/bin/env bash
# Browser test of parasearch-serve's search page in headless Chromium, driven by playwright-core
# (fetched from npm once, cached). Exit 77 (ctest: skipped) when Chromium, node or npm is missing,
# or npm cannot fetch playwright-core.
# Usage: run.sh PARASEARCH_INDEX PARASEARCH_SERVE WORK_DIR
set -euo pipefail
index_exe=$1 serve_exe=$2 work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium=${PARASEARCH_CHROMIUM:-/usr/bin/chromium}
skip() { echo "SKIPPED: $*"; exit 77; }
[[ -x $chromium ]] || skip "no Chromium at $chromium (scripts/deps chromium)"
command -v node >/dev/null || skip "no node (scripts/deps nodejs npm)"
command -v npm >/dev/null || skip "no npm (scripts/deps nodejs npm)"

# playwright-core, cached beside the build (npm is asked only when it is missing).
cache=${PARASEARCH_PLAYWRIGHT_DIR:-$work/../playwright-cache}
if [[ ! -f $cache/node_modules/playwright-core/package.json ]]; then
  mkdir -p "$cache"
  timeout 120 npm install --prefix "$cache" --no-audit --no-fund --loglevel=error playwright-core@1 >/dev/null 2>&1 ||
    skip "npm could not fetch playwright-core (offline?)"
fi

rm -rf "$work"
mkdir -p "$work/src"
# An archive: 14 countries x 2 years of speeches on nuclear matters (so results take two pages and
# facets have several values), and one speech whose text holds markup that must stay text.
n=0
for country in FRA NOR JPN GBR USA RUS CHN IND BRA ZAF EGY MEX CAN AUS; do
  for year in 1987 1995; do
    n=$((n + 1))
    printf 'Statement %s by %s on nuclear disarmament and the test ban treaty.\n\n%s\n\nThe delegation thanked the President.\n' \
      "$n" "$country" "Nuclear weapons must be eliminated; verification of the nuclear test ban is essential ($country, $year)." \
      > "$work/src/${country}_${year}.txt"
  done
done
printf 'The minutes record <script>window.pwned = 1</script> and <img src=x onerror="window.pwned = 2"> as typed, on nuclear issues.\n' \
  > "$work/src/XSS_2000.txt"
"$index_exe" --db "$work/db" --path-fields '{country}_{year}.txt' "$work/src" >/dev/null

"$serve_exe" --db "$work/db" --port 0 --threads 2 --facets 'country,year/10,lang' >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  port=$(sed -n 's#.*on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/serve.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n ${port:-} ]] || { cat "$work/serve.log"; echo "parasearch-serve did not start"; exit 1; }

NODE_PATH="$cache/node_modules" node "$here/page_test.js" "http://127.0.0.1:$port" "$chromium" "$work"
