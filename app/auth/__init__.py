"""Accounts, roles, log-in and passwords."""
