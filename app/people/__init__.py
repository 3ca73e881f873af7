"""The officer roster: people, their posts, status and history."""
