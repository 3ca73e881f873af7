"""The yearly assessment of enforcement officers (年度考核, seed 004 (11)-(13))."""
