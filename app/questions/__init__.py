"""The question bank: questions with versions, their imports and exports, search and drawing."""
