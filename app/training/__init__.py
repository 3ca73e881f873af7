"""Training hours: sessions, attendance, evidence, yearly floors, compliance and the plan."""
