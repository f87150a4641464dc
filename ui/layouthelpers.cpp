#include "layouthelpers.h"

#include <QLayout>
#include <QScreen>
#include <QScrollArea>
#include <QWidget>

namespace bioepic::ui {

QScrollArea *scrollable(QWidget *content)
{
    auto *area = new QScrollArea(content->parentWidget());
    area->setObjectName(content->objectName() + QStringLiteral("Scroll"));
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    area->setWidget(content);
    // The page's own background, not the scroll area's base colour.
    area->viewport()->setAutoFillBackground(false);
    content->setAutoFillBackground(false);
    return area;
}

void growToFit(QWidget *window)
{
    QLayout *layout = window->layout();
    if (!layout)
        return;
    layout->activate();
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(window->width())
                                                   : layout->totalSizeHint().height();
    const QScreen *screen = window->screen();
    const int room = screen ? screen->availableGeometry().height() - 40 : needed;
    const int height = std::min(needed, room);
    if (height > window->height())
        window->resize(window->width(), height);
}

} // namespace bioepic::ui
