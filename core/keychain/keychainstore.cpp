#include "keychainstore.h"

#include "common/logging.h"
#include "secretserviceprovider.h"

#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace bioepic {

namespace {

/**
 * Runs one QtKeychain job with a timeout and reports exactly once. The job deletes itself when it
 * finishes (autoDelete); if it never finishes, it is abandoned rather than deleted under libsecret.
 */
void runJob(QKeychain::Job *job, QObject *owner, std::chrono::milliseconds timeout, const QString &operation,
            QObject *context, std::function<void(const KeychainError &, QKeychain::Job *)> onDone)
{
    auto reported = std::make_shared<bool>(false);
    const QString key = job->key();
    QPointer<QObject> guard(context);
    // Both handlers may run (a job that answers after its timeout); the QPointer keeps the second safe.
    QPointer<QTimer> timer = new QTimer(owner);
    timer->setSingleShot(true);

    QObject::connect(job, &QKeychain::Job::finished, owner, [=](QKeychain::Job *finished) {
        if (timer)
            timer->deleteLater();
        if (*reported)
            return;
        *reported = true;
        const KeychainError error = classifyKeychainError(finished->error(), finished->errorString(), operation, key);
        if (error.ok() || error.isNotFound()) {
            if (guard)
                onDone(error, finished);
            return;
        }
        qCWarning(lcKeychain) << "keychain" << operation << key << "failed:" << finished->errorString();
        // The message names the provider and its remedy: find out who it is first. The job is
        // gone by then; a failed job has nothing more to give.
        detectSecretProvider(owner, [guard, error, onDone] {
            if (guard)
                onDone(error, nullptr);
        });
    });
    QObject::connect(timer, &QTimer::timeout, owner, [=] {
        if (timer)
            timer->deleteLater();
        if (*reported)
            return;
        *reported = true;
        qCWarning(lcKeychain) << "keychain" << operation << key << "timed out after" << timeout.count() << "ms";
        const KeychainError error{KeychainError::Code::Timeout, operation, key,
                                  QStringLiteral("no answer after %1 ms").arg(timeout.count())};
        detectSecretProvider(owner, [guard, error, onDone] {
            if (guard)
                onDone(error, nullptr);
        });
    });
    timer->start(timeout);
    job->setAutoDelete(true);
    job->start();
}

} // namespace

KeychainStore::KeychainStore(QString service, std::chrono::milliseconds timeout, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
    , m_timeout(timeout)
{
}

QString KeychainStore::backendName() const
{
    return keychainBackendName();
}

void KeychainStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(job, this, m_timeout, QStringLiteral("read"), context,
           [callback = std::move(callback)](const KeychainError &error, QKeychain::Job *finished) {
               QByteArray value;
               if (error.ok() && finished)
                   value = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
               callback(error, value);
           });
}

void KeychainStore::write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    // What we store is text (JSON, hex). Stored as text, a keyring manager shows it as it is, and a
    // read finds it with the first search: QtKeychain looks for a text entry first and only then for
    // a binary (base64) one, so every read of a binary entry cost two D-Bus searches. Bytes that are
    // not UTF-8, or hold a NUL (the text path ends the value there), stay binary.
    if (const QString text = QString::fromUtf8(value); !value.contains('\0') && text.toUtf8() == value)
        job->setTextData(text);
    else
        job->setBinaryData(value);
    runJob(job, this, m_timeout, QStringLiteral("write"), context,
           [callback = std::move(callback)](const KeychainError &error, QKeychain::Job *) { callback(error); });
}

void KeychainStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(job, this, m_timeout, QStringLiteral("delete"), context,
           [callback = std::move(callback)](const KeychainError &error, QKeychain::Job *) { callback(error); });
}

} // namespace bioepic
