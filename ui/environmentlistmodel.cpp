#include "environmentlistmodel.h"

#include "coreservices.h"
#include "statebadge.h"
#include "theme.h"

#include "credentials/environmentstatus.h"

#include <QGuiApplication>

namespace bioepic::ui {

EnvironmentListModel::EnvironmentListModel(CoreServices *core, QObject *parent)
    : QAbstractListModel(parent)
    , m_core(core)
{
    m_rows = computeRows();
    connect(core->environments(), &EnvironmentStore::changed, this, &EnvironmentListModel::refresh);
    connect(core->tokens(), &TokenService::tokenChanged, this, &EnvironmentListModel::refresh);
    connect(core->credentials(), &CredentialManager::credentialsChanged, this, [this](const QString &environment) {
        // New credentials (a rotation, a login) are not the ones the last scan found exposed.
        const CredentialMetadata meta = m_core->credentials()->metadata(environment);
        if (meta.fingerprint != m_exposedFingerprints.value(environment))
            m_exposed.remove(environment);
        refresh();
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &EnvironmentListModel::refresh);
    m_tick.start();
}

QList<EnvironmentListModel::Row> EnvironmentListModel::computeRows() const
{
    QList<Row> rows;
    const QDateTime now = m_core->clock()->now();
    for (const Environment &env : m_core->environments()->environments()) {
        const EnvironmentStatus status = environmentStatus(env, *m_core->credentials(), *m_core->tokens(), now);
        Row row;
        row.name = env.name;
        row.baseUrl = env.baseUrl.toString();
        row.hasCredentials = status.credentials.stored;
        row.sessionOnly = status.sessionOnly;
        row.state = status.tokenState;
        row.interrupted = status.credentials.hasPending();
        row.exposed = m_exposed.contains(env.name);
        if (status.rotation.known)
            row.dueInDays = status.rotation.dueInDays;
        rows.append(row);
    }
    return rows;
}

void EnvironmentListModel::setExposed(const QSet<QString> &environments)
{
    m_exposed = environments;
    m_exposedFingerprints.clear();
    for (const QString &environment : environments)
        m_exposedFingerprints.insert(environment, m_core->credentials()->metadata(environment).fingerprint);
    refresh();
}

void EnvironmentListModel::refresh()
{
    const QList<Row> rows = computeRows();
    bool sameNames = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < rows.size(); ++i)
        sameNames = rows.at(i).name == m_rows.at(i).name;
    if (!sameNames) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows.at(i) == m_rows.at(i))
            continue;
        m_rows[i] = rows.at(i);
        Q_EMIT dataChanged(index(int(i)), index(int(i)));
    }
}

int EnvironmentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant EnvironmentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const StateBadge badge = stateBadge(row.state, row.hasCredentials);
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case Qt::ToolTipRole: {
        QString tip = row.baseUrl + QLatin1Char('\n') + badge.explanation;
        if (row.exposed)
            tip += QLatin1Char('\n')
                    + tr("The secret scan found this secret in a file git tracks or in git history: "
                         "rotate it (see the Hygiene tab).");
        if (row.interrupted)
            tip += QLatin1Char('\n') + tr("A rotation stopped half-way: see the Rotation tab.");
        else if (row.dueInDays < 0)
            tip += QLatin1Char('\n') + tr("Credentials overdue for rotation by %n day(s).", nullptr, -row.dueInDays);
        if (row.sessionOnly)
            tip += QLatin1Char('\n') + tr("Credentials kept in memory for this session only.");
        return tip;
    }
    case Qt::DecorationRole:
        return badgeIcon(badge.color);
    case Qt::AccessibleDescriptionRole:
        return tr("%1, %2").arg(row.baseUrl, badge.text);
    case BaseUrlRole:
        return row.baseUrl;
    case BadgeTextRole:
        return row.sessionOnly && row.hasCredentials ? badge.text + tr(" · session") : badge.text;
    case BadgeColorRole:
        return badge.color;
    case TokenStateRole:
        return int(row.state);
    case HasCredentialsRole:
        return row.hasCredentials;
    case SessionOnlyRole:
        return row.sessionOnly;
    case RotationTextRole:
        if (row.interrupted)
            return tr("interrupted");
        if (row.exposed)
            return tr("exposed in git");
        if (row.dueInDays < 0)
            return tr("overdue %1d").arg(-row.dueInDays);
        if (row.dueInDays <= 7)
            return row.dueInDays == 0 ? tr("rotate today") : tr("rotate in %1d").arg(row.dueInDays);
        return QString();
    case RotationColorRole:
        return toneColor(row.interrupted || row.exposed || row.dueInDays < 0 ? Tone::Error : Tone::Warning,
                         QGuiApplication::palette());
    case InterruptedRole:
        return row.interrupted;
    case ExposedRole:
        return row.exposed;
    default:
        return {};
    }
}

QHash<int, QByteArray> EnvironmentListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(BaseUrlRole, "baseUrl");
    names.insert(BadgeTextRole, "badgeText");
    names.insert(BadgeColorRole, "badgeColor");
    names.insert(TokenStateRole, "tokenState");
    names.insert(HasCredentialsRole, "hasCredentials");
    names.insert(SessionOnlyRole, "sessionOnly");
    names.insert(RotationTextRole, "rotationText");
    names.insert(RotationColorRole, "rotationColor");
    names.insert(InterruptedRole, "interrupted");
    names.insert(ExposedRole, "exposed");
    return names;
}

QString EnvironmentListModel::nameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

int EnvironmentListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return int(i);
    }
    return -1;
}

} // namespace bioepic::ui
