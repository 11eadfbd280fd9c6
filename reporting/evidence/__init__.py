"""The evidence pipeline: sniff → validate → clean → encrypt → store, each step testable alone."""
