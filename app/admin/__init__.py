"""The administrator's pages: accounts and the audit log."""
