#include "asyncdialogs.h"

namespace bioepic::ui {

void askAsync(QWidget *parent, const QString &title, const QString &text, QMessageBox::StandardButtons buttons,
              QMessageBox::StandardButton defaultButton, std::function<void(QMessageBox::StandardButton)> onAnswer,
              QMessageBox::Icon icon)
{
    auto *box = new QMessageBox(icon, title, text, buttons, parent);
    box->setDefaultButton(defaultButton);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    QObject::connect(box, &QMessageBox::finished, box, [box, onAnswer = std::move(onAnswer)](int) {
        // finished() also fires on Escape and on closing the window: both count as "no".
        const auto button = box->standardButton(box->clickedButton());
        onAnswer(button == QMessageBox::NoButton ? QMessageBox::Cancel : button);
    });
    box->open();
}

void showAsync(QWidget *parent, const QString &title, const QString &text, QMessageBox::Icon icon)
{
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

} // namespace bioepic::ui
