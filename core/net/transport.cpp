#include "transport.h"

#include <QHostAddress>

namespace bioepic {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString transportProblem(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()))
            return {};
        return QStringLiteral("plain http to %1 would carry credentials and tokens unencrypted; use https (plain "
                              "http is allowed only for loopback addresses)")
                .arg(url.host());
    }
    return QStringLiteral("the URL scheme \"%1\" is not supported; use https").arg(url.scheme());
}

bool isSafeHeaderValue(const QByteArray &value)
{
    return !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
}

} // namespace bioepic
