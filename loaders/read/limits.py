"""The readers' thresholds, in one place: sizes, depths, archive guards, HTTP behaviour.

Measured on this machine (2 cores, shared): parsing an 18 MB release package whole with orjson peaks
at 160 MB of memory, streaming it with ijson at 14 MB; orjson on one release at a time is about four
times faster than ijson building the same releases. So small inputs are parsed whole (exact error
positions, NaN/Infinity repairable), and larger ones are streamed: the item array is cut out of the
byte stream and each element parsed with orjson (loaders.read.split), with ijson as the fallback.
"""
from __future__ import annotations

from core import settings

# Inputs up to this size are parsed whole (orjson, then stdlib json for NaN/Infinity); larger ones
# are streamed.
WHOLE_PARSE_MAX_BYTES = 8 * 1024**2

# When streaming fails (syntax error, NaN, overflowing number, deep nesting), inputs up to this size
# are parsed again whole to recover exact positions and repairable values.
RECOVERY_MAX_BYTES = 64 * 1024**2

# orjson refuses nesting deeper than 1024; ijson's memory grows with the square of the depth, so the
# streaming reader stops before that depth too.
MAX_DOCUMENT_DEPTH = 1024

# An item nested deeper than this is rejected: real OCDS/OC4IDS items are under 20 levels, and
# recursive code downstream (merge, flatten, orjson.dumps at 255) must not hit its limits.
MAX_ITEM_DEPTH = 64

# One JSON Lines line longer than this is rejected without being held in memory.
MAX_LINE_BYTES = 256 * 1024**2

# One element of a streamed item array (a release, a record, a package of a top-level array) longer
# than this is rejected ("array element N is larger than 64 MB ..."): it is read to its end but not
# kept, so memory stays bounded whatever its size. Runs of whitespace outside strings do not count (they
# are squeezed as they are read: padding costs time, never memory). Real releases are under 1 MB; the
# largest records seen (a process with hundreds of releases) are tens of MB.
MAX_ELEMENT_BYTES = settings.int_setting("OBRAS_MAX_ELEMENT_BYTES", 64 * 1024**2)

# Archives: total uncompressed size and compression ratio (zip bombs), and the ratio only applies
# to members larger than RATIO_MIN_BYTES (tiny files compress oddly).
# Nothing is extracted to disk, so the size cap only bounds the work; the ratio catches bombs. (SHCP's
# bulk file was a 2 GB zip of an array of packages, some 20 GB of JSON.)
MAX_UNCOMPRESSED_BYTES = settings.int_setting("OBRAS_MAX_UNCOMPRESSED_BYTES", 64 * 1024**3)
MAX_COMPRESSION_RATIO = 200
RATIO_MIN_BYTES = 1024**2

# Files taken from folders and archive members with these endings are read; others are skipped.
# A file named explicitly is always tried, whatever its name.
READ_SUFFIXES = (".json", ".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".zip", ".gz")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")

# HTTP
HTTP_CONNECT_TIMEOUT = 15.0
HTTP_READ_TIMEOUT = float(settings.int_setting("OBRAS_HTTP_READ_TIMEOUT", 300))
# the whole body of one download: 1 GB at 300 kB/s fits, a server that drips bytes does not
HTTP_TOTAL_TIMEOUT = float(settings.int_setting("OBRAS_HTTP_TOTAL_TIMEOUT", 3600))
HTTP_RETRIES = 3
HTTP_BACKOFF_SECONDS = 1.0  # 1 s, 2 s, 4 s
HTTP_MAX_REDIRECTS = 5
# INFOCDMX answers HTTP 500 and Nuevo León 403 to non-browser clients.
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0 Safari/537.36 obras-abiertas")

EXCERPT_CHARS = 200
CHUNK_BYTES = 1024**2
