#include "environmentdelegate.h"

#include "environmentlistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QUrl>

namespace bioepic::ui {

QString shortUrl(const QString &url)
{
    // What tells environments apart is the host (api vs api-dev…), and it comes first: eliding at
    // the end keeps it, where eliding in the middle made prod and dev read the same. The scheme
    // is shown only when it is not https.
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return url;
    QString text = parsed.host();
    if (parsed.port() != -1)
        text += QLatin1Char(':') + QString::number(parsed.port());
    text += parsed.path();
    return parsed.scheme() == QLatin1String("https") ? text : parsed.scheme() + QStringLiteral("://") + text;
}

void EnvironmentDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QRect area = option.rect.adjusted(8, 5, -8, -5);

    // Badge on the right.
    const QString badge = index.data(EnvironmentListModel::BadgeTextRole).toString();
    const QColor color = index.data(EnvironmentListModel::BadgeColorRole).value<QColor>();
    QFont badgeFont = option.font;
    badgeFont.setPointSizeF(option.font.pointSizeF() * 0.85);
    badgeFont.setBold(true);
    const QFontMetrics badgeMetrics(badgeFont);
    const int badgeWidth = badgeMetrics.horizontalAdvance(badge) + 14;
    const int badgeHeight = badgeMetrics.height() + 4;
    const QString rotation = index.data(EnvironmentListModel::RotationTextRole).toString();
    // With a rotation chip, the state badge moves up and the chip goes under it.
    const int badgeTop = rotation.isEmpty() ? area.top() + (area.height() - badgeHeight) / 2 : area.top();
    const QRect badgeRect(area.right() - badgeWidth, badgeTop, badgeWidth, badgeHeight);
    QPainterPath chip;
    chip.addRoundedRect(badgeRect, badgeHeight / 2.0, badgeHeight / 2.0);
    painter->fillPath(chip, color);
    painter->setFont(badgeFont);
    painter->setPen(Qt::white);
    painter->drawText(badgeRect, Qt::AlignCenter, badge);
    if (!rotation.isEmpty()) {
        const QColor rotationColor = index.data(EnvironmentListModel::RotationColorRole).value<QColor>();
        const int chipWidth = badgeMetrics.horizontalAdvance(rotation) + 12;
        const QRect chipRect(area.right() - chipWidth, area.bottom() - badgeHeight + 1, chipWidth, badgeHeight);
        QPainterPath outline;
        outline.addRoundedRect(QRectF(chipRect).adjusted(0.5, 0.5, -0.5, -0.5), badgeHeight / 2.0, badgeHeight / 2.0);
        painter->setPen(QPen(rotationColor, 1.2));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(outline);
        painter->setPen(rotationColor);
        painter->drawText(chipRect, Qt::AlignCenter, rotation);
    }

    // Name and URL on the left.
    const QRect textRect(area.left(), area.top(), badgeRect.left() - area.left() - 8, area.height());
    QFont nameFont = option.font;
    nameFont.setBold(true);
    painter->setFont(nameFont);
    painter->setPen(text);
    const QFontMetrics nameMetrics(nameFont);
    painter->drawText(textRect.adjusted(0, 0, 0, -textRect.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(EnvironmentListModel::NameRole).toString(), Qt::ElideRight,
                                             textRect.width()));
    QFont urlFont = option.font;
    urlFont.setPointSizeF(option.font.pointSizeF() * 0.85);
    painter->setFont(urlFont);
    QColor dim = text;
    dim.setAlphaF(0.65f);
    painter->setPen(dim);
    const QFontMetrics urlMetrics(urlFont);
    painter->drawText(textRect.adjusted(0, textRect.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      urlMetrics.elidedText(shortUrl(index.data(EnvironmentListModel::BaseUrlRole).toString()),
                                            Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize EnvironmentDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return {option.rect.width() > 0 ? option.rect.width() : 200, metrics.height() * 2 + 16};
}

} // namespace bioepic::ui
