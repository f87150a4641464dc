#include "tokencachefile.h"

#include "common/privatefiles.h"
#include "common/secret.h"

#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QtEndian>

namespace bioepic {

namespace {

constexpr char kMagic[] = "BIOEPIC-TOKEN-1\n";
constexpr qsizetype kMagicSize = sizeof(kMagic) - 1;
constexpr qsizetype kNonceSize = 16;
constexpr qsizetype kTagSize = 32;
/** A token slot is a few kilobytes; anything far larger is not ours. */
constexpr qint64 kMaxFileSize = 256 * 1024;

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray encryptionKey(const QByteArray &key)
{
    return hmac(key, QByteArrayLiteral("bioepic token cache: encryption"));
}

QByteArray authenticationKey(const QByteArray &key)
{
    return hmac(key, QByteArrayLiteral("bioepic token cache: authentication"));
}

/** XORs @p data with the keystream of @p nonce: the same call encrypts and decrypts. */
QByteArray applyKeystream(const QByteArray &key, const QByteArray &nonce, QByteArray data)
{
    const QByteArray encryption = encryptionKey(key);
    QMessageAuthenticationCode block(QCryptographicHash::Sha256, encryption);
    for (qsizetype offset = 0, counter = 0; offset < data.size(); ++counter) {
        char counterBytes[4];
        qToBigEndian(quint32(counter), counterBytes);
        block.reset();
        block.addData(nonce);
        block.addData(counterBytes, 4);
        const QByteArray stream = block.result();
        for (qsizetype i = 0; i < stream.size() && offset < data.size(); ++i, ++offset)
            data[offset] = char(data[offset] ^ stream[i]);
    }
    return data;
}

QByteArray tagOf(const QString &environment, const QByteArray &key, const QByteArray &nonce,
                 const QByteArray &ciphertext)
{
    const QByteArray name = environment.toUtf8();
    QByteArray message = QByteArray(kMagic, kMagicSize);
    char length[4];
    qToBigEndian(quint32(name.size()), length);
    message += QByteArray(length, 4) + name + nonce + ciphertext;
    return hmac(authenticationKey(key), message);
}

KeychainError fileError(const QString &operation, const QString &path, const QString &problem)
{
    return {KeychainError::Code::File, operation, path, problem};
}

} // namespace

QString TokenCacheFile::filePath(const QString &environment) const
{
    // Environment names are [a-z0-9_-] (Environment::isValidName): safe as file names.
    return m_directory + QLatin1Char('/') + environment + QStringLiteral(".token");
}

bool TokenCacheFile::exists(const QString &environment) const
{
    return isEnabled() && QFile::exists(filePath(environment));
}

QByteArray TokenCacheFile::seal(const QString &environment, const QByteArray &key, const QByteArray &plaintext)
{
    QByteArray nonce(kNonceSize, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), kNonceSize / 4);
    const QByteArray ciphertext = applyKeystream(key, nonce, plaintext);
    return QByteArray(kMagic, kMagicSize) + nonce + tagOf(environment, key, nonce, ciphertext) + ciphertext;
}

std::optional<QByteArray> TokenCacheFile::open(const QString &environment, const QByteArray &key,
                                               const QByteArray &sealed)
{
    if (key.isEmpty() || sealed.size() < kMagicSize + kNonceSize + kTagSize
        || !sealed.startsWith(QByteArray(kMagic, kMagicSize)))
        return std::nullopt;
    const QByteArray nonce = sealed.mid(kMagicSize, kNonceSize);
    const QByteArray tag = sealed.mid(kMagicSize + kNonceSize, kTagSize);
    const QByteArray ciphertext = sealed.mid(kMagicSize + kNonceSize + kTagSize);
    if (!constantTimeEquals(tag, tagOf(environment, key, nonce, ciphertext)))
        return std::nullopt;
    return applyKeystream(key, nonce, ciphertext);
}

KeychainError TokenCacheFile::read(const QString &environment, const QByteArray &key, QByteArray *value) const
{
    const QString path = filePath(environment);
    QFile file(path);
    if (!file.exists())
        return {KeychainError::Code::NotFound, QStringLiteral("read"), path, QStringLiteral("no cached token")};
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QStringLiteral("read"), path, file.errorString());
    if (file.size() > kMaxFileSize)
        return {KeychainError::Code::NotFound, QStringLiteral("read"), path, QStringLiteral("not a token cache file")};
    const auto opened = open(environment, key, file.readAll());
    if (!opened) {
        // Written under another installation key (the keychain entry was recreated), edited or
        // moved: no cached token, and the next token replaces the file.
        return {KeychainError::Code::NotFound, QStringLiteral("read"), path,
                QStringLiteral("does not authenticate under this installation's key")};
    }
    *value = *opened;
    return {};
}

KeychainError TokenCacheFile::write(const QString &environment, const QByteArray &key, const QByteArray &value) const
{
    if (!makePrivateDirectory(m_directory))
        return fileError(QStringLiteral("write"), m_directory, QStringLiteral("cannot create the directory"));
    const QString path = filePath(environment);
    if (const QString problem = writePrivateFile(path, seal(environment, key, value)); !problem.isEmpty())
        return fileError(QStringLiteral("write"), path, problem);
    return {};
}

KeychainError TokenCacheFile::remove(const QString &environment) const
{
    const QString path = filePath(environment);
    QFile file(path);
    if (file.exists() && !file.remove())
        return fileError(QStringLiteral("delete"), path, file.errorString());
    return {};
}

} // namespace bioepic
