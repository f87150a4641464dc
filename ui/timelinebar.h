#pragma once

#include <QDateTime>
#include <QWidget>

namespace bioepic::ui {

/**
 * @brief A token's life as a bar: issued → refresh point → expiry, with a marker for now.
 * Green until the refresh point, amber until expiry, red after.
 */
class TimelineBar final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineBar(QWidget *parent = nullptr);

    void setTimes(const QDateTime &issued, const QDateTime &refreshAt, const QDateTime &expiresAt);
    void setNow(const QDateTime &now);
    void clear();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

    /** @brief Where the three labels go (issued, refresh, expires): never on top of each other. */
    struct Labels
    {
        QRectF issued, refresh, expires;
        QString issuedText, refreshText, expiresText;
        double refreshX = 0; ///< the refresh point on the bar
    };
    [[nodiscard]] Labels layoutLabels() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateAccessibleText();

    QDateTime m_issued;
    QDateTime m_refreshAt;
    QDateTime m_expiresAt;
    QDateTime m_now;
};

} // namespace bioepic::ui
