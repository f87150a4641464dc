#pragma once

#include "config/environment.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief Edits an environment's settings (or a new one's). Problems are shown under the field
 * they concern, using the same validation as the settings file and the CLI.
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
    /** @brief Validates and shows problems inline; true when there are none. */
    bool validate();
    /** @brief Validates, then adds (Create) or updates (Edit) the environment. */
    bool save();
    void revert();
    /** @brief Something typed differs from the settings as loaded (Edit mode). */
    [[nodiscard]] bool hasUnsavedChanges() const;

    /** @brief Field widgets by settings key, for tests. */
    [[nodiscard]] QWidget *fieldWidget(const QString &key) const;
    [[nodiscard]] MessageLabel *errorLabel(const QString &key) const { return m_errors.value(key); }

Q_SIGNALS:
    void saved(const QString &name);
    void changed();

private:
    void load(const Environment &environment);
    void showErrors(const QList<FieldError> &errors);
    void updateOverridePlaceholders();
    MessageLabel *addErrorLabel(const QString &key);

    CoreServices *m_core;
    Mode m_mode;
    QString m_environment;
    Environment m_loaded;
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
    QHash<QString, MessageLabel *> m_errors;
    MessageLabel *m_message;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
};

} // namespace bioepic::ui
