"""Decision records: writing, reading, verifying and explaining a recorded plan."""
