#pragma once

#include <QLabel>

namespace bioepic::ui {

/**
 * @brief A word-wrapped label for an inline message next to a field or a form: hidden when
 * empty, in the palette's error, warning or success colour (light and dark themes alike), plain
 * for information.
 */
class MessageLabel final : public QLabel
{
    Q_OBJECT

public:
    enum class Kind { Info, Success, Warning, Error };

    explicit MessageLabel(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind);
    void showError(const QString &text) { showMessage(text, Kind::Error); }
    void clearMessage();
    [[nodiscard]] Kind kind() const { return m_kind; }

private:
    void applyColour();

    Kind m_kind = Kind::Info;
};

} // namespace bioepic::ui
