#pragma once

#include <QDialog>

class QComboBox;
class QLabel;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class EnvironmentEditor;

/**
 * @brief Adds an environment, starting from a preset (NMDC Runtime, BioEPIC, another server);
 * stays open, with every problem listed, until it can be saved. Its size does not change with
 * the problems shown: the form scrolls.
 */
class AddEnvironmentDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AddEnvironmentDialog(CoreServices *core, QWidget *parent = nullptr);

    [[nodiscard]] QString addedName() const { return m_added; }
    [[nodiscard]] EnvironmentEditor *editor() const { return m_editor; }
    /** @brief Starts from the preset with this id ("nmdc", "bioepic"…). */
    void choosePreset(const QString &id);

    void accept() override;

private:
    EnvironmentEditor *m_editor;
    QComboBox *m_preset;
    QLabel *m_presetDescription;
    QString m_added;
};

} // namespace bioepic::ui
