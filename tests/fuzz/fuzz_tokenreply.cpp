// libFuzzer target: a token endpoint's reply, as TokenClient reads it (JSON, access_token
// characters, expiry from expires_in / expires / the JWT, warnings made from server text).
#include "auth/tokenclient.h"
#include "common/servertext.h"
#include "net/httpclient.h"

#include <QDateTime>

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResponse response;
    response.httpStatus = 200;
    response.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    response.receivedAt = QDateTime::fromSecsSinceEpoch(1'800'000'000);
    const TokenResult result = TokenClient::parseReply(response, 300);
    if (result.apiError.ok()) {
        // What passed goes into an Authorization header: it must be a b64token.
        if (!isB64Token(result.token.accessToken.reveal()))
            __builtin_trap();
        for (const QString &warning : result.token.info.warnings) {
            for (const QChar c : warning) {
                if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                    __builtin_trap(); // server text reaches people escaped
            }
        }
    }
    return 0;
}
