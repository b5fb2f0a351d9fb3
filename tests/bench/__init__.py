"""Tests for the benchmark tooling."""
