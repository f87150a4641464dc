// libFuzzer target: the search filter parser (JSON, or "key: value" lines).
#include "search/filterparser.h"

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ParsedFilter filter = parseFilter(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    (void)filter;
    return 0;
}
