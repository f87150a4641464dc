#include "messagelabel.h"

#include "theme.h"

#include <QApplication>

namespace bioepic::ui {

MessageLabel::MessageLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A light/dark switch of the desktop: the same meaning in the new theme's shade.
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, &MessageLabel::applyColour);
    hide();
}

void MessageLabel::showMessage(const QString &text, Kind kind)
{
    m_kind = kind;
    applyColour();
    setText(text);
    setAccessibleDescription(text);
    setVisible(!text.isEmpty());
}

void MessageLabel::clearMessage()
{
    setText(QString());
    hide();
}

void MessageLabel::applyColour()
{
    // The theme's palette, not this label's: its own text colour is what the style sheet sets.
    const QPalette theme = QApplication::palette(this);
    switch (m_kind) {
    case Kind::Info:
        setStyleSheet(QString());
        return;
    case Kind::Success:
        setStyleSheet(toneStyle(Tone::Success, theme));
        return;
    case Kind::Warning:
        setStyleSheet(toneStyle(Tone::Warning, theme));
        return;
    case Kind::Error:
        setStyleSheet(toneStyle(Tone::Error, theme));
        return;
    }
}

} // namespace bioepic::ui
