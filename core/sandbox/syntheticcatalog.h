#pragma once

#include <QJsonObject>
#include <QStringList>

namespace bioepic {

/**
 * @brief Deterministic synthetic collections: "samples" (N records), "studies" (N/200),
 * "sites" (N/50) and "restricted" in a flat shape; "biosample_set" (N + 1) and "study_set"
 * (N/200) shaped as the NMDC schema's, with nested values (env_broad_scale.term.id,
 * lat_lon.latitude). Records are computed from their index, not stored, so 100,000 records cost
 * no memory and are identical on every run with the same seed.
 *
 * The last record of biosample_set has an awkward id (kAwkwardId: "/", "?", "#" and a space) and
 * is served as hand-written bytes (unsorted keys, "0.0"), so that a client's id encoding and
 * byte-for-byte pass-through can be tested.
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

    static constexpr char kAwkwardId[] = "nmdc:bsm-11-odd/one?x#1 y";
    /** @brief The bytes the awkward record is served as. */
    [[nodiscard]] static QByteArray awkwardRecordBytes();

private:
    [[nodiscard]] QJsonObject sample(int index) const;
    [[nodiscard]] QJsonObject study(int index) const;
    [[nodiscard]] QJsonObject site(int index) const;
    [[nodiscard]] QJsonObject biosample(int index) const;
    [[nodiscard]] QJsonObject nmdcStudy(int index) const;

    mutable QHash<QString, QList<QByteArray>> m_compact;
    int m_samples;
    int m_studies;
    int m_sites;
    quint64 m_seed;
};

} // namespace bioepic
