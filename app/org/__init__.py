"""The organisation tree: the provincial bureau, city and county bureaus, offices."""
