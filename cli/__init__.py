"""The command-line interface: a thin click layer over the cpss_advisor API."""
