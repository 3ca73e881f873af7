"""Shared building blocks: scoping, audit, tables, ID numbers, imports."""
