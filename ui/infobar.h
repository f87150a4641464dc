#pragma once

#include <QFrame>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace bioepic::ui {

/** @brief An unobtrusive bar with a message, a few actions and a close button. */
class InfoBar final : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Information, Warning };

    explicit InfoBar(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind);
    /** @brief Adds a button; clicking it runs @p action. Buttons are removed by clearActions(). */
    QPushButton *addAction(const QString &text, const std::function<void()> &action);
    void clearActions();
    [[nodiscard]] QString text() const;
    /** @brief Without a close button (a banner that stays, such as the demo's). */
    void setClosable(bool closable);

private:
    void applyColours();

    QLabel *m_text;
    QHBoxLayout *m_actions;
    QWidget *m_close;
    Kind m_kind = Kind::Information;
};

} // namespace bioepic::ui
