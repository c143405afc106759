#!/bin/sh
# Layering check (ctest): query/ reads the index only through index/, never through indexer/
# internals; index/ (the on-disk format) depends on neither; formats/ (file readers) on none of them; common/ on
# nothing of the project but itself. Prints the offending lines and fails.
# Usage: tests/layering.sh SOURCE_DIR
src=${1:?usage: layering.sh SOURCE_DIR}
status=0
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"indexer/' "$src/query"; then
  echo "query/ must not include indexer/ (use index/)" >&2
  status=1
fi
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(indexer|query)/' "$src/index"; then
  echo "index/ must not include indexer/ or query/" >&2
  status=1
fi
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(indexer|query|index)/' "$src/formats"; then
  echo "formats/ (file readers) must not include indexer/, query/ or index/" >&2
  status=1
fi
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(indexer|query|index|formats)/' "$src/common"; then
  echo "common/ (shared helpers) must not include indexer/, query/, index/ or formats/" >&2
  status=1
fi
exit $status
