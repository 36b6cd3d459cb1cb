"""A small bar chart of the last 30 days: items transferred (bars) and errors (red bars).

Drawn with QPainter in the palette's colours, so it follows the system's dark mode and
scales on high-DPI screens; no charting library, so the frozen app stays as small as it
is (Qt Charts would add PySide6-Addons, see docs/packaging.md).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from jjdesk.cockpit.overview import DayPoint
from jjdesk.gui import fmt

WRITTEN_COLOUR = QColor("#1e88e5")
ERROR_COLOUR = QColor("#e53935")


class DayChart(QWidget):
    """Bars per day; the tooltip and accessible text carry the numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[DayPoint] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(320, 70)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 50)

    def set_points(self, points: list[DayPoint]) -> None:
        """Show these days (oldest first)."""
        self.points = points
        written = sum(p.written for p in points)
        errors = sum(p.errors for p in points)
        summary = self.tr("Last {days} days: {written} items transferred, {errors} errors").format(
            days=fmt.number(len(points)), written=fmt.number(written), errors=fmt.number(errors)
        )
        self.setToolTip(summary)
        self.setAccessibleName(summary)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        base = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(base)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self.points:
            return
        top = max(max(p.written for p in self.points), 1)
        top_errors = max(max(p.errors for p in self.points), 1)
        slot = area.width() / len(self.points)
        width = max(1.0, slot * 0.7)
        painter.setPen(Qt.PenStyle.NoPen)
        for n, point in enumerate(self.points):
            left = area.left() + n * slot + (slot - width) / 2
            if point.written:
                height = (area.height() - 2) * point.written / top
                painter.setBrush(WRITTEN_COLOUR)
                painter.drawRect(QRectF(left, area.bottom() - height, width, height))
            if point.errors:
                height = (area.height() / 3) * point.errors / top_errors
                painter.setBrush(ERROR_COLOUR)
                painter.drawRect(
                    QRectF(left + width / 4, area.bottom() - height, width / 2, height)
                )
