"""Long work (imports, big exports) in a worker process, with progress users can watch."""
