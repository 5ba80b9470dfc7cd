"""Helpers several test modules share (test modules import from here or from a conftest.py,
never from one another)."""
