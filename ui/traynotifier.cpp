#include "traynotifier.h"

#include "statebadge.h"
#include "theme.h"

#include "coreservices.h"
#include "credentials/environmentstatus.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace bioepic::ui {

namespace {
constexpr qint64 kWarnBeforeExpiryS = 300;
}

TrayNotifier::TrayNotifier(CoreServices *core, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_window(window)
{
    m_timer.setInterval(30'000);
    connect(&m_timer, &QTimer::timeout, this, &TrayNotifier::check);
    connect(core->tokens(), &TokenService::tokenChanged, this, [this] {
        if (isEnabled())
            check();
    });
}

bool TrayNotifier::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayNotifier::setEnabled(bool enabled)
{
    if (enabled == isEnabled())
        return;
    if (!enabled) {
        delete m_icon;
        m_icon = nullptr;
        m_timer.stop();
        return;
    }
    m_icon = new QSystemTrayIcon(applicationIcon(), this);
    auto *menu = new QMenu(m_window);
    menu->addAction(tr("Show BioEPIC Credentials"), m_window, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    menu->addSeparator();
    menu->addAction(tr("Quit"), m_window, &QWidget::close);
    connect(m_icon, &QObject::destroyed, menu, &QObject::deleteLater);
    m_icon->setContextMenu(menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick) {
            m_window->showNormal();
            m_window->activateWindow();
        }
    });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] {
        m_window->showNormal();
        m_window->activateWindow();
        if (!m_lastEnvironment.isEmpty())
            Q_EMIT environmentActivated(m_lastEnvironment);
    });
    m_icon->show();
    m_timer.start();
    check();
}

QStringList TrayNotifier::check()
{
    QStringList notes;
    QStringList tooltip{tr("BioEPIC Credentials")};
    QString about;
    const QDateTime now = m_core->clock()->now();
    for (const Environment &env : m_core->environments()->environments()) {
        const EnvironmentStatus status = environmentStatus(env, *m_core->credentials(), *m_core->tokens(), now);
        tooltip.append(tr("%1: %2").arg(env.name, stateBadge(status.tokenState, status.credentials.stored).text));
        if (tokenNeedsAttention(status, kWarnBeforeExpiryS)) {
            const QString key = QStringLiteral("expiry:%1:%2").arg(env.name, status.token.info.fingerprint);
            if (!m_told.contains(key)) {
                m_told.insert(key);
                about = env.name;
                notes.append(status.expiresInS > 0
                                     ? tr("The token of %1 expires in %2 and could not be renewed.")
                                               .arg(env.name, formatDuration(status.expiresInS))
                                     : tr("The token of %1 has expired and could not be renewed.").arg(env.name));
            }
        }
        if (status.rotation.isOverdue() && !m_told.contains(QStringLiteral("rotation:") + env.name)) {
            m_told.insert(QStringLiteral("rotation:") + env.name);
            about = about.isEmpty() ? env.name : about;
            notes.append(
                    tr("The credentials of %1 are due for rotation (%2).").arg(env.name, status.rotation.describe()));
        }
    }
    if (m_icon) {
        m_icon->setToolTip(tooltip.join(QLatin1Char('\n')));
        if (!notes.isEmpty()) {
            m_lastEnvironment = about;
            m_icon->showMessage(tr("BioEPIC Credentials"), notes.join(QLatin1Char('\n')), QSystemTrayIcon::Warning);
        }
    }
    return notes;
}

} // namespace bioepic::ui
