"""Enforcement certificates: lifecycle, clearance of people leaving enforcement posts, 持证上岗."""
