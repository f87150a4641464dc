#include "shellquote.h"

#include <algorithm>

namespace bioepic {

QString shellQuoted(const QString &word)
{
    const auto safe = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || QStringView(u"_./:=@%+,-").contains(c);
    };
    if (!word.isEmpty() && std::all_of(word.begin(), word.end(), safe))
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace bioepic
