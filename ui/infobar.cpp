#include "infobar.h"

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
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void InfoBar::showMessage(const QString &text, Kind kind)
{
    setStyleSheet(
            kind == Kind::Warning
                    ? QStringLiteral("bioepic--ui--InfoBar { background: #fde7e4; border-bottom: 1px solid #e8a59c; }")
                    : QStringLiteral(
                            "bioepic--ui--InfoBar { background: #e6f0fb; border-bottom: 1px solid #9dbde3; }"));
    m_text->setText(text);
    setVisible(!text.isEmpty());
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

} // namespace bioepic::ui
