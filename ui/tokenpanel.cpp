#include "tokenpanel.h"

#include "clipboardguard.h"
#include "messagelabel.h"
#include "statebadge.h"
#include "timelinebar.h"

#include "auth/jwt.h"
#include "coreservices.h"
#include "credentials/environmentstatus.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t")) : QStringLiteral("—");
}

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("—"), parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

TokenPanel::TokenPanel(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_badge(new QLabel(this))
    , m_headline(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_timeline(new TimelineBar(this))
    , m_issuedAt(valueLabel(this))
    , m_refreshAt(valueLabel(this))
    , m_expiresAt(valueLabel(this))
    , m_source(valueLabel(this))
    , m_skew(valueLabel(this))
    , m_fingerprint(valueLabel(this))
    , m_warnings(new MessageLabel(this))
    , m_message(new MessageLabel(this))
    , m_claims(new QTreeWidget(this))
    , m_busy(new QProgressBar(this))
    , m_refresh(new QPushButton(tr("&Refresh now"), this))
    , m_check(new QPushButton(tr("Check with ser&ver"), this))
    , m_copy(new QPushButton(tr("&Copy token"), this))
    , m_clipboard(new ClipboardGuard(this))
{
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_headline->setFont(big);
    m_headline->setObjectName(QStringLiteral("tokenHeadline"));
    m_badge->setObjectName(QStringLiteral("tokenStateBadge"));
    m_badge->setAlignment(Qt::AlignCenter);
    m_badge->setMinimumWidth(96);
    m_countdown->setObjectName(QStringLiteral("countdown"));

    m_badge->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto *top = new QHBoxLayout;
    top->addWidget(m_badge, 0, Qt::AlignVCenter);
    top->addSpacing(8);
    auto *headlines = new QVBoxLayout;
    headlines->addWidget(m_headline);
    headlines->addWidget(m_countdown);
    top->addLayout(headlines, 1);

    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(6);
    m_busy->setTextVisible(false);
    m_busy->hide();

    auto *details = new QFormLayout;
    details->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    details->addRow(tr("Issued at:"), m_issuedAt);
    details->addRow(tr("Refresh at:"), m_refreshAt);
    details->addRow(tr("Expires at:"), m_expiresAt);
    details->addRow(tr("Expiry source:"), m_source);
    details->addRow(tr("Server clock:"), m_skew);
    details->addRow(tr("Fingerprint:"), m_fingerprint);
    m_fingerprint->setToolTip(
            tr("The first 8 hex digits of the token's SHA-256: tells tokens apart without showing one."));

    m_claims->setColumnCount(2);
    m_claims->setHeaderLabels({tr("Claim"), tr("Value")});
    m_claims->setRootIsDecorated(false);
    m_claims->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_claims->setMinimumHeight(90);
    auto *claimsBox = new QGroupBox(tr("JWT claims (decoded for display, not verified)"), this);
    auto *claimsLayout = new QVBoxLayout(claimsBox);
    claimsLayout->addWidget(m_claims);
    claimsBox->setObjectName(QStringLiteral("claimsBox"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_check);
    buttons->addWidget(m_copy);
    m_check->setObjectName(QStringLiteral("checkWithServer"));
    m_refresh->setObjectName(QStringLiteral("refreshNow"));
    m_copy->setObjectName(QStringLiteral("copyToken"));
    m_check->setToolTip(tr("Asks the server (who-am-I) whether it still accepts the cached token, without getting "
                           "a new one."));
    buttons->addStretch(1);
    m_copy->setToolTip(tr("Copies the access token; the clipboard is cleared after 30 seconds unless you copy "
                          "something else."));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_busy);
    layout->addWidget(m_timeline);
    layout->addLayout(details);
    m_warnings->setObjectName(QStringLiteral("tokenNotes"));
    layout->addWidget(m_warnings);
    layout->addWidget(claimsBox, 3);
    layout->addStretch(1); // takes the room when there are no claims to show
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &TokenPanel::refreshNow);
    connect(m_check, &QPushButton::clicked, this, [this] { checkWithServer(); });
    connect(m_copy, &QPushButton::clicked, this, &TokenPanel::copyToken);
    connect(core->tokens(), &TokenService::tokenChanged, this, [this](const QString &environment) {
        if (environment == m_environment)
            updateView();
    });
    connect(core->tokens(), &TokenService::requestStarted, this, [this](const QString &environment) {
        if (environment == m_environment)
            updateView();
    });
    connect(core->tokens(), &TokenService::requestFinished, this, &TokenPanel::onRequestFinished);
    connect(core->credentials(), &CredentialManager::credentialsChanged, this, [this](const QString &environment) {
        if (environment == m_environment)
            updateView();
    });
    connect(core->keychain(), &SecretStore::storeProblemChanged, this, &TokenPanel::updateView);
    connect(m_clipboard, &ClipboardGuard::expired, this, [this](bool cleared) {
        m_message->showMessage(cleared ? tr("The clipboard was cleared.")
                                       : tr("The clipboard had changed since the copy, so it was left alone."),
                               MessageLabel::Kind::Info);
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &TokenPanel::updateCountdown);
    m_tick.start();
    updateView();
}

void TokenPanel::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    m_environment = name;
    m_message->clearMessage();
    updateView();
    if (m_automaticChecks)
        checkWithServer(true);
}

void TokenPanel::setAutomaticChecks(bool enabled)
{
    if (enabled == m_automaticChecks)
        return;
    m_automaticChecks = enabled;
    if (enabled)
        checkWithServer(true);
}

void TokenPanel::checkWithServer(bool quiet)
{
    constexpr qint64 kAutomaticCheckEveryS = 300;
    const auto env = m_core->environments()->find(m_environment);
    if (!env || m_checking || env->profile().whoAmIPath.isEmpty())
        return;
    const QDateTime now = m_core->clock()->now();
    if (quiet) {
        // Automatic: only a token that should work, and not too often.
        const auto last = m_lastCheck.constFind(m_environment);
        if (m_core->tokens()->state(m_environment) != TokenState::Valid
            || (last != m_lastCheck.constEnd() && last->secsTo(now) < kAutomaticCheckEveryS))
            return;
    }
    m_lastCheck.insert(m_environment, now);
    m_checking = true;
    updateView();
    const QString environment = m_environment;
    m_core->tokens()->checkToken(environment, this, [this, environment, quiet](const TokenCheck &check) {
        m_checking = false;
        updateView();
        if (environment != m_environment)
            return;
        switch (check.result) {
        case TokenCheck::Result::Accepted:
            if (!quiet)
                m_message->showMessage(tr("The server accepts the token %1.").arg(check.fingerprint),
                                       MessageLabel::Kind::Success);
            return;
        case TokenCheck::Result::Rejected:
            m_message->showError(tr("The server no longer accepts the token %1 (it said \"%2\"): it was revoked, or "
                                    "the server's signing key changed. Refresh now gets a new one.")
                                         .arg(check.fingerprint, check.detail));
            return;
        case TokenCheck::Result::NoToken:
        case TokenCheck::Result::NotCheckable:
            if (!quiet)
                m_message->showMessage(tr("Nothing to check: %1.").arg(check.detail), MessageLabel::Kind::Info);
            return;
        case TokenCheck::Result::Failed:
            if (!quiet)
                m_message->showError(tr("The check failed: %1").arg(check.error.fullText()));
            return;
        }
    });
}

void TokenPanel::onRequestFinished(const QString &environment, const Error &error)
{
    if (environment != m_environment)
        return;
    if (!error.ok())
        m_message->showError(error.fullText() + tr("\nThe Diagnose tab checks every step between here and a token."));
    updateView();
}

void TokenPanel::refreshNow()
{
    if (m_environment.isEmpty())
        return;
    m_message->clearMessage();
    const QString environment = m_environment;
    m_core->tokens()->requestToken(
            environment, TokenService::Freshness::ForceRefresh, this, [this, environment](const TokenResult &result) {
                if (environment != m_environment || !result.ok())
                    return; // failures are shown by onRequestFinished
                m_message->showMessage(tr("New token %1 received.").arg(result.token.info.fingerprint),
                                       MessageLabel::Kind::Success);
            });
    updateView();
}

void TokenPanel::copyToken()
{
    if (m_environment.isEmpty())
        return;
    const QString environment = m_environment;
    // The token may only be in the shared cache (another process got it): fetch it, then copy.
    m_core->tokens()->requestToken(environment, TokenService::Freshness::UseCached, this,
                                   [this, environment](const TokenResult &result) {
                                       if (environment != m_environment || !result.ok())
                                           return;
                                       m_clipboard->copySecret(result.token.accessToken);
                                       m_message->showMessage(tr("Token %1 copied. The clipboard is cleared in 30 s "
                                                                 "unless you copy something else.")
                                                                      .arg(result.token.info.fingerprint),
                                                              MessageLabel::Kind::Success);
                                   });
}

void TokenPanel::updateView()
{
    const auto env = m_core->environments()->find(m_environment);
    setEnabled(env.has_value());
    if (!env) {
        m_headline->setText(tr("No environment selected"));
        m_timeline->clear();
        return;
    }
    const QDateTime now = m_core->clock()->now();
    const EnvironmentStatus status = environmentStatus(*env, *m_core->credentials(), *m_core->tokens(), now);
    const StateBadge badge = stateBadge(status.tokenState, status.credentials.stored);
    m_badge->setText(badge.text);
    m_badge->setToolTip(badge.explanation);
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 10px; padding: 3px "
                                          "10px; font-weight: bold; }")
                                   .arg(badge.color.name()));
    const bool inFlight = m_core->tokens()->isRequestInFlight(m_environment);
    m_busy->setVisible(inFlight);
    m_refresh->setEnabled(status.credentials.stored && !inFlight);
    m_copy->setEnabled(status.credentials.stored);

    const TokenInfo &info = status.token.info;
    const bool checkable = !env->profile().whoAmIPath.isEmpty();
    m_check->setEnabled(checkable && info.isSet() && !m_checking);
    m_check->setToolTip(checkable ? tr("Asks the server (who-am-I) whether it still accepts the cached token, "
                                       "without getting a new one.")
                                  : tr("The %1 profile has no who-am-I endpoint to ask.").arg(env->profileName));
    if (!status.credentials.stored) {
        m_headline->setText(tr("No credentials for %1").arg(m_environment));
    } else if (!info.isSet()) {
        // After a failure the note below says why, and what to do first: pressing Refresh now is
        // not the advice then.
        m_headline->setText(inFlight                                   ? tr("Requesting a token…")
                                    : status.token.lastError.isEmpty() ? tr("No token yet — press Refresh now")
                                                                       : tr("No token: the last request failed"));
    } else if (status.tokenState == TokenState::Rejected) {
        m_headline->setText(tr("The server no longer accepts this token"));
    } else {
        m_headline->setText(tr("Expires at %1").arg(info.expiresAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    }
    m_timeline->setTimes(info.issuedAt, info.refreshAt, info.expiresAt);
    m_issuedAt->setText(timeText(info.issuedAt));
    m_refreshAt->setText(timeText(info.refreshAt));
    m_expiresAt->setText(timeText(info.expiresAt));
    m_source->setText(info.isSet() ? expirySourceName(info.expirySource) + QStringLiteral(" — ")
                                      + expirySourceDescription(info.expirySource)
                                   : QStringLiteral("—"));
    m_skew->setText(!info.isSet()                  ? QStringLiteral("—")
                            : info.clockSkewS == 0 ? tr("in step with this computer")
                                                   : tr("%1 s %2 this computer")
                                                             .arg(std::abs(info.clockSkewS))
                                                             .arg(info.clockSkewS > 0 ? tr("ahead of") : tr("behind")));
    m_fingerprint->setText(info.fingerprint.isEmpty() ? QStringLiteral("—") : info.fingerprint);
    QStringList notes = info.warnings;
    if (!status.token.lastError.isEmpty() && status.tokenState == TokenState::Error)
        // What to do about it on the line below, as the command line says it.
        notes.prepend(tr("Last request failed: %1").arg(status.token.lastError)
                      + (status.token.lastErrorRemedy.isEmpty() ? QString()
                                                                : QLatin1Char('\n') + status.token.lastErrorRemedy));
    // What the token page cannot do meanwhile, beside the status bar's "locked" or "not reachable".
    if (status.credentials.stored && !m_core->credentials()->isSessionOnly(m_environment)) {
        const KeychainError::Code storeProblem = m_core->keychain()->storeProblem().code;
        if (storeProblem == KeychainError::Code::Locked)
            notes.append(tr("The keychain is locked: no new token can be requested until it is unlocked (the "
                            "credentials are kept there)."));
        else if (storeProblem == KeychainError::Code::NoService)
            notes.append(tr("The keychain is not reachable: no new token can be requested until it is back (the "
                            "credentials are kept there)."));
    }
    if (notes.isEmpty())
        m_warnings->clearMessage();
    else
        m_warnings->showMessage(QStringLiteral("⚠ ") + notes.join(QStringLiteral("\n⚠ ")), MessageLabel::Kind::Error);

    m_claims->clear();
    QWidget *claimsBox = m_claims->parentWidget();
    const auto token = m_core->tokens()->cachedToken(m_environment);
    // Claims only for a token this window holds and that is a JWT: nothing to show is shown as
    // nothing (a token another process got is not loaded until Copy token or Refresh now).
    if (token && !token->claims.isEmpty()) {
        for (auto it = token->claims.constBegin(); it != token->claims.constEnd(); ++it)
            new QTreeWidgetItem(m_claims, {it.key(), describeClaim(it.key(), it.value())});
        claimsBox->show();
    } else {
        claimsBox->hide();
    }
    updateCountdown();
}

void TokenPanel::updateCountdown()
{
    const TokenStatus status = m_core->tokens()->status(m_environment);
    const QDateTime now = m_core->clock()->now();
    m_timeline->setNow(now);
    if (!status.info.isSet()) {
        m_countdown->setText(QString());
        return;
    }
    const qint64 left = now.secsTo(status.info.expiresAt);
    const qint64 toRefresh = now.secsTo(status.info.refreshAt);
    const TokenState state = m_core->tokens()->state(m_environment);
    if (state == TokenState::Rejected)
        m_countdown->setText(tr("refused by the server at %1 · Refresh now gets a new one")
                                     .arg(status.rejectedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    else if (left <= 0)
        m_countdown->setText(tr("expired %1 ago").arg(formatDuration(-left)));
    else if (toRefresh > 0)
        m_countdown->setText(tr("valid for %1 · refresh in %2").arg(formatDuration(left), formatDuration(toRefresh)));
    else
        m_countdown->setText(tr("valid for %1 · refresh due").arg(formatDuration(left)));
    // States change with time alone: keep the badge in step.
    const StateBadge badge = stateBadge(state, m_core->credentials()->hasCredentials(m_environment));
    if (m_badge->text() != badge.text)
        updateView();
}

} // namespace bioepic::ui
