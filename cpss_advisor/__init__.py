"""cpss-advisor: decision support for child protection systems strengthening."""

__version__ = "0.1.0"
