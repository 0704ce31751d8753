"""listening: offline broad listening for Japanese and Korean free-text answers."""
__version__ = "0.1.0"
