#pragma once

#include "auth/token.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace bioepic::ui {

/** @brief The badge shown for an environment: "no credentials", "valid", "refresh due"… */
struct StateBadge
{
    QString text;
    QColor color;
    QString explanation; ///< tooltip
};

[[nodiscard]] StateBadge stateBadge(TokenState state, bool hasCredentials);
/** @brief A small filled circle in the badge's colour. */
[[nodiscard]] QIcon badgeIcon(const QColor &color);

} // namespace bioepic::ui
