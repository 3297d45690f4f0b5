"""Inputs and helpers for the `aidp-migrate-job` interop tests (`tests/interop/test_migrate_*.py`).

Everything here writes only below a folder the caller passes in (a pytest `tmp_path`).
"""
