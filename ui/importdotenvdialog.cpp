#include "importdotenvdialog.h"

#include "messagelabel.h"
#include "theme.h"

#include "coreservices.h"
#include "keychain/credentialvault.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace bioepic::ui {

ImportDotenvDialog::ImportDotenvDialog(CoreServices *core, const QString &file, const QString &fallbackEnvironment,
                                       QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_file(file)
    , m_fallbackEnvironment(fallbackEnvironment)
    , m_intro(new QLabel(this))
    , m_findings(new QLabel(this))
    , m_replace(new QCheckBox(tr("Replace the credentials already stored for these environments"), this))
    , m_verify(new QCheckBox(tr("Check with the server first (a token request)"), this))
    , m_message(new MessageLabel(this))
    , m_import(new QPushButton(tr("&Import"), this))
    , m_strip(new QPushButton(tr("&Remove secrets from the file"), this))
    , m_close(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Import %1").arg(QFileInfo(file).fileName()));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::RichText);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->setObjectName(QStringLiteral("findings"));
    m_replace->setObjectName(QStringLiteral("replace"));
    m_verify->setObjectName(QStringLiteral("verify"));
    m_verify->setChecked(true);
    m_message->setObjectName(QStringLiteral("message"));
    m_import->setObjectName(QStringLiteral("import"));
    m_strip->setObjectName(QStringLiteral("strip"));
    m_close->setObjectName(QStringLiteral("close"));

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_strip, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_findings);
    layout->addWidget(m_replace);
    layout->addWidget(m_verify);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);

    // The dialog box's own accept/reject would close it: each button does its step instead.
    connect(m_import, &QPushButton::clicked, this, &ImportDotenvDialog::startImport);
    connect(m_strip, &QPushButton::clicked, this, &ImportDotenvDialog::startStrip);
    connect(m_close, &QPushButton::clicked, this, &ImportDotenvDialog::reject);
    connect(m_replace, &QCheckBox::toggled, this, &ImportDotenvDialog::replan);
    // The fingerprints shown (and compared with stored ones) need this installation's key first.
    m_intro->setText(tr("Reading %1…").arg(file));
    setStage(Stage::Review);
    m_core->vault()->ensureFingerprintKey(fallbackEnvironment, this, [this] { replan(); });
    setMinimumWidth(600);
}

void ImportDotenvDialog::replan()
{
    if (m_stage != Stage::Review)
        return;
    m_plan = planDotenvImport(m_file, {}, *m_core->environments(), *m_core->credentials(), m_replace->isChecked());
    if (!m_plan.document.values().contains(QStringLiteral("ENV")) && !m_fallbackEnvironment.isEmpty())
        m_plan = planDotenvImport(m_file, m_fallbackEnvironment, *m_core->environments(), *m_core->credentials(),
                                  m_replace->isChecked());

    QStringList rows;
    for (const DotenvFinding &finding : std::as_const(m_plan.findings)) {
        rows.append(tr("<b>%1</b>: %2 (line %3) <i>%4</i>, %5 (line %6) <tt>%7</tt>")
                            .arg(finding.environment.toHtmlEscaped(), finding.identityKey.toHtmlEscaped())
                            .arg(finding.identityLine)
                            .arg(finding.credentials.identity.toHtmlEscaped(), finding.secretKey.toHtmlEscaped())
                            .arg(finding.secretLine)
                            .arg(finding.credentials.fingerprint()));
    }
    for (const QString &note : std::as_const(m_plan.notes))
        rows.append(QStringLiteral("<span style='color:%1'>%2</span>")
                            .arg(toneColor(Tone::Muted, palette()).name(), note.toHtmlEscaped()));
    m_findings->setText(rows.join(QStringLiteral("<br>")));
    m_intro->setText(m_plan.findings.isEmpty() && !m_plan.problems.isEmpty()
                             ? tr("Nothing can be imported from %1 yet; the file is left as it is.").arg(m_file)
                             : tr("Found in %1 (values are not shown; the fingerprints identify them):").arg(m_file));
    m_replace->setVisible(!m_plan.wouldReplace.isEmpty() || m_replace->isChecked());
    if (!m_plan.problems.isEmpty())
        m_message->showError(m_plan.problems.join(QLatin1Char('\n')));
    else
        m_message->clearMessage();
    m_import->setEnabled(m_plan.ok());
}

void ImportDotenvDialog::startImport()
{
    if (m_stage != Stage::Review || !m_plan.ok())
        return;
    DotenvImport::Options options;
    options.verify = m_verify->isChecked();
    setStage(Stage::Importing);
    m_message->showMessage(
            options.verify
                    ? tr("Checking with the server and storing in the %1…").arg(m_core->keychain()->backendName())
                    : tr("Storing in the %1…").arg(m_core->keychain()->backendName()),
            MessageLabel::Kind::Info);
    run(options);
}

void ImportDotenvDialog::startStrip()
{
    if (m_stage != Stage::Imported)
        return;
    DotenvImport::Options options;
    options.store = false; // stored a moment ago: read back and compare again, then strip
    options.strip = true;
    setStage(Stage::Stripping);
    m_message->showMessage(tr("Reading the keychain copy back, then rewriting %1…").arg(m_file),
                           MessageLabel::Kind::Info);
    run(options);
}

void ImportDotenvDialog::run(DotenvImport::Options options)
{
    m_running = new DotenvImport(m_core->credentials(), m_core->vault(), m_plan, options, this);
    connect(m_running, &DotenvImport::finished, this, &ImportDotenvDialog::onFinished);
    m_running->start();
}

void ImportDotenvDialog::onFinished(const DotenvImportResult &result)
{
    if (m_running)
        m_running->deleteLater();
    const bool stripping = m_stage == Stage::Stripping;
    if (!result.error.ok()) {
        // A failed strip leaves the credentials stored: the strip can be tried again. A failed
        // import is planned afresh (some environments may be stored now).
        setStage(stripping ? Stage::Imported : Stage::Review);
        if (!stripping)
            replan();
        m_message->showError(result.error.fullText());
    } else if (stripping) {
        setStage(Stage::Done);
        m_message->showMessage(tr("Removed %1 from %2; a comment there says where it went. Run scripts with: "
                                  "bioepic-cred exec %3 -- python your_script.py")
                                       .arg(result.strippedKeys.join(QStringLiteral(", ")), m_file,
                                            m_plan.findings.first().environment),
                               MessageLabel::Kind::Success);
    } else {
        setStage(Stage::Imported);
        m_message->showMessage(tr("Stored in the %1 and read back equal%2: %3.\n\nRemove the secret lines from %4 "
                                  "now? The file keeps everything else, and a comment saying where they went.")
                                       .arg(m_core->keychain()->backendName(),
                                            m_verify->isChecked() ? tr(", accepted by the server") : QString(),
                                            result.imported.join(QStringLiteral(", ")), m_file),
                               MessageLabel::Kind::Success);
    }
    Q_EMIT stepFinished(result);
    if (m_closeWhenDone)
        QDialog::reject();
}

void ImportDotenvDialog::setStage(Stage stage)
{
    m_stage = stage;
    const bool busy = stage == Stage::Importing || stage == Stage::Stripping;
    m_import->setVisible(stage == Stage::Review || stage == Stage::Importing);
    m_import->setEnabled(stage == Stage::Review && m_plan.ok());
    m_strip->setVisible(stage == Stage::Imported || stage == Stage::Stripping);
    m_strip->setEnabled(stage == Stage::Imported);
    m_replace->setEnabled(stage == Stage::Review);
    m_verify->setEnabled(stage == Stage::Review);
    m_close->setEnabled(!busy);
    m_close->setText(stage == Stage::Review             ? tr("Cancel")
                             : stage == Stage::Imported ? tr("&Keep the file as it is")
                                                        : tr("Close"));
    if (stage == Stage::Imported)
        m_strip->setDefault(true);
    adjustSize(); // messages and buttons come and go: grow to show them whole
}

void ImportDotenvDialog::reject()
{
    // The keychain is answering: close once it has, so the outcome is not lost half-way.
    if (m_stage == Stage::Importing || m_stage == Stage::Stripping) {
        m_closeWhenDone = true;
        m_message->showMessage(tr("Closing when the keychain has answered…"), MessageLabel::Kind::Info);
        return;
    }
    QDialog::reject();
}

} // namespace bioepic::ui
