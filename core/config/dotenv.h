#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace bioepic {

/** @brief One assignment of a .env file, and where it is. */
struct DotenvEntry
{
    QString key;
    QString value; ///< after escapes and ${VAR} expansion, as the script would see it
    bool hasValue = true; ///< false for a bare "KEY" line (python-dotenv gives it None)
    int line = 0; ///< 1-based line where the statement starts
    qsizetype begin = 0; ///< offsets of the whole statement in the decoded text, line end included
    qsizetype end = 0;
};

/** @brief A parsed .env file. */
struct DotenvDocument
{
    QString text; ///< the file as decoded (UTF-8, without a BOM)
    bool hadBom = false;
    QList<DotenvEntry> entries; ///< in file order; a key may appear more than once
    QList<int> unparsedLines; ///< statements python-dotenv would skip with a warning

    /** @brief Every key's value; for duplicate keys the last one wins, as in python-dotenv. */
    [[nodiscard]] QHash<QString, QString> values() const;
    /** @brief The entry that gives @p key its value (the last), or nullopt. */
    [[nodiscard]] std::optional<DotenvEntry> last(const QString &key) const;
};

/**
 * @brief Reads .env syntax the way python-dotenv's load_dotenv() does, so that what is imported
 * is what the user's scripts saw: comment lines and trailing " # comments" on unquoted values,
 * an optional "export " prefix, single quotes (only \\ and \' are escapes), double quotes
 * (\\ \' \" \a \b \f \n \r \t \v), values spanning lines inside quotes, CRLF or CR line ends, a
 * UTF-8 byte order mark, the last of duplicate keys winning, and ${NAME} / ${NAME:-default}
 * expanded from the process environment first, then the file's earlier keys (load_dotenv with
 * override=False).
 */
[[nodiscard]] DotenvDocument parseDotenv(const QByteArray &bytes,
                                         const QHash<QString, QString> &processEnvironment = {});

/**
 * @brief The file's text with every statement assigning one of @p keys removed, and
 * @p comment (lines without their "# ") put where the first of them was. Everything else is
 * kept byte for byte. Encoded as the original was (UTF-8, with its BOM if it had one).
 */
[[nodiscard]] QByteArray withoutKeys(const DotenvDocument &document, const QSet<QString> &keys,
                                     const QStringList &comment);

} // namespace bioepic
