"""The last 30 days with Qt Charts: items transferred (bars) and errors (a line, own axis).

Two axes because the numbers differ by orders of magnitude (thousands transferred, a
handful of errors). Colours come from the palette (highlight for transfers; the error
red made lighter on a dark window), so the chart follows the system's dark mode, and it
is drawn again only when its numbers changed. The tooltip and accessible name carry the
totals, a hovered bar its day. Clicking a day's error point asks for that day's errors.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from jjdesk.cockpit.overview import DayPoint
from jjdesk.gui import fmt, labels


class DayChart(QChartView):
    """Bars per day for what was transferred, a line for the errors."""

    day_clicked = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.points: list[DayPoint] = []
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(160, 110)  # sizes as properties: no Python call in every layout
        chart = self._chart
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        self.written = QBarSet(self.tr("Transferred"))
        self.written.hovered.connect(self._hovered)
        self.bars = QBarSeries()
        self.bars.setBarWidth(0.7)
        self.bars.append(self.written)
        self.errors = QLineSeries()
        self.errors.setName(self.tr("Errors"))
        self.errors.setPointsVisible(True)
        self.errors.clicked.connect(self._clicked)
        chart.addSeries(self.bars)
        chart.addSeries(self.errors)
        self.days_axis = QBarCategoryAxis()
        self.days_axis.setLabelsVisible(False)
        self.days_axis.setGridLineVisible(False)
        self.written_axis = QValueAxis()
        self.error_axis = QValueAxis()
        for axis in (self.written_axis, self.error_axis):
            axis.setLabelFormat("%d")
            axis.setTickCount(2)
        chart.addAxis(self.days_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.written_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.error_axis, Qt.AlignmentFlag.AlignRight)
        self.bars.attachAxis(self.days_axis)
        self.bars.attachAxis(self.written_axis)
        self.errors.attachAxis(self.days_axis)
        self.errors.attachAxis(self.error_axis)
        self._follow_palette()

    def set_points(self, points: list[DayPoint]) -> None:
        """Show these days (oldest first). Only what changed is handed to the chart (while a
        run goes on, that is today's bar), so the chart redraws little."""
        if points == self.points:
            return
        before, self.points = self.points, list(points)
        if [p.day for p in before] != [p.day for p in points]:
            self.days_axis.setCategories([fmt.local_date(p.day) for p in points])
            self.written.remove(0, self.written.count())
            self.written.append([float(p.written) for p in points])
            self.errors.replace([QPointF(n, p.errors) for n, p in enumerate(points)])
        else:
            for n, (old, new) in enumerate(zip(before, points, strict=True)):
                if old.written != new.written:
                    self.written.replace(n, new.written)
                if old.errors != new.errors:
                    self.errors.replace(n, QPointF(n, new.errors))
        top_written = max([p.written for p in points] + [1])
        top_errors = max([p.errors for p in points] + [1])
        if self.written_axis.max() != top_written:
            self.written_axis.setRange(0, top_written)
        if self.error_axis.max() != top_errors:
            self.error_axis.setRange(0, top_errors)
        written = sum(p.written for p in points)
        errors = sum(p.errors for p in points)
        summary = self.tr("Last {days} days: {written} items transferred, {errors} errors").format(
            days=fmt.number(len(points)), written=fmt.number(written), errors=fmt.number(errors)
        )
        self.setToolTip(summary)
        self.setAccessibleName(summary)

    def error_colour(self) -> QColor:
        """The errors' colour as drawn now (follows light and dark palettes)."""
        return self.errors.pen().color()

    def written_colour(self) -> QColor:
        """The transfers' colour as drawn now."""
        return self.written.color()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._follow_palette()

    def _follow_palette(self) -> None:
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        self._chart.setBackgroundBrush(QBrush(window))
        self._chart.setPlotAreaBackgroundVisible(False)
        self.setBackgroundBrush(QBrush(window))
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self.written.setColor(highlight)
        self.written.setBorderColor(highlight)
        error = labels.readable(labels.ERROR_RED, palette)
        self.errors.setPen(QPen(error, 2))
        self.errors.setColor(error)
        self._chart.legend().setLabelColor(text)
        for axis in (self.written_axis, self.error_axis, self.days_axis):
            axis.setLabelsColor(text)
            axis.setLinePenColor(grid)
            axis.setGridLineColor(grid)

    def _hovered(self, inside: bool, index: int) -> None:
        if not inside or not 0 <= index < len(self.points):
            QToolTip.hideText()
            return
        point = self.points[index]
        QToolTip.showText(
            self.cursor().pos(),
            self.tr("{day}: {written} transferred, {errors} errors").format(
                day=fmt.local_date(point.day),
                written=fmt.number(point.written),
                errors=fmt.number(point.errors),
            ),
            self,
        )

    def _clicked(self, at: QPointF) -> None:
        index = round(at.x())
        if 0 <= index < len(self.points) and self.points[index].errors:
            self.day_clicked.emit(self.points[index].day)
