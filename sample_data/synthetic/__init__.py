"""Generators of synthetic files in the published layouts (appointments crosstab, practice
workforce), for the sample builder, the tests and the benchmarks; never used by the app."""
