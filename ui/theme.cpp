#include "theme.h"

#include <QCoreApplication>
#include <QEvent>

#include <cmath>

namespace bioepic::ui {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
}

QColor toneColor(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Muted: {
        // Half-way between text and window: quieter than text, still readable on both themes.
        const QColor text = palette.color(QPalette::WindowText);
        const QColor window = palette.color(QPalette::Window);
        return QColor::fromRgbF((text.redF() * 2 + window.redF()) / 3, (text.greenF() * 2 + window.greenF()) / 3,
                                (text.blueF() * 2 + window.blueF()) / 3);
    }
    case Tone::Info:
        return dark ? QColor(0x9e, 0xc5, 0xf5) : QColor(0x0d, 0x47, 0xa1);
    case Tone::Success:
        return dark ? QColor(0x8f, 0xd6, 0x95) : QColor(0x1e, 0x6b, 0x24);
    case Tone::Warning:
        return dark ? QColor(0xf5, 0xc2, 0x6b) : QColor(0x8a, 0x4b, 0x00);
    case Tone::Error:
        return dark ? QColor(0xff, 0xa8, 0x9f) : QColor(0xb3, 0x26, 0x1e);
    }
    return palette.color(QPalette::WindowText);
}

QColor toneBackground(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Muted: {
        // The window, a tenth of the way towards the text: a quiet bar on either theme.
        const QColor text = palette.color(QPalette::WindowText);
        const QColor window = palette.color(QPalette::Window);
        return QColor::fromRgbF(window.redF() * 0.9 + text.redF() * 0.1, window.greenF() * 0.9 + text.greenF() * 0.1,
                                window.blueF() * 0.9 + text.blueF() * 0.1);
    }
    case Tone::Info:
        return dark ? QColor(0x1c, 0x31, 0x4d) : QColor(0xe6, 0xf0, 0xfb);
    case Tone::Success:
        return dark ? QColor(0x1b, 0x3a, 0x1f) : QColor(0xe6, 0xf4, 0xe7);
    case Tone::Warning:
        return dark ? QColor(0x45, 0x36, 0x10) : QColor(0xff, 0xf4, 0xce);
    case Tone::Error:
        return dark ? QColor(0x4a, 0x1f, 0x1b) : QColor(0xfd, 0xe7, 0xe4);
    }
    return palette.color(QPalette::Window);
}

QColor toneBorder(Tone tone, const QPalette &palette)
{
    const QColor background = toneBackground(tone, palette);
    return isDark(palette) ? background.lighter(150) : background.darker(125);
}

QString toneStyle(Tone tone, const QPalette &palette)
{
    return QStringLiteral("color: %1;").arg(toneColor(tone, palette).name());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &color) {
        auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

const QIcon &applicationIcon()
{
    static const QIcon icon = [] {
        QIcon rendered;
        for (const int size : {16, 22, 24, 32, 48, 64, 128})
            rendered.addFile(QStringLiteral(":/bioepic/application-icon/%1.png").arg(size), QSize(size, size));
        return rendered;
    }();
    return icon;
}

ThemeWatcher *ThemeWatcher::instance()
{
    static ThemeWatcher *watcher = [] {
        auto *created = new ThemeWatcher(QCoreApplication::instance());
        QCoreApplication::instance()->installEventFilter(created);
        return created;
    }();
    return watcher;
}

bool ThemeWatcher::eventFilter(QObject *watched, QEvent *event)
{
    // Sent to the application object once the new palette is in place, whatever order widgets hear it in.
    if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange)
        Q_EMIT changed();
    return false;
}

} // namespace bioepic::ui
