#include "welcomepage.h"

#include "config/presets.h"

#include <QCommandLinkButton>
#include <QLabel>
#include <QVBoxLayout>

namespace bioepic::ui {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *title = new QLabel(tr("<span style='font-size:15pt; font-weight:600'>Where are your credentials for?</span>"),
                             this);
    auto *intro = new QLabel(tr("Add the server your scripts talk to. Its client id and secret (or user name and "
                                "password) go to the system keychain, never to a file; its settings can be changed "
                                "and it can be removed at any time."),
                             this);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addSpacing(6);
    for (const EnvironmentPreset &preset : EnvironmentPreset::all()) {
        auto *button = new QCommandLinkButton(preset.title, preset.description, this);
        button->setObjectName(QStringLiteral("preset-") + preset.id);
        connect(button, &QCommandLinkButton::clicked, this, [this, id = preset.id] { Q_EMIT presetChosen(id); });
        layout->addWidget(button);
    }
    auto *import = new QCommandLinkButton(tr("Import a .env file"),
                                          tr("Move the CLIENT_ID and CLIENT_SECRET your scripts read from a .env "
                                             "file into the keychain, checked with the server first."),
                                          this);
    import->setObjectName(QStringLiteral("welcomeImport"));
    connect(import, &QCommandLinkButton::clicked, this, &WelcomePage::importRequested);
    layout->addWidget(import);
    auto *demo = new QLabel(tr("No account yet? <code>bioepic-credentials --demo</code> tries everything on a local "
                               "sandbox server."),
                            this);
    demo->setWordWrap(true);
    demo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(demo);
    layout->addStretch(1);
}

} // namespace bioepic::ui
