#include "addenvironmentdialog.h"

#include "environmenteditor.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace bioepic::ui {

AddEnvironmentDialog::AddEnvironmentDialog(CoreServices *core, QWidget *parent)
    : QDialog(parent)
    , m_editor(new EnvironmentEditor(core, EnvironmentEditor::Mode::Create, this))
{
    setWindowTitle(tr("Add environment"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddEnvironmentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AddEnvironmentDialog::reject);
    resize(560, sizeHint().height());
}

void AddEnvironmentDialog::accept()
{
    if (!m_editor->save()) {
        // Inline errors add wrapped lines: grow to show them, keeping the width.
        const int width = this->width();
        adjustSize();
        resize(std::max(width, this->width()), height());
        return;
    }
    m_added = m_editor->environment();
    QDialog::accept();
}

} // namespace bioepic::ui
