// libFuzzer target: the expiry resolver with any reply object, access token and Date header.
#include "auth/token.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // reply JSON | access token | server date seconds
    const QList<QByteArray> parts = bytes.split('\x1f');
    ExpiryInput input;
    input.reply = QJsonDocument::fromJson(parts.value(0)).object();
    input.accessToken = parts.value(1);
    input.receivedAt = QDateTime::fromSecsSinceEpoch(1'800'000'000);
    if (parts.size() > 2)
        input.serverDate = QDateTime::fromSecsSinceEpoch(parts.at(2).toLongLong() % 10'000'000'000LL);
    input.refreshBufferS = int(size % 1000);
    const TokenInfo info = resolveExpiry(input);
    // However odd the reply, the result is a usable schedule: refresh no later than expiry.
    if (!info.expiresAt.isValid() || !info.refreshAt.isValid() || info.refreshAt > info.expiresAt)
        __builtin_trap();
    return 0;
}
