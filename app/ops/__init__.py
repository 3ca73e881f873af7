"""Operations: backup and restore, moving a county's SQLite into the province's PostgreSQL."""
