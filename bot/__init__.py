"""paperboy: daily research-paper reviews for chat platforms (platform-neutral core)."""

__version__ = "0.1.0"
