#include "tlsconfig.h"

#include "common/logging.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>

namespace bioepic {

namespace {

struct CachedBundle
{
    QDateTime modified;
    qint64 size = -1;
    QList<QSslCertificate> certificates;
};

/** The bundle's certificates, read again only when the file changed: every https request asks. */
QList<QSslCertificate> bundleCertificates(const QString &caBundle)
{
    static QMutex mutex;
    static QHash<QString, CachedBundle> cache;
    const QFileInfo info(caBundle);
    QMutexLocker lock(&mutex);
    CachedBundle &cached = cache[caBundle];
    if (cached.size == info.size() && cached.modified == info.lastModified())
        return cached.certificates;
    QFile file(caBundle);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcNet) << "cannot read CA bundle" << caBundle << file.errorString();
        cache.remove(caBundle);
        return {};
    }
    cached.certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    cached.size = info.size();
    cached.modified = info.lastModified();
    return cached.certificates;
}

} // namespace

QSslConfiguration sslConfigurationFor(const QString &caBundle)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (caBundle.isEmpty())
        return config;
    const QList<QSslCertificate> extra = bundleCertificates(caBundle);
    if (!extra.isEmpty())
        config.setCaCertificates(config.caCertificates() + extra);
    return config;
}

} // namespace bioepic
