"""全员轮训: rotation programmes, their sessions, participants, completion and the check."""
