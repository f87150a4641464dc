#pragma once

#include <QWidget>

namespace bioepic::ui {

/**
 * @brief The first run: no environment yet. Offers the presets (NMDC Runtime production and
 * development, BioEPIC, another server) and .env import; each opens the Add dialog filled in.
 */
class WelcomePage final : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

Q_SIGNALS:
    void presetChosen(const QString &id);
    void importRequested();
};

} // namespace bioepic::ui
