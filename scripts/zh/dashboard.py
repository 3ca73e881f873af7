"""Chinese for the home pages (issue 11), the list macros and the new exports."""
ZH = {
"Valid, not expiring soon": "有效（90天内不到期）", "Expiring within %(d)s days": "%(d)s天内到期",
"Withheld": "暂扣", "Applied for": "申领中", "Search and filter": "查询和筛选",
"Compliance rate %(y)s": "%(y)s年学时达标率", "Sessions held this month": "本月举办培训",
"%(ok)s of %(n)s officers": "%(n)s人中%(ok)s人达标", "Pass rate, latest exam": "最近一次考试合格率",
"%(p)s passed of %(n)s candidates": "应考%(n)s人，合格%(p)s人", "No exam has closed yet.": "尚无已结束的考试。",
"Valid certificates": "有效执法证", "Officers missing hours in %(y)s": "%(y)s年学时未达标人数",
"of %(n)s on a post": "在岗执法人员共%(n)s人", "Exams open now": "正在进行的考试",
"Answers waiting for grading": "待人工阅卷答案", "in %(n)s handed-in papers": "涉及%(n)s份已交试卷",
"Certificates waiting for clearance": "待清理执法证", "closes": "截止", "No exam is open.": "当前没有进行中的考试。",
"Recent talent-pool draws": "最近的人才库抽取", "All draws": "全部抽取记录",
"My training hours in %(y)s": "我的%(y)s年培训学时", "Next exam": "下一场考试",
"No exam ahead of you.": "暂无待参加的考试。", "My certificate": "我的执法证",
"Valid until %(d)s": "有效期至%(d)s", "Expires in %(n)s days: ask HR to renew it.": "%(n)s天后到期，请联系人事部门办理换证。",
"No certificate": "无执法证", "Nobody on an enforcement post in your units this year.": "本年度所辖单位无在岗执法人员。",
}
