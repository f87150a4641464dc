#pragma once

#include <QStyledItemDelegate>

namespace bioepic::ui {

/** @brief Paints an environment as name, base URL and a coloured state badge. */
class EnvironmentDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

/** @brief A base URL as the list shows it: host, port and path, the scheme only when not https. */
[[nodiscard]] QString shortUrl(const QString &url);

} // namespace bioepic::ui
