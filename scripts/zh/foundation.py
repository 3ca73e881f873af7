"""Chinese for the foundation: log-in, roster, units, accounts, audit, imports."""
ZH = {
"This field is required.": "此项为必填项。",
"Username": "用户名", "Letters, digits, - _ . only.": "只能使用字母、数字和 - _ .",
"Display name": "显示名称", "Role": "角色", "Unit": "单位",
"Officer's ID number (officer accounts)": "关联人员身份证号（执法人员账号）",
"Initial password": "初始密码", "Create account": "新建账号", "New password": "新密码",
"Reset password": "重置密码", "Account created.": "账号已创建。", "Enter a new password.": "请输入新密码。",
"Password of %(name)s reset; they must change it at next log-in.": "已重置 %(name)s 的密码，其下次登录须修改密码。",
"Password": "密码", "Remember me": "记住我", "Log in": "登录", "Current password": "原密码",
"At least 8 characters.": "至少8个字符。", "Repeat new password": "确认新密码",
"The passwords differ.": "两次输入的密码不一致。", "Change password": "修改密码",
"Wrong username or password, or the account is disabled.": "用户名或密码错误，或账号已停用。",
"Your password was changed.": "密码已修改。",
"The form expired. Reload the page and try again.": "表单已过期或缺少安全令牌，请刷新页面后重试。",
"Home": "首页", "My record": "我的档案", "Roster": "人员名册", "Organisation": "组织机构",
"Accounts": "账号管理", "Audit log": "审计日志", "Unit code": "单位编码", "Unit name": "单位名称",
"Unit type": "单位类型", "Parent unit": "上级单位", "In use": "启用", "Save": "保存",
"(top level)": "（顶级）", "Unit saved.": "单位已保存。", "Name": "姓名", "ID number": "身份证号",
"On an enforcement post": "执法岗位", "On the post since": "执法岗位起始日期",
"Person status": "人员状态", "Status changed on": "状态变更日期", "Specialty": "专业特长",
"Education": "学历", "Legal major": "法律专业", "Phone": "手机号",
"Digits only, 7 to 15 of them.": "只能填写7至15位数字。", "File (.xlsx or .csv)": "文件（.xlsx 或 .csv）",
"Dry run: check only, write nothing": "试运行：只校验，不写入", "Upload and import": "上传并导入",
"Officer saved.": "人员信息已保存。", "Pages": "分页",
"%(total)s records, page %(page)s of %(pages)s": "共 %(total)s 条，第 %(page)s / %(pages)s 页",
"Previous": "上一页", "Next": "下一页",
"Enforcement Training and Exams": "市场监管行政执法人员培训考试管理系统",
"Skip to content": "跳到正文", "Main menu": "主菜单", "Open the menu": "打开菜单", "Log out": "退出登录",
"Back to the home page": "返回首页", "Who": "操作人", "Action": "操作", "Any": "全部",
"Record type": "记录类型", "From": "起始日期", "To": "截止日期", "Filter": "筛选",
"When (UTC)": "时间（UTC）", "Record": "记录", "Before → after": "变更前 → 变更后",
"Nothing recorded.": "暂无记录。", "Cancel": "取消", "Any role": "全部角色", "Search": "查询",
"State": "状态", "Actions": "操作", "Active": "正常", "Disabled": "已停用", "Enable": "启用",
"Disable": "停用", "Import": "导入",
"Fill in the template and upload it. Every row is checked first; if any row is wrong, nothing is written and each bad row is listed. Importing the same file again changes nothing.":
  "请下载模板填写后上传。系统先逐行校验：只要有一行错误，就不写入任何数据，并列出每一行的错误；同一文件重复导入不会产生变化。",
"Download the template": "下载导入模板",
"Working… you may leave this page; the result stays here.": "正在处理……可以离开本页，结果会保留在这里。",
"Progress": "进度", "Nothing was written. Correct these rows and upload the file again:": "未写入任何数据。请改正以下各行后重新上传：",
"Welcome, %(name)s": "欢迎，%(name)s", "Status": "状态", "Officers in my scope": "管辖范围内人员",
"Left enforcement or work": "已离开执法岗位或离职", "Add unit": "新增单位", "Export to Excel": "导出 Excel",
"Officers": "人数", "Edit": "编辑", "Yes": "是", "No": "否", "since": "起始于", "History": "变动记录",
"Added to the roster at %(unit)s": "录入名册，所在单位 %(unit)s",
"Transferred from %(a)s to %(b)s": "由 %(a)s 调至 %(b)s", "Status: %(a)s → %(b)s": "人员状态：%(a)s → %(b)s",
"Enforcement post: %(a)s → %(b)s": "执法岗位：%(a)s → %(b)s", "No changes yet.": "暂无变动。",
"Officer": "人员", "Add officer": "新增人员", "Name or ID number": "姓名或身份证号", "All units": "全部单位",
"Any status": "全部状态", "Post: any": "岗位：全部", "On a post": "在执法岗位", "Not on a post": "不在执法岗位",
"Post": "执法岗位", "No officers match.": "没有符合条件的人员。",
"The request was not understood.": "请求无法识别。", "You may not see this page.": "您无权查看此页面。",
"This page does not exist, or is not yours to see.": "页面不存在，或您无权查看。", "The file is too large.": "文件过大。",
"Too many attempts. Wait a minute and try again.": "尝试次数过多，请一分钟后再试。",
"Something went wrong on our side. It has been logged.": "系统出错，已记录日志。",
}
ZH |= {
    "Specialty categories": "专业类别", "Specialties": "专业类别", "Add": "新增", "Code": "编码",
    "Order": "排序", "Saved.": "已保存。", "Lower-case letters, digits and _ only.": "只能使用小写字母、数字和下划线。",
}
ZH |= {
    "Notifications": "通知", "%(n)s unread": "%(n)s 条未读", "Mark all read": "全部标为已读",
    "No notifications.": "暂无通知。",
}
ZH |= {"Training and Exams": "执法培训考试"}
ZH |= {"… and %(n)s more.": "……另有 %(n)s 处错误未列出。"}
ZH |= {"The database is unavailable for a moment. Your last action was not saved; try again shortly.":
       "数据库暂时不可用，您刚才的操作未保存，请稍后重试。"}
ZH |= {"People": "人员", "Training": "培训", "Exams": "考试", "System": "系统"}
ZH |= {"Please wait a moment": "请稍候",
       "This page reloads by itself in 10 seconds.": "本页将在 10 秒后自动刷新。"}
