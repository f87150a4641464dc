#include "networklog.h"

namespace bioepic {

NetworkLog::NetworkLog(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
}

quint64 NetworkLog::begin(NetworkLogEntry entry)
{
    entry.id = m_nextId++;
    m_entries.push_back(entry);
    Q_EMIT entryAdded(entry.id);
    while (qsizetype(m_entries.size()) > m_capacity) {
        const quint64 dropped = m_entries.front().id;
        m_entries.pop_front();
        Q_EMIT entryDropped(dropped);
    }
    return entry.id;
}

void NetworkLog::finish(quint64 id, const std::function<void(NetworkLogEntry &)> &update)
{
    // Entries are in id order: binary search.
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), id,
                                     [](const NetworkLogEntry &e, quint64 value) { return e.id < value; });
    if (it == m_entries.end() || it->id != id)
        return;
    update(*it);
    it->finished = true;
    Q_EMIT entryUpdated(id);
}

QList<NetworkLogEntry> NetworkLog::entries() const
{
    return QList<NetworkLogEntry>(m_entries.cbegin(), m_entries.cend());
}

std::optional<NetworkLogEntry> NetworkLog::entry(quint64 id) const
{
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), id,
                                     [](const NetworkLogEntry &e, quint64 value) { return e.id < value; });
    if (it == m_entries.cend() || it->id != id)
        return std::nullopt;
    return *it;
}

void NetworkLog::clear()
{
    m_entries.clear();
    Q_EMIT cleared();
}

} // namespace bioepic
