"""本系统规则: the rules that are ours, not the seeds', on a page the legal section signs off."""
