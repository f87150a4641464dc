#include "tlsconfig.h"

#include "common/logging.h"

#include <QFile>

namespace bioepic {

QSslConfiguration sslConfigurationFor(const QString &caBundle)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (caBundle.isEmpty())
        return config;
    QFile file(caBundle);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcNet) << "cannot read CA bundle" << caBundle << file.errorString();
        return config;
    }
    QList<QSslCertificate> certificates = config.caCertificates();
    certificates.append(QSslCertificate::fromData(file.readAll(), QSsl::Pem));
    config.setCaCertificates(certificates);
    return config;
}

} // namespace bioepic
