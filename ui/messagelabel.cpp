#include "messagelabel.h"

namespace bioepic::ui {

MessageLabel::MessageLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void MessageLabel::showMessage(const QString &text, Kind kind)
{
    m_kind = kind;
    switch (kind) {
    case Kind::Info:
        setStyleSheet(QString());
        break;
    case Kind::Success:
        setStyleSheet(QStringLiteral("color: #2e7d32;"));
        break;
    case Kind::Error:
        setStyleSheet(QStringLiteral("color: #b3261e;"));
        break;
    }
    setText(text);
    setAccessibleDescription(text);
    setVisible(!text.isEmpty());
}

void MessageLabel::clearMessage()
{
    setText(QString());
    hide();
}

} // namespace bioepic::ui
