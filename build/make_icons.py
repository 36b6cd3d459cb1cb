"""Draw jjdesk's icons with Qt and write every format the installers need.

We have no artwork, so the icon is drawn from code: two arrows chasing each other round a
circle ("keeps things in sync"). Each size is rendered on its own rather than scaled down
so small tray icons stay crisp. Pillow is used only here, to pack .ico and .icns; it is a
build-time tool, not a runtime dependency.

    python build/make_icons.py            # writes jjdesk/resources/icons/
"""

from __future__ import annotations

import io
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)

OUT = Path(__file__).resolve().parent.parent / "jjdesk" / "resources" / "icons"

DISC = QColor("#1d6a86")
DISC_EDGE = QColor("#155168")
ARROWS = QColor("#ffffff")
ERROR_DOT = QColor("#d93025")
TEMPLATE = QColor("#000000")

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _arrow(painter: QPainter, size: float, start_deg: float, color: QColor) -> None:
    """One arc of the sync loop with its head, travelling counter-clockwise."""
    centre = size / 2
    radius = size * 0.27
    stroke = size * 0.095
    span = 115.0
    rect = QRectF(centre - radius, centre - radius, 2 * radius, 2 * radius)
    arc = QPainterPath()
    arc.arcMoveTo(rect, start_deg)
    arc.arcTo(rect, start_deg, span + 4.0)  # reaches into the head: no gap between them
    # The head sits where the arc ends and points along the direction of travel.
    theta = math.radians(start_deg + span)
    tip_x, tip_y = centre + radius * math.cos(theta), centre - radius * math.sin(theta)
    tangent = (-math.sin(theta), -math.cos(theta))
    normal = (math.cos(theta), -math.sin(theta))
    half_width = stroke * 1.25
    length = stroke * 1.6
    head = QPolygonF(
        [
            QPointF(tip_x + normal[0] * half_width, tip_y + normal[1] * half_width),
            QPointF(tip_x + tangent[0] * length, tip_y + tangent[1] * length),
            QPointF(tip_x - normal[0] * half_width, tip_y - normal[1] * half_width),
        ]
    )
    # Arc and head filled as one shape, so antialiasing draws no seam between them.
    stroker = QPainterPathStroker()
    stroker.setWidth(stroke)
    stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
    shape = stroker.createStroke(arc)
    head_path = QPainterPath()
    head_path.addPolygon(head)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    painter.drawPath(shape.united(head_path))


def render(size: int, *, template: bool = False, error: bool = False) -> QImage:
    """The icon at `size` pixels: colour disc, or black-on-transparent for macOS templates."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if template:
        # Menu-bar templates carry only alpha; let the arrows fill the square.
        painter.translate(-size * 0.12, -size * 0.12)
        painter.scale(1.24, 1.24)
        color = TEMPLATE
    else:
        margin = size * 0.04
        painter.setPen(QPen(DISC_EDGE, max(1.0, size * 0.02)))
        painter.setBrush(QBrush(DISC))
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
        color = ARROWS
    _arrow(painter, size, 20.0, color)
    _arrow(painter, size, 200.0, color)
    painter.resetTransform()
    if error:
        dot = size * 0.36
        painter.setPen(QPen(QColor("#ffffff"), max(1.0, size * 0.04)))
        painter.setBrush(QBrush(ERROR_DOT))
        painter.drawEllipse(QRectF(size - dot - size * 0.02, size - dot - size * 0.02, dot, dot))
    painter.end()
    return image


def to_pil(image: QImage) -> Image.Image:
    """Hand a QImage to Pillow through an in-memory PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def write_all(out: Path) -> list[Path]:
    """Write every icon file into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    pngs = {
        "jjdesk.png": render(256),
        "tray.png": render(64),
        "tray-error.png": render(64, error=True),
        "tray-template.png": render(22, template=True),
        "tray-template@2x.png": render(44, template=True),
    }
    written = []
    for name, image in pngs.items():
        path = out / name
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        written.append(path)

    ico = [to_pil(render(s)) for s in ICO_SIZES]
    ico_path = out / "jjdesk.ico"
    ico[-1].save(ico_path, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=ico)
    written.append(ico_path)

    icns = [to_pil(render(s)) for s in ICNS_SIZES]
    icns_path = out / "jjdesk.icns"
    icns[-1].save(icns_path, format="ICNS", append_images=icns[:-1])
    written.append(icns_path)
    return written


def main() -> int:
    """Render into jjdesk/resources/icons/ (or the folder given as the only argument)."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for path in write_all(out):
        print(f"{path.stat().st_size:>8} {path}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
