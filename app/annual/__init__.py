"""The yearly report (seed 004 (44)): each unit's training, exam, rotation and certificate
figures, sent to the same-level 司法行政部门 by 31 January, and its reminders."""
