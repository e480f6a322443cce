"""Suite-wide settings: refresh failures after a load fail the test instead of printing a warning."""
import os

os.environ.setdefault("OBRAS_STRICT_REFRESH", "1")
