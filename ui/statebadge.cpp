#include "statebadge.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPixmap>

namespace bioepic::ui {

StateBadge stateBadge(TokenState state, bool hasCredentials)
{
    if (!hasCredentials && state == TokenState::None)
        return {QCoreApplication::translate("StateBadge", "no credentials"), QColor(0x88, 0x8f, 0x98),
                QCoreApplication::translate("StateBadge", "No credentials stored yet.")};
    switch (state) {
    case TokenState::None:
        return {QCoreApplication::translate("StateBadge", "no token"), QColor(0x4a, 0x78, 0xb0),
                QCoreApplication::translate("StateBadge", "Credentials stored; no token requested yet.")};
    case TokenState::Valid:
        return {QCoreApplication::translate("StateBadge", "valid"), QColor(0x2e, 0x9d, 0x4f),
                QCoreApplication::translate("StateBadge", "The access token is valid.")};
    case TokenState::RefreshDue:
        return {QCoreApplication::translate("StateBadge", "refresh due"), QColor(0xd9, 0x8c, 0x10),
                QCoreApplication::translate("StateBadge", "Past the refresh point; a new token is requested.")};
    case TokenState::Expired:
        return {QCoreApplication::translate("StateBadge", "expired"), QColor(0xc6, 0x3d, 0x2f),
                QCoreApplication::translate("StateBadge", "The last token has expired.")};
    case TokenState::Rejected:
        return {QCoreApplication::translate("StateBadge", "rejected by the server"), QColor(0xb3, 0x26, 0x1e),
                QCoreApplication::translate(
                        "StateBadge",
                        "The server no longer accepts this token (revoked, or its signing key changed). Refresh gets a "
                        "new one.")};
    case TokenState::Error:
        return {QCoreApplication::translate("StateBadge", "error"), QColor(0x9b, 0x1c, 0x1c),
                QCoreApplication::translate("StateBadge", "The last token request failed.")};
    }
    return {};
}

QIcon badgeIcon(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

} // namespace bioepic::ui
