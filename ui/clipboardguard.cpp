#include "clipboardguard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

namespace bioepic::ui {

ClipboardGuard::ClipboardGuard(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClipboardGuard::clearIfUnchanged);
}

void ClipboardGuard::copySecret(const Secret &secret, std::chrono::milliseconds clearAfter)
{
    auto *mime = new QMimeData;
    mime->setText(secret.revealString());
    // KDE Klipper and other managers skip history for data carrying this hint.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime, QClipboard::Clipboard);
    m_fingerprint = secret.fingerprint();
    m_timer.start(clearAfter);
}

void ClipboardGuard::clearIfUnchanged()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    const bool unchanged = fingerprintOf(clipboard->text(QClipboard::Clipboard).toUtf8()) == m_fingerprint;
    if (unchanged)
        clipboard->clear(QClipboard::Clipboard);
    m_fingerprint.clear();
    Q_EMIT expired(unchanged);
}

} // namespace bioepic::ui
