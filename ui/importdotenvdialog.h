#pragma once

#include "credentials/dotenvimport.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QPushButton;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief Moves the credentials of a .env file into the keychain in two steps the user sees:
 * review what was found (names and fingerprints, never values) → import (stored, read back,
 * verified with the server) → only then the offer to remove the secret lines from the file.
 * Closing the dialog at any point before the last step leaves the file as it was.
 */
class ImportDotenvDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Stage { Review, Importing, Imported, Stripping, Done };

    /** @p fallbackEnvironment takes CLIENT_ID/CLIENT_SECRET when the file sets no ENV. */
    ImportDotenvDialog(CoreServices *core, const QString &file, const QString &fallbackEnvironment,
                       QWidget *parent = nullptr);

    [[nodiscard]] Stage stage() const { return m_stage; }
    [[nodiscard]] const DotenvPlan &plan() const { return m_plan; }
    /** @brief What the Import button does. */
    void startImport();
    /** @brief What "Remove from the file" does, once the import succeeded. */
    void startStrip();

    void reject() override;

Q_SIGNALS:
    /** @brief A step ended: the stage says which (Imported or Done on success, Review after a failure). */
    void stepFinished(const bioepic::DotenvImportResult &result);

private:
    void replan();
    void run(DotenvImport::Options options);
    void onFinished(const DotenvImportResult &result);
    void setStage(Stage stage);

    CoreServices *m_core;
    QString m_file;
    QString m_fallbackEnvironment;
    DotenvPlan m_plan;
    Stage m_stage = Stage::Review;
    bool m_closeWhenDone = false;
    QLabel *m_intro;
    QLabel *m_findings;
    QCheckBox *m_replace;
    QCheckBox *m_verify;
    MessageLabel *m_message;
    QPushButton *m_import;
    QPushButton *m_strip;
    QPushButton *m_close;
    QPointer<DotenvImport> m_running;
};

} // namespace bioepic::ui
