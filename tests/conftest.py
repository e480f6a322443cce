"""Suite-wide settings: refresh failures after a load fail the test instead of printing a warning."""
import os

os.environ.setdefault("OBRAS_STRICT_REFRESH", "1")

# The quality refresh fetches the official schemas when nothing is configured: tests never go to the
# internet, so by default they are "offline with no cache" (the discard port on 127.0.0.1 refuses at once,
# and an empty cache folder of this run). Tests that validate set local schemas or a 127.0.0.1 server.
import tempfile  # noqa: E402

os.environ.setdefault("OBRAS_OCDS_SCHEMA_URL", "http://127.0.0.1:9/release-schema.json")
os.environ.setdefault("OBRAS_OC4IDS_SCHEMA_URL", "http://127.0.0.1:9/project-schema.json")
os.environ.setdefault("OBRAS_OCDS_EXTENSION_URLS", "http://127.0.0.1:9/ocds_x_extension/extension.json")
os.environ.setdefault("OBRAS_CACHE_DIR", tempfile.mkdtemp(prefix="obras-test-cache-"))
