"""Home pages, the menu, error pages and template helpers."""
