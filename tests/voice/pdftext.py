"""Text of a PDF, read with pikepdf: enough to check what a certificate says.

Handles what fpdf2 writes: simple fonts (Latin-1 strings) and embedded Unicode fonts,
whose two-byte glyph codes are mapped back to text through the font's ToUnicode CMap.
"""

import re

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _cmap(font) -> dict[int, str]:
    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return {}
    data = to_unicode.read_bytes()
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(block)
        for source, target in zip(codes[0::2], codes[1::2], strict=False):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        codes = _HEX.findall(block)
        for low, high, start in zip(codes[0::3], codes[1::3], codes[2::3], strict=False):
            first = int.from_bytes(bytes.fromhex(start.decode()), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    import io

    lines = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            fonts = page.resources.get("/Font", {})
            cmaps = {str(name): _cmap(fonts[name]) for name in fonts}
            current = {}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    current = cmaps.get(str(operands[0]), {})
                elif op in ("Tj", "TJ", "'", '"'):
                    strings = operands[0] if op == "TJ" else [operands[-1]]
                    text = ""
                    for item in strings:
                        if not isinstance(item, pikepdf.String):
                            continue
                        raw = bytes(item)
                        if current:
                            text += "".join(
                                current.get(int.from_bytes(raw[i : i + 2], "big"), "")
                                for i in range(0, len(raw) - 1, 2)
                            )
                        else:
                            text += raw.decode("latin-1")
                    lines.append(text)
    return "\n".join(lines)
