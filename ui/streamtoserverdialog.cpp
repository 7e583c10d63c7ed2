#include "streamtoserverdialog.h"

#include "hostsessiondialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

StreamToServerDialog::StreamToServerDialog(QWidget *parent)
    : QDialog(parent)
    , m_address(new QLineEdit(this))
    , m_encrypt(new QCheckBox(tr("&Encrypt end to end"), this))
{
    setWindowTitle(tr("Stream to Server"));
    m_address->setObjectName(QStringLiteral("serverAddress"));
    m_address->setPlaceholderText(QStringLiteral("https://example.com"));
    m_encrypt->setToolTip(tr("The server relays the stream without being able to read it."));

    auto *form = new QFormLayout;
    form->addRow(tr("Server &address:"), m_address);
    form->addRow(m_encrypt);
    form->addRow(encryptionNote(this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Stream"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString StreamToServerDialog::address() const
{
    return m_address->text();
}

void StreamToServerDialog::setAddress(const QString &address)
{
    m_address->setText(address);
}

bool StreamToServerDialog::encrypt() const
{
    return m_encrypt->isChecked();
}

void StreamToServerDialog::setEncrypt(bool encrypt)
{
    m_encrypt->setChecked(encrypt);
}

} // namespace ui
