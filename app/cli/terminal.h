#pragma once

#include <QIODevice>
#include <QString>

#include <optional>

namespace bioepic::cli {

/**
 * @brief Standard output, written straight to file descriptor 1, that tells a reader who went
 * away ("search … | head" after its lines) from a real write failure: the first is the reader
 * being done, as "git log | head" treats it, and not an error.
 */
class StandardOutput final : public QIODevice
{
    Q_OBJECT

public:
    explicit StandardOutput(QObject *parent = nullptr);
    /** @brief The reader closed the pipe (EPIPE, or seen without writing): stop, and succeed quietly. */
    [[nodiscard]] bool readerGone();
    /** @brief A write failed for another reason (a full disk…); empty when none did. */
    [[nodiscard]] QString failure() const { return m_failure; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    bool m_readerGone = false;
    QString m_failure;
};

/** @brief Reads the first line of standard input (a piped secret), without its line ending. */
[[nodiscard]] std::optional<QString> readLineFromStdin(QString *error);
/** @brief Asks on the controlling terminal with echo off; fails when there is no terminal. */
[[nodiscard]] std::optional<QString> promptHidden(const QString &prompt, QString *error);
/** @brief Asks on the controlling terminal with echo on; fails when there is no terminal. */
[[nodiscard]] std::optional<QString> promptVisible(const QString &prompt, QString *error);

} // namespace bioepic::cli
