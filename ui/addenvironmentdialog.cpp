#include "addenvironmentdialog.h"

#include "environmenteditor.h"
#include "layouthelpers.h"

#include "config/presets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace bioepic::ui {

AddEnvironmentDialog::AddEnvironmentDialog(CoreServices *core, QWidget *parent)
    : QDialog(parent)
    , m_editor(new EnvironmentEditor(core, EnvironmentEditor::Mode::Create, this))
    , m_preset(new QComboBox(this))
    , m_presetDescription(new QLabel(this))
{
    setWindowTitle(tr("Add environment"));
    m_preset->setObjectName(QStringLiteral("preset"));
    for (const EnvironmentPreset &preset : EnvironmentPreset::all())
        m_preset->addItem(preset.title, preset.id);
    m_presetDescription->setWordWrap(true);
    m_presetDescription->setObjectName(QStringLiteral("presetDescription"));
    auto *top = new QFormLayout;
    auto *presetLabel = new QLabel(tr("Start &from:"), this);
    presetLabel->setBuddy(m_preset);
    top->addRow(presetLabel, m_preset);
    top->addRow(QString(), m_presetDescription);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scrollable(m_editor), 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddEnvironmentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AddEnvironmentDialog::reject);
    connect(m_preset, &QComboBox::currentIndexChanged, this,
            [this] { choosePreset(m_preset->currentData().toString()); });
    choosePreset(m_preset->currentData().toString());
    // Sized once for the form and a few lines of problems; later problems scroll, never resize.
    resize(600, std::min(sizeHint().height() + fontMetrics().height() * 4, 640));
}

void AddEnvironmentDialog::choosePreset(const QString &id)
{
    const auto preset = EnvironmentPreset::find(id);
    if (!preset)
        return;
    if (m_preset->currentData().toString() != id) {
        m_preset->setCurrentIndex(m_preset->findData(id)); // comes back here through the signal
        return;
    }
    m_presetDescription->setText(preset->description);
    m_editor->applyPreset(*preset);
}

void AddEnvironmentDialog::accept()
{
    if (!m_editor->save())
        return; // every problem is listed under the fields, and marked beside each
    m_added = m_editor->environment();
    QDialog::accept();
}

} // namespace bioepic::ui
