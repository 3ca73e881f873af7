"""Staffing figures (seed 004 (51)(52)): law majors, degrees, 法制审核 staff, year on year."""
