"""The talent pool (执法人才库) and the cross-inspection draws made from it."""
