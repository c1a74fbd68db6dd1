"""The link as a QR code made of text, for the command line and the coordinator's screen."""

from __future__ import annotations


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules, a quiet zone of two included (True is dark)."""
    # Imported here: qrcode pulls in Pillow, which nothing else on this path needs.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_L

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=2)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def terminal_qr(data: str) -> str:
    """The QR code in half-block characters: two rows of modules per line of text, dark
    modules as spaces on light cells so a phone reads it on a dark terminal too."""
    matrix = qr_matrix(data)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
        chars = []
        for upper, lower in zip(top, bottom, strict=True):
            # Light is drawn, dark is left blank: the code stays readable whatever the
            # terminal's background, as long as the text colour is light.
            chars.append(
                {(False, False): "█", (True, False): "▄", (False, True): "▀"}.get(
                    (upper, lower), " "
                )
            )
        lines.append("".join(chars))
    return "\n".join(lines)
