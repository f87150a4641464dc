#pragma once

#include <QColor>
#include <QIcon>
#include <QObject>
#include <QPalette>
#include <QString>

namespace bioepic::ui {

/** @brief What a coloured piece of text or a bar means; the colour comes from the palette. */
enum class Tone { Muted, Info, Success, Warning, Error };

/** @brief True when the palette draws light text on a dark window (a dark desktop theme). */
[[nodiscard]] bool isDark(const QPalette &palette);
/**
 * @brief Text colour for @p tone, readable on @p palette's window and base colours: the light
 * theme's deep red is unreadable on a dark window, so each tone has a light and a dark shade.
 */
[[nodiscard]] QColor toneColor(Tone tone, const QPalette &palette);
/** @brief A soft background for a bar of @p tone (banners, info bars), with a matching border. */
[[nodiscard]] QColor toneBackground(Tone tone, const QPalette &palette);
[[nodiscard]] QColor toneBorder(Tone tone, const QPalette &palette);
/** @brief "color: #rrggbb;" for a style sheet. */
[[nodiscard]] QString toneStyle(Tone tone, const QPalette &palette);
/** @brief WCAG 2 contrast ratio of two colours (1 to 21); tests hold every tone above 4.5 on its window. */
[[nodiscard]] double contrastRatio(const QColor &a, const QColor &b);

/**
 * @brief The program's icon at the sizes windows and tray icons are drawn at (PNGs: no SVG plugin
 * to load), decoded on the first call and kept. Qt decodes each file as it is added (seven, up to
 * 128 px: about 3 ms; 256 px would add 2 ms and 256 KB of heap for good, for launchers, which use
 * the installed theme icon), so nothing on the way to the first window asks for it: main sets it
 * as the window icon once the window has painted, and the tray icon asks for it when it is
 * switched on.
 */
[[nodiscard]] const QIcon &applicationIcon();

/**
 * @brief Tells when the desktop switches theme (the application's palette changed), so that what
 * was coloured for the old one is coloured again. One per application.
 */
class ThemeWatcher final : public QObject
{
    Q_OBJECT

public:
    [[nodiscard]] static ThemeWatcher *instance();

Q_SIGNALS:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
};

} // namespace bioepic::ui
