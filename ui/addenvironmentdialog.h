#pragma once

#include <QDialog>

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class EnvironmentEditor;

/** @brief Adds an environment; stays open, with the problems shown inline, until it can be saved. */
class AddEnvironmentDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AddEnvironmentDialog(CoreServices *core, QWidget *parent = nullptr);

    [[nodiscard]] QString addedName() const { return m_added; }
    [[nodiscard]] EnvironmentEditor *editor() const { return m_editor; }

    void accept() override;

private:
    EnvironmentEditor *m_editor;
    QString m_added;
};

} // namespace bioepic::ui
