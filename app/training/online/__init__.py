"""Courses officers completed on external learning platforms (`flask import online-hours`)."""
