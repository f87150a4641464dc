#include "verificationcall.h"

#include <QUrlQuery>

namespace bioepic {

std::optional<VerificationCall> verificationCall(const Environment &environment, const Token &token)
{
    const ApiProfile profile = environment.profile();
    VerificationCall call;
    HttpRequest &request = call.request;
    request.environment = environment.name;
    request.timeout = std::chrono::seconds(environment.timeoutS);
    request.caBundle = environment.caBundle;
    request.authorization = Secret(QByteArrayLiteral("Bearer ") + token.accessToken.reveal());
    if (!profile.whoAmIPath.isEmpty()) {
        request.purpose = QStringLiteral("whoami");
        request.url = environment.endpoint(profile.whoAmIPath);
        call.description = QStringLiteral("who-am-I");
        return call;
    }
    if (!profile.verifyCollection.isEmpty()) {
        request.purpose = QStringLiteral("search");
        request.url = environment.endpoint(profile.searchPathFor(profile.verifyCollection));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("max_page_size"), QStringLiteral("1"));
        request.url.setQuery(query);
        call.description = QStringLiteral("a one-record search in %1").arg(profile.verifyCollection);
        return call;
    }
    return std::nullopt;
}

} // namespace bioepic
