"""`python -m cpss_advisor`: the `cpss` command line."""

from cpss_advisor.cli.main import entry

if __name__ == "__main__":
    entry()
