#include "infobar.h"

#include "theme.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace bioepic::ui {

InfoBar::InfoBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_actions(new QHBoxLayout)
{
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText); // paths, names and servers' words: never markup
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("infoBarText"));
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    close->setAccessibleName(tr("Dismiss"));
    m_close = close;
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, &InfoBar::applyColours);
    hide();
}

void InfoBar::showMessage(const QString &text, Kind kind)
{
    m_kind = kind;
    applyColours();
    m_text->setText(text);
    setVisible(!text.isEmpty());
}

void InfoBar::applyColours()
{
    const Tone tone = m_kind == Kind::Warning ? Tone::Error : Tone::Info;
    const QPalette palette = QApplication::palette(this);
    setStyleSheet(QStringLiteral("bioepic--ui--InfoBar { background: %1; border-bottom: 1px solid %2; }")
                          .arg(toneBackground(tone, palette).name(), toneBorder(tone, palette).name()));
    // The bar's own background: its text keeps the theme's text colour, readable on it.
    m_text->setStyleSheet(QStringLiteral("color: %1;").arg(palette.color(QPalette::WindowText).name()));
}

QPushButton *InfoBar::addAction(const QString &text, const std::function<void()> &action)
{
    auto *button = new QPushButton(text, this);
    connect(button, &QPushButton::clicked, this, action);
    m_actions->addWidget(button);
    return button;
}

void InfoBar::clearActions()
{
    while (QLayoutItem *item = m_actions->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

QString InfoBar::text() const
{
    return m_text->text();
}

void InfoBar::setClosable(bool closable)
{
    m_close->setVisible(closable);
}

} // namespace bioepic::ui
