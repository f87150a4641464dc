#include "logging.h"

Q_LOGGING_CATEGORY(lcConfig, "bioepic.config", QtWarningMsg)
Q_LOGGING_CATEGORY(lcKeychain, "bioepic.keychain", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAuth, "bioepic.auth", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNet, "bioepic.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNetHttp, "bioepic.net.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSandbox, "bioepic.sandbox", QtWarningMsg)
