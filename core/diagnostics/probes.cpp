#include "probes.h"

#include "common/clock.h"
#include "common/servertext.h"
#include "net/tlsconfig.h"

#include <QHostInfo>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace bioepic {

namespace {

constexpr int kCertificateWarningDays = 30;

/** A chain this computer does not trust: self-signed, or an authority it does not know. */
bool isUntrustedChain(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return true;
    default:
        return false;
    }
}

QString subjectOf(const QSslCertificate &certificate)
{
    const QStringList names = certificate.subjectInfo(QSslCertificate::CommonName);
    return escapeServerText(names.isEmpty() ? certificate.subjectDisplayName() : names.join(QStringLiteral(", ")));
}

QString issuerOf(const QSslCertificate &certificate)
{
    QStringList parts = certificate.issuerInfo(QSslCertificate::CommonName);
    parts += certificate.issuerInfo(QSslCertificate::Organization);
    parts.removeDuplicates();
    return escapeServerText(parts.isEmpty() ? certificate.issuerDisplayName() : parts.join(QStringLiteral(", ")));
}

QString describeCertificate(const QSslCertificate &certificate, const QDateTime &now)
{
    if (certificate.isNull())
        return {};
    const qint64 daysLeft = now.daysTo(certificate.expiryDate());
    return QStringLiteral("certificate for %1, issued by %2, valid %3 to %4 (%5)")
            .arg(subjectOf(certificate), issuerOf(certificate),
                 certificate.effectiveDate().toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                 certificate.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                 daysLeft >= 0 ? QStringLiteral("%1 days left").arg(daysLeft)
                               : QStringLiteral("expired %1 days ago").arg(-daysLeft));
}

/** The most telling code among the verification errors. */
DiagnosisCode tlsCode(const QList<QSslError> &errors)
{
    DiagnosisCode code = DiagnosisCode::TlsFailed;
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::HostNameMismatch:
            return DiagnosisCode::CertificateHostMismatch;
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            code = DiagnosisCode::CertificateExpired;
            break;
        default:
            if (isUntrustedChain(error.error()) && code == DiagnosisCode::TlsFailed)
                code = DiagnosisCode::CertificateUntrusted;
            break;
        }
    }
    return code;
}

} // namespace

QString tlsRemedy(const QList<QSslError> &errors, const QString &host)
{
    QStringList remedies;
    for (const QSslError &error : errors) {
        if (isUntrustedChain(error.error()))
            remedies.append(
                    QStringLiteral("The certificate is not signed by an authority this computer trusts. If your "
                                   "institution uses its own CA, set the environment's CA bundle to its PEM file "
                                   "(bioepic-cred env edit NAME --ca-bundle FILE)."));
        switch (error.error()) {
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            remedies.append(QStringLiteral("Check this computer's date and time; if they are right, the server's "
                                           "certificate is out of date: tell the server's administrator."));
            break;
        case QSslError::HostNameMismatch:
            remedies.append(QStringLiteral("The certificate is not for %1: check the host name in the base URL (a "
                                           "typo, or an address that is not the API's).")
                                    .arg(host));
            break;
        default:
            break;
        }
    }
    remedies.removeDuplicates();
    remedies.append(QStringLiteral("Verification is never switched off."));
    return remedies.join(QLatin1Char(' '));
}

void NetworkProbe::cancel()
{
    m_canceled = true;
    abort();
}

void NetworkProbe::answer(const CheckResult &result)
{
    if (m_answered || m_canceled)
        return;
    m_answered = true;
    // Always from the event loop: a caller never sees an answer inside start() or cancel().
    QTimer::singleShot(0, this, [this, result] {
        if (!m_canceled)
            Q_EMIT finished(result);
    });
}

DnsProbe::DnsProbe(QString host, QObject *parent)
    : NetworkProbe(parent)
    , m_host(std::move(host))
{
}

void DnsProbe::start()
{
    const QHostAddress literal(m_host);
    if (!literal.isNull()) {
        m_addresses = {literal};
        answer(CheckResult::pass(QStringLiteral("%1 is an IP address: nothing to resolve").arg(m_host)));
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_host, this, [this](const QHostInfo &info) {
        m_lookupId = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            answer(CheckResult::fail(
                    DiagnosisCode::HostNotFound, ErrorClass::Network,
                    QStringLiteral("cannot resolve %1: %2").arg(m_host, info.errorString()),
                    QStringLiteral("Check the host name in the base URL for typos, and that this computer is on the "
                                   "network (or VPN) where that host exists.")));
            return;
        }
        QList<QHostAddress> v4;
        QList<QHostAddress> others;
        for (const QHostAddress &address : info.addresses())
            (address.protocol() == QAbstractSocket::IPv4Protocol ? v4 : others).append(address);
        m_addresses = v4 + others;
        QStringList shown;
        for (const QHostAddress &address : std::as_const(m_addresses))
            shown.append(address.toString());
        answer(CheckResult::pass(QStringLiteral("%1 → %2").arg(m_host, shown.join(QStringLiteral(", ")))));
    });
}

void DnsProbe::abort()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    m_lookupId = -1;
}

TcpProbe::TcpProbe(QHostAddress address, quint16 port, QObject *parent)
    : NetworkProbe(parent)
    , m_address(std::move(address))
    , m_port(port)
{
}

void TcpProbe::start()
{
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    const QString target = QStringLiteral("%1:%2").arg(m_address.toString()).arg(m_port);
    connect(socket, &QTcpSocket::connected, this, [this, socket, target] {
        socket->disconnectFromHost();
        answer(CheckResult::pass(QStringLiteral("connected to %1").arg(target)));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, target](QAbstractSocket::SocketError error) {
        if (answered())
            return;
        const bool refused = error == QAbstractSocket::ConnectionRefusedError;
        answer(CheckResult::fail(
                refused ? DiagnosisCode::ConnectionRefused : DiagnosisCode::ConnectionFailed, ErrorClass::Network,
                QStringLiteral("%1: %2").arg(target, socket->errorString()),
                refused ? QStringLiteral(
                        "Nothing listens on that port: check the port in the base URL and that the server runs.")
                        : QStringLiteral("Check firewalls, proxies and VPN between this computer and the server.")));
    });
    socket->connectToHost(m_address, m_port);
}

void TcpProbe::abort()
{
    if (m_socket)
        m_socket->abort();
}

TlsProbe::TlsProbe(QString host, quint16 port, QString caBundle, const Clock *clock, QObject *parent)
    : NetworkProbe(parent)
    , m_host(std::move(host))
    , m_port(port)
    , m_caBundle(std::move(caBundle))
    , m_clock(clock)
{
}

void TlsProbe::start()
{
    auto *socket = new QSslSocket(this);
    m_socket = socket;
    socket->setSslConfiguration(sslConfigurationFor(m_caBundle));
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) { m_errors = errors; });
    connect(socket, &QSslSocket::encrypted, this, &TlsProbe::onEncrypted);
    connect(socket, &QSslSocket::errorOccurred, this, &TlsProbe::onError);
    socket->connectToHostEncrypted(m_host, m_port);
}

void TlsProbe::abort()
{
    if (m_socket)
        m_socket->abort();
}

void TlsProbe::onEncrypted()
{
    auto *socket = qobject_cast<QSslSocket *>(m_socket.data());
    const QSslCertificate certificate = socket->peerCertificate();
    const QDateTime now = m_clock->now();
    const QString detail = QStringLiteral("%1, %2; %3")
                                   .arg(socket->sessionCipher().protocolString(), socket->sessionCipher().name(),
                                        describeCertificate(certificate, now));
    const qint64 daysLeft = now.daysTo(certificate.expiryDate());
    socket->disconnectFromHost();
    if (daysLeft < kCertificateWarningDays) {
        answer(CheckResult::warn(
                DiagnosisCode::CertificateExpiresSoon, detail,
                QStringLiteral("The certificate expires in %1 days: tell the server's administrator.").arg(daysLeft)));
        return;
    }
    answer(CheckResult::pass(detail));
}

void TlsProbe::onError()
{
    if (answered())
        return;
    auto *socket = qobject_cast<QSslSocket *>(m_socket.data());
    QStringList words;
    QSslCertificate certificate;
    for (const QSslError &error : std::as_const(m_errors)) {
        words.append(error.errorString());
        if (certificate.isNull())
            certificate = error.certificate();
    }
    if (certificate.isNull())
        certificate = socket->peerCertificate();
    words.removeDuplicates();
    QString detail = words.isEmpty() ? socket->errorString() : words.join(QStringLiteral("; "));
    if (const QString described = describeCertificate(certificate, m_clock->now()); !described.isEmpty())
        detail += QStringLiteral(" — ") + described;
    answer(CheckResult::fail(tlsCode(m_errors), ErrorClass::Network, detail, tlsRemedy(m_errors, m_host)));
}

} // namespace bioepic
