#pragma once

#include <QMessageBox>

#include <functional>

namespace bioepic::ui {

/**
 * @brief Window-modal message boxes opened with open(), never exec(): no nested event loop, so
 * network replies and keychain answers keep arriving while a question is on screen.
 * @p onAnswer runs once with the button pressed (Cancel/No/Escape included); the box deletes itself.
 */
void askAsync(QWidget *parent, const QString &title, const QString &text, QMessageBox::StandardButtons buttons,
              QMessageBox::StandardButton defaultButton, std::function<void(QMessageBox::StandardButton)> onAnswer,
              QMessageBox::Icon icon = QMessageBox::Question);
/** @brief An informational or warning box, shown without waiting. */
void showAsync(QWidget *parent, const QString &title, const QString &text,
               QMessageBox::Icon icon = QMessageBox::Warning);

} // namespace bioepic::ui
