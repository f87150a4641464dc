#pragma once

#include "checkresult.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>

class QAbstractSocket;

namespace bioepic {

class Clock;

/**
 * @brief One network check below HTTP: a name lookup, a TCP connect, a TLS handshake.
 *
 * start() runs it; finished() answers exactly once, from the event loop, unless cancel() came
 * first (then it never answers). The caller bounds it in time and cancels it on timeout.
 */
class NetworkProbe : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void start() = 0;
    /** @brief Stops the probe; finished() will not be emitted. */
    void cancel();

Q_SIGNALS:
    void finished(const bioepic::CheckResult &result);

protected:
    /** @brief Emits finished() once, on the next event-loop turn (never after cancel()). */
    void answer(const CheckResult &result);
    [[nodiscard]] bool answered() const { return m_answered; }
    /** @brief Stops the lookup or closes the socket. */
    virtual void abort() = 0;

private:
    bool m_answered = false;
    bool m_canceled = false;
};

/** @brief Resolves the base URL's host; an IP literal passes at once. */
class DnsProbe final : public NetworkProbe
{
    Q_OBJECT

public:
    explicit DnsProbe(QString host, QObject *parent = nullptr);
    void start() override;
    /** @brief What the name resolved to, IPv4 first (what most clients try first). */
    [[nodiscard]] QList<QHostAddress> addresses() const { return m_addresses; }

protected:
    void abort() override;

private:
    QString m_host;
    QList<QHostAddress> m_addresses;
    int m_lookupId = -1;
};

/** @brief Opens (and closes) a TCP connection to an address. */
class TcpProbe final : public NetworkProbe
{
    Q_OBJECT

public:
    TcpProbe(QHostAddress address, quint16 port, QObject *parent = nullptr);
    void start() override;

protected:
    void abort() override;

private:
    QHostAddress m_address;
    quint16 m_port;
    QPointer<QAbstractSocket> m_socket;
};

/**
 * @brief A TLS handshake with verification on (system CAs plus the environment's CA bundle):
 * protocol, cipher, certificate subject, issuer, validity, and every verification error in words.
 */
class TlsProbe final : public NetworkProbe
{
    Q_OBJECT

public:
    TlsProbe(QString host, quint16 port, QString caBundle, const Clock *clock, QObject *parent = nullptr);
    void start() override;

protected:
    void abort() override;

private:
    void onEncrypted();
    void onError();

    QString m_host;
    quint16 m_port;
    QString m_caBundle;
    const Clock *m_clock;
    QList<QSslError> m_errors;
    QPointer<QAbstractSocket> m_socket;
};

/** @brief The remedy for a set of TLS verification errors (always ends "never switched off"). */
[[nodiscard]] QString tlsRemedy(const QList<QSslError> &errors, const QString &host);

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::CheckResult)
