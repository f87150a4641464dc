#include "environmenteditor.h"

#include "messagelabel.h"

#include "config/presets.h"
#include "coreservices.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
QString sentence(const QString &text)
{
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}
} // namespace

EnvironmentEditor::EnvironmentEditor(CoreServices *core, Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_mode(mode)
    , m_name(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_profile(new QComboBox(this))
    , m_method(new QComboBox(this))
    , m_clientAuth(new QComboBox(this))
    , m_refreshBuffer(new QSpinBox(this))
    , m_rotationDays(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_maxPage(new QSpinBox(this))
    , m_caBundle(new QLineEdit(this))
    , m_message(new MessageLabel(this))
{
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("e.g. staging (a-z, 0-9, _ and -)"));
    m_name->setReadOnly(mode == Mode::Edit);
    m_baseUrl->setObjectName(QStringLiteral("base_url"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.example.org"));
    for (const QString &name : ApiProfile::builtinNames())
        m_profile->addItem(ApiProfile::title(name), name);
    m_profile->setItemData(0, tr("BioEPIC shape: expires_in, /api/{collection}, \"results\""), Qt::ToolTipRole);
    m_profile->setItemData(1,
                           tr("NMDC Runtime shape: JWT, expires{}, /nmdcschema/{collection}, \"resources\", "
                              "/health, /users/me"),
                           Qt::ToolTipRole);
    m_method->addItem(tr("Client id and secret"), int(AuthMethod::ClientCredentials));
    m_method->addItem(tr("User name and password"), int(AuthMethod::Password));
    m_method->setToolTip(tr("What new credentials are asked for; stored credentials keep their own method."));
    m_clientAuth->addItem(tr("In the form"), int(ClientAuth::Form));
    m_clientAuth->addItem(tr("As HTTP Basic authentication"), int(ClientAuth::Basic));
    m_clientAuth->setToolTip(tr("How a client id and secret travel in a token request"));
    m_refreshBuffer->setRange(0, 86400);
    m_refreshBuffer->setSuffix(tr(" s before expiry"));
    m_refreshBuffer->setToolTip(tr("Never more than half a token's lifetime."));
    m_rotationDays->setRange(1, 3650);
    m_rotationDays->setSuffix(tr(" days"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("The longest a request may take, from sending it to the last byte of the answer"));
    m_maxPage->setRange(1, 4096);
    m_maxPage->setSuffix(tr(" MiB"));
    m_maxPage->setToolTip(tr("A search page larger than this is cut off while it arrives"));
    m_caBundle->setPlaceholderText(tr("optional PEM file with your institution's CA"));
    m_message->setObjectName(QStringLiteral("editorMessage"));

    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    browse->setAccessibleName(tr("Choose a CA bundle file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("CA bundle"), m_caBundle->text(),
                                       tr("PEM certificates (*.pem *.crt);;All files (*)"));
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, m_caBundle, [this](const QString &file) {
            m_caBundle->setText(file);
            Q_EMIT changed();
        });
        dialog->open();
    });
    auto *caRow = new QWidget(this);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caBundle, 1);
    caLayout->addWidget(browse);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto addRow = [this, form](const QString &label, const QString &key, QWidget *field, QWidget *focus) {
        auto *title = new QLabel(label, this);
        title->setBuddy(focus);
        // The field sits in a row with its mark, so accessibility cannot find the label by itself.
        focus->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        form->addRow(title, withMark(key, field));
    };
    addRow(tr("&Name:"), QStringLiteral("name"), m_name, m_name);
    addRow(tr("&Base URL:"), QStringLiteral("base_url"), m_baseUrl, m_baseUrl);
    addRow(tr("API &profile:"), QStringLiteral("profile"), m_profile, m_profile);
    addRow(tr("Sign in w&ith:"), QStringLiteral("method"), m_method, m_method);
    addRow(tr("Secret sent &as:"), QStringLiteral("client_auth"), m_clientAuth, m_clientAuth);
    addRow(tr("&Refresh tokens:"), QStringLiteral("refresh_buffer_s"), m_refreshBuffer, m_refreshBuffer);
    addRow(tr("R&otate every:"), QStringLiteral("rotation_days"), m_rotationDays, m_rotationDays);
    addRow(tr("&Timeout:"), QStringLiteral("timeout_s"), m_timeout, m_timeout);
    addRow(tr("Lar&gest page:"), QStringLiteral("max_page_mb"), m_maxPage, m_maxPage);
    addRow(tr("&CA bundle:"), QStringLiteral("ca_bundle"), caRow, m_caBundle);

    // Rarely needed: folded away behind a disclosure button.
    m_overridesToggle = new QToolButton(this);
    m_overridesToggle->setObjectName(QStringLiteral("overridesToggle"));
    m_overridesToggle->setText(tr("API paths and keys (empty: the profile's own)"));
    m_overridesToggle->setCheckable(true);
    m_overridesToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_overridesToggle->setArrowType(Qt::RightArrow);
    m_overridesToggle->setAutoRaise(true);
    m_overridesContent = new QWidget(this);
    auto *overridesForm = new QFormLayout(m_overridesContent);
    overridesForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    overridesForm->setContentsMargins(18, 0, 0, 0);
    for (const QString &key : ApiProfile::overrideKeys()) {
        auto *edit = new QLineEdit(m_overridesContent);
        edit->setObjectName(key);
        edit->setToolTip(tr("Settings-file key: profile_overrides.%1").arg(key));
        m_overrides.insert(key, edit);
        auto *title = new QLabel(ApiProfile::fieldLabel(key) + QLatin1Char(':'), m_overridesContent);
        title->setBuddy(edit);
        edit->setAccessibleName(ApiProfile::fieldLabel(key));
        overridesForm->addRow(title, withMark(QStringLiteral("profile_overrides.") + key, edit));
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentEditor::changed);
    }
    m_overridesContent->setVisible(false);
    connect(m_overridesToggle, &QToolButton::toggled, this, [this](bool open) {
        m_overridesToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_overridesContent->setVisible(open);
    });

    // Everything that can grow (the summary) sits below the fields, so that nothing above it moves.
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_overridesToggle);
    layout->addWidget(m_overridesContent);
    if (mode == Mode::Edit) {
        m_save = new QPushButton(tr("&Save settings"), this);
        m_save->setObjectName(QStringLiteral("saveSettings"));
        m_revert = new QPushButton(tr("Re&vert"), this);
        auto *buttons = new QHBoxLayout;
        buttons->addWidget(m_save);
        buttons->addWidget(m_revert);
        buttons->addStretch(1);
        layout->addLayout(buttons);
        connect(m_save, &QPushButton::clicked, this, &EnvironmentEditor::save);
        connect(m_revert, &QPushButton::clicked, this, &EnvironmentEditor::revert);
    }
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(m_profile, &QComboBox::currentIndexChanged, this, &EnvironmentEditor::updateOverridePlaceholders);
    for (QLineEdit *edit : {m_name, m_baseUrl, m_caBundle})
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentEditor::changed);
    // Live feedback while typing marks the field, and updates the list only once it is shown:
    // neither moves a field.
    auto recheck = [this] {
        const QList<FieldError> found = problems();
        showProblems(found, m_message->isVisible() && m_message->kind() == MessageLabel::Kind::Error);
    };
    connect(m_baseUrl, &QLineEdit::editingFinished, this, recheck);
    connect(m_name, &QLineEdit::textEdited, this, recheck);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_presetName.clear(); });
    connect(this, &EnvironmentEditor::changed, this, [this, recheck] {
        if (m_message->isVisible() && m_message->kind() == MessageLabel::Kind::Error)
            recheck();
    });

    Environment defaults;
    load(defaults);
}

QWidget *EnvironmentEditor::withMark(const QString &key, QWidget *field)
{
    auto *row = new QWidget(field->parentWidget());
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    field->setParent(row);
    layout->addWidget(field, 1);
    auto *mark = new QLabel(row);
    // The picture comes with the first problem (markField): loading the icon for every field held
    // the first window back by 60 ms.
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    mark->setFixedSize(size, size);
    mark->setObjectName(key + QStringLiteral("_mark"));
    QSizePolicy policy = mark->sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    mark->setSizePolicy(policy);
    mark->hide();
    layout->addWidget(mark);
    m_marks.insert(key, mark);
    return row;
}

QWidget *EnvironmentEditor::fieldWidget(const QString &key) const
{
    if (key == QLatin1String("name"))
        return m_name;
    if (key == QLatin1String("base_url"))
        return m_baseUrl;
    if (key == QLatin1String("profile"))
        return m_profile;
    if (key == QLatin1String("method"))
        return m_method;
    if (key == QLatin1String("client_auth"))
        return m_clientAuth;
    if (key == QLatin1String("refresh_buffer_s"))
        return m_refreshBuffer;
    if (key == QLatin1String("rotation_days"))
        return m_rotationDays;
    if (key == QLatin1String("timeout_s"))
        return m_timeout;
    if (key == QLatin1String("max_page_mb"))
        return m_maxPage;
    if (key == QLatin1String("ca_bundle"))
        return m_caBundle;
    return m_overrides.value(key);
}

QString EnvironmentEditor::problem(const QString &key) const
{
    const QLabel *mark = m_marks.value(key);
    return mark && !mark->isHidden() ? mark->toolTip() : QString();
}

void EnvironmentEditor::setEnvironment(const QString &name)
{
    m_environment = name;
    const auto env = m_core->environments()->find(name);
    setEnabled(env.has_value());
    if (env)
        load(*env);
}

void EnvironmentEditor::load(const Environment &environment)
{
    m_loaded = environment;
    m_name->setText(environment.name);
    m_baseUrl->setText(environment.baseUrl.toString());
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(environment.profileName)));
    m_method->setCurrentIndex(m_method->findData(int(environment.defaultMethod)));
    m_clientAuth->setCurrentIndex(m_clientAuth->findData(int(environment.clientAuth)));
    m_refreshBuffer->setValue(environment.refreshBufferS);
    m_rotationDays->setValue(environment.rotationDays);
    m_timeout->setValue(environment.timeoutS);
    m_maxPage->setValue(environment.maxPageMb);
    m_caBundle->setText(environment.caBundle);
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it)
        it.value()->setText(environment.profileOverrides.value(it.key()));
    updateOverridePlaceholders();
    m_overridesToggle->setChecked(!environment.profileOverrides.isEmpty());
    showProblems({}, false);
    if (environment.problem.isEmpty())
        m_message->clearMessage();
    else // a hand-edited entry that fails validation: say where, and let Save fix it
        m_message->showError(tr("Not used until fixed: %1").arg(environment.problem));
}

void EnvironmentEditor::applyPreset(const EnvironmentPreset &preset)
{
    if (m_name->text().isEmpty() || m_name->text() == m_presetName) {
        // A name not taken yet: nmdc, else nmdc-2, nmdc-3…
        QString name = preset.suggestedName;
        for (int n = 2; m_core->environments()->find(name); ++n)
            name = QStringLiteral("%1-%2").arg(preset.suggestedName).arg(n);
        m_name->setText(name);
        m_presetName = name;
    }
    m_baseUrl->setText(preset.baseUrl);
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(preset.profileName)));
    showProblems({}, false);
    m_message->clearMessage();
    (preset.needsUrl() ? m_baseUrl : m_name)->setFocus();
}

void EnvironmentEditor::updateOverridePlaceholders()
{
    const auto profile = ApiProfile::builtin(m_profile->currentData().toString());
    if (!profile)
        return;
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        const QString value = profile->field(it.key());
        it.value()->setPlaceholderText(value.isEmpty() ? tr("(none)") : value);
    }
}

Environment EnvironmentEditor::currentValues() const
{
    Environment env = m_loaded;
    env.name = m_name->text().trimmed();
    env.baseUrl = parseBaseUrl(m_baseUrl->text());
    env.profileName = m_profile->currentData().toString();
    env.defaultMethod = AuthMethod(m_method->currentData().toInt());
    env.clientAuth = ClientAuth(m_clientAuth->currentData().toInt());
    env.refreshBufferS = m_refreshBuffer->value();
    env.rotationDays = m_rotationDays->value();
    env.timeoutS = m_timeout->value();
    env.maxPageMb = m_maxPage->value();
    env.caBundle = m_caBundle->text().trimmed();
    env.profileOverrides.clear();
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        if (!it.value()->text().trimmed().isEmpty())
            env.profileOverrides.insert(it.key(), it.value()->text().trimmed());
    }
    return env;
}

QList<FieldError> EnvironmentEditor::problems() const
{
    QList<FieldError> errors = validateEnvironment(currentValues());
    // validateBaseUrl sees the typed text; parseBaseUrl may have dropped parts of it.
    errors.erase(std::remove_if(errors.begin(), errors.end(),
                                [](const FieldError &e) { return e.field == QLatin1String("base_url"); }),
                 errors.end());
    if (const QString problem = validateBaseUrl(m_baseUrl->text()); !problem.isEmpty())
        errors.prepend({QStringLiteral("base_url"), problem});
    if (m_mode == Mode::Edit) // the name is fixed: it is what the environment is called
        errors.erase(std::remove_if(errors.begin(), errors.end(),
                                    [](const FieldError &e) { return e.field == QLatin1String("name"); }),
                     errors.end());
    return errors;
}

void EnvironmentEditor::markField(const QString &key, const QString &problem)
{
    QLabel *mark = m_marks.value(key);
    if (!mark)
        return;
    mark->setToolTip(problem);
    mark->setAccessibleName(problem.isEmpty() ? QString() : tr("Problem: %1").arg(problem));
    if (!problem.isEmpty() && mark->pixmap().isNull())
        mark->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(mark->size()));
    mark->setVisible(!problem.isEmpty());
    if (QWidget *field
        = fieldWidget(key.startsWith(QLatin1String("profile_overrides.")) ? key.mid(int(qstrlen("profile_overrides.")))
                                                                          : key))
        field->setAccessibleDescription(problem);
}

void EnvironmentEditor::showProblems(const QList<FieldError> &errors, bool summarize)
{
    for (auto it = m_marks.cbegin(); it != m_marks.cend(); ++it)
        markField(it.key(), QString());
    QStringList lines;
    for (const FieldError &error : errors) {
        markField(error.field, sentence(error.message));
        lines.append(QStringLiteral("• ") + sentence(error.message));
        // Unfold the overrides when a problem is inside them.
        if (error.field.startsWith(QLatin1String("profile_overrides.")))
            m_overridesToggle->setChecked(true);
    }
    if (!summarize)
        return;
    if (lines.isEmpty())
        m_message->clearMessage();
    else
        m_message->showError((lines.size() == 1 ? tr("1 problem to fix before saving:")
                                                : tr("%1 problems to fix before saving:").arg(lines.size()))
                             + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
}

bool EnvironmentEditor::validate()
{
    const QList<FieldError> errors = problems();
    showProblems(errors, true);
    return errors.isEmpty();
}

bool EnvironmentEditor::save()
{
    if (!validate())
        return false;
    const Environment env = currentValues();
    const Error error = m_mode == Mode::Create ? m_core->environments()->add(env) : m_core->environments()->update(env);
    if (!error.ok()) {
        if (!error.field.isEmpty())
            markField(error.field, sentence(error.message));
        m_message->showError(error.fullText());
        return false;
    }
    m_loaded = *m_core->environments()->find(env.name);
    m_environment = env.name;
    if (m_mode == Mode::Edit)
        m_message->showMessage(tr("Saved to %1").arg(m_core->environments()->filePath()), MessageLabel::Kind::Success);
    Q_EMIT saved(env.name);
    return true;
}

void EnvironmentEditor::revert()
{
    load(m_loaded);
}

bool EnvironmentEditor::hasUnsavedChanges() const
{
    return m_mode == Mode::Edit && !m_environment.isEmpty() && currentValues().toJson() != m_loaded.toJson();
}

} // namespace bioepic::ui
