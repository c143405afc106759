// Private: libxml2's one-time set-up, shared by the readers that use it (HTML, DOCX/ODT).
#pragma once

namespace parasearch::detail {

/// Initialises libxml2's globals once (xmlInitParser), before any parse: libxml2 sets them up lazily
/// and unsynchronised, so two indexer threads parsing their first files would race. Thread-safe.
void ensure_libxml();

} // namespace parasearch::detail
