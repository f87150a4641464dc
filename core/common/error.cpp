#include "error.h"

namespace bioepic {

int exitCodeFor(ErrorClass errorClass)
{
    switch (errorClass) {
    case ErrorClass::None:
        return 0;
    case ErrorClass::Failure:
        return 1;
    case ErrorClass::Usage:
        return 2;
    case ErrorClass::CredentialsRejected:
        return 3;
    case ErrorClass::KeychainUnavailable:
        return 4;
    case ErrorClass::Network:
        return 5;
    case ErrorClass::BadResponse:
        return 6;
    }
    return 1;
}

QString errorClassName(ErrorClass errorClass)
{
    switch (errorClass) {
    case ErrorClass::None:
        return QStringLiteral("ok");
    case ErrorClass::Failure:
        return QStringLiteral("failure");
    case ErrorClass::Usage:
        return QStringLiteral("usage");
    case ErrorClass::CredentialsRejected:
        return QStringLiteral("credentials_rejected");
    case ErrorClass::KeychainUnavailable:
        return QStringLiteral("keychain_unavailable");
    case ErrorClass::Network:
        return QStringLiteral("network");
    case ErrorClass::BadResponse:
        return QStringLiteral("bad_response");
    }
    return QStringLiteral("failure");
}

QString Error::fullText() const
{
    QString text = message;
    if (!detail.isEmpty())
        text += QStringLiteral(" (") + detail + QLatin1Char(')');
    if (!remedy.isEmpty())
        text += QStringLiteral("\n") + remedy;
    return text;
}

} // namespace bioepic
