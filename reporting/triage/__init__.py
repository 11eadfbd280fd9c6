"""Helpers for the triage back office that are neither views nor write paths."""
