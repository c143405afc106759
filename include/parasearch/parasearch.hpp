// Umbrella header: everything an embedder needs.
#pragma once

#include "parasearch/check.hpp"      // IWYU pragma: export
#include "parasearch/errors.hpp"     // IWYU pragma: export
#include "parasearch/indexer.hpp"    // IWYU pragma: export
#include "parasearch/json.hpp"       // IWYU pragma: export
#include "parasearch/paragraphs.hpp" // IWYU pragma: export
#include "parasearch/schema.hpp"     // IWYU pragma: export
#include "parasearch/searcher.hpp"   // IWYU pragma: export
#include "parasearch/stemmer.hpp"    // IWYU pragma: export
#include "parasearch/text.hpp"       // IWYU pragma: export
