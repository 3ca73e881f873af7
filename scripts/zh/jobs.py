"""Chinese for long work: export jobs, their progress page and download."""
ZH = {
"Export": "导出",
"Preparing the file… you may leave this page; the file waits here for a day.":
    "正在生成文件……可以离开本页，文件在此保留一天。",
"The export failed:": "导出失败：",
"The file is ready.": "文件已生成。",
"Download": "下载",
"Files are kept for a day; this one has been removed. Start the export again.":
    "文件只保留一天，此文件已删除，请重新导出。",
"Every training archive (PDFs in a zip)": "全部人员培训档案（PDF 压缩包）",
}
ZH |= {"My imports and exports": "我的导入导出", "Exported files are kept for a day.": "导出的文件保留一天。",
       "Done": "已完成", "In progress": "进行中", "Open": "查看"}
