"""In-app notifications: reminders, draws, results; a count in the header."""
