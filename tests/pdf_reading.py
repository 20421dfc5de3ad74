"""What a PDF made by reportlab shows: each line of text drawn, as a reader's copy and paste gives it (through
the fonts' ToUnicode maps), where it starts and in which font and size; and which fonts the file embeds.

Only what reportlab writes is read (objects numbered "N 0 obj", streams with a direct /Length, one
`BT … ET` text object per line drawn, literal strings shown with `Tj`): no PDF library is among the
project's packages.
"""

import base64
import re
import zlib
from dataclasses import dataclass

OBJECT = re.compile(rb"(\d+) 0 obj\s(.*?)\sendobj", re.DOTALL)
TEXT_OBJECT = re.compile(rb"\bBT\b(.*?)\bET\b", re.DOTALL)
# In a text object: the text matrix (its last two numbers are where the line starts), the font and size,
# and the strings shown.
OPERATION = re.compile(
    rb"(?P<x>-?[\d.]+) (?P<y>-?[\d.]+) Tm"
    rb"|/(?P<font>\S+) (?P<size>[\d.]+) Tf"
    rb"|\((?P<string>(?:\\.|[^\\()])*)\) Tj",
    re.DOTALL,
)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class Line:
    text: str
    x: float
    y: float
    font: str  # the font's name, without the prefix of its embedded subset ("DejaVuSans-Bold")
    size: float
    embedded: bool


def objects(pdf):
    return {int(number): body for number, body in OBJECT.findall(pdf)}


def stream(body):
    """The decoded data of a stream object."""
    head, _, rest = body.partition(b"stream")
    data = rest[2:] if rest.startswith(b"\r\n") else rest[1:]
    data = data[: int(re.search(rb"/Length (\d+)", head).group(1))]
    filters = re.search(rb"/Filter \[([^\]]*)\]", head)
    for name in filters.group(1).split() if filters else ():
        if name == b"/ASCII85Decode":
            data = base64.a85decode(data, adobe=True)
        elif name == b"/FlateDecode":
            data = zlib.decompress(data)
        else:
            raise ValueError(f"A filter this reader does not know: {name}")
    return data


def reference(body, key):
    found = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    return int(found.group(1)) if found else None


def unicode_map(cmap):
    """The characters of each code of a ToUnicode CMap written with `bfchar` (as reportlab writes them)."""
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap.split(b"beginbfchar")[-1])
    }


@dataclass
class Font:
    name: str
    embedded: bool
    characters: dict

    def decode(self, data):
        if self.characters:
            return "".join(self.characters[code] for code in data)
        return data.decode("cp1252")  # a standard font's WinAnsiEncoding


def fonts(pdf):
    """The fonts by the name the pages' text uses them by (/F1, /F2+0…)."""
    found = {}
    everything = objects(pdf)
    for body in everything.values():
        name = re.search(rb"/Name /(\S+)", body)
        if b"/Type /Font" not in body or name is None:
            continue
        base = re.search(rb"/BaseFont /(\S+)", body).group(1).decode()
        descriptor = reference(body, b"FontDescriptor")
        to_unicode = reference(body, b"ToUnicode")
        found[name.group(1).decode()] = Font(
            name=base.split("+")[-1],
            embedded=descriptor is not None and reference(everything[descriptor], b"FontFile2") is not None,
            characters=unicode_map(stream(everything[to_unicode])) if to_unicode else {},
        )
    return found


def unescaped(string):
    def replace(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        return ESCAPED.get(escaped, escaped)

    return ESCAPE.sub(replace, string)


def pdf_lines(pdf):
    """Each line drawn on the pages, in the order drawn."""
    used = fonts(pdf)
    everything = objects(pdf)
    pages = [body for body in everything.values() if re.search(rb"/Type /Page\b", body)]
    lines = []
    for page in pages:
        content = stream(everything[reference(page, b"Contents")])
        # The font is part of the graphics state: set in one text object, it holds in the next ones.
        font, size = None, 0.0
        for text_object in TEXT_OBJECT.findall(content):
            x = y = 0.0
            text = []
            for operation in OPERATION.finditer(text_object):
                if operation["x"] is not None:
                    x, y = float(operation["x"]), float(operation["y"])
                elif operation["font"] is not None:
                    font, size = used[operation["font"].decode()], float(operation["size"])
                else:
                    text.append(font.decode(unescaped(operation["string"])))
            if text:
                lines.append(Line("".join(text), x, y, font.name, size, font.embedded))
    return lines


def pdf_text(pdf):
    """The text drawn on the pages, a line of the text for each line drawn."""
    return "\n".join(line.text for line in pdf_lines(pdf))


def embedded_fonts(pdf):
    """The names of the fonts the text is drawn in, each with whether the file embeds it."""
    return {line.font: line.embedded for line in pdf_lines(pdf)}
