#include "shellquote.h"

#include "asciichar.h"

#include <algorithm>

namespace bioepic {

QString shellQuoted(const QString &word)
{
    const auto safe = [](QChar c) { return isAsciiLetterOrDigit(c) || QStringView(u"_./:=@%+,-").contains(c); };
    if (!word.isEmpty() && std::all_of(word.begin(), word.end(), safe))
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace bioepic
