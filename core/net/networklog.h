#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>

namespace bioepic {

/** @brief One request as the network log shows it. Every field is already redacted. */
struct NetworkLogEntry
{
    quint64 id = 0;
    QDateTime startedAt;
    QString environment;
    QString purpose; ///< "token", "search", "health"…
    QByteArray method;
    QString url; ///< without query, fragment or user info
    int httpStatus = 0;
    QString error; ///< network error text, empty on success
    qint64 durationMs = -1;
    qint64 bytesSent = 0;
    qint64 bytesReceived = 0;
    QList<std::pair<QByteArray, QByteArray>> requestHeaders;
    QList<std::pair<QByteArray, QByteArray>> responseHeaders;
    QString requestBody; ///< summary, e.g. "grant_type=client_credentials, client_secret=<redacted>"
    QString responseBody; ///< summary: token replies with fingerprints, error excerpts, or a size
    bool finished = false;

    [[nodiscard]] bool failed() const { return finished && (!error.isEmpty() || httpStatus >= 400); }
};

/**
 * @brief Every request the app makes, bounded in memory (oldest entries drop first).
 */
class NetworkLog final : public QObject
{
    Q_OBJECT

public:
    explicit NetworkLog(qsizetype capacity = 1000, QObject *parent = nullptr);

    quint64 begin(NetworkLogEntry entry);
    void finish(quint64 id, const std::function<void(NetworkLogEntry &)> &update);
    [[nodiscard]] QList<NetworkLogEntry> entries() const;
    [[nodiscard]] std::optional<NetworkLogEntry> entry(quint64 id) const;
    [[nodiscard]] qsizetype capacity() const { return m_capacity; }
    void clear();

Q_SIGNALS:
    void entryAdded(quint64 id);
    void entryUpdated(quint64 id);
    void entryDropped(quint64 id);
    void cleared();

private:
    qsizetype m_capacity;
    quint64 m_nextId = 1;
    std::deque<NetworkLogEntry> m_entries;
};

} // namespace bioepic
