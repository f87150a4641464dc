#pragma once

#include <QLoggingCategory>

// One category per area. HTTP detail (bioepic.net.http) is off unless QT_LOGGING_RULES enables it,
// and even then it only ever prints redacted lines (see net/redaction.h).
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcKeychain)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcNetHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
