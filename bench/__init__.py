"""`make bench`: Upstander's benchmark against the targets in docs/benchmarks.md."""
