"""Benchmarks for Nexus: the synthetic scenario generator and the runs that use it."""
