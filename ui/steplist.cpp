#include "steplist.h"

#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
Tone toneOf(StepList::State state)
{
    switch (state) {
    case StepList::State::Pending:
    case StepList::State::Skipped:
        return Tone::Muted;
    case StepList::State::Running:
        return Tone::Info;
    case StepList::State::Pass:
        return Tone::Success;
    case StepList::State::Warn:
        return Tone::Warning;
    case StepList::State::Fail:
        return Tone::Error;
    }
    return Tone::Muted;
}

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

StepList::StepList(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(4, 4, 4, 4);
    m_layout->setSpacing(2);
    m_layout->addStretch(1);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, [this] {
        for (Row &row : m_rows)
            paintRow(row);
    });
}

QString StepList::mark(State state)
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("○");
    case State::Running:
        return QStringLiteral("◔");
    case State::Pass:
        return QStringLiteral("✔");
    case State::Warn:
        return QStringLiteral("!");
    case State::Fail:
        return QStringLiteral("✘");
    case State::Skipped:
        return QStringLiteral("–");
    }
    return {};
}

QString StepList::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return tr("pending");
    case State::Running:
        return tr("running");
    case State::Pass:
        return tr("passed");
    case State::Warn:
        return tr("warning");
    case State::Fail:
        return tr("failed");
    case State::Skipped:
        return tr("skipped");
    }
    return {};
}

void StepList::setSteps(const QStringList &titles)
{
    for (const Row &row : std::as_const(m_rows)) {
        delete row.toggle->parentWidget(); // the row's header
        delete row.details;
    }
    m_rows.clear();
    // Rows go before the stretch at the end, which keeps them together at the top.
    int at = 0;
    for (const QString &title : titles) {
        Row row;
        auto *header = new QWidget(this);
        auto *grid = new QHBoxLayout(header);
        grid->setContentsMargins(0, 0, 0, 0);
        row.toggle = new QToolButton(header);
        row.toggle->setArrowType(Qt::RightArrow);
        row.toggle->setAutoRaise(true);
        row.toggle->setCheckable(true);
        row.toggle->setEnabled(false);
        row.toggle->setAccessibleName(tr("Details of %1").arg(title));
        row.toggle->setFixedSize(18, 18);
        row.mark = new QLabel(header);
        row.mark->setFixedWidth(row.mark->fontMetrics().horizontalAdvance(QStringLiteral("✔")) * 2);
        row.mark->setAlignment(Qt::AlignCenter);
        row.title = new QLabel(title, header);
        row.title->setWordWrap(true);
        row.time = new QLabel(header);
        row.time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(row.toggle, 0, Qt::AlignTop);
        grid->addWidget(row.mark, 0, Qt::AlignTop);
        grid->addWidget(row.title, 1);
        grid->addWidget(row.time, 0, Qt::AlignTop);
        row.details = new QWidget(this);
        row.detailLayout = new QVBoxLayout(row.details);
        // Under the title, past the arrow and the mark.
        row.detailLayout->setContentsMargins(18 + row.mark->width() + 2 * grid->spacing(), 0, 0, 4);
        row.detailLayout->setSpacing(1);
        row.details->hide();
        m_layout->insertWidget(at++, header);
        m_layout->insertWidget(at++, row.details);
        const int index = int(m_rows.size());
        connect(row.toggle, &QToolButton::toggled, this, [this, index](bool open) { setExpanded(index, open); });
        m_rows.append(row);
        paintRow(m_rows.last());
    }
}

void StepList::setStep(int index, State state, const QString &time, const QStringList &lines, const QString &remedy)
{
    if (index < 0 || index >= m_rows.size())
        return;
    Row &row = m_rows[index];
    row.state = state;
    row.time->setText(time);
    while (QLayoutItem *item = row.detailLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const QString &line : lines)
        row.detailLayout->addWidget(wrappedLabel(line, row.details));
    row.hasRemedy = !remedy.isEmpty();
    if (row.hasRemedy) {
        QLabel *what = wrappedLabel(tr("What to do: %1").arg(remedy), row.details);
        what->setObjectName(QStringLiteral("remedy"));
        row.detailLayout->addWidget(what);
    }
    row.toggle->setEnabled(row.detailLayout->count() > 0);
    paintRow(row);
    setExpanded(index, row.detailLayout->count() > 0 && (state == State::Fail || state == State::Warn));
}

void StepList::setExpanded(int index, bool expanded)
{
    if (index < 0 || index >= m_rows.size())
        return;
    Row &row = m_rows[index];
    expanded = expanded && row.detailLayout->count() > 0;
    row.toggle->blockSignals(true);
    row.toggle->setChecked(expanded);
    row.toggle->blockSignals(false);
    row.toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    row.details->setVisible(expanded);
}

StepList::State StepList::state(int index) const
{
    return index >= 0 && index < m_rows.size() ? m_rows.at(index).state : State::Pending;
}

bool StepList::isExpanded(int index) const
{
    return index >= 0 && index < m_rows.size() && m_rows.at(index).details->isVisibleTo(this);
}

QStringList StepList::lines(int index) const
{
    QStringList result;
    if (index < 0 || index >= m_rows.size())
        return result;
    for (int i = 0; i < m_rows.at(index).detailLayout->count(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(m_rows.at(index).detailLayout->itemAt(i)->widget()))
            result.append(label->text());
    }
    return result;
}

void StepList::paintRow(Row &row)
{
    const QPalette palette = QApplication::palette(this);
    row.mark->setText(mark(row.state));
    row.mark->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold;").arg(toneColor(toneOf(row.state), palette).name()));
    row.mark->setAccessibleName(stateName(row.state));
    QFont font = row.title->font();
    font.setBold(row.state == State::Fail || row.state == State::Warn);
    row.title->setFont(font);
    row.title->setStyleSheet(row.state == State::Skipped || row.state == State::Pending
                                     ? QStringLiteral("color: %1;").arg(toneColor(Tone::Muted, palette).name())
                                     : QString());
    for (int i = 0; i < row.detailLayout->count(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(row.detailLayout->itemAt(i)->widget())) {
            const bool remedy = label->objectName() == QLatin1String("remedy");
            label->setStyleSheet(remedy ? toneStyle(Tone::Info, palette) : QString());
        }
    }
}

} // namespace bioepic::ui
