"""An import template as offices need it: the header sheet first, then 填表说明.

The header sheet has its ID and code columns formatted as text (Excel keeps 15 digits of a
number: a 身份证号 typed into a General cell loses its last digits) and a drop-down on every
enumerated column, the lists held on a hidden sheet so that a long one (the units of a
province) fits. The instructions sheet says what each column takes and shows an example row.
The example is not on the header sheet, so that it is never imported by mistake.
"""
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from app.core import synonyms

LISTS_SHEET = "下拉选项"
TEXT = "@"
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)
RULES = (
    "第一个工作表（“{title}”）第一行是表头，请勿修改列名；每行一条记录，从第二行起填写。",
    "带底色的列为必填项；不需要的选填列可以留空或删除，留空的单元格不会改动系统中已有的值。",
    "身份证号、各类编码、手机号列已设置为文本格式，请直接输入或以“粘贴为值”的方式粘贴；"
    "若以数字格式保存，系统会拒绝导入（Excel 只保留15位有效数字）。",
    "日期可填 2026-03-05、2026/3/5、2026.3.5、2026年3月5日，或 Excel 日期。",
    "学时为0.5的正整数倍。",
    "请勿合并单元格：合并后只有第一行有值，系统会提示“合并单元格”。",
    "带下拉箭头的列请从列表中选择；也接受下方列出的同义写法，其他写法会被拒绝。",
    "导入前可先“试运行”：系统一次列出文件中的全部错误，不写入任何数据。",
)


@dataclass
class TemplateSpec:
    """What one kind's template shows."""

    title: str
    headers: list[str]
    required: set[str] = field(default_factory=set)
    text_columns: set[str] = field(default_factory=set)
    choices: dict[str, list[str]] = field(default_factory=dict)   # header -> allowed values
    notes: dict[str, str] = field(default_factory=dict)           # header -> what it takes
    example: dict[str, object] = field(default_factory=dict)


def build(spec: TemplateSpec) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = spec.title[:31]
    _header_sheet(sheet, spec)
    _instructions(book.create_sheet("填表说明"), spec)
    _drop_downs(book, sheet, spec)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_sheet(sheet, spec: TemplateSpec) -> None:
    sheet.append(spec.headers)
    for index, header in enumerate(spec.headers, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = BOLD
        if header in spec.required:
            cell.fill = REQUIRED_FILL
        column = sheet.column_dimensions[letter]
        column.width = max(12, 2 * len(header) + 4)
        if header in spec.text_columns:
            column.number_format = TEXT
            column.width = 22
    sheet.freeze_panes = "A2"


def _instructions(sheet, spec: TemplateSpec) -> None:
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 80
    sheet.append([f"{spec.title}导入模板 填表说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for number, rule in enumerate(RULES, start=1):
        sheet.append([f"{number}. {rule.format(title=spec.title)}"])
    sheet.append([])
    sheet.append(["列名", "是否必填", "填写说明"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for header in spec.headers:
        sheet.append([header, "必填" if header in spec.required else "选填", _note(spec, header)])
    sheet.append([])
    sheet.append(["示例（请在第一个工作表中填写，不要填在这里）："])
    sheet.append(spec.headers)
    sheet.append([spec.example.get(h) for h in spec.headers])
    for cell in sheet[sheet.max_row]:
        cell.number_format = TEXT
    sheet.append([])
    sheet.append(["可接受的同义写法："])
    for line in synonyms.lines():
        sheet.append([line])


def _note(spec: TemplateSpec, header: str) -> str:
    parts = [spec.notes.get(header, "")]
    if header in spec.choices:
        values = spec.choices[header]
        shown = "、".join(values[:30]) + ("等，见下拉列表" if len(values) > 30 else "")
        parts.append(f"可选: {shown}")
    if header in spec.text_columns:
        parts.append("文本格式")
    return "；".join(p for p in parts if p)


def _drop_downs(book, sheet, spec: TemplateSpec) -> None:
    """One list per enumerated column, on a hidden sheet, as the column's data validation."""
    columns = [(i, h) for i, h in enumerate(spec.headers, start=1) if spec.choices.get(h)]
    if not columns:
        return
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for position, (index, header) in enumerate(columns, start=1):
        letter = get_column_letter(position)
        values = spec.choices[header]
        lists.cell(row=1, column=position, value=header)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=position, value=value).number_format = TEXT
        source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        # A warning, not a stop: the documented synonyms may be typed instead.
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle="不在列表中",
                                    error=f"{header}应从下拉列表中选择")
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}10000")
        sheet.add_data_validation(validation)
