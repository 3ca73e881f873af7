"""The one list of specialty categories (专业类别) shared by the question bank, exams and talent pool."""
