#include "syntheticcatalog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic {

namespace {

/** splitmix64: a tiny, well-mixed generator; one stream per record. */
class Random
{
public:
    explicit Random(quint64 seed)
        : m_state(seed)
    {
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int bound) { return int(next() % quint64(bound)); }
    double between(double low, double high, int decimals)
    {
        const double unit = double(next() >> 11) / double(1ULL << 53);
        const double scale = std::pow(10.0, decimals);
        return std::round((low + unit * (high - low)) * scale) / scale;
    }

private:
    quint64 m_state;
};

const char *const kEcosystems[] = {"Soil", "Freshwater", "Marine", "Sediment", "Plant-associated", "Permafrost"};
const char *const kHabitats[] = {"grassland", "forest floor", "wetland", "river bed",
                                 "coastal",   "rhizosphere",  "tundra",  "agricultural field"};
const char *const kStatus[] = {"sequenced", "sequenced", "sequenced", "pending", "failed"};
const char *const kInstruments[]
        = {"Illumina NovaSeq 6000", "Illumina HiSeq 2500", "PacBio Sequel II", "Oxford Nanopore PromethION"};
const char *const kTags[] = {"metagenome", "16S", "ITS", "metatranscriptome", "isolate", "time-series", "control"};
const char *const kCountries[] = {"USA", "Canada", "Brazil", "Kenya", "Germany", "India", "Australia", "Norway"};
const char *const kClimates[] = {"tropical", "arid", "temperate", "continental", "polar"};
const char *const kFirstNames[] = {"Ada", "Grace", "Rosalind", "Barbara", "Lynn", "Carl", "Esther", "Norman"};
const char *const kLastNames[]
        = {"Lovelace", "Hopper", "Franklin", "McClintock", "Margulis", "Woese", "Lederberg", "Pace"};
const char *const kAgencies[] = {"DOE BER", "NSF", "NIH", "USDA", "NASA"};
// ENVO terms as the NMDC schema's ControlledIdentifiedTermValue holds them: {id, name}.
const std::pair<const char *, const char *> kBiomes[]
        = {{"ENVO:00000446", "terrestrial biome"}, {"ENVO:00000447", "marine biome"},
           {"ENVO:01000174", "forest biome"},      {"ENVO:01000177", "grassland biome"},
           {"ENVO:00000873", "freshwater biome"},  {"ENVO:01001835", "tundra biome"}};
const std::pair<const char *, const char *> kMedia[] = {{"ENVO:00001998", "soil"},
                                                        {"ENVO:00002007", "sediment"},
                                                        {"ENVO:00002042", "surface water"},
                                                        {"ENVO:00002149", "sea water"}};

template<std::size_t N>
QString pick(Random &random, const char *const (&values)[N])
{
    return QString::fromLatin1(values[random.below(int(N))]);
}

template<std::size_t N>
QJsonObject termValue(Random &random, const std::pair<const char *, const char *> (&terms)[N])
{
    const auto &[id, name] = terms[random.below(int(N))];
    return {{QStringLiteral("has_raw_value"), QString::fromLatin1(id)},
            {QStringLiteral("term"),
             QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                         {QStringLiteral("name"), QString::fromLatin1(name)},
                         {QStringLiteral("type"), QStringLiteral("nmdc:OntologyClass")}}},
            {QStringLiteral("type"), QStringLiteral("nmdc:ControlledIdentifiedTermValue")}};
}

QString padded(int value, int width)
{
    return QStringLiteral("%1").arg(value, width, 10, QLatin1Char('0'));
}

quint64 streamSeed(quint64 seed, quint64 collection, int index)
{
    return seed ^ (collection << 56) ^ (quint64(index) * 0x2545F4914F6CDD1DULL);
}

} // namespace

SyntheticCatalog::SyntheticCatalog(int sampleCount, quint64 seed)
    : m_samples(std::max(0, sampleCount))
    , m_studies(std::max(1, sampleCount / 200))
    , m_sites(std::max(1, sampleCount / 50))
    , m_seed(seed)
{
}

QStringList SyntheticCatalog::collections()
{
    return {QStringLiteral("samples"),    QStringLiteral("studies"),       QStringLiteral("sites"),
            QStringLiteral("restricted"), QStringLiteral("biosample_set"), QStringLiteral("study_set")};
}

bool SyntheticCatalog::hasCollection(const QString &collection) const
{
    return collections().contains(collection);
}

int SyntheticCatalog::count(const QString &collection) const
{
    if (collection == QLatin1String("samples"))
        return m_samples;
    if (collection == QLatin1String("studies"))
        return m_studies;
    if (collection == QLatin1String("sites"))
        return m_sites;
    if (collection == QLatin1String("restricted"))
        return 3;
    if (collection == QLatin1String("biosample_set"))
        return m_samples + 1; // the awkward one last
    if (collection == QLatin1String("study_set"))
        return m_studies;
    return 0;
}

QString SyntheticCatalog::idFor(const QString &collection, int index)
{
    if (collection == QLatin1String("samples"))
        return QStringLiteral("bioepic:smp-") + padded(index + 1, 6);
    if (collection == QLatin1String("studies"))
        return QStringLiteral("bioepic:sty-") + padded(index + 1, 4);
    if (collection == QLatin1String("sites"))
        return QStringLiteral("bioepic:site-") + padded(index + 1, 5);
    if (collection == QLatin1String("biosample_set"))
        return QStringLiteral("nmdc:bsm-11-") + padded(index + 1, 6);
    if (collection == QLatin1String("study_set"))
        return QStringLiteral("nmdc:sty-11-") + padded(index + 1, 4);
    return QStringLiteral("bioepic:rst-") + padded(index + 1, 2);
}

int SyntheticCatalog::indexOf(const QString &collection, const QString &id) const
{
    if (collection == QLatin1String("biosample_set") && id == QLatin1String(kAwkwardId))
        return m_samples;
    const QString first = idFor(collection, 0);
    const QString prefix = first.left(first.lastIndexOf(QLatin1Char('-')) + 1); // "nmdc:bsm-11-", "bioepic:smp-"
    if (!id.startsWith(prefix))
        return -1;
    bool ok = false;
    const int number = id.mid(prefix.size()).toInt(&ok);
    const int numbered = collection == QLatin1String("biosample_set") ? m_samples : count(collection);
    if (!ok || number < 1 || number > numbered || idFor(collection, number - 1) != id)
        return -1;
    return number - 1;
}

QJsonObject SyntheticCatalog::record(const QString &collection, int index) const
{
    if (index < 0 || index >= count(collection))
        return {};
    if (collection == QLatin1String("samples"))
        return sample(index);
    if (collection == QLatin1String("studies"))
        return study(index);
    if (collection == QLatin1String("sites"))
        return site(index);
    if (collection == QLatin1String("biosample_set"))
        return index == m_samples ? QJsonDocument::fromJson(awkwardRecordBytes()).object() : biosample(index);
    if (collection == QLatin1String("study_set"))
        return nmdcStudy(index);
    return {{QStringLiteral("id"), idFor(collection, index)},
            {QStringLiteral("name"), QStringLiteral("Restricted record %1").arg(index + 1)}};
}

const QByteArray &SyntheticCatalog::compactRecord(const QString &collection, int index) const
{
    QList<QByteArray> &cache = m_compact[collection];
    if (cache.size() != count(collection))
        cache.resize(count(collection));
    QByteArray &bytes = cache[index];
    if (bytes.isEmpty()) {
        bytes = collection == QLatin1String("biosample_set") && index == m_samples
                ? awkwardRecordBytes()
                : QJsonDocument(record(collection, index)).toJson(QJsonDocument::Compact);
    }
    return bytes;
}

QJsonObject SyntheticCatalog::sample(int index) const
{
    Random random(streamSeed(m_seed, 1, index));
    const int study = random.below(m_studies);
    const int site = random.below(m_sites);
    const int year = 2015 + random.below(11);
    const QString date = QStringLiteral("%1-%2-%3")
                                 .arg(year)
                                 .arg(padded(1 + random.below(12), 2))
                                 .arg(padded(1 + random.below(28), 2));
    QJsonArray tags;
    const int tagCount = 1 + random.below(3);
    for (int i = 0; i < tagCount; ++i)
        tags.append(pick(random, kTags));
    const QString ecosystem = pick(random, kEcosystems);
    const QString status = pick(random, kStatus);
    return {
            {QStringLiteral("id"), idFor(QStringLiteral("samples"), index)},
            {QStringLiteral("name"), QStringLiteral("%1 sample %2").arg(ecosystem).arg(index + 1)},
            {QStringLiteral("study_id"), idFor(QStringLiteral("studies"), study)},
            {QStringLiteral("site_id"), idFor(QStringLiteral("sites"), site)},
            {QStringLiteral("collection_date"), date},
            {QStringLiteral("ecosystem"), ecosystem},
            {QStringLiteral("habitat"), pick(random, kHabitats)},
            {QStringLiteral("depth_m"), random.between(0, 120, 2)},
            {QStringLiteral("ph"), random.between(3.5, 9.5, 1)},
            {QStringLiteral("temperature_c"), random.between(-12, 38, 1)},
            {QStringLiteral("latitude"), random.between(-70, 78, 4)},
            {QStringLiteral("longitude"), random.between(-180, 180, 4)},
            {QStringLiteral("sequencing_status"), status},
            {QStringLiteral("read_count"), status == QLatin1String("sequenced") ? 100000 + random.below(9900000) : 0},
            {QStringLiteral("tags"), tags},
            {QStringLiteral("instrument"),
             QJsonObject{{QStringLiteral("model"), pick(random, kInstruments)},
                         {QStringLiteral("run_id"), QStringLiteral("RUN-%1").arg(padded(random.below(100000), 5))}}},
    };
}

QJsonObject SyntheticCatalog::study(int index) const
{
    Random random(streamSeed(m_seed, 2, index));
    QJsonArray ecosystems;
    ecosystems.append(pick(random, kEcosystems));
    ecosystems.append(pick(random, kEcosystems));
    return {
            {QStringLiteral("id"), idFor(QStringLiteral("studies"), index)},
            {QStringLiteral("title"),
             QStringLiteral("Microbial communities of %1 habitats, study %2")
                     .arg(pick(random, kHabitats))
                     .arg(index + 1)},
            {QStringLiteral("principal_investigator"),
             QString(pick(random, kFirstNames) + QLatin1Char(' ') + pick(random, kLastNames))},
            {QStringLiteral("funding_agency"), pick(random, kAgencies)},
            {QStringLiteral("start_year"), 2012 + random.below(13)},
            {QStringLiteral("ecosystems"), ecosystems},
    };
}

QJsonObject SyntheticCatalog::site(int index) const
{
    Random random(streamSeed(m_seed, 3, index));
    return {
            {QStringLiteral("id"), idFor(QStringLiteral("sites"), index)},
            {QStringLiteral("name"), QStringLiteral("Site %1").arg(index + 1)},
            {QStringLiteral("country"), pick(random, kCountries)},
            {QStringLiteral("climate_zone"), pick(random, kClimates)},
            {QStringLiteral("elevation_m"), random.below(4000)},
            {QStringLiteral("latitude"), random.between(-70, 78, 4)},
            {QStringLiteral("longitude"), random.between(-180, 180, 4)},
    };
}

QByteArray SyntheticCatalog::awkwardRecordBytes()
{
    // As a server might write it: keys in its own order, 0.0 kept as typed, a space after ':'.
    return QByteArrayLiteral(R"({"name": "Awkward id sample", "id": "nmdc:bsm-11-odd/one?x#1 y", )"
                             R"("depth": {"has_numeric_value": 0.0, "has_unit": "m"}, "ecosystem": "Soil"})");
}

QJsonObject SyntheticCatalog::biosample(int index) const
{
    Random random(streamSeed(m_seed, 4, index));
    const QString ecosystem = pick(random, kEcosystems);
    const int year = 2015 + random.below(11);
    return {
            {QStringLiteral("id"), idFor(QStringLiteral("biosample_set"), index)},
            {QStringLiteral("type"), QStringLiteral("nmdc:Biosample")},
            {QStringLiteral("name"), QStringLiteral("%1 biosample %2").arg(ecosystem).arg(index + 1)},
            {QStringLiteral("associated_studies"),
             QJsonArray{idFor(QStringLiteral("study_set"), random.below(m_studies))}},
            {QStringLiteral("ecosystem"), ecosystem},
            {QStringLiteral("env_broad_scale"), termValue(random, kBiomes)},
            {QStringLiteral("env_medium"), termValue(random, kMedia)},
            {QStringLiteral("lat_lon"),
             QJsonObject{{QStringLiteral("latitude"), random.between(-70, 78, 4)},
                         {QStringLiteral("longitude"), random.between(-180, 180, 4)},
                         {QStringLiteral("type"), QStringLiteral("nmdc:GeolocationValue")}}},
            {QStringLiteral("depth"),
             QJsonObject{{QStringLiteral("has_numeric_value"), random.between(0, 2, 2)},
                         {QStringLiteral("has_unit"), QStringLiteral("m")},
                         {QStringLiteral("type"), QStringLiteral("nmdc:QuantityValue")}}},
            {QStringLiteral("collection_date"),
             QJsonObject{{QStringLiteral("has_raw_value"),
                          QStringLiteral("%1-%2-%3")
                                  .arg(year)
                                  .arg(padded(1 + random.below(12), 2))
                                  .arg(padded(1 + random.below(28), 2))}}},
            {QStringLiteral("ph"), random.between(3.5, 9.5, 1)},
    };
}

QJsonObject SyntheticCatalog::nmdcStudy(int index) const
{
    Random random(streamSeed(m_seed, 5, index));
    return {
            {QStringLiteral("id"), idFor(QStringLiteral("study_set"), index)},
            {QStringLiteral("type"), QStringLiteral("nmdc:Study")},
            {QStringLiteral("name"), QStringLiteral("Microbiomes of %1 habitats").arg(pick(random, kHabitats))},
            {QStringLiteral("principal_investigator"),
             QJsonObject{{QStringLiteral("has_raw_value"),
                          QString(pick(random, kFirstNames) + QLatin1Char(' ') + pick(random, kLastNames))},
                         {QStringLiteral("type"), QStringLiteral("nmdc:PersonValue")}}},
            {QStringLiteral("funding_sources"), QJsonArray{pick(random, kAgencies)}},
            {QStringLiteral("ecosystem_category"), pick(random, kEcosystems)},
    };
}

} // namespace bioepic
