"""The version of listening, recorded in every run (run.json) and exported as ``listening.__version__``."""
__version__ = "0.1.0"
