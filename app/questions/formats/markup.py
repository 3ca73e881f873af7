"""Moodle's text formats ([html], [markdown], [plain], [moodle]) as the bank's plain text.

The bank stores plain text: candidates must not see tags or entities, and a
question's key must not depend on its markup. HTML goes through the standard
library's parser (entities decoded, <br> and block ends as line breaks, images
by their alt text); Markdown is first rendered to HTML by markdown-it-py.
"""
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

# Tags whose start or end begins a new line.
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "pre",
                     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "article", "dd",
                     "dt", "dl"})
_SKIPPED = frozenset({"script", "style", "head", "title"})
_CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\f\v\u00a0\u3000]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")
_markdown = MarkdownIt("commonmark")


def to_plain(text: str, fmt: str | None) -> str:
    """`text` written in Moodle format `fmt` as plain text ([plain]/[moodle]: unchanged)."""
    if fmt == "markdown":
        return html_to_text(_markdown.render(text))
    if fmt == "html":
        return html_to_text(text)
    return text.strip()


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            self.pre += tag == "pre"
        elif tag in _CELLS:
            self.parts.append(" ")
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            self.parts.append(f"[图片: {alt}]" if alt else "[图片]")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED:
            self.skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")
            self.pre = max(self.pre - (tag == "pre"), 0)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        # Outside <pre>, a line break in the source is a space, as a browser shows it.
        self.parts.append(data if self.pre else data.replace("\n", " "))

    def text(self) -> str:
        joined = _SPACES.sub(" ", "".join(self.parts))
        return _LINE_BREAKS.sub("\n", joined).strip()
