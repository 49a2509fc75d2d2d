"""Ledger imports (issue 5)."""
