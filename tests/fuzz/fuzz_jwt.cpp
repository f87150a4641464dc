// libFuzzer target: JWT decoding (for display) and the description of each claim.
#include "auth/jwt.h"

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto jwt = decodeJwt(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!jwt)
        return 0;
    for (auto it = jwt->claims.constBegin(); it != jwt->claims.constEnd(); ++it) {
        for (const QChar c : describeClaim(it.key(), it.value())) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                __builtin_trap(); // claims are shown escaped
        }
    }
    return 0;
}
