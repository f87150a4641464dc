#include "environmenteditor.h"

#include "messagelabel.h"

#include "coreservices.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
QWidget *withError(QWidget *field, MessageLabel *error, QWidget *parent)
{
    auto *column = new QWidget(parent);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return column;
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
        m_profile->addItem(name, name);
    m_profile->setItemData(0, tr("BioEPIC shape: expires_in, /api/{collection}, \"results\""), Qt::ToolTipRole);
    m_profile->setItemData(1,
                           tr("NMDC Runtime shape: JWT, expires{}, /nmdcschema/{collection}, \"resources\", "
                              "/health, /users/me"),
                           Qt::ToolTipRole);
    m_method->addItem(tr("client_credentials (client id + secret)"), int(AuthMethod::ClientCredentials));
    m_method->addItem(tr("password (user name + password)"), int(AuthMethod::Password));
    m_clientAuth->addItem(tr("form fields"), int(ClientAuth::Form));
    m_clientAuth->addItem(tr("HTTP Basic"), int(ClientAuth::Basic));
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
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA bundle"), m_caBundle->text(),
                                                          tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caBundle->setText(file);
    });
    auto *caRow = new QWidget(this);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caBundle, 1);
    caLayout->addWidget(browse);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), withError(m_name, addErrorLabel(QStringLiteral("name")), this));
    form->addRow(tr("&Base URL:"), withError(m_baseUrl, addErrorLabel(QStringLiteral("base_url")), this));
    form->addRow(tr("API &profile:"), withError(m_profile, addErrorLabel(QStringLiteral("profile")), this));
    form->addRow(tr("&Method:"), m_method);
    form->addRow(tr("Client &auth:"), withError(m_clientAuth, addErrorLabel(QStringLiteral("client_auth")), this));
    form->addRow(tr("&Refresh:"), withError(m_refreshBuffer, addErrorLabel(QStringLiteral("refresh_buffer_s")), this));
    form->addRow(tr("R&otate every:"), withError(m_rotationDays, addErrorLabel(QStringLiteral("rotation_days")), this));
    form->addRow(tr("&Timeout:"), withError(m_timeout, addErrorLabel(QStringLiteral("timeout_s")), this));
    form->addRow(tr("Lar&gest page:"), withError(m_maxPage, addErrorLabel(QStringLiteral("max_page_mb")), this));
    form->addRow(tr("&CA bundle:"), withError(caRow, addErrorLabel(QStringLiteral("ca_bundle")), this));

    // Rarely needed: folded away behind a disclosure button.
    m_overridesToggle = new QToolButton(this);
    m_overridesToggle->setText(tr("API profile overrides (empty = the profile's default)"));
    m_overridesToggle->setCheckable(true);
    m_overridesToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_overridesToggle->setArrowType(Qt::RightArrow);
    m_overridesToggle->setAutoRaise(true);
    m_overridesContent = new QWidget(this);
    auto *overridesForm = new QFormLayout(m_overridesContent);
    overridesForm->setContentsMargins(18, 0, 0, 0);
    for (const QString &key : ApiProfile::overrideKeys()) {
        auto *edit = new QLineEdit(m_overridesContent);
        edit->setObjectName(key);
        m_overrides.insert(key, edit);
        const QString errorKey = QStringLiteral("profile_overrides.") + key;
        overridesForm->addRow(key + QLatin1Char(':'), withError(edit, addErrorLabel(errorKey), m_overridesContent));
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentEditor::changed);
    }
    m_overridesContent->setVisible(false);
    connect(m_overridesToggle, &QToolButton::toggled, this, [this](bool open) {
        m_overridesToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_overridesContent->setVisible(open);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_overridesToggle);
    layout->addWidget(m_overridesContent);
    layout->addWidget(m_message);
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
    layout->addStretch(1);

    connect(m_profile, &QComboBox::currentIndexChanged, this, &EnvironmentEditor::updateOverridePlaceholders);
    for (QLineEdit *edit : {m_name, m_baseUrl, m_caBundle}) {
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentEditor::changed);
    }
    // Live feedback on the two fields people most often get wrong.
    connect(m_baseUrl, &QLineEdit::editingFinished, this, [this] {
        const QString problem = m_baseUrl->text().isEmpty() ? QString() : validateBaseUrl(m_baseUrl->text());
        problem.isEmpty() ? m_errors.value(QStringLiteral("base_url"))->clearMessage()
                          : m_errors.value(QStringLiteral("base_url"))->showError(problem);
    });
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        const QString problem = text.isEmpty() ? QString() : validateEnvironmentName(text);
        problem.isEmpty() ? m_errors.value(QStringLiteral("name"))->clearMessage()
                          : m_errors.value(QStringLiteral("name"))->showError(problem);
    });

    Environment defaults;
    load(defaults);
}

MessageLabel *EnvironmentEditor::addErrorLabel(const QString &key)
{
    auto *label = new MessageLabel(this);
    label->setObjectName(key + QStringLiteral("_error"));
    m_errors.insert(key, label);
    return label;
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
    showErrors({});
    if (environment.problem.isEmpty())
        m_message->clearMessage();
    else // a hand-edited entry that fails validation: say where, and let Save fix it
        m_message->showError(tr("Not used until fixed: %1").arg(environment.problem));
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

void EnvironmentEditor::showErrors(const QList<FieldError> &errors)
{
    for (MessageLabel *label : std::as_const(m_errors))
        label->clearMessage();
    QStringList unplaced;
    for (const FieldError &error : errors) {
        if (MessageLabel *label = m_errors.value(error.field))
            label->showError(error.message);
        else
            unplaced.append(error.message);
    }
    if (unplaced.isEmpty())
        m_message->clearMessage();
    else
        m_message->showError(unplaced.join(QLatin1Char('\n')));
    // Unfold the overrides when a problem is inside them.
    for (const FieldError &error : errors) {
        if (error.field.startsWith(QLatin1String("profile_overrides.")))
            m_overridesToggle->setChecked(true);
    }
}

bool EnvironmentEditor::validate()
{
    QList<FieldError> errors = validateEnvironment(currentValues());
    // validateBaseUrl sees the typed text; parseBaseUrl may have dropped parts of it.
    if (const QString problem = validateBaseUrl(m_baseUrl->text()); !problem.isEmpty()) {
        errors.erase(std::remove_if(errors.begin(), errors.end(),
                                    [](const FieldError &e) { return e.field == QLatin1String("base_url"); }),
                     errors.end());
        errors.append({QStringLiteral("base_url"), problem});
    }
    showErrors(errors);
    return errors.isEmpty();
}

bool EnvironmentEditor::save()
{
    if (!validate())
        return false;
    const Environment env = currentValues();
    const Error error = m_mode == Mode::Create ? m_core->environments()->add(env) : m_core->environments()->update(env);
    if (!error.ok()) {
        if (MessageLabel *label = m_errors.value(error.field))
            label->showError(error.message);
        else
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
