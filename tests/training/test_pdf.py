"""The PDFs: Chinese rendered, rare characters drawn or flagged, never dropped."""
import subprocess
from datetime import date

from app.core.scoping import Scope
from app.training import compliance, queries, reports


def text_of(data: bytes) -> str:
    """The PDF's text (pdftotext), without layout spaces and line breaks."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode().replace(" ", "").replace("\n", "")


def test_compliance_pdf_with_rare_names(db, province, make_officer, make_session, attend):
    kun = make_officer(province["360102"], "王堃")
    make_officer(province["360102"], "李喆")
    make_officer(province["360102"], "𠮷田")
    attend(make_session(province["360102"], hours=8), kun)
    query = compliance.Query(2026, Scope(everything=True))
    whole, _groups = compliance.totals(query, None)
    data, missing = reports.compliance_pdf(compliance.stream(query), 2026, "江西省", whole)
    text = text_of(data)
    assert "2026年度行政执法人员培训学时达标情况表" in text
    assert "达标率" in text and "审核人" in text
    for name in ("王堃", "李喆"):
        assert name in text or name[1] in missing
    assert "𠮷" not in missing and "[U+20BB7]" not in text   # drawn with the fallback font


def test_archive_pdf_lists_courses_and_evidence(db, province, make_officer, make_session,
                                                attend):
    officer = make_officer(province["360102"], "赵喆", post_since=date(2026, 4, 15))
    attend(make_session(province["360102"], "行政复议法专题", hours=8), officer, 6)
    data, _missing = reports.archive_pdf(queries.officer_year(officer, 2026), "360102县局")
    text = text_of(data)
    assert "2026年度培训记录档案" in text and "行政复议法专题" in text
    assert "本年在岗8个月" in text and "应修20" in text
