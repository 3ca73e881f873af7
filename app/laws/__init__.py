"""The law library (法条库): laws, their versions with dates, article by article; citations."""
