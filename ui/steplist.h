#pragma once

#include <QWidget>

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace bioepic::ui {

/**
 * @brief A checklist that fills in live: a mark, a title and a time per step, and under each the
 * step's details and what to do, word-wrapped (never elided) and folded away until asked for.
 * Problems unfold by themselves. Used by the diagnosis and by the rotation dialog.
 */
class StepList final : public QWidget
{
    Q_OBJECT

public:
    enum class State { Pending, Running, Pass, Warn, Fail, Skipped };

    explicit StepList(QWidget *parent = nullptr);

    /** @brief Replaces every step with these titles, all pending. */
    void setSteps(const QStringList &titles);
    /**
     * @brief What step @p index reached. @p lines are shown under it (plain text); @p remedy, when
     * given, as "What to do: …". Failures and warnings unfold.
     */
    void setStep(int index, State state, const QString &time, const QStringList &lines, const QString &remedy = {});
    void setExpanded(int index, bool expanded);

    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] State state(int index) const;
    [[nodiscard]] bool isExpanded(int index) const;
    /** @brief Every line under step @p index, the remedy included, as shown. */
    [[nodiscard]] QStringList lines(int index) const;
    /** @brief "✔" and friends, for a state. */
    [[nodiscard]] static QString mark(State state);
    [[nodiscard]] static QString stateName(State state);

private:
    struct Row
    {
        QToolButton *toggle = nullptr;
        QLabel *mark = nullptr;
        QLabel *title = nullptr;
        QLabel *time = nullptr;
        QWidget *details = nullptr;
        QVBoxLayout *detailLayout = nullptr;
        State state = State::Pending;
        bool hasRemedy = false;
    };
    void paintRow(Row &row);

    QVBoxLayout *m_layout;
    QList<Row> m_rows;
};

} // namespace bioepic::ui
