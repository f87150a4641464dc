#pragma once

#include <QJsonObject>
#include <QStringList>

namespace bioepic {

/**
 * @brief Deterministic synthetic collections: "samples" (N records), "studies" (N/200),
 * "sites" (N/50) and "restricted". Records are computed from their index, not stored, so
 * 100,000 records cost no memory and are identical on every run with the same seed.
 */
class SyntheticCatalog final
{
public:
    explicit SyntheticCatalog(int sampleCount, quint64 seed);

    [[nodiscard]] static QStringList collections();
    [[nodiscard]] bool hasCollection(const QString &collection) const;
    [[nodiscard]] int count(const QString &collection) const;
    [[nodiscard]] QJsonObject record(const QString &collection, int index) const;
    /**
     * @brief The record as compact JSON, computed once and kept: pages of plain (unfiltered,
     * unprojected) records are then only copies, so the sandbox is not what a benchmark measures.
     * Not thread-safe; SandboxApi calls it under its lock.
     */
    [[nodiscard]] const QByteArray &compactRecord(const QString &collection, int index) const;
    /** @brief Index of the record with this id, or -1. */
    [[nodiscard]] int indexOf(const QString &collection, const QString &id) const;
    [[nodiscard]] static QString idFor(const QString &collection, int index);

private:
    [[nodiscard]] QJsonObject sample(int index) const;
    [[nodiscard]] QJsonObject study(int index) const;
    [[nodiscard]] QJsonObject site(int index) const;

    mutable QHash<QString, QList<QByteArray>> m_compact;
    int m_samples;
    int m_studies;
    int m_sites;
    quint64 m_seed;
};

} // namespace bioepic
