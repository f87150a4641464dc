#pragma once

// Helpers of the tests that show the main window (UI tests only: they link bioepic_ui).

#include "mainwindow.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>

namespace bioepic::test {

/**
 * @brief Shows @p window until its first frame is drawn (the lock watch starts then), and
 * returns its status bar's keychain label; null if it was not drawn within 10 s.
 */
inline QLabel *showUntilDrawn(ui::MainWindow &window)
{
    QSignalSpy drawn(&window, &ui::MainWindow::firstFrameDrawn);
    window.show();
    if (!QTest::qWaitFor([&drawn] { return drawn.count() == 1; }, 10000))
        return nullptr;
    return window.findChild<QLabel *>(QStringLiteral("keychainStatus"));
}

} // namespace bioepic::test
