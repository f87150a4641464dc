#pragma once

#include "config/environment.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace bioepic {
class CoreServices;
struct EnvironmentPreset;
} // namespace bioepic

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief Edits an environment's settings (or a new one's), with the same validation as the
 * settings file and the CLI.
 *
 * Problems never move the fields: a field with a problem gets a warning mark beside it (its space
 * is always reserved; the message is its tooltip), and Save lists every problem at once in one
 * message below the fields.
 */
class EnvironmentEditor final : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Edit, Create };

    EnvironmentEditor(CoreServices *core, Mode mode, QWidget *parent = nullptr);

    /** @brief Shows the settings of an existing environment (Edit mode). */
    void setEnvironment(const QString &name);
    [[nodiscard]] QString environment() const { return m_environment; }
    /** @brief The environment as currently typed. */
    [[nodiscard]] Environment currentValues() const;
    /** @brief Fills in a preset's URL and profile, and its name unless one was typed (Create mode). */
    void applyPreset(const EnvironmentPreset &preset);
    /** @brief Validates, marks every field with a problem and lists them all; true when there are none. */
    bool validate();
    /** @brief Validates, then adds (Create) or updates (Edit) the environment. */
    bool save();
    void revert();
    /** @brief Something typed differs from the settings as loaded (Edit mode). */
    [[nodiscard]] bool hasUnsavedChanges() const;

    /** @brief Field widgets by settings key, for tests. */
    [[nodiscard]] QWidget *fieldWidget(const QString &key) const;
    /** @brief The problem shown for a field (its mark's tooltip), empty when none. */
    [[nodiscard]] QString problem(const QString &key) const;
    /** @brief The message under the fields: every problem found by the last Save, or "Saved". */
    [[nodiscard]] MessageLabel *summary() const { return m_message; }

Q_SIGNALS:
    void saved(const QString &name);
    void changed();

private:
    void load(const Environment &environment);
    void showProblems(const QList<FieldError> &errors, bool summarize);
    void markField(const QString &key, const QString &problem);
    void updateOverridePlaceholders();
    /** A field with its problem mark beside it; the mark keeps its room when hidden. */
    QWidget *withMark(const QString &key, QWidget *field);
    [[nodiscard]] QList<FieldError> problems() const;

    CoreServices *m_core;
    Mode m_mode;
    QString m_environment;
    Environment m_loaded;
    QString m_presetName; ///< the name a preset filled in; replaced by the next preset, unlike a typed one
    QLineEdit *m_name;
    QLineEdit *m_baseUrl;
    QComboBox *m_profile;
    QComboBox *m_method;
    QComboBox *m_clientAuth;
    QSpinBox *m_refreshBuffer;
    QSpinBox *m_rotationDays;
    QSpinBox *m_timeout;
    QSpinBox *m_maxPage;
    QLineEdit *m_caBundle;
    QToolButton *m_overridesToggle = nullptr;
    QWidget *m_overridesContent = nullptr;
    QHash<QString, QLineEdit *> m_overrides;
    QHash<QString, QLabel *> m_marks;
    MessageLabel *m_message;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
};

} // namespace bioepic::ui
