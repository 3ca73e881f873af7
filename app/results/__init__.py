"""After the exam: grading, results, statistics, regrades, practice and the wrong-answer book."""
