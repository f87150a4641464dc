#include "timelinebar.h"

#include <QPainter>
#include <QPainterPath>

namespace bioepic::ui {

TimelineBar::TimelineBar(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Token timeline"));
}

void TimelineBar::setTimes(const QDateTime &issued, const QDateTime &refreshAt, const QDateTime &expiresAt)
{
    m_issued = issued;
    m_refreshAt = refreshAt;
    m_expiresAt = expiresAt;
    updateAccessibleText();
    update();
}

void TimelineBar::setNow(const QDateTime &now)
{
    m_now = now;
    updateAccessibleText();
    update();
}

void TimelineBar::clear()
{
    setTimes({}, {}, {});
}

QSize TimelineBar::sizeHint() const
{
    return {420, fontMetrics().height() * 2 + 28};
}

QSize TimelineBar::minimumSizeHint() const
{
    // Narrow enough for "issued" and "expires" side by side; the refresh label takes a second line.
    const QFontMetrics metrics = fontMetrics();
    return {metrics.horizontalAdvance(tr("issued %1").arg(QStringLiteral("00:00:00"))) * 2 + 30, sizeHint().height()};
}

void TimelineBar::updateAccessibleText()
{
    if (!m_issued.isValid() || !m_expiresAt.isValid()) {
        setAccessibleDescription(tr("No token"));
        return;
    }
    setAccessibleDescription(tr("Issued %1, refresh at %2, expires %3")
                                     .arg(m_issued.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                          m_refreshAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                          m_expiresAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
}

void TimelineBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics = fontMetrics();
    const int barTop = 8;
    const int barHeight = 12;
    const QRectF bar(6, barTop, width() - 12, barHeight);
    QPainterPath track;
    track.addRoundedRect(bar, barHeight / 2.0, barHeight / 2.0);
    painter.fillPath(track, palette().color(QPalette::Mid).lighter(130));
    if (!m_issued.isValid() || !m_expiresAt.isValid() || m_issued >= m_expiresAt) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRectF(bar.left(), bar.bottom() + 4, bar.width(), metrics.height()), Qt::AlignCenter,
                         tr("no token"));
        return;
    }
    const double span = double(m_issued.msecsTo(m_expiresAt));
    auto xOf = [&](const QDateTime &time) {
        const double fraction = std::clamp(double(m_issued.msecsTo(time)) / span, 0.0, 1.0);
        return bar.left() + fraction * bar.width();
    };
    const double refreshX = xOf(m_refreshAt);
    painter.save();
    painter.setClipPath(track);
    painter.fillRect(QRectF(bar.left(), bar.top(), refreshX - bar.left(), bar.height()), QColor(0x2e, 0x9d, 0x4f));
    painter.fillRect(QRectF(refreshX, bar.top(), bar.right() - refreshX, bar.height()), QColor(0xd9, 0x8c, 0x10));
    if (m_now.isValid() && m_now >= m_expiresAt)
        painter.fillRect(bar, QColor(0xc6, 0x3d, 0x2f, 200));
    painter.restore();

    // Now marker.
    if (m_now.isValid()) {
        const double x = xOf(m_now);
        painter.setPen(QPen(palette().color(QPalette::WindowText), 2));
        painter.drawLine(QPointF(x, barTop - 5), QPointF(x, barTop + barHeight + 3));
        QPainterPath arrow;
        arrow.moveTo(x - 5, barTop - 8);
        arrow.lineTo(x + 5, barTop - 8);
        arrow.lineTo(x, barTop - 2);
        arrow.closeSubpath();
        painter.fillPath(arrow, palette().color(QPalette::WindowText));
    }

    // Labels: issued (left), refresh (at its point), expiry (right).
    painter.setPen(palette().color(QPalette::WindowText));
    const Labels labels = layoutLabels();
    painter.drawText(labels.issued, Qt::AlignLeft | Qt::AlignVCenter, labels.issuedText);
    painter.drawText(labels.expires, Qt::AlignLeft | Qt::AlignVCenter, labels.expiresText);
    painter.drawLine(QPointF(refreshX, bar.bottom()), QPointF(refreshX, labels.refresh.top()));
    painter.drawText(labels.refresh, Qt::AlignLeft | Qt::AlignVCenter, labels.refreshText);
}

TimelineBar::Labels TimelineBar::layoutLabels() const
{
    Labels labels;
    if (!m_issued.isValid() || !m_expiresAt.isValid() || m_issued >= m_expiresAt)
        return labels;
    const QFontMetrics metrics = fontMetrics();
    const QRectF bar(6, 8, width() - 12, 12);
    const double span = double(m_issued.msecsTo(m_expiresAt));
    const double fraction = std::clamp(double(m_issued.msecsTo(m_refreshAt)) / span, 0.0, 1.0);
    labels.refreshX = bar.left() + fraction * bar.width();
    const auto time = [](const QDateTime &t) { return t.toLocalTime().toString(QStringLiteral("HH:mm:ss")); };
    labels.issuedText = tr("issued %1").arg(time(m_issued));
    labels.refreshText = tr("refresh %1").arg(time(m_refreshAt));
    labels.expiresText = tr("expires %1").arg(time(m_expiresAt));
    const double top = bar.bottom() + 5;
    const double line = metrics.height();
    const double issuedWidth = metrics.horizontalAdvance(labels.issuedText) + 1;
    const double refreshWidth = metrics.horizontalAdvance(labels.refreshText) + 1;
    const double expiresWidth = metrics.horizontalAdvance(labels.expiresText) + 1;
    labels.issued = QRectF(bar.left(), top, issuedWidth, line);
    labels.expires = QRectF(bar.right() - expiresWidth, top, expiresWidth, line);
    // On one line between the other two when it fits there, else on a second line under its point.
    const double x = std::clamp(labels.refreshX - refreshWidth / 2.0, bar.left(), bar.right() - refreshWidth);
    labels.refresh = QRectF(x, top, refreshWidth, line);
    const double gap = 6;
    if (labels.refresh.left() < labels.issued.right() + gap || labels.refresh.right() > labels.expires.left() - gap)
        labels.refresh.moveTop(top + line + 2);
    // issued and expires always fit side by side: minimumSizeHint() keeps the bar that wide.
    return labels;
}

} // namespace bioepic::ui
