#pragma once

#include "apierror.h"

#include <QMap>
#include <QString>

namespace bioepic {

/** @brief Who reads a remedy: anyone who met the error, or a diagnosis step that knows more. */
enum class RemedyContext {
    Request, ///< any request that failed (ApiError::remedy())
    DiagnosisToken, ///< the diagnosis' token step: the stored credentials were just tried
    DiagnosisApiCall, ///< the diagnosis' authenticated call, made with a token
};

/**
 * @brief What to do about a failed request: the one table of remedies, keyed by ApiError::Code.
 *
 * Looks up (code, context, endpoint), falls back to the Request context, and to entries that
 * hold for every endpoint. Remedies may name "{environment}", "{identity}", "{url}" and
 * "{call}"; fillRemedy() puts in what the caller knows. Empty for None and Canceled.
 */
[[nodiscard]] QString remedyFor(ApiError::Code code, Endpoint endpoint, RemedyContext context = RemedyContext::Request);

/** @brief Replaces each "{name}" of @p values in @p remedy. */
[[nodiscard]] QString fillRemedy(QString remedy, const QMap<QString, QString> &values);

} // namespace bioepic
